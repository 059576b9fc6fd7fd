// A record as JSON text built inside SQLite from its resource definition
// (columns, JSON lists, fuzzy dates, each child's jsonSql, the definition's
// fieldSql for what fromRow/decorate add; REALs through json-number.ts).
// GET and list pages answer with it, and the export builds its lines with it,
// so no row becomes a JavaScript object on those paths. The bytes must be
// those of JSON.stringify of the hydrated record: test/record-sql.test.ts and
// test/export-sql.test.ts compare them.
import { jsonNumberSql, registerJsonNumber } from '../db/json-number.js'
import type { Obj, ResourceDef } from './repository.js'
import type { Store } from '../db/store.js'

const realsByConnection = new WeakMap<Store['sqlite'], Map<string, Set<string>>>()

/** The stored columns of a table holding REALs, which SQLite's JSON would print otherwise than the API (read once per connection). */
function realColumns(store: Store, table: string): Set<string> {
  let tables = realsByConnection.get(store.sqlite)
  if (!tables) realsByConnection.set(store.sqlite, (tables = new Map()))
  let reals = tables.get(table)
  if (!reals) {
    const cols = store.sqlite.pragma(`table_info(${table})`) as { name: string; type: string }[]
    tables.set(table, (reals = new Set(cols.filter((c) => /REAL|FLOA|DOUB/i.test(c.type)).map((c) => c.name))))
  }
  return reals
}

/** One field of the record in row `t`, as an SQL expression json_object takes. */
function fieldExpr(def: ResourceDef, field: string, reals: Set<string>): string {
  if (field === 'id' || field === 'version' || field === 'created_at' || field === 'updated_at') return `t.${field}`
  const child = def.children?.find((c) => c.field === field)
  if (child) {
    if (!child.jsonSql) throw new Error(`The ${def.what} list ${field} has no jsonSql: SQL cannot build it.`)
    return child.jsonSql('t.id')
  }
  const derived = def.fieldSql?.[field]
  if (derived) return derived
  // As toRecord reads them: JSON text parsed, a missing list as [].
  if (def.json?.includes(field)) return `json(coalesce(t.${field}, '[]'))`
  if (def.columns.includes(field) || def.fuzzyDates?.includes(field)) return reals.has(field) ? jsonNumberSql(`t.${field}`) : `t.${field}`
  throw new Error(`The ${def.what} field ${field} has no SQL: add it to the definition's fieldSql.`)
}

/**
 * The fields of a hydrated record in the order hydrate() sets them (JSON.stringify
 * prints them in that order): row fields, what fromRow adds, the meta fields,
 * the child lists, then what decorate adds.
 */
export function recordFields(def: ResourceDef): string[] {
  const fromRow: Obj = {}
  // fromRow only reshapes row values: an empty row names the fields it sets.
  def.fromRow?.({}, fromRow, undefined as unknown as Store)
  const head = ['id', ...def.columns, ...(def.json ?? []), ...(def.fuzzyDates ?? [])]
  head.push(...Object.keys(fromRow).filter((f) => !head.includes(f)))
  const children = (def.children ?? []).map((c) => c.field)
  const decorated = Object.keys(def.fieldSql ?? {}).filter((f) => !head.includes(f) && !children.includes(f))
  return [...head, 'version', 'created_at', 'updated_at', ...children, ...decorated]
}

/**
 * The record of row `t` carrying `fields` (in that order) as an SQL expression
 * giving JSON text. `override` replaces or adds fields (an include embedding
 * related records); an added field goes last, as the include puts it.
 */
export function objectSql(store: Store, def: ResourceDef, fields: string[], override: Record<string, string> = {}): string {
  registerJsonNumber(store.sqlite)
  const reals = realColumns(store, def.table)
  const all = [...fields, ...Object.keys(override).filter((f) => !fields.includes(f))]
  return `json_object(${all.map((f) => `'${f}', ${override[f] ?? fieldExpr(def, f, reals)}`).join(', ')})`
}

/** The whole record of row `t` as the API serves it, as JSON text. */
export function recordSql(store: Store, def: ResourceDef, override?: Record<string, string>): string {
  return objectSql(store, def, recordFields(def), override)
}
