// Deal terms, the links between them, and the stances taken on them.
import { sql } from 'drizzle-orm'
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import * as V from '../../domain/vocabulary.js'
import { oneOf, versioned, fuzzyDate } from '../../db/columns.js'
import { actors } from '../actors/table.js'
import { deals } from '../deals/table.js'
import { quotes } from '../quotes/table.js'

export const dealTerms = sqliteTable(
  'deal_terms',
  {
    pk: integer('pk').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    deal_id: text('deal_id').notNull().references(() => deals.id),
    obligor_id: text('obligor_id').references(() => actors.id),
    beneficiary_id: text('beneficiary_id').references(() => actors.id),
    action_category: text('action_category').notNull(),
    action_mode: text('action_mode'),
    description: text('description').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    ...versioned,
  },
  (t) => [
    check('terms_category', oneOf(t.action_category, V.CATEGORIES)),
    check('terms_mode', sql`${t.action_mode} IS NULL OR ${oneOf(t.action_mode, V.MODES)}`),
    check('terms_kind', oneOf(t.kind, V.TERM_KINDS)),
    check('terms_status', oneOf(t.status, V.TERM_STATUSES)),
    index('terms_deal_idx').on(t.deal_id, t.id),
    index('terms_obligor_idx').on(t.obligor_id),
    index('terms_beneficiary_idx').on(t.beneficiary_id),
    index('terms_action_idx').on(t.action_category, t.action_mode),
    index('terms_status_idx').on(t.status),
    index('terms_kind_idx').on(t.kind),
  ],
)

/** A directed link from one term to another: `term_id` <type> `target_term_id`. */
export const termLinks = sqliteTable(
  'term_links',
  {
    term_id: text('term_id').notNull().references(() => dealTerms.id, { onDelete: 'cascade' }),
    target_term_id: text('target_term_id').notNull().references(() => dealTerms.id),
    type: text('type').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.term_id, t.target_term_id, t.type] }),
    check('term_links_type', oneOf(t.type, V.TERM_LINK_TYPES)),
    check('term_links_distinct', sql`${t.term_id} <> ${t.target_term_id}`),
    index('term_links_target_idx').on(t.target_term_id),
  ],
)

const stated = fuzzyDate('stated_on')
/** An actor's position on a term, resting on a quote where one exists. */
export const stances = sqliteTable(
  'stances',
  {
    term_id: text('term_id').notNull().references(() => dealTerms.id, { onDelete: 'cascade' }),
    actor_id: text('actor_id').notNull().references(() => actors.id),
    stance: text('stance').notNull(),
    condition: text('condition'),
    quote_id: text('quote_id').references(() => quotes.id),
    stated_on: stated.text,
    stated_on_start: stated.start,
    stated_on_end: stated.end,
  },
  (t) => [
    primaryKey({ columns: [t.term_id, t.actor_id] }),
    check('stances_stance', oneOf(t.stance, V.STANCES)),
    index('stances_actor_idx').on(t.actor_id),
    index('stances_quote_idx').on(t.quote_id),
  ],
)
