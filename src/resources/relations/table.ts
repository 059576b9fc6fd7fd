// Relations: typed, dated links between actors.
import { sql } from 'drizzle-orm'
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import * as V from '../../domain/vocabulary.js'
import { oneOf, sortable, versioned, fuzzyDate } from '../../db/columns.js'
import { actors } from '../actors/table.js'

const relStart = fuzzyDate('started_on')
const relEnd = fuzzyDate('ended_on')
/** A typed, dated relation from one actor to another. */
export const relations = sqliteTable(
  'relations',
  {
    pk: integer('pk').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    subject_id: text('subject_id').notNull().references(() => actors.id),
    object_id: text('object_id').notNull().references(() => actors.id),
    type: text('type').notNull(),
    started_on: relStart.text,
    started_on_start: relStart.start,
    started_on_end: relStart.end,
    ended_on: relEnd.text,
    ended_on_start: relEnd.start,
    ended_on_end: relEnd.end,
    description: text('description'),
    ...versioned,
  },
  (t) => [
    check('relations_type', oneOf(t.type, V.RELATION_TYPES)),
    check('relations_distinct', sql`${t.subject_id} <> ${t.object_id}`),
    index('relations_subject_idx').on(t.subject_id),
    index('relations_object_idx').on(t.object_id),
    index('relations_type_idx').on(t.type),
    index('relations_started_sort_idx').on(sortable(t.started_on_start), t.id),
  ],
)
