// Actors: people, states, governments and their bodies, organizations, groups.
import { sql } from 'drizzle-orm'
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import * as V from '../../domain/vocabulary.js'
import { oneOf, versioned } from '../../db/columns.js'

export const actors = sqliteTable(
  'actors',
  {
    pk: integer('pk').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    aliases: text('aliases', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    kind: text('kind').notNull(),
    country: text('country'),
    sector: text('sector'),
    description: text('description'),
    wikidata_id: text('wikidata_id'),
    ...versioned,
  },
  (t) => [
    check('actors_kind', oneOf(t.kind, V.ACTOR_KINDS)),
    check('actors_sector', sql`${t.sector} IS NULL OR ${oneOf(t.sector, V.SECTORS)}`),
    check('actors_country', sql`${t.country} IS NULL OR ${t.country} GLOB '[A-Z][A-Z][A-Z]'`),
    check('actors_wikidata', sql`${t.wikidata_id} IS NULL OR ${t.wikidata_id} GLOB 'Q[1-9]*'`),
    index('actors_kind_idx').on(t.kind, t.id),
    index('actors_country_idx').on(t.country, t.id),
    index('actors_sector_idx').on(t.sector, t.id),
    index('actors_name_idx').on(t.name, t.id),
  ],
)
