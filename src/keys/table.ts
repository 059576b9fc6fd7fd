// API keys.
import { check, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { oneOf } from '../db/columns.js'
import { API_SCOPES } from '../lib/api-keys.js'

/** API keys, stored only as a SHA-256 hash of the secret. */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    scope: text('scope').notNull(),
    hash: text('hash').notNull().unique(),
    /** The first characters of the secret, so a user can tell keys apart. */
    prefix: text('prefix').notNull(),
    created_at: text('created_at').notNull(),
    revoked_at: text('revoked_at'),
    last_used_at: text('last_used_at'),
  },
  (t) => [check('api_keys_scope', oneOf(t.scope, API_SCOPES))],
)
