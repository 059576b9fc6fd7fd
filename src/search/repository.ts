// Search across every kind of record: one FTS5 index (search_fts, kept by the
// triggers in migrations/0003_search_all.sql) ranked by bm25 (computed over
// the candidates, search-ranking.ts), so hits of different kinds share one
// scale. Pages follow a keyset cursor on the score and the index rowid.
import { badParameter } from '../lib/problem.js'
import { decodeCursor, encodeCursor } from '../engine/cursor.js'
import { expandPrefixes, ftsQuery, withFtsErrors } from './fts.js'
import { IN_LIST, valuesOf } from '../engine/list-query.js'
import { loadSearchHits } from '../db/search-hits.js'
import { bm25Score, COLUMN_WEIGHTS, corpusStats, idf, rowLength } from './ranking.js'
import type { Store } from '../db/store.js'

/** The kinds /v1/search covers, with the collection each lives in. */
export const SEARCH_PATHS = {
  actor: '/v1/actors',
  event: '/v1/events',
  quote: '/v1/quotes',
  deal: '/v1/deals',
  term: '/v1/terms',
  source: '/v1/sources',
} as const
export type SearchType = keyof typeof SEARCH_PATHS
export const SEARCH_TYPES = Object.keys(SEARCH_PATHS) as SearchType[]

export interface SearchQuery {
  q: string
  types?: string
  limit?: number
  cursor?: string
  total?: boolean
}

export interface SearchHit {
  type: SearchType
  id: string
  title: string
  snippet: string
  score: number
  url: string
}

export interface SearchPage {
  data: SearchHit[]
  next_cursor: string | null
  has_more: boolean
  total?: number
}

/**
 * A candidate as the ranking reads it, a row as an array (200 objects a search cost more):
 * rowid, the query's matches weighted by column, and the row's length in tokens
 * (search_tokens() of its docsize), or its docsize in hex (without the search-hits functions).
 */
type CandidateRow = [rowid: number, freq: number, size: number | string]

const { title: TITLE_WEIGHT, body: BODY_WEIGHT } = COLUMN_WEIGHTS
// A join, not FTS5's own per-row docsize lookup (xColumnSize), which runs a statement per row: ~3× the cost.
const DOCSIZE = ' JOIN search_fts_docsize d ON d.id = search_fts.rowid'
/**
 * The ranking's columns after the rowid. With the search-hits functions (src/db/search-hits.ts)
 * from the index's position lists and the docsize blob, as FTS5 reads them for bm25().
 * Without them, the matches a column holds are the marks highlight() adds, counted in bytes
 * (the text is copied as it is around them, and octet_length, unlike length, need not read it),
 * and the length is the row's docsize blob in hex, summed in JS.
 */
const CANDIDATE_COLUMNS = {
  native: `search_freq(search_fts, ${TITLE_WEIGHT}.0, ${BODY_WEIGHT}.0), search_tokens(d.sz)`,
  highlight: `${TITLE_WEIGHT} * coalesce(octet_length(highlight(search_fts, 0, '.', '')) - octet_length(title), 0)
         + ${BODY_WEIGHT} * coalesce(octet_length(highlight(search_fts, 1, '.', '')) - octet_length(body), 0),
         hex(d.sz)`,
}

interface PageRow {
  rowid: number
  kind: SearchType
  record_id: string
  title: string
  snippet: string
}

interface Ranked {
  rowid: number
  score: number
}

/** The cursor's sort name: search pages are in relevance order only. */
const RELEVANCE = 'relevance'

export const SEARCH_PLANNING = {
  /**
   * At most this many matches are ranked: beyond it, the ones with the
   * highest index rowids (within each kind, the newest), which FTS5 reads
   * from the end of each doclist without reading the rest. Ranking costs a
   * few microseconds per candidate, so this bounds the cost of a common word.
   */
  candidates: 200,
}
const TITLE_MAX = 200
// SQLite marks the matches with control characters (char(2), char(3)); the text
// is escaped before they become tags, so a snippet is safe to render as HTML.
const OPEN = '\u0002'
const CLOSE = '\u0003'

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** An HTML fragment: the text escaped, each match wrapped in <mark>…</mark>. */
function markSnippet(raw: string): string {
  return escapeHtml(raw).replaceAll(OPEN, '<mark>').replaceAll(CLOSE, '</mark>')
}

function shorten(title: string): string {
  return title.length <= TITLE_MAX ? title : `${title.slice(0, TITLE_MAX - 1).trimEnd()}…`
}

function parseTypes(types: string | undefined): SearchType[] | null {
  if (types === undefined) return null
  const items = valuesOf('types', types)
  const bad = items.find((t) => !(t in SEARCH_PATHS))
  if (bad !== undefined) throw badParameter('types', `${JSON.stringify(bad)} is not one of ${SEARCH_TYPES.join(', ')}.`)
  return [...new Set(items as SearchType[])]
}

/** Whether the search-hits functions load and serve the ranking's SQL (a library left from an older build may lack one). */
function nativeRanking(store: Store): boolean {
  if (!loadSearchHits(store.sqlite)) return false
  try {
    store.sqlite.prepare(`SELECT ${CANDIDATE_COLUMNS.native} FROM search_fts${DOCSIZE} LIMIT 0`)
    return true
  } catch (err) {
    process.emitWarning(`The search-hits library does not serve /v1/search (${(err as Error).message}); it ranks with highlight() instead.`)
    return false
  }
}

export class SearchRepository {
  private readonly columns: string

  /** `native`: rank with the search-hits functions (by default, where they are built and load); false: with highlight(). */
  constructor(
    readonly store: Store,
    native = nativeRanking(store),
  ) {
    this.columns = native ? CANDIDATE_COLUMNS.native : CANDIDATE_COLUMNS.highlight
  }

