// The one list engine every collection uses: typed filters, enumerated sorts
// with the id as the last tie-breaker, keyset cursors that stay stable while
// rows come and go, optional totals, and embedded relations loaded per page.
import { parseFuzzyDate } from '../lib/fuzzy-date.js'
import { badParameter } from '../lib/problem.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import { resolveActorId } from './checker.js'
import type { Obj, ResourceRepository, Row } from './repository.js'
import type { Store } from '../db/store.js'
import { FTS_PLANNING, ftsCondition, ftsFilter, withFtsErrors, type FtsPlan } from '../search/fts.js'
import { idOrderHolds, idOrderPage, type IdOrderPage } from '../search/fts-id-order.js'
import { rangeWalk, type RangeWalk } from '../search/fts-range-walk.js'
import { recordSql } from './record-sql.js'

/** `IN (…)` over a JSON array parameter: one SQL text whatever the list's length. */
export const IN_LIST = '(SELECT value FROM json_each(?))'

export type FilterSpec = { description: string } & (
  /** Values from a fixed list, matched against a column, or bound (as a JSON list) into `sql`. */
  | { kind: 'enum'; values: readonly string[]; column: string }
  | { kind: 'enum'; values: readonly string[]; sql: string }
  /** Free values; `normalize` returns the stored form, or null for a value that cannot match anything sensible. */
  | { kind: 'text'; column: string; normalize?: (value: string) => string | null }
  | { kind: 'actor'; sql: string }
  | { kind: 'ids'; sql: string; prefix: string }
  | { kind: 'from'; column: string }
  | { kind: 'to'; column: string }
  | { kind: 'fts'; table: string }
  | { kind: 'custom'; sql: string; parse: (items: string[], name: string) => unknown[] }
)

export interface SortSpec {
  column: string
  /** A nullable text column: it sorts with NULL read as '', so NULLs come first ascending and last descending. */
  nullable?: boolean
}

export interface Include {
  description: string
  load: (records: Obj[], store: Store) => void
  /**
   * The same embedding in the record's SQL (record-sql.ts): the fields it replaces or adds, as
   * expressions over row `t`. Without it, a read asking for this include hydrates in JavaScript.
   */
  sql?: () => Record<string, string>
}

export interface ListSpec {
  filters: Record<string, FilterSpec>
  sorts: Record<string, SortSpec>
  defaultSort: string
  includes?: Record<string, Include>
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
  /** What ORDER BY sorts on; a nullable column's expression has an index of its own. */
  expr: string
  /** The row field holding the key. */
  field: string
  nullable: boolean
  desc: boolean
}

/** A list query as SQL, before it runs: what `list()` executes and what the query-plan test explains. */
export interface BuiltList {
  sql: string
  params: unknown[]
  /** The count for `total=true`: the same filters, no cursor. */
  countSql: string
  countParams: unknown[]
  keys: SortKey[]
  sortText: string
  limit: number
  /** The full-text parameter in the query, if any: FTS syntax errors are blamed on it. */
  ftsParameter: string | null
  /** Set when `q` is served by a range walk (fts-range-walk.ts) rather than by `sql`. */
  range?: RangeWalk
  /** Set when `q` is served from the index's rowid order (fts-id-order.ts) rather than by `sql`. */
  idOrder?: IdOrderPage
  /** The result columns of `sql`: after a range walk the page's rows are read by rowid with the same. */
  select: string
}

/** The `q` filter of a query: its condition's place among the conditions, and its plan. */
interface FtsUse {
  index: number
  table: string
  match: string
  plan: FtsPlan
  density: number | null
  /** Served in the index's rowid order (fts-id-order.ts): `q` alone, sorted by id, while the ids follow the pks. */
  idOrder: boolean
}

export const COMMON_PARAMS = new Set(['limit', 'cursor', 'sort', 'include', 'total'])

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/
const ACTOR_ID = /^act_[0-7][0-9a-hjkmnp-tv-z]{25}$/
const idPattern = (prefix: string) => new RegExp(`^${prefix}_[0-7][0-9a-hjkmnp-tv-z]{25}$`)

