// Deals and their parties.
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import * as V from '../../domain/vocabulary.js'
import { oneOf, sortable, versioned, fuzzyDate } from '../../db/columns.js'
import { actors } from '../actors/table.js'

const firstReported = fuzzyDate('first_reported_on')
export const deals = sqliteTable(
  'deals',
  {
    pk: integer('pk').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    title: text('title').notNull(),
    summary: text('summary'),
    status: text('status').notNull(),
    first_reported_on: firstReported.text,
    first_reported_on_start: firstReported.start,
    first_reported_on_end: firstReported.end,
    ...versioned,
  },
  (t) => [
    check('deals_status', oneOf(t.status, V.DEAL_STATUSES)),
    index('deals_status_idx').on(t.status, t.id),
    index('deals_reported_idx').on(t.first_reported_on_start, t.id),
    index('deals_reported_sort_idx').on(sortable(t.first_reported_on_start), t.id),
    index('deals_title_idx').on(t.title, t.id),
  ],
)

export const dealParties = sqliteTable(
  'deal_parties',
  {
    deal_id: text('deal_id').notNull().references(() => deals.id, { onDelete: 'cascade' }),
    actor_id: text('actor_id').notNull().references(() => actors.id),
    side: text('side').notNull(),
  },
  (t) => [primaryKey({ columns: [t.deal_id, t.actor_id] }), index('deal_parties_actor_idx').on(t.actor_id)],
)