  search(query: SearchQuery): SearchPage {
    const limit = query.limit ?? 25
    // A prefix standing for a few terms is searched as those terms: the same hits, without merging every term's list.
    const match = expandPrefixes(this.store, 'search_fts', ftsQuery(query.q, 'q'))
    const types = parseTypes(query.types)
    const conds = ['search_fts MATCH ?']
    const params: unknown[] = [match]
    if (types) {
      conds.push(`kind IN ${IN_LIST}`)
      params.push(JSON.stringify(types))
    }
    let after: Ranked | null = null
    let floor = 0
    if (query.cursor) {
      const state = decodeCursor(query.cursor)
      const [rank, rowid, from] = state.k
      if (state.s !== RELEVANCE || state.k.length !== 3 || typeof rank !== 'number' || typeof rowid !== 'number' || typeof from !== 'number' || !Number.isSafeInteger(from)) {
        throw badParameter('cursor', 'The cursor does not belong to /v1/search; use next_cursor from a previous search page.')
      }
      // The candidates of the first page, so the pages rank one set.
      floor = from
      after = { score: -rank, rowid }
    }
    const ranked = withFtsErrors('q', () => this.rank(conds, params, floor))
    // Best first; equal scores in rowid order. A later page starts after the cursor's hit.
    const order = (a: Ranked, b: Ranked) => b.score - a.score || a.rowid - b.rowid
    const rest = after ? ranked.hits.filter((h) => order(h, after) > 0) : ranked.hits
    const top = rest.sort(order).slice(0, limit + 1)
    const hasMore = top.length > limit
    if (hasMore) top.pop()
    const rows = this.pageRows(match, top)
    const last = top[top.length - 1]
    const page: SearchPage = {
      data: top.map((h) => {
        const r = rows.get(h.rowid)!
        return { type: r.kind, id: r.record_id, title: shorten(r.title), snippet: markSnippet(r.snippet), score: h.score, url: `${SEARCH_PATHS[r.kind]}/${r.record_id}` }
      }),
      has_more: hasMore,
      // The rank is kept as minus the score, as bm25 ranks are: lower is better.
      next_cursor: hasMore && last ? encodeCursor({ s: RELEVANCE, k: [-last.score, last.rowid, ranked.floor] }) : null,
    }
    if (query.total) {
      const count = this.store.stmt<{ n: number }>(`SELECT count(*) AS n FROM search_fts WHERE ${conds.join(' AND ')}`)
      page.total = withFtsErrors('q', () => count.get(...params)!.n)
    }
    return page
  }

  /**
   * Scores the candidates (search-ranking.ts): on a first page the `candidates`
   * newest matches, on later pages every match from the first page's floor up.
   * Returns them with the floor: the lowest rowid ranked (0 when every match was).
   */
  private rank(conds: string[], params: unknown[], floor: number): { hits: Ranked[]; floor: number } {
    const { candidates } = SEARCH_PLANNING
    const select = this.store
      .stmt(
        `SELECT search_fts.rowid, ${this.columns}
       FROM search_fts${DOCSIZE}
       WHERE ${conds.join(' AND ')}${floor > 0 ? ' AND search_fts.rowid >= ?' : ''}
       ORDER BY search_fts.rowid DESC${floor > 0 ? '' : ' LIMIT ?'}`,
      )
      .raw(true)
    // FTS5 honours a rowid bound only when it is an INTEGER; a JS number binds as REAL, so the bound is a bigint.
    const rows = (floor > 0 ? select.all(...params, BigInt(floor)) : select.all(...params, candidates)) as CandidateRow[]
    const lowest = rows.length ? rows[rows.length - 1][0] : 0
    const all = floor === 0 && rows.length < candidates
    const stats = corpusStats(this.store, 'search_fts')
    const weight = idf(stats.rows, all ? rows.length : this.estimateMatches(rows.length, rows[0]?.[0] ?? 0, lowest, stats.rows))
    const hits = rows.map(([rowid, freq, size]) => ({ rowid, score: bm25Score({ freq, length: typeof size === 'number' ? size : rowLength(size) }, stats, weight) }))
    return { hits, floor: all ? 0 : floor || lowest }
  }

  /**
   * How many rows match, from how densely the candidates fill their span of
   * rowids, applied to the whole span of the index's rowids. Rough (kinds of
   * different sizes share the rowid space), but it only scales the scores.
   */
  private estimateMatches(found: number, highest: number, lowest: number, rows: number): number {
    const span = this.store.stmt<{ lo: number | null; hi: number | null }>('SELECT (SELECT min(id) FROM search_fts_docsize) AS lo, (SELECT max(id) FROM search_fts_docsize) AS hi').get()!
    if (span.lo === null || span.hi === null || highest <= lowest) return found
    return Math.min(rows, Math.round((found * (span.hi - span.lo + 1)) / (highest - lowest + 1)))
  }

  /** Kind, id, title and snippet of the hits on the page, by rowid: one pass over their span of the index. */
  private pageRows(match: string, hits: Ranked[]): Map<number, PageRow> {
    if (hits.length === 0) return new Map()
    const ids = hits.map((h) => h.rowid)
    const select = this.store.stmt<PageRow>(
      `SELECT rowid, kind, record_id, title, snippet(search_fts, -1, char(2), char(3), '…', 24) AS snippet
       FROM search_fts WHERE search_fts MATCH ? AND rowid BETWEEN ? AND ? AND +rowid IN ${IN_LIST}`,
    )
    const rows = select.all(match, BigInt(Math.min(...ids)), BigInt(Math.max(...ids)), JSON.stringify(ids))
    return new Map(rows.map((r) => [r.rowid, r]))
  }
}
