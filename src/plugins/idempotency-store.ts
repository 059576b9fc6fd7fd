// Responses remembered per (owner, Idempotency-Key). A row is first written
// as a claim (status 0) inside the transaction of the write it guards, then
// completed with the response once it is sent.
import type { Store } from '../db/store.js'

export interface IdempotencyRow {
  owner: string
  key: string
  method: string
  path: string
  body_hash: string
  /** 0 while the first request is still answering (or was cut off before it could). */
  status_code: number
  headers: string
  body: string
  created_at: string
}

export interface IdempotencyEntry {
  owner: string
  key: string
  method: string
  path: string
  bodyHash: string
}

export class IdempotencyRepository {
  constructor(private readonly store: Store) {}

  /** The remembered entry, unless it is older than `since`. */
  find(owner: string, key: string, since: string): IdempotencyRow | undefined {
    return this.store.stmt<IdempotencyRow>('SELECT * FROM idempotency_keys WHERE owner = ? AND key = ? AND created_at >= ?').get(owner, key, since)
  }

  /** Claims a key (call inside the write's transaction); false when a live entry holds it already. An expired one is taken over. */
  claim(e: IdempotencyEntry, since: string): boolean {
    const info = this.store
      .stmt(
        `INSERT INTO idempotency_keys (owner, key, method, path, body_hash, status_code, headers, body, created_at)
         VALUES (?, ?, ?, ?, ?, 0, '{}', '', ?)
         ON CONFLICT (owner, key) DO UPDATE SET method = excluded.method, path = excluded.path, body_hash = excluded.body_hash,
           status_code = 0, headers = '{}', body = '', created_at = excluded.created_at
         WHERE idempotency_keys.created_at < ?`,
      )
      .run(e.owner, e.key, e.method, e.path, e.bodyHash, this.store.now(), since)
    return info.changes > 0
  }

  /** Stores the response of a claimed key, or of an unclaimed one (a POST that wrote nothing) unless another holds it. */
  complete(e: IdempotencyEntry, status: number, headers: Record<string, string>, body: string): void {
    const h = JSON.stringify(headers)
    const done = this.store
      .stmt('UPDATE idempotency_keys SET status_code = ?, headers = ?, body = ? WHERE owner = ? AND key = ? AND status_code = 0 AND body_hash = ?')
      .run(status, h, body, e.owner, e.key, e.bodyHash)
    if (done.changes > 0) return
    this.store
      .stmt(
        `INSERT INTO idempotency_keys (owner, key, method, path, body_hash, status_code, headers, body, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (owner, key) DO NOTHING`,
      )
      .run(e.owner, e.key, e.method, e.path, e.bodyHash, status, h, body, this.store.now())
  }

  /** Drops this request's own claim when its answer was not a success, so a retry runs afresh. */
  release(e: IdempotencyEntry): void {
    this.store.stmt('DELETE FROM idempotency_keys WHERE owner = ? AND key = ? AND status_code = 0 AND body_hash = ?').run(e.owner, e.key, e.bodyHash)
  }

  /** Forgets entries older than `before`. */
  prune(before: string): number {
    return this.store.stmt('DELETE FROM idempotency_keys WHERE created_at < ?').run(before).changes
  }
}
