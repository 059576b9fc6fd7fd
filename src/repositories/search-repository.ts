// Search across every kind of record: one FTS5 index (search_fts, kept by the
// triggers in migrations/0003_search_all.sql) ranked by bm25, so hits of
// different kinds share one scale. Pages follow a keyset cursor on the score
// and the index rowid.
import { badParameter } from '../lib/problem.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import { expandPrefixes, ftsQuery, withFtsErrors } from './fts.js'
import { IN_LIST, valuesOf } from './list-query.js'
import type { Store } from './store.js'

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

interface HitRow {
  rowid: number
  kind: SearchType
  record_id: string
  title: string
  snippet: string
  rank: number
}

/** The cursor's sort name: search pages are in relevance order only. */
const RELEVANCE = 'relevance'

export const SEARCH_PLANNING = {
  /**
   * At most this many matches are ranked: beyond it, the ones with the
   * highest index rowids (within each kind, the newest). bm25 must visit
   * every match to rank them, so a word in half a million records would
   * otherwise cost half a second; the rowid of the N-th newest match is
   * found without reading the rest.
   */
  candidates: 1000,
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

export class SearchRepository {
  constructor(readonly store: Store) {}

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
    const countConds = [...conds]
    const countParams = [...params]
    let floor: number
    if (query.cursor) {
      const state = decodeCursor(query.cursor)
      const [rank, rowid, from] = state.k
      if (state.s !== RELEVANCE || state.k.length !== 3 || typeof rank !== 'number' || typeof rowid !== 'number' || typeof from !== 'number') {
        throw badParameter('cursor', 'The cursor does not belong to /v1/search; use next_cursor from a previous search page.')
      }
      // The candidates of the first page, so the pages rank one set.
      floor = from
      // bm25 ranks are negative: a lower rank is a better hit. Equal ranks fall back to the rowid.
      conds.push('(rank > ? OR (rank = ? AND rowid > ?))')
      params.push(rank, rank, rowid)
    } else {
      floor = this.candidateFloor(countConds, countParams)
    }
    if (floor > 0) {
      conds.push('rowid >= ?')
      params.push(floor)
    }
    const select = this.store.stmt<HitRow>(
      `SELECT rowid, kind, record_id, title, snippet(search_fts, -1, char(2), char(3), '…', 24) AS snippet, rank
       FROM search_fts WHERE ${conds.join(' AND ')} ORDER BY rank, rowid LIMIT ?`,
    )
    const rows = withFtsErrors('q', () => select.all(...params, limit + 1))
    const hasMore = rows.length > limit
    if (hasMore) rows.pop()
    const last = rows[rows.length - 1]
    const page: SearchPage = {
      data: rows.map((r) => ({
        type: r.kind,
        id: r.record_id,
        title: shorten(r.title),
        snippet: markSnippet(r.snippet),
        score: -r.rank,
        url: `${SEARCH_PATHS[r.kind]}/${r.record_id}`,
      })),
      has_more: hasMore,
      next_cursor: hasMore && last ? encodeCursor({ s: RELEVANCE, k: [last.rank, last.rowid, floor] }) : null,
    }
    if (query.total) {
      const count = this.store.stmt<{ n: number }>(`SELECT count(*) AS n FROM search_fts WHERE ${countConds.join(' AND ')}`)
      page.total = withFtsErrors('q', () => count.get(...countParams)!.n)
    }
    return page
  }

  /** The lowest rowid ranked: that of the N-th newest match when more match, else 0 (all). */
  private candidateFloor(conds: string[], params: unknown[]): number {
    const nth = this.store.stmt<{ rowid: number }>(`SELECT rowid FROM search_fts WHERE ${conds.join(' AND ')} ORDER BY rowid DESC LIMIT 1 OFFSET ?`)
    return withFtsErrors('q', () => nth.get(...params, SEARCH_PLANNING.candidates - 1))?.rowid ?? 0
  }
}
