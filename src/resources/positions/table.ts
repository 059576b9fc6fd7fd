// Positions: posts held by actors over a span of time.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { sortable, versioned, fuzzyDate } from '../../db/columns.js'
import { actors } from '../actors/table.js'

const posStart = fuzzyDate('started_on')
const posEnd = fuzzyDate('ended_on')
/** An actor holding a post in another actor over a span of time. */
export const positions = sqliteTable(
  'positions',
  {
    pk: integer('pk').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    holder_id: text('holder_id').notNull().references(() => actors.id),
    organization_id: text('organization_id').references(() => actors.id),
    title: text('title').notNull(),
    started_on: posStart.text,
    started_on_start: posStart.start,
    started_on_end: posStart.end,
    ended_on: posEnd.text,
    ended_on_start: posEnd.start,
    ended_on_end: posEnd.end,
    ...versioned,
  },
  (t) => [
    index('positions_holder_idx').on(t.holder_id),
    index('positions_org_idx').on(t.organization_id),
    index('positions_started_sort_idx').on(sortable(t.started_on_start), t.id),
  ],
)
