// Sources: where claims come from.
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import * as V from '../../domain/vocabulary.js'
import { oneOf, sortable, versioned, fuzzyDate } from '../../db/columns.js'

const published = fuzzyDate('published_on')
export const sources = sqliteTable(
  'sources',
  {
    pk: integer('pk').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    url: text('url'),
    title: text('title').notNull(),
    publisher: text('publisher'),
    published_on: published.text,
    published_on_start: published.start,
    published_on_end: published.end,
    retrieved_at: text('retrieved_at'),
    language: text('language'),
    kind: text('kind').notNull(),
    body: text('body'),
    sha256: text('sha256'),
    ...versioned,
  },
  (t) => [
    check('sources_kind', oneOf(t.kind, V.SOURCE_KINDS)),
    index('sources_kind_idx').on(t.kind, t.id),
    index('sources_publisher_idx').on(t.publisher, t.id),
    index('sources_published_idx').on(t.published_on_start, t.id),
    index('sources_published_end_idx').on(t.published_on_end),
    index('sources_published_sort_idx').on(sortable(t.published_on_start), t.id),
    index('sources_title_idx').on(t.title, t.id),
  ],
)
