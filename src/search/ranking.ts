// Relevance for /v1/search without FTS5's bm25(). bm25() first counts, for
// every phrase of the query, the rows of the whole index that hold it
// (reading each phrase's entire doclist: tens of ms for a common word), and
// only then scores. Here the same Okapi BM25 formula, with FTS5's constants
// and search_fts's column weights, is computed over the candidate rows alone:
// - how often the query matches in each column: the number of marks
//   highlight() inserts, counted from the index's positions by search_freq()
//   (native/search-hits.c) or from highlight()'s own output,
// - each row's length in tokens: from the index's own per-row sizes
//   (search_fts_docsize, the table FTS5 reads for bm25's length term),
// - the row count and the average length: from the index's totals record,
// - how many rows match (the IDF): counted when every match is a candidate,
//   else estimated from how densely the matches fill the candidates' rowids.
// One IDF serves the whole query, so within a query the order is bm25's for a
// one-phrase query, and for several phrases bm25's with the phrases weighed
// alike; the IDF only scales the scores.
import type { Store } from '../db/store.js'

/** bm25's k1 and b, as FTS5 sets them. */
const K1 = 1.2
const B = 0.75
/** The rank search_fts was created with: bm25(4.0, 1.0), a title match weighing four times a body match. */
export const COLUMN_WEIGHTS = { title: 4, body: 1 } as const

/** SQLite's variable-length integers as FTS5 writes them: 7 bits a byte, most significant first, high bit set while more follow. */
function readVarints(blob: ArrayLike<number> & Iterable<number>): number[] {
  const out: number[] = []
  let value = 0
  for (const byte of blob) {
    value = value * 128 + (byte & 0x7f)
    if (!(byte & 0x80)) {
      out.push(value)
      value = 0
    }
  }
  return out
}

/**
 * A row's length in tokens over every column, from its docsize blob (one varint per column)
 * as hex text: read as a blob, each row's answer would be a Buffer of its own, which cost
 * more than the rest of the row (~1 µs each, 200 rows a search).
 */
export function rowLength(sizesHex: string): number {
  const bytes: number[] = []
  for (let i = 0; i < sizesHex.length; i += 2) bytes.push(parseInt(sizesHex.slice(i, i + 2), 16))
  return readVarints(bytes).reduce((a, b) => a + b, 0)
}

/** Hits of the query in a row: the match count weighted by COLUMN_WEIGHTS, and the row's length. */
export interface RowHits {
  freq: number
  length: number
}

export interface CorpusStats {
  rows: number
  averageLength: number
}

/**
 * The index's row count and average row length, from FTS5's totals record
 * (rowid 1 of `<table>_data`: the row count, then the token total of each column).
 */
export function corpusStats(store: Store, ftsTable: string): CorpusStats {
  const row = store.stmt<{ block: Uint8Array }>(`SELECT block FROM ${ftsTable}_data WHERE id = 1`).get()
  const [rows = 0, ...totals] = row ? readVarints(row.block) : []
  const tokens = totals.reduce((a, b) => a + b, 0)
  return { rows, averageLength: rows > 0 ? tokens / rows : 0 }
}

/** bm25's inverse document frequency for a phrase in `matches` of `rows` rows (FTS5 floors it at 1e-6). */
export function idf(rows: number, matches: number): number {
  const value = Math.log((rows - matches + 0.5) / (matches + 0.5))
  return value > 0 ? value : 1e-6
}

/** The bm25 score of one row (positive: higher is better), as FTS5's bm25() computes it for one phrase. */
export function bm25Score(hits: RowHits, stats: CorpusStats, weight: number): number {
  const { freq } = hits
  const norm = stats.averageLength > 0 ? hits.length / stats.averageLength : 1
  return (weight * (freq * (K1 + 1))) / (freq + K1 * (1 - B + B * norm))
}
