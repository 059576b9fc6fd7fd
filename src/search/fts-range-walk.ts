// The `range` way of serving `q` on a collection (see FtsPlan in fts.ts):
// walk the sort index a chunk of keys at a time, and ask the FTS index only
// about the rowids between the chunk's lowest and highest. FTS5 reads just
// that stretch of each doclist, so when the sort order follows the order rows
// were written in (ids and creation times are time-sortable), a page costs
// about as much as its own rows, however common the word. When a chunk's
// rowids spread far wider than the chunk, ranges stop paying, and the walk
// goes on as the plan it replaced (walk or probe) from where it got to.
import { FTS_PLANNING } from './fts.js'
import type { Store } from '../db/store.js'

export interface RangeWalk {
  ftsTable: string
  /** The FTS5 query. */
  match: string
  /** Where the walk starts: the cursor's sort keys, or null for the first page. */
  start: (string | number)[] | null
  /** How many sort keys there are. */
  keyCount: number
  /** The estimated share of rows that match: how much of the sort index a page spans. */
  density: number
  /** The rows of the sort index after `after` (all when null), in order, as `pk` and the sort keys `k0`, `k1`, …; no LIMIT. */
  chunk(after: (string | number)[] | null): { sql: string; params: unknown[] }
  /** The plan the walk replaced, from `after` on: the pks of the next matching rows, in order; its last parameter is the LIMIT. */
  fallback(after: (string | number)[] | null): { sql: string; params: unknown[] }
  /** ORDER BY over the chunk's columns (k0, k1, …), in the sort's directions. */
  order: string
}

/** The largest a chunk grows to (doubling). */
const MAX_CHUNK = 8192

/**
 * The rowids of the first `want` rows, in sort order, that match the FTS
 * query. Each chunk stays in SQLite: its pk span, its last keys, and its rows
 * whose pk the FTS index finds in that span.
 */
export function rangeWalk(store: Store, w: RangeWalk, want: number): number[] {
  const t = w.ftsTable
  const out: number[] = []
  let after = w.start
  // Enough keys for the page if the estimate holds, with a margin; a short chunk is followed by larger ones.
  let size = Math.min(MAX_CHUNK, Math.max(32, Math.ceil((want / w.density) * 1.25)))
  while (out.length < want) {
    const { sql, params } = w.chunk(after)
    const chunk = `(${sql} LIMIT ?)`
    const span = store.stmt<{ lo: number | null; hi: number | null; n: number }>(`SELECT min(pk) AS lo, max(pk) AS hi, count(*) AS n FROM ${chunk}`).get(...params, size)!
    if (span.n === 0 || span.lo === null || span.hi === null) break
    if (span.hi - span.lo + 1 > FTS_PLANNING.rangeSpan * span.n) {
      // The sort does not follow the rowids here: go on as the plan this walk replaced.
      const rest = w.fallback(after)
      out.push(...store.stmt<{ pk: number }>(rest.sql).all(...rest.params, want - out.length).map((r) => r.pk))
      break
    }
    // FTS5 reads only the span: its bounds come from the chunk as INTEGERs (a REAL bound it would ignore).
    const hits = store
      .stmt<{ pk: number }>(`SELECT pk FROM ${chunk} WHERE pk IN (SELECT rowid FROM ${t} WHERE ${t} MATCH ? AND rowid BETWEEN ? AND ?) ORDER BY ${w.order} LIMIT ?`)
      .all(...params, size, w.match, BigInt(span.lo), BigInt(span.hi), want - out.length)
    out.push(...hits.map((r) => r.pk))
    if (span.n < size || out.length >= want) break
    after = store
      .stmt(`SELECT ${Array.from({ length: w.keyCount }, (_, i) => `k${i}`).join(', ')} FROM ${chunk} LIMIT 1 OFFSET ?`)
      .raw(true)
      .get(...params, size, size - 1) as (string | number)[]
    size = Math.min(MAX_CHUNK, size * 2)
  }
  return out
}
