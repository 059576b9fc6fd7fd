// Citations: the provenance of every citable record.
import { sql } from 'drizzle-orm'
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import * as V from '../../domain/vocabulary.js'
import { oneOf } from '../../db/columns.js'
import { sources } from '../sources/table.js'

/** Provenance of any record: which source says so, in which exact words. */
export const citations = sqliteTable(
  'citations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subject_type: text('subject_type').notNull(),
    subject_id: text('subject_id').notNull(),
    source_id: text('source_id').notNull().references(() => sources.id),
    excerpt: text('excerpt').notNull(),
    start_offset: integer('start_offset'),
    end_offset: integer('end_offset'),
    basis: text('basis').notNull(),
  },
  (t) => [
    check('citations_basis', oneOf(t.basis, V.CITATION_BASES)),
    check(
      'citations_offsets',
      sql`(${t.start_offset} IS NULL AND ${t.end_offset} IS NULL) OR (${t.start_offset} >= 0 AND ${t.end_offset} >= ${t.start_offset})`,
    ),
    index('citations_subject_idx').on(t.subject_id),
    index('citations_source_idx').on(t.source_id),
  ],
)
