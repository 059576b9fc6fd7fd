// One collection as a CSV table for spreadsheets, R and pandas: one row a
// record, nested values flattened by the rules the CsvTable schema documents.
import { Readable } from 'node:stream'
import { stringify } from 'csv-stringify'
import type { Obj } from '../engine/repository.js'
import { RECORD_TYPE_INFO, type RecordType } from '../import/record-types.js'

/** Lists of ids or vocabulary values: none can hold a `;`, so they are joined with it. */
const JOINED = new Set(['contexts', 'about_actor_ids', 'about_term_ids'])
/** Lists of {actor_id, <second>} pairs, written `actor_id:<second>;…`. */
const PAIRS: Record<string, string> = { participants: 'role', parties: 'side' }
const LOCATION = ['name', 'country', 'latitude', 'longitude']

type Column = { header: string; get: (r: Obj) => unknown }

/** The columns of a type's table, in the order of its fields. */
export function csvColumns(type: RecordType): Column[] {
  const cols: Column[] = [{ header: 'id', get: (r) => r.id }]
  for (const f of RECORD_TYPE_INFO[type].fields) {
    if (f === 'location') {
      for (const part of LOCATION) cols.push({ header: `location_${part}`, get: (r) => (r.location as Obj | null)?.[part] })
    } else if (JOINED.has(f)) {
      cols.push({ header: f, get: (r) => (r[f] as string[]).join(';') })
    } else if (PAIRS[f]) {
      cols.push({ header: f, get: (r) => (r[f] as Obj[]).map((p) => `${p.actor_id}:${p[PAIRS[f]]}`).join(';') })
    } else {
      cols.push({ header: f, get: (r) => (r[f] !== null && typeof r[f] === 'object' ? JSON.stringify(r[f]) : r[f]) })
    }
  }
  for (const f of ['version', 'created_at', 'updated_at']) cols.push({ header: f, get: (r) => r[f] })
  return cols
}

/** A CSV stream of the records, header first; reads the next record only when the reader wants more. */
export function csvStream(type: RecordType, records: Iterable<Obj>): Readable {
  const cols = csvColumns(type)
  const rows = function* () {
    for (const r of records) yield cols.map((c) => c.get(r) ?? null)
  }
  // A cell starting with = + - @ would run as a formula in a spreadsheet; escape_formulas quotes it with a leading '.
  const out = stringify({ header: true, columns: cols.map((c) => c.header), escape_formulas: true })
  const source = Readable.from(rows())
  source.on('error', (err) => out.destroy(err))
  out.on('close', () => source.destroy())
  return source.pipe(out)
}
