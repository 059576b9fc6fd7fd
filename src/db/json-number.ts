// SQLite's JSON functions print a REAL with up to 17 digits and always a
// point ("53.123456789012344", "5.0"); JavaScript prints the shortest digits
// that read back ("53.12345678901234", "5"). Records built as JSON inside
// SQLite (the export) print REALs through this function, so their bytes are
// the API's.
import type { Sqlite } from './client.js'

const NAME = 'parley_json_number'
const registered = new WeakSet<Sqlite>()

/** An SQL expression giving `expr` (a REAL or NULL) as a JSON value, printed as JavaScript prints it. */
export const jsonNumberSql = (expr: string) => `json(${NAME}(${expr}))`

/** Makes jsonNumberSql usable on this connection (once per connection). */
export function registerJsonNumber(sqlite: Sqlite): void {
  if (registered.has(sqlite)) return
  sqlite.function(NAME, { deterministic: true }, (x: unknown) => (x == null ? null : JSON.stringify(x)))
  registered.add(sqlite)
}