function splitList(value: unknown): string[] {
  return String(value)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}

/** A comma list of values, none of them empty (`a,,b` and `a,` are mistakes, not wildcards). */
export function valuesOf(name: string, value: unknown): string[] {
  const items = String(value)
    .split(',')
    .map((s) => s.trim())
  if (items.some((s) => s.length === 0)) throw badParameter(name, 'Give one or more values separated by commas, none of them empty.')
  return items
}

/**
 * `notNull`: columns the query's filters keep non-NULL (a date bound). A nullable
 * sort on one of them needs no NULL-as-'' expression: it sorts on the column
 * itself, in the same order, and so walks the indexes built on the plain column
 * (events (category, span_start, id)) and stops at the page's end.
 */
export function parseSort(spec: ListSpec, sort: string | undefined, notNull: ReadonlySet<string> = new Set()): SortKey[] {
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
    keys.push(sortKey(notNull.has(s.column) ? { ...s, nullable: false } : s, desc))
  }
  if (keys.length === 0) throw badParameter('sort', 'Name at least one field.')
  // Ties are broken by the id, in the direction of the last key, so every row has one place.
  if (keys[keys.length - 1].expr !== 't.id') keys.push(sortKey({ column: 't.id' }, keys[keys.length - 1].desc))
  return keys
}

function sortKey(s: SortSpec, desc: boolean): SortKey {
  // With NULL read as '', every key is a plain value and the cursor a plain comparison.
  // The expression matches the indexes made by sortable() in src/db/columns.ts.
  const nullable = s.nullable ?? false
  return { expr: nullable ? `CASE WHEN ${s.column} IS NULL THEN '' ELSE ${s.column} END` : s.column, field: s.column.slice(2), nullable, desc }
}

/** The WHERE clause that keeps only rows after the cursor's row, in sort order. */
function afterClause(keys: SortKey[], values: (string | number)[], params: unknown[]): string {
  const ors: string[] = []
  for (let i = 0; i < keys.length; i++) {
    const ands = keys.slice(0, i).map((k) => `${k.expr} = ?`)
    ands.push(`${keys[i].expr} ${keys[i].desc ? '<' : '>'} ?`)
    params.push(...values.slice(0, i + 1))
    ors.push(ands.join(' AND '))
  }
  // The OR is exact but gives SQLite no range to seek to; a redundant bound on the
  // first key lets it start reading the index at the cursor instead of at the top.
  const [first] = keys
  params.unshift(values[0])
  return `${first.expr} ${first.desc ? '<=' : '>='} ? AND (${ors.map((o) => `(${o})`).join(' OR ')})`
}

/**
 * `col = ?` for one value, `col IN (…)` for several. With `=`, SQLite walks an
 * index on (col, sort key) in order and stops at the page's end; with IN over
 * json_each it reads every match and sorts them, which grows with the data.
 */
function oneOrMany(conds: string[], params: unknown[], column: string, items: string[]): void {
  if (items.length === 1) {
    conds.push(`${column} = ?`)
    params.push(items[0])
  } else {
    conds.push(`${column} IN ${IN_LIST}`)
    params.push(JSON.stringify(items))
  }
}

export class ListEngine {
  constructor(
    readonly repo: ResourceRepository,
    readonly spec: ListSpec,
  ) {}

  private get store(): Store {
    return this.repo.store
  }

