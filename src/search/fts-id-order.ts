// The `id order` way of serving `q` on a collection sorted by id (see
// FtsPlan in fts.ts). While a table's id order is its pk order (kept in
// `id_order` by the triggers of migrations/0010_search_id_order.sql), the
// matching rows in id order are the FTS index's matches in rowid order, which
// FTS5 reads from the start (or the end) of each doclist, stopping after the
// page: a page costs about its own rows, however common or rare the words.
// Other plans walk the id index over about limit·N/M rows to find them.
import { FTS_PLANNING } from './fts.js'
import type { Store } from '../db/store.js'

/** SQLite's largest rowid: the bound of a descending page without a cursor. */
const MAX_ROWID = 9223372036854775807n

/** True while the table's rows in id order are its rows in pk order (and the plan is on). */
export function idOrderHolds(store: Store, table: string): boolean {
  return FTS_PLANNING.idOrder && store.stmt<{ one: number }>('SELECT 1 AS one FROM id_order WHERE tbl = ?').get(table) !== undefined
}

export interface IdOrderPage {
  table: string
  ftsTable: string
  /** The FTS5 query. */
  match: string
  desc: boolean
  /** The cursor's id: the page starts after it (in the sort's direction); null for the first page. */
  after: string | null
}

/**
 * The pks of the first `want` matching rows in id order, or null when the
 * table's order no longer follows its pks (another connection added a row out
 * of order since the plan was chosen): then the caller runs its SQL plan. One
 * read transaction, so the order checked is the order read.
 */
export function idOrderPage(store: Store, p: IdOrderPage, want: number): number[] | null {
  const read = () => {
    if (!idOrderHolds(store, p.table)) return null
    // The rows after the cursor's id are those after the pk of the last row up to it (none: every row).
    const edge = p.after === null ? undefined : store.stmt<{ pk: number }>(`SELECT pk FROM ${p.table} WHERE id ${p.desc ? '>=' : '<='} ? ORDER BY id${p.desc ? '' : ' DESC'} LIMIT 1`).get(p.after)
    // A bigint bound: FTS5 ignores a REAL one and reads the whole doclist.
    const bound = edge ? BigInt(edge.pk) : p.desc ? MAX_ROWID : 0n
    const t = p.ftsTable
    return store
      .stmt<{ rowid: number }>(`SELECT rowid FROM ${t} WHERE ${t} MATCH ? AND rowid ${p.desc ? '<' : '>'} ? ORDER BY rowid${p.desc ? ' DESC' : ''} LIMIT ?`)
      .all(p.match, bound, want)
      .map((r) => r.rowid)
  }
  return store.sqlite.transaction(read)()
}
