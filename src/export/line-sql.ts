// Each record's import line, `{type, key, data}`, built as JSON inside SQLite
// from the resource definitions (src/engine/record-sql.ts), so an export
// turns no row into a JavaScript object. The bytes must be those of
// JSON.stringify of the record the API serves: test/export-sql.test.ts
// compares them for every record type.
import type { Repositories } from '../resources/index.js'
import { objectSql } from '../engine/record-sql.js'
import type { RecordTypeInfo } from '../import/record-types.js'

/** The line of row `t` carrying `fields` (in that order) as an SQL expression giving JSON text. */
export function lineSql(repos: Repositories, info: RecordTypeInfo, fields: string[]): string {
  const { store, def } = repos[info.collection].repo
  // The wrapper by concatenation: json_object would copy the data object once more.
  return `'{"type":${JSON.stringify(info.type)},"key":' || json_quote(t.id) || ',"data":' || ${objectSql(store, def, fields)} || '}'`
}
