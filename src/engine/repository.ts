// Create, read, update and delete for any resource, from a declarative
// definition. Each write runs in one transaction with its change-log entry,
// so a request that fails writes nothing.
import { parseFuzzyDate } from '../lib/fuzzy-date.js'
import { newId, type EntityType } from '../lib/ids.js'
import { ProblemError, notFound, preconditionFailed } from '../lib/problem.js'
import { Checker } from './checker.js'
import { mergePatch } from './merge-patch.js'
import { placeholders, type Store, type WriteContext } from '../db/store.js'

export type Obj = Record<string, unknown>
export type Row = Record<string, unknown>

/** What a write's If-Match allows: one version, any of several, or (undefined) any. */
export type IfMatch = number | readonly number[]

function versionMatches(ifMatch: IfMatch | undefined, version: unknown): boolean {
  if (ifMatch === undefined) return true
  return typeof ifMatch === 'number' ? ifMatch === version : ifMatch.includes(version as number)
}

/** A list held by a record in its own table (participants, citations, ...). */
export interface Child {
  field: string
  load(store: Store, ids: string[]): Map<string, unknown[]>
  /** Replaces the record's list (`fresh`: the record is new, so there is no list to remove); returns it as load() would (a create answers from it without reading back). */
  save(store: Store, id: string, items: Obj[], fresh?: boolean): unknown[]
  /** Removes the record's list before the record itself is deleted. */
  remove?(store: Store, id: string): void
  /**
   * An SQL expression giving the list as load() would, as JSON text, for the record whose id is `parentId`
   * (reads and the export build records in SQLite). `extra`: more `'key', expr` pairs for each item, over its row `c` (an include).
   */
  jsonSql?(parentId: string, extra?: string): string
}

export interface ResourceDef {
  type: EntityType
  table: string
  /** Human name for messages: "event", "deal term". */
  what: string
  /** API fields stored as a column of the same name. */
  columns: string[]
  /** API fields holding JSON arrays, stored as JSON text. */
  json?: string[]
  /** API fields holding fuzzy dates, stored with `_start` and `_end` columns. */
  fuzzyDates?: string[]
  /** API fields that are never stored on the row (children, write-only inputs). */
  virtual?: string[]
  /** Column values derived from the whole record (spans, flattened objects). */
  toRow?(obj: Obj, row: Row): void
  fromRow?(row: Row, entity: Obj, store: Store): void
  /** Adds derived fields to a batch of records with a bounded number of queries. */
  decorate?(store: Store, records: Obj[]): void
  /** The fields fromRow and decorate add, as SQL expressions over the row `t` (the export builds records in SQLite). */
  fieldSql?: Record<string, string>
  children?: Child[]
  /** Semantic checks; may resolve references in place (slugs to ids). */
  check(obj: Obj, checker: Checker, store: Store, existingId: string | null): void
  /** Queries naming records that refer to this one: `SELECT id [, type] FROM … WHERE col = ?`. */
  references?: { type: string; sql: string }[]
  /** Runs in the delete transaction before the row goes: removes rows that hang on it without being children. */
  beforeDelete?(store: Store, id: string): void
  /** Runs in the write transaction after the row and children are stored. */
  afterWrite?(store: Store, id: string, before: Obj | null, obj: Obj, input: Obj): void
}

const META = new Set(['id', 'version', 'created_at', 'updated_at'])

class Unchanged extends Error {}

/** Two hydrations of one record, compared without the fields every write moves. */
function sameContent(a: Obj, b: Obj): boolean {
  const strip = ({ version: _v, updated_at: _u, ...rest }: Obj) => JSON.stringify(rest)
  return strip(a) === strip(b)
}

export class ResourceRepository {
  private readonly insertSql: string
  private readonly updateSql: string
  private readonly rowColumns: string[]

  constructor(
    readonly store: Store,
    readonly def: ResourceDef,
  ) {
    const sample: Row = {}
    this.rowColumns = [...def.columns, ...(def.json ?? [])]
    for (const f of def.fuzzyDates ?? []) this.rowColumns.push(f, `${f}_start`, `${f}_end`)
    // toRow may add derived columns: learn their names from an empty record.
    def.toRow?.({}, sample)
    for (const k of Object.keys(sample)) if (!this.rowColumns.includes(k)) this.rowColumns.push(k)
    const cols = ['id', ...this.rowColumns, 'version', 'created_at', 'updated_at']
    this.insertSql = `INSERT INTO ${def.table} (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`
    this.updateSql = `UPDATE ${def.table} SET ${this.rowColumns.map((c) => `${c} = @${c}`).join(', ')}, version = version + 1, updated_at = @updated_at WHERE id = @id`
  }