  /** Filters to SQL conditions and their parameters. Every value is checked: a bad one is a 400 naming its parameter. */
  where(query: ListQuery): { conds: string[]; params: unknown[]; notNull: Set<string>; fts: FtsUse | null } {
    const conds: string[] = []
    const params: unknown[] = []
    const notNull = new Set<string>()
    let ftsUse: FtsUse | null = null
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined || COMMON_PARAMS.has(name)) continue
      const f = this.spec.filters[name]
      if (!f) throw badParameter(name, `Unknown parameter ${JSON.stringify(name)}.`)
      switch (f.kind) {
        case 'enum': {
          const items = valuesOf(name, value)
          const bad = items.find((v) => !f.values.includes(v))
          if (bad !== undefined) throw badParameter(name, `${JSON.stringify(bad)} is not one of ${f.values.join(', ')}.`)
          const unique = [...new Set(items)]
          if ('sql' in f) {
            conds.push(f.sql)
            params.push(JSON.stringify(unique))
          } else oneOrMany(conds, params, f.column, unique)
          break
        }
        case 'text': {
          const items = valuesOf(name, value).map((v) => {
            const n = f.normalize ? f.normalize(v) : v
            if (n === null) throw badParameter(name, `${JSON.stringify(v)} is not a valid value: ${f.description}`)
            return n
          })
          oneOrMany(conds, params, f.column, items)
          break
        }
        case 'actor': {
          const ids = valuesOf(name, value).map((v) => {
            if (!ACTOR_ID.test(v) && !SLUG.test(v)) throw badParameter(name, `${JSON.stringify(v)} is neither an actor id (act_…) nor a slug.`)
            // An unknown slug stays as it is and matches nothing, like an unknown id.
            return resolveActorId(this.store, v) ?? v
          })
          conds.push(f.sql)
          // The same list may be needed more than once (subject or object).
          for (let i = f.sql.split('?').length - 1; i > 0; i--) params.push(JSON.stringify(ids))
          break
        }
        case 'ids': {
          const ids = valuesOf(name, value)
          const pattern = idPattern(f.prefix)
          const bad = ids.find((v) => !pattern.test(v))
          if (bad !== undefined) throw badParameter(name, `${JSON.stringify(bad)} is not an id of the form ${f.prefix}_….`)
          conds.push(f.sql)
          params.push(JSON.stringify(ids))
          break
        }
        case 'from':
        case 'to': {
          const span = parseFuzzyDate(String(value))
          if (!span) throw badParameter(name, `${JSON.stringify(value)} is not a date (YYYY, YYYY-MM or YYYY-MM-DD).`)
          // Overlap: the record ends on or after the range's start, and starts on or before its end.
          // Without statistics SQLite would rather walk the sort index and test every row;
          // a date range usually keeps a small slice, so say so and let it seek the date index.
          conds.push(`likelihood(${f.column} ${f.kind === 'from' ? '>=' : '<='} ?, 0.05)`)
          params.push(f.kind === 'from' ? span.start : span.end)
          // A comparison is never true of NULL: no row of this query lacks the column.
          notNull.add(f.column)
          break
        }
        case 'fts': {
          // The plan depends on how many rows match, and on whether other filters narrow them too (fts.ts).
          const alone = Object.keys(query).every((k) => k === name || query[k] === undefined || COMMON_PARAMS.has(k))
          const byId = alone && this.spec.sorts.id?.column === 't.id' && /^-?id$/.test(query.sort ?? this.spec.defaultSort)
          const idOrder = byId && idOrderHolds(this.store, this.repo.def.table)
          const fts = ftsFilter(this.store, f.table, this.repo.def.table, name, String(value), alone, !idOrder)
          ftsUse = { index: conds.length, table: f.table, match: fts.param, plan: fts.plan, density: fts.density, idOrder }
          conds.push(fts.cond)
          params.push(fts.param)
          break
        }
        case 'custom':
          conds.push(f.sql)
          params.push(...f.parse(valuesOf(name, value), name))
          break
      }
    }
    return { conds, params, notNull, fts: ftsUse }
  }

  /** The SQL a list query runs, with its parameters, without running it. `select`: the result columns (the sort keys must be among them). */
  build(query: ListQuery, select: string | ((keys: SortKey[]) => string) = 't.*'): BuiltList {
    const limit = query.limit ?? 25
    const sortText = query.sort ?? this.spec.defaultSort
    const { conds, params, notNull, fts } = this.where(query)
    const keys = parseSort(this.spec, query.sort, notNull)
    const table = this.repo.def.table
    const filterSql = conds.length ? ` WHERE ${conds.join(' AND ')}` : ''
    const countSql = `SELECT count(*) AS n FROM ${table} t${filterSql}`
    const countParams = [...params]
    let start: (string | number)[] | null = null
    if (query.cursor) {
      const state = decodeCursor(query.cursor)
      if (state.s !== sortText) throw badParameter('cursor', `The cursor belongs to sort=${state.s}; ask with the same sort.`)
      if (state.k.length !== keys.length) throw badParameter('cursor', 'The cursor is malformed.')
      start = state.k
      const after: unknown[] = []
      conds.push(afterClause(keys, state.k, after))
      params.push(...after)
    }
    const order = keys.map((k) => `${k.expr}${k.desc ? ' DESC' : ''}`).join(', ')
    const selectText = typeof select === 'string' ? select : select(keys)
    const sql = `SELECT ${selectText} FROM ${table} t${conds.length ? ` WHERE ${conds.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ?`
    params.push(limit + 1)
    const ftsParameter = Object.keys(query).find((k) => query[k] !== undefined && this.spec.filters[k]?.kind === 'fts') ?? null
    const built: BuiltList = { sql, params, countSql, countParams, keys, sortText, limit, ftsParameter, select: selectText }
    if (fts?.idOrder && keys.length === 1 && keys[0].expr === 't.id') built.idOrder = { table, ftsTable: fts.table, match: fts.match, desc: keys[0].desc, after: start === null ? null : String(start[0]) }
    // The density is estimated only for q alone: then the q condition is the only one.
    else if (fts && fts.plan !== 'lookup' && fts.density !== null && fts.density >= FTS_PLANNING.rangeDensity) {
      const columns = keys.map((k, i) => `${k.expr} AS k${i}`).join(', ')
      const afterSql = (after: (string | number)[] | null, more: string[], chunkParams: unknown[]) => {
        const conds = after ? [afterClause(keys, after, chunkParams)] : []
        conds.push(...more)
        return conds.length ? ` WHERE ${conds.join(' AND ')}` : ''
      }
      built.range = {
        ftsTable: fts.table,
        match: fts.match,
        start,
        density: fts.density,
        keyCount: keys.length,
        order: keys.map((k, i) => `k${i}${k.desc ? ' DESC' : ''}`).join(', '),
        chunk: (after) => {
          const chunkParams: unknown[] = []
          return { sql: `SELECT t.pk AS pk, ${columns} FROM ${table} t${afterSql(after, [], chunkParams)} ORDER BY ${order}`, params: chunkParams }
        },
        fallback: (after) => {
          const restParams: unknown[] = []
          const where = afterSql(after, [ftsCondition(fts.plan, fts.table)], restParams)
          return { sql: `SELECT t.pk AS pk FROM ${table} t${where} ORDER BY ${order} LIMIT ?`, params: [...restParams, fts.match] }
        },
      }
    }
    return built
  }

  /** The page's rows: by the plan's SQL, or by their rowids from the id order or a range walk. */
  private pageRows(built: BuiltList): Row[] {
    const pks = built.idOrder ? idOrderPage(this.store, built.idOrder, built.limit + 1) : built.range ? rangeWalk(this.store, built.range, built.limit + 1) : null
    if (pks === null) return this.store.stmt<Row>(built.sql).all(...built.params)
    const rows = this.store.stmt<Row>(`SELECT t.pk AS __pk, ${built.select} FROM ${this.repo.def.table} t WHERE t.pk IN ${IN_LIST}`).all(JSON.stringify(pks))
    const byPk = new Map(rows.map((r) => [r.__pk as number, r]))
    return pks.map((pk) => {
      const row = byPk.get(pk)!
      delete row.__pk
      return row
    })
  }

  /** Runs a list query: the page's rows (of `select`), whether more follow, the cursor to them, the total when asked. */
  private page(query: ListQuery, select?: (keys: SortKey[]) => string): { rows: Row[]; has_more: boolean; next_cursor: string | null; total?: number } {
    const built = this.build(query, select)
    // Prepared outside the guard, so only errors of running the user's search text become a 400.
    this.store.stmt<Row>(built.sql)
    const guard = <T>(run: () => T): T => (built.ftsParameter ? withFtsErrors(built.ftsParameter, run) : run())
    const rows = guard(() => this.pageRows(built))
    const hasMore = rows.length > built.limit
    if (hasMore) rows.pop()
    const last = rows[rows.length - 1]
    const next = hasMore && last ? encodeCursor({ s: built.sortText, k: built.keys.map((k) => (last[k.field] ?? (k.nullable ? '' : null)) as string | number) }) : null
    if (!query.total) return { rows, has_more: hasMore, next_cursor: next }
    const count = this.store.stmt<{ n: number }>(built.countSql)
    return { rows, has_more: hasMore, next_cursor: next, total: guard(() => count.get(...built.countParams)!.n) }
  }

  list(query: ListQuery): ListPage {
    const includes = this.parseIncludes(query.include)
    const { rows, ...rest } = this.page(query)
    const data = this.repo.hydrate(rows)
    for (const inc of includes) this.spec.includes![inc].load(data, this.store)
    return { data, ...rest }
  }

  /**
   * The page list() answers, as the JSON text JSON.stringify would give, each record built in
   * SQLite, with its next_cursor (for a Link header); null when an include asked for has no SQL
   * form (then use list()).
   */
  listJson(query: ListQuery): { text: string; next_cursor: string | null } | null {
    const record = this.recordSqlWith(this.parseIncludes(query.include))
    if (record === null) return null
    const { rows, has_more, next_cursor, total } = this.page(query, (keys) => `${[...new Set(keys.map((k) => `t.${k.field}`))].join(', ')}, ${record} AS __json`)
    let text = '{"data":['
    for (let i = 0; i < rows.length; i++) text += (i > 0 ? ',' : '') + (rows[i].__json as string)
    text += `],"has_more":${has_more},"next_cursor":${JSON.stringify(next_cursor)}`
    return { text: total === undefined ? `${text}}` : `${text},"total":${total}}`, next_cursor }
  }

  /**
   * One record as GET answers it (with `include`), as JSON text built in SQLite, and its version.
   * undefined: no record has that id. null: an include is unknown or has no SQL form; get() and
   * embed() answer it (and name a bad include only once the record is found, as they always have).
   */
  getJson(id: string, include: string | undefined): { version: number; json: string } | undefined | null {
    let includes: string[]
    try {
      includes = this.parseIncludes(include)
    } catch {
      return null
    }
    const record = this.recordSqlWith(includes)
    if (record === null) return null
    let sql = this.getSqls.get(record)
    if (sql === undefined) this.getSqls.set(record, (sql = `SELECT t.version AS version, ${record} AS json FROM ${this.repo.def.table} t WHERE t.id = ?`))
    return this.store.stmt<{ version: number; json: string }>(sql).get(id)
  }

  /** GET's statement text by record SQL, so a request builds no SQL text. */
  private readonly getSqls = new Map<string, string>()

  /** Builds the record's SQL, alone and with each include, before the first request (it reads the table's columns). */
  prepareReads(): void {
    this.recordSqlWith([])
    for (const name of Object.keys(this.spec.includes ?? {})) this.recordSqlWith([name])
  }

  /** The record's SQL with these includes ('' when one has no SQL form), built once per combination. */
  private readonly recordSqls = new Map<string, string>()

  private recordSqlWith(includes: string[]): string | null {
    const key = includes.join(',')
    let sql = this.recordSqls.get(key)
    if (sql === undefined) {
      const override: Record<string, string> = {}
      const forms = includes.map((inc) => this.spec.includes![inc].sql)
      if (forms.every((f) => f !== undefined)) for (const f of forms) Object.assign(override, f!())
      sql = forms.every((f) => f !== undefined) ? recordSql(this.store, this.repo.def, override) : ''
      this.recordSqls.set(key, sql)
    }
    return sql === '' ? null : sql
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
