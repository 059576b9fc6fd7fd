// Status history of deals and terms.
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { oneOf, fuzzyDate } from '../../db/columns.js'
import { sources } from '../sources/table.js'

const changedOn = fuzzyDate('changed_on')
/** Every status a deal or a term has had, written in the same transaction as the change. */
export const statusHistory = sqliteTable(
  'status_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subject_type: text('subject_type').notNull(),
    subject_id: text('subject_id').notNull(),
    status: text('status').notNull(),
    previous_status: text('previous_status'),
    changed_on: changedOn.text,
    changed_on_start: changedOn.start,
    changed_on_end: changedOn.end,
    recorded_at: text('recorded_at').notNull(),
    source_id: text('source_id').references(() => sources.id),
  },
  (t) => [
    check('status_history_subject', oneOf(t.subject_type, ['deal', 'term'])),
    index('status_history_subject_idx').on(t.subject_id, t.id),
    index('status_history_source_idx').on(t.source_id),
    // The timeline walks status changes in date order.
    index('status_history_changed_idx').on(t.changed_on_start, t.id),
  ],
)