  /** Record to row: plain columns, JSON text, fuzzy-date spans, derived columns. */
  private toRow(obj: Obj): Row {
    const row: Row = {}
    for (const c of this.def.columns) row[c] = obj[c] ?? null
    for (const c of this.def.json ?? []) row[c] = JSON.stringify(obj[c] ?? [])
    for (const f of this.def.fuzzyDates ?? []) {
      const span = obj[f] == null ? null : parseFuzzyDate(String(obj[f]))
      row[f] = span?.text ?? null
      row[`${f}_start`] = span?.start ?? null
      row[`${f}_end`] = span?.end ?? null
    }
    this.def.toRow?.(obj, row)
    return row
  }

  /** Rows to API records, loading each child list with one query for the whole batch. */
  hydrate(rows: Row[]): Obj[] {
    const def = this.def
    const out = rows.map((row) => this.toRecord(row))
    if (out.length > 0) {
      const ids = out.map((e) => e.id as string)
      for (const child of def.children ?? []) {
        const lists = child.load(this.store, ids)
        for (const e of out) e[child.field] = lists.get(e.id as string) ?? []
      }
      def.decorate?.(this.store, out)
    }
    return out
  }

  /** One row to its API record, without child lists or decorations. */
  private toRecord(row: Row): Obj {
    const def = this.def
    const e: Obj = { id: row.id }
    for (const c of def.columns) e[c] = row[c]
    for (const c of def.json ?? []) e[c] = typeof row[c] === 'string' ? JSON.parse(row[c] as string) : (row[c] ?? [])
    for (const f of def.fuzzyDates ?? []) e[f] = row[f]
    def.fromRow?.(row, e, this.store)
    e.version = row.version
    e.created_at = row.created_at
    e.updated_at = row.updated_at
    return e
  }

  findRow(id: string): Row | undefined {
    return this.store.stmt<Row>(`SELECT * FROM ${this.def.table} WHERE id = ?`).get(id)
  }

  get(id: string): Obj | null {
    const row = this.findRow(id)
    return row ? this.hydrate([row])[0] : null
  }

