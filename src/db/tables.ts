// The engine's own tables: the change log, remembered idempotent answers, import keys.
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import * as V from '../domain/vocabulary.js'
import { oneOf } from './columns.js'

/** Append-only log of every write: the change feed, the audit trail. */
export const changes = sqliteTable(
  'changes',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    entity_type: text('entity_type').notNull(),
    entity_id: text('entity_id').notNull(),
    op: text('op').notNull(),
    version: integer('version').notNull(),
    changed_at: text('changed_at').notNull(),
    key_id: text('key_id'),
    /** The record as it stands after the change; null for a delete (a tombstone). */
    data: text('data'),
  },
  (t) => [
    check('changes_op', oneOf(t.op, V.CHANGE_OPS)),
    index('changes_entity_idx').on(t.entity_id, t.seq),
    // The change feed filtered by type pages through one type in seq order.
    index('changes_type_idx').on(t.entity_type, t.seq),
  ],
)

/** Responses remembered per Idempotency-Key, replayed when the same POST comes again. */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    owner: text('owner').notNull(),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    body_hash: text('body_hash').notNull(),
    status_code: integer('status_code').notNull(),
    headers: text('headers').notNull(),
    body: text('body').notNull(),
    created_at: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.owner, t.key] }), index('idempotency_created_idx').on(t.created_at)],
)

/** Client-chosen keys of imported records, so importing a file twice updates in place. */
export const importKeys = sqliteTable('import_keys', {
  key: text('key').primaryKey(),
  entity_type: text('entity_type').notNull(),
  entity_id: text('entity_id').notNull(),
})
