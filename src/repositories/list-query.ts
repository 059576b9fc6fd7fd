// The one list engine every collection uses: typed filters, enumerated sorts
// with the id as the last tie-breaker, keyset cursors that stay stable while
// rows come and go, optional totals, and embedded relations loaded per page.
import { parseFuzzyDate } from '../lib/fuzzy-date.js'
import { badParameter } from '../lib/problem.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import { resolveActorId } from './checker.js'
import type { Obj, ResourceRepository, Row } from './resource-repository.js'
import type { Store } from './store.js'
import { ftsQuery } from './fts.js'

/** `IN (…)` over a JSON array parameter: one SQL text whatever the list's length. */
export const IN_LIST = '(SELECT value FROM json_each(?))'

export type FilterSpec = { description: string } & (
  | { kind: 'enum'; column: string; values: readonly string[] }
  | { kind: 'text'; column: string }
  | { kind: 'actor'; sql: string }
  | { kind: 'ids'; sql: string; prefix: string }
  | { kind: 'from'; column: string }
  | { kind: 'to'; column: string }
  | { kind: 'fts'; table: string }
  | { kind: 'custom'; sql: string; parse: (items: string[], name: string) => unknown[] }
)

export interface SortSpec {
  column: string
  nullable?: boolean
}

export interface ListSpec {
  filters: Record<string, FilterSpec>
  sorts: Record<string, SortSpec>
  defaultSort: string
  includes?: Record<string, { description: string; load: (records: Obj[], store: Store) => void }>
}

export interface ListQuery {
  limit?: number
  cursor?: string
  sort?: string
  include?: string
  total?: boolean
  [filter: string]: unknown
}

export interface ListPage {
  data: Obj[]
  next_cursor: string | null
  has_more: boolean
  total?: number
}

interface SortKey {
  column: string
  desc: boolean
  nullable: boolean
}

export const COMMON_PARAMS = new Set(['limit', 'cursor', 'sort', 'include', 'total'])

function splitList(value: unknown): string[] {
  return String(value)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}

export function parseSort(spec: ListSpec, sort: string | undefined): SortKey[] {
  const text = sort ?? spec.defaultSort
  const keys: SortKey[] = []
  const seen = new Set<string>()
  for (const part of splitList(text)) {
    const desc = part.startsWith('-')
    const name = desc ? part.slice(1) : part
    const s = spec.sorts[name]
    if (!s) throw badParameter('sort', `Cannot sort by ${JSON.stringify(name)}; choose from ${Object.keys(spec.sorts).join(', ')}, each optionally prefixed with "-".`)
    if (seen.has(name)) throw badParameter('sort', `${name} is given twice.`)
    seen.add(name)
    keys.push({ column: s.column, desc, nullable: s.nullable ?? false })
  }
  if (keys.length === 0) throw badParameter('sort', 'Name at least one field.')
  // Ties are broken by the id, in the direction of the last key, so every row has one place.
  if (keys[keys.length - 1].column !== 't.id') keys.push({ column: 't.id', desc: keys[keys.length - 1].desc, nullable: false })
  return keys
}

/** The WHERE clause that keeps only rows after the cursor's row, in sort order, NULLs included. */
function afterClause(keys: SortKey[], values: unknown[], params: unknown[]): string {
  const ors: string[] = []
  for (let i = 0; i < keys.length; i++) {
    const ands: string[] = []
    for (let j = 0; j < i; j++) {
      if (values[j] === null) ands.push(`${keys[j].column} IS NULL`)
      else {
        ands.push(`${keys[j].column} = ?`)
        params.push(values[j])
      }
    }
    const k = keys[i]
    const v = values[i]
    // SQLite sorts NULL first ascending and last descending.
    if (v === null) ands.push(k.desc ? '0' : `${k.column} IS NOT NULL`)
    else {
      params.push(v)
      ands.push(k.desc ? (k.nullable ? `(${k.column} < ? OR ${k.column} IS NULL)` : `${k.column} < ?`) : `${k.column} > ?`)
    }
    ors.push(ands.join(' AND '))
  }
  return `(${ors.map((o) => `(${o})`).join(' OR ')})`
}

export class ListEngine {
  constructor(
    readonly repo: ResourceRepository,
    readonly spec: ListSpec,
  ) {}

  private get store(): Store {
    return this.repo.store
  }

