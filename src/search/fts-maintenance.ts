// Keeping the FTS5 indexes in few segments. FTS5 writes each flush of new
// rows as a segment and merges segments only a few at a time (automerge), so
// after a bulk load an index is left in ~10 segments, and every query reads
// and merges a doclist per segment: on the 1M-event file /v1/search spent
// ~15% more CPU than on the same index in one segment. An 'optimize' merges
// each index into one segment (about 25 s for every index of that file);
// later everyday writes add small segments that automerge keeps in check.
import type { Sqlite } from '../db/client.js'

export interface FtsOptimized {
  table: string
  segmentsBefore: number
  segmentsAfter: number
  ms: number
}

/** The database's FTS5 tables, from the schema (so a new one is included without a list to update). */
export function ftsTables(sqlite: Sqlite): string[] {
  return sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5(%' ORDER BY name")
    .pluck()
    .all() as string[]
}

/** How many segments an FTS5 index is in: the distinct segments of its `_idx` shadow table (one row per leaf page range). */
export function ftsSegments(sqlite: Sqlite, table: string): number {
  return (sqlite.prepare(`SELECT count(DISTINCT segid) AS n FROM "${table}_idx"`).get() as { n: number }).n
}

/**
 * Merges every FTS5 index into one segment, each in its own transaction (so a
 * writer waits for one index at a time, not all of them). The rows and what
 * every query answers stay the same; only the index's layout changes. Meant
 * for after a bulk load: it rewrites the whole index, seconds per million rows.
 */
export function optimizeFtsIndexes(sqlite: Sqlite, onTable: (done: FtsOptimized) => void = () => {}): FtsOptimized[] {
  const done: FtsOptimized[] = []
  for (const table of ftsTables(sqlite)) {
    const segmentsBefore = ftsSegments(sqlite, table)
    const started = performance.now()
    // The table name comes from the schema, not from a user.
    sqlite.prepare(`INSERT INTO "${table}"("${table}") VALUES ('optimize')`).run()
    const result = { table, segmentsBefore, segmentsAfter: ftsSegments(sqlite, table), ms: Math.round(performance.now() - started) }
    done.push(result)
    onTable(result)
  }
  return done
}
