// API keys: created with a fresh secret whose hash alone is stored, looked up
// by that hash, listed, and revoked (never deleted, so the change log's key
// ids keep meaning something).
import { displayPrefix, generateSecret, hashSecret, type Scope } from '../lib/api-keys.js'
import { newId } from '../lib/ids.js'
import type { ApiKeyCreatedT, ApiKeyT } from './schema.js'
import { decodeCursor, encodeCursor } from '../engine/cursor.js'
import type { Store } from '../db/store.js'

/** last_used_at is kept to the minute: a read should not cost a write every time. */
const TOUCH_EVERY_MS = 60_000

export class KeysRepository {
  private readonly touched = new Map<string, number>()

  constructor(private readonly store: Store) {}

  create(name: string, scope: Scope): ApiKeyCreatedT {
    const secret = generateSecret()
    const key: ApiKeyT = { id: newId('key'), name, scope, prefix: displayPrefix(secret), created_at: this.store.now(), revoked_at: null, last_used_at: null }
    this.store
      .stmt('INSERT INTO api_keys (id, name, scope, hash, prefix, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(key.id, key.name, key.scope, hashSecret(secret), key.prefix, key.created_at)
    return { ...key, secret }
  }

  /** The live (unrevoked) key whose secret has this hash (hashSecret), if any. */
  findActiveByHash(hash: string): ApiKeyT | undefined {
    return this.store.stmt<ApiKeyT>(`SELECT ${COLUMNS} FROM api_keys WHERE hash = ? AND revoked_at IS NULL`).get(hash)
  }

  get(id: string): ApiKeyT | undefined {
    return this.store.stmt<ApiKeyT>(`SELECT ${COLUMNS} FROM api_keys WHERE id = ?`).get(id)
  }

  list(limit: number, cursor?: string): { data: ApiKeyT[]; next_cursor: string | null; has_more: boolean } {
    const after = cursor ? String(decodeCursor(cursor).k[0] ?? '') : ''
    const rows = this.store.stmt<ApiKeyT>(`SELECT ${COLUMNS} FROM api_keys WHERE id > ? ORDER BY id LIMIT ?`).all(after, limit + 1)
    const has_more = rows.length > limit
    const data = rows.slice(0, limit)
    return { data, has_more, next_cursor: has_more ? encodeCursor({ s: 'keys', k: [data[data.length - 1].id] }) : null }
  }

  /** Revokes a key; revoking it again changes nothing. Returns the key, or undefined when there is none. */
  revoke(id: string): ApiKeyT | undefined {
    this.store.stmt('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(this.store.now(), id)
    return this.get(id)
  }

  count(): number {
    return this.store.stmt<{ n: number }>('SELECT count(*) AS n FROM api_keys').get()!.n
  }

  /** Notes that a key was used, at most once a minute per key. */
  touch(id: string): void {
    const now = Date.now()
    if (now - (this.touched.get(id) ?? 0) < TOUCH_EVERY_MS) return
    this.touched.set(id, now)
    this.store.stmt('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(new Date(now).toISOString(), id)
  }
}

const COLUMNS = 'id, name, scope, prefix, created_at, revoked_at, last_used_at'