  /** Filters to SQL conditions and their parameters. */
  where(query: ListQuery): { conds: string[]; params: unknown[] } {
    const conds: string[] = []
    const params: unknown[] = []
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined || COMMON_PARAMS.has(name)) continue
      const f = this.spec.filters[name]
      if (!f) throw badParameter(name, `Unknown parameter ${JSON.stringify(name)}.`)
      switch (f.kind) {
        case 'enum': {
          const items = splitList(value)
          const bad = items.find((v) => !f.values.includes(v))
          if (bad !== undefined || items.length === 0) throw badParameter(name, `${JSON.stringify(bad ?? '')} is not one of ${f.values.join(', ')}.`)
          conds.push(`${f.column} IN ${IN_LIST}`)
          params.push(JSON.stringify(items))
          break
        }
        case 'text':
          conds.push(`${f.column} IN ${IN_LIST}`)
          params.push(JSON.stringify(splitList(value)))
          break
        case 'actor': {
          const ids = splitList(value).map((v) => resolveActorId(this.store, v) ?? v)
          conds.push(f.sql)
          // The same list may be needed more than once (subject or object).
          for (let i = f.sql.split('?').length - 1; i > 0; i--) params.push(JSON.stringify(ids))
          break
        }
        case 'ids':
          conds.push(f.sql)
          params.push(JSON.stringify(splitList(value)))
          break
        case 'from':
        case 'to': {
          const span = parseFuzzyDate(String(value))
          if (!span) throw badParameter(name, `${JSON.stringify(value)} is not a date (YYYY, YYYY-MM or YYYY-MM-DD).`)
          // Overlap: the record ends on or after the range's start, and starts on or before its end.
          conds.push(f.kind === 'from' ? `${f.column} >= ?` : `${f.column} <= ?`)
          params.push(f.kind === 'from' ? span.start : span.end)
          break
        }
        case 'fts':
          conds.push(`t.pk IN (SELECT rowid FROM ${f.table} WHERE ${f.table} MATCH ?)`)
          params.push(ftsQuery(String(value), name))
          break
        case 'custom':
          conds.push(f.sql)
          params.push(...f.parse(splitList(value), name))
          break
      }
    }
    return { conds, params }
  }

  list(query: ListQuery): ListPage {
    const limit = query.limit ?? 25
    const keys = parseSort(this.spec, query.sort)
    const sortText = query.sort ?? this.spec.defaultSort
    const includes = this.parseIncludes(query.include)
    const { conds, params } = this.where(query)
    const table = this.repo.def.table
    const filterConds = [...conds]
    const filterParams = [...params]
    if (query.cursor) {
      const state = decodeCursor(query.cursor)
      if (state.s !== sortText) throw badParameter('cursor', `The cursor belongs to sort=${state.s}; ask with the same sort.`)
      if (state.k.length !== keys.length) throw badParameter('cursor', 'The cursor is malformed.')
      conds.push(afterClause(keys, state.k, params))
    }
    const order = keys.map((k) => `${k.column}${k.desc ? ' DESC' : ''}`).join(', ')
    const sql = `SELECT t.* FROM ${table} t${conds.length ? ` WHERE ${conds.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ?`
    const rows = this.store.stmt<Row>(sql).all(...params, limit + 1)
    const hasMore = rows.length > limit
    if (hasMore) rows.pop()
    const data = this.repo.hydrate(rows)
    for (const inc of includes) this.spec.includes![inc].load(data, this.store)
    const last = rows[rows.length - 1]
    const page: ListPage = {
      data,
      has_more: hasMore,
      next_cursor: hasMore && last ? encodeCursor({ s: sortText, k: keys.map((k) => last[k.column.slice(2)] as string | number | null) }) : null,
    }
    if (query.total) {
      const countSql = `SELECT count(*) AS n FROM ${table} t${filterConds.length ? ` WHERE ${filterConds.join(' AND ')}` : ''}`
      page.total = this.store.stmt<{ n: number }>(countSql).get(...filterParams)!.n
    }
    return page
  }

  parseIncludes(include: string | undefined): string[] {
    if (include === undefined) return []
    const names = splitList(include)
    const known = Object.keys(this.spec.includes ?? {})
    for (const n of names) if (!known.includes(n)) throw badParameter('include', `Cannot include ${JSON.stringify(n)}; choose from ${known.join(', ') || 'nothing'}.`)
    return [...new Set(names)]
  }

  /** Embeds relations into records fetched one at a time (GET by id). */
  embed(records: Obj[], include: string | undefined): void {
    for (const inc of this.parseIncludes(include)) this.spec.includes![inc].load(records, this.store)
  }
}
