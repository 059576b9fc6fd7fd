// The change log read back: every create, update and delete in commit order.
// A record's data is the JSON stored at write time, passed through as text:
// it is never parsed and re-serialised on the way out.
import type { Store } from '../../db/store.js'

/** The record types the feed carries (the change log may hold others, such as API keys; they stay private). */
export const CHANGE_TYPES = ['source', 'actor', 'position', 'relation', 'event', 'quote', 'deal', 'term'] as const
export type ChangeType = (typeof CHANGE_TYPES)[number]

export interface ChangeRow {
  seq: number
  entity_type: string
  entity_id: string
  op: string
  version: number
  changed_at: string
  data: string | null
}

const COLUMNS = 'seq, entity_type, entity_id, op, version, changed_at, data'

export class ChangesRepository {
  constructor(private readonly store: Store) {}

  /**
   * Changes with seq in (after, upTo], in seq order, at most `limit`. One type
   * walks its own index; several walk the log itself (the unary + keeps
   * SQLite from trading the seq order for the type index).
   */
  after(after: number, limit: number, types: readonly string[] = CHANGE_TYPES, upTo = Number.MAX_SAFE_INTEGER): ChangeRow[] {
    if (types.length === 1) {
      return this.store.stmt<ChangeRow>(`SELECT ${COLUMNS} FROM changes WHERE entity_type = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?`).all(types[0], after, upTo, limit)
    }
    return this.store
      .stmt<ChangeRow>(`SELECT ${COLUMNS} FROM changes WHERE seq > ? AND seq <= ? AND +entity_type IN (SELECT value FROM json_each(?)) ORDER BY seq LIMIT ?`)
      .all(after, upTo, JSON.stringify(types), limit)
  }
}

/** One change as JSON text, its data embedded as stored. */
export function changeJson(r: ChangeRow): string {
  return `{"seq":${r.seq},"entity_type":${JSON.stringify(r.entity_type)},"entity_id":${JSON.stringify(r.entity_id)},"op":${JSON.stringify(r.op)},"version":${r.version},"changed_at":${JSON.stringify(r.changed_at)},"data":${r.data ?? 'null'}}`
}