  getMany(ids: string[]): Obj[] {
    if (ids.length === 0) return []
    const rows = this.store.stmt<Row>(`SELECT * FROM ${this.def.table} WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids))
    const byId = new Map(this.hydrate(rows).map((e) => [e.id as string, e]))
    return ids.map((id) => byId.get(id)).filter((e): e is Obj => e !== undefined)
  }

  /** Checks, then stores, a whole record (create) inside the caller's transaction. */
  private validate(obj: Obj, existingId: string | null): void {
    const checker = new Checker(this.store)
    for (const f of this.def.fuzzyDates ?? []) checker.date(obj, f, `/${f}`)
    this.def.check(obj, checker, this.store, existingId)
    checker.throwIfAny()
  }

  /** Stores the child lists (those named in `only`, when given); returns them as stored. */
  private saveChildren(id: string, obj: Obj, only?: Obj, fresh?: boolean): Obj {
    const saved: Obj = {}
    for (const child of this.def.children ?? []) {
      if (only && !(child.field in only)) continue
      saved[child.field] = child.save(this.store, id, (obj[child.field] as Obj[] | undefined) ?? [], fresh)
    }
    return saved
  }

  /**
   * Inserts a record inside an open transaction; returns it as a read would.
   * Used by create and by the importer, which passes `owned` (the input is
   * its own to normalise in place, so it is not copied first).
   */
  insertInTx(input: Obj, ctx: WriteContext, id = newId(this.def.type), owned = false): Obj {
    const obj = owned ? input : structuredClone(input)
    this.validate(obj, null)
    const now = this.store.now()
    const row: Row = { ...this.toRow(obj), id, version: 1, created_at: now, updated_at: now }
    this.store.stmt(this.insertSql).run(row)
    // A new id has no child rows yet: nothing to remove first.
    const children = this.saveChildren(id, obj, undefined, true)
    this.def.afterWrite?.(this.store, id, null, obj, input)
    // The record as a read would answer it, built from what was just written rather than read back.
    const record = { ...this.toRecord(row), ...children }
    this.def.decorate?.(this.store, [record])
    this.store.logChange(this.def.type, id, 'create', 1, record, ctx)
    return record
  }

  /** create() sharing one commit with the writes that arrive with it (HTTP); settles after that commit. */
  createGrouped(input: Obj, ctx: WriteContext): Promise<Obj> {
    return this.store.writeGrouped(() => this.insertInTx(input, ctx))
  }

  /**
   * Applies a merge patch inside an open transaction. A patch that leaves the
   * record as it was is undone (through a savepoint) and bumps no version.
   */
  patchInTx(id: string, patch: Obj, ctx: WriteContext, ifMatch?: IfMatch): Obj {
    this.store.forgetLookups()
    const current = this.get(id)
    if (!current) throw notFound(this.def.what, id)
    if (!versionMatches(ifMatch, current.version)) throw preconditionFailed(current.version as number)
    const writable: Obj = {}
    for (const [k, v] of Object.entries(current)) if (!META.has(k)) writable[k] = v
    // A deep copy: checks normalise the merged record in place, and `current` must stay as it was to compare against.
    const merged = mergePatch(structuredClone(writable), patch) as Obj
    this.validate(merged, id)
    const apply = this.store.sqlite.transaction(() => {
      this.store.stmt(this.updateSql).run({ ...this.toRow(merged), id, updated_at: this.store.now() })
      this.saveChildren(id, merged, patch)
      this.def.afterWrite?.(this.store, id, current, merged, patch)
      const record = this.get(id)!
      if (sameContent(record, current)) throw new Unchanged()
      return record
    })
    let record: Obj
    try {
      record = apply()
    } catch (err) {
      if (err instanceof Unchanged) return current
      throw err
    }
    // Before and after: what the checks looked up, and this record, may have changed.
    this.store.forgetLookups()
    this.store.logChange(this.def.type, id, 'update', record.version as number, record, ctx)
    return record
  }

  /** update() sharing one commit with the writes that arrive with it (HTTP); settles after that commit. */
  updateGrouped(id: string, patch: Obj, ctx: WriteContext, ifMatch?: IfMatch): Promise<Obj> {
    return this.store.writeGrouped(() => this.patchInTx(id, patch, ctx, ifMatch))
  }

  /** Records that still refer to this one; deleting it would orphan them. */
  referencesTo(id: string): { type: string; id: string }[] {
    // Keyed by type and id: a record may refer through two columns (a term's obligor and beneficiary).
    const out = new Map<string, { type: string; id: string }>()
    for (const r of this.def.references ?? []) {
      for (const row of this.store.stmt<{ id: string; type?: string }>(r.sql).all(id)) {
        const ref = { type: row.type ?? r.type, id: row.id }
        out.set(`${ref.type}/${ref.id}`, ref)
      }
    }
    return [...out.values()]
  }

  deleteInTx(id: string, ctx: WriteContext, ifMatch?: IfMatch): void {
    this.store.forgetLookups()
    const row = this.findRow(id)
    if (!row) throw notFound(this.def.what, id)
    if (!versionMatches(ifMatch, row.version)) throw preconditionFailed(row.version as number)
    const refs = this.referencesTo(id)
    if (refs.length > 0) {
      const named = refs.slice(0, 10).map((r) => `${r.type} ${r.id}`).join(', ')
      throw new ProblemError(409, 'conflict', `The ${this.def.what} ${id} is still referred to by ${refs.length} record(s): ${named}${refs.length > 10 ? ', …' : ''}. Remove those references first.`, {
        extra: { references: refs.slice(0, 100) },
      })
    }
    for (const child of this.def.children ?? []) child.remove?.(this.store, id)
    this.def.beforeDelete?.(this.store, id)
    this.store.stmt(`DELETE FROM ${this.def.table} WHERE id = ?`).run(id)
    this.store.logChange(this.def.type, id, 'delete', (row.version as number) + 1, null, ctx)
  }

  /** delete() sharing one commit with the writes that arrive with it (HTTP); settles after that commit. */
  deleteGrouped(id: string, ctx: WriteContext, ifMatch?: IfMatch): Promise<void> {
    return this.store.writeGrouped(() => this.deleteInTx(id, ctx, ifMatch))
  }
}

/**
 * Loads a child list for a batch of parents with one query, grouped by parent.
 * `select` names the parent column `__parent`; one id (GET by id, the
 * commonest read) is matched with `= ?`, several with IN over json_each.
 */
export function childRowLoader(select: string, parentColumn: string, order: string, toItem?: (row: Row) => unknown): Child['load'] {
  const oneSql = `${select} WHERE ${parentColumn} = ?${order}`
  const manySql = `${select} WHERE ${parentColumn} IN (SELECT value FROM json_each(?))${order}`
  return (store, ids) => {
    const rows = ids.length === 1 ? store.stmt<Row>(oneSql).all(ids[0]) : store.stmt<Row>(manySql).all(JSON.stringify(ids))
    const out = new Map<string, unknown[]>()
    for (const row of rows) {
      const parent = row.__parent as string
      delete row.__parent
      const item = toItem ? toItem(row) : row
      const list = out.get(parent)
      if (list) list.push(item)
      else out.set(parent, [item])
    }
    return out
  }
}

/** A child list stored in a link table keyed by the parent id, loaded in one query per batch. */
export function linkTableChild(opts: {
  field: string
  table: string
  parentColumn: string
  columns: string[]
  orderBy?: string
  /** Stored columns the API item leaves out (kept for filters and sorting). */
  internal?: string[]
  /** Turns a stored row into the API item (defaults to the row as is, minus the parent column and the internal columns). */
  toItem?: (row: Row) => unknown
}): Child {
  const cols = opts.columns
  const itemColumns = cols.filter((c) => !opts.internal?.includes(c))
  const toItem =
    opts.toItem ??
    (opts.internal
      ? (row: Row) => {
          const item: Row = {}
          for (const c of itemColumns) item[c] = row[c]
          return item
        }
      : undefined)
  const order = opts.orderBy ? ` ORDER BY ${opts.orderBy}` : ''
  const load = childRowLoader(`SELECT ${opts.parentColumn} AS __parent, ${cols.join(', ')} FROM ${opts.table}`, opts.parentColumn, order, toItem)
  const insertSql = `INSERT INTO ${opts.table} (${opts.parentColumn}, ${cols.join(', ')}) VALUES (${placeholders(cols.length + 1)})`
  const deleteSql = `DELETE FROM ${opts.table} WHERE ${opts.parentColumn} = ?`
  return {
    field: opts.field,
    load,
    save(store, id, items, fresh) {
      if (!fresh) store.stmt(deleteSql).run(id)
      const insert = store.stmt(insertSql)
      return items.map((item) => {
        const values = cols.map((c) => (item[c] as unknown) ?? null)
        insert.run(id, ...values)
        const row: Row = {}
        cols.forEach((c, i) => (row[c] = values[i]))
        return toItem ? toItem(row) : row
      })
    },
    remove(store, id) {
      store.stmt(deleteSql).run(id)
    },
    // A custom toItem has a shape SQL cannot know; idListChild gives its own.
    jsonSql: opts.toItem
      ? undefined
      : (parentId, extra) =>
          `(SELECT json_group_array(json_object(${[...itemColumns.map((c) => `'${c}', c.${c}`), ...(extra ? [extra] : [])].join(', ')})${opts.orderBy ? ` ORDER BY c.${opts.orderBy}` : ''}) FROM ${opts.table} c WHERE c.${opts.parentColumn} = ${parentId})`,
  }
}

/** A list of plain ids kept in a link table (a quote's about_actor_ids). */
export function idListChild(opts: { field: string; table: string; parentColumn: string; column: string }): Child {
  const inner = linkTableChild({ field: opts.field, table: opts.table, parentColumn: opts.parentColumn, columns: [opts.column], orderBy: 'rowid', toItem: (r) => r[opts.column] })
  return {
    ...inner,
    save(store, id, items, fresh) {
      return inner.save(store, id, (items as unknown as string[]).map((v) => ({ [opts.column]: v })), fresh)
    },
    jsonSql: (parentId) => `(SELECT json_group_array(c.${opts.column} ORDER BY c.rowid) FROM ${opts.table} c WHERE c.${opts.parentColumn} = ${parentId})`,
  }
}
