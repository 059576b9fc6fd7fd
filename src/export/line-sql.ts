// Each record's import line, `{type, key, data}`, built as JSON inside SQLite
// from the resource definitions (columns, JSON lists, fuzzy dates, children's
// jsonSql, fieldSql), so an export turns no row into a JavaScript object.
// The bytes must be those of JSON.stringify of the record the API serves:
// test/export-sql.test.ts compares them for every record type.
import type { Repositories } from '../repositories/index.js'
import { jsonNumberSql, registerJsonNumber } from '../repositories/json-number.js'
import type { ResourceDef } from '../repositories/resource-repository.js'
import type { Store } from '../repositories/store.js'
import type { RecordTypeInfo } from '../import/record-types.js'

/** The stored columns of a table holding REALs, which SQLite's JSON would print otherwise than the API. */
function realColumns(store: Store, table: string): Set<string> {
  const cols = store.sqlite.pragma(`table_info(${table})`) as { name: string; type: string }[]
  return new Set(cols.filter((c) => /REAL|FLOA|DOUB/i.test(c.type)).map((c) => c.name))
}

/** One field of the record in row `t`, as an SQL expression json_object takes. */
function fieldExpr(def: ResourceDef, field: string, reals: Set<string>): string {
  const child = def.children?.find((c) => c.field === field)
  if (child) {
    if (!child.jsonSql) throw new Error(`The ${def.what} list ${field} has no jsonSql: the export cannot build it.`)
    return child.jsonSql('t.id')
  }
  const derived = def.fieldSql?.[field]
  if (derived) return derived
  // As toRecord reads them: JSON text parsed, a missing list as [].
  if (def.json?.includes(field)) return `json(coalesce(t.${field}, '[]'))`
  if (def.columns.includes(field) || def.fuzzyDates?.includes(field)) return reals.has(field) ? jsonNumberSql(`t.${field}`) : `t.${field}`
  throw new Error(`The ${def.what} field ${field} has no SQL: add it to the definition's fieldSql.`)
}

/** The line of row `t` carrying `fields` (in that order) as an SQL expression giving JSON text. */
export function lineSql(repos: Repositories, info: RecordTypeInfo, fields: string[]): string {
  const { store, def } = repos[info.collection].repo
  registerJsonNumber(store.sqlite)
  const reals = realColumns(store, def.table)
  const data = fields.map((f) => `'${f}', ${fieldExpr(def, f, reals)}`).join(', ')
  // The wrapper by concatenation: json_object would copy the data object once more.
  return `'{"type":${JSON.stringify(info.type)},"key":' || json_quote(t.id) || ',"data":' || json_object(${data}) || '}'`
}
