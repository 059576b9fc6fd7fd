// Every record of every type (or of one collection, with its list filters) as
// the lines an import takes, `{type, key, data}`, in dependency order, read in
// keyset batches so memory does not grow with the data.
//
// Round trips: the key is the record's id and `data` holds the fields of the
// create body, so importing an export into an empty database recreates every
// record with its id, and exporting that gives the same bytes. Versions,
// timestamps and past statuses are not carried (an import starts records at
// version 1, with the current status and its provenance); a backup keeps them.
//
// The few references that can point down the file (an event's parent with a
// later id, a quote's terms, a term's links to a later term) are left out of
// the record and written at the end as a patch of the same key, which the
// importer applies as an update. Left out rather than emptied, so importing
// an export into the database it came from changes nothing.
import type { Repositories } from '../repositories/index.js'
import type { ListQuery } from '../repositories/list-query.js'
import type { Obj, Row } from '../repositories/resource-repository.js'
import type { ImportRecordT } from '../schemas/data.js'
import { RECORD_TYPE_INFO, type RecordType, type RecordTypeInfo } from '../import/record-types.js'

export const EXPORT_BATCH = 500

interface Deferral {
  /** The fields written later, as a patch. */
  fields: string[]
  /** True when the record has a reference written later; `sql` says the same of its row `t`. */
  needs(record: Obj): boolean
  sql: string
}

const DEFERRED: Partial<Record<RecordType, Deferral>> = {
  event: {
    fields: ['parent_event_id'],
    needs: (r) => typeof r.parent_event_id === 'string' && r.parent_event_id > (r.id as string),
    sql: 't.parent_event_id > t.id',
  },
  // Terms come after quotes, so a quote's terms always wait.
  quote: {
    fields: ['about_term_ids'],
    needs: (r) => (r.about_term_ids as string[]).length > 0,
    sql: 'EXISTS (SELECT 1 FROM quote_terms q WHERE q.quote_id = t.id)',
  },
  term: {
    fields: ['links'],
    needs: (r) => (r.links as Obj[]).some((l) => (l.target_term_id as string) > (r.id as string)),
    sql: 'EXISTS (SELECT 1 FROM term_links l WHERE l.term_id = t.id AND l.target_term_id > t.id)',
  },
}

export interface ExportOptions {
  /** One record type; every type when left out. */
  type?: RecordType
  /** The filters of that type's list endpoint. */
  query?: ListQuery
  batchSize?: number
}

/** Records of one type matching the filters (and an extra condition), hydrated, in id order, a batch at a time. */
export function* scanRecords(repos: Repositories, info: RecordTypeInfo, query: ListQuery = {}, extra?: string, batchSize = EXPORT_BATCH): Generator<Obj> {
  const { repo, list } = repos[info.collection]
  const { conds, params } = list.where(query)
  if (extra) conds.push(extra)
  const where = (more: string) => ` WHERE ${[...conds, more].join(' AND ')}`
  const sql = `SELECT t.* FROM ${repo.def.table} t${where('t.id > ?')} ORDER BY t.id LIMIT ?`
  let after = ''
  for (;;) {
    const rows = repo.store.stmt<Row>(sql).all(...params, after, batchSize)
    if (rows.length === 0) return
    yield* repo.hydrate(rows)
    if (rows.length < batchSize) return
    after = rows[rows.length - 1].id as string
  }
}

function line(info: RecordTypeInfo, record: Obj, fields = info.fields): ImportRecordT {
  const data: Obj = {}
  for (const f of fields) if (record[f] !== undefined) data[f] = record[f]
  return { type: info.type, key: record.id as string, data }
}

/** Checks the filters before anything is streamed, so a bad one is a 400 rather than a cut-off body. */
export function checkExportQuery(repos: Repositories, opts: ExportOptions): void {
  if (opts.type) repos[RECORD_TYPE_INFO[opts.type].collection].list.where(opts.query ?? {})
}

export function* exportRecords(repos: Repositories, opts: ExportOptions = {}): Generator<ImportRecordT> {
  const types = opts.type ? [RECORD_TYPE_INFO[opts.type]] : Object.values(RECORD_TYPE_INFO)
  const query = opts.query ?? {}
  for (const info of types) {
    const deferral = DEFERRED[info.type]
    // Left out, not emptied: on an import into a database that has the record, a missing field stays as it is.
    const early = deferral ? info.fields.filter((f) => !deferral.fields.includes(f)) : info.fields
    for (const record of scanRecords(repos, info, query, undefined, opts.batchSize)) {
      yield line(info, record, deferral?.needs(record) ? early : info.fields)
    }
  }
  for (const info of types) {
    const deferral = DEFERRED[info.type]
    if (!deferral) continue
    for (const record of scanRecords(repos, info, query, deferral.sql, opts.batchSize)) {
      yield line(info, record, deferral.fields)
    }
  }
}

/** Lines of NDJSON, gathered into chunks of about `size` characters so a stream carries few, large writes. */
export function* ndjsonChunks(records: Iterable<ImportRecordT>, size = 1 << 16): Generator<string> {
  let chunk = ''
  for (const r of records) {
    chunk += JSON.stringify(r) + '\n'
    if (chunk.length >= size) {
      yield chunk
      chunk = ''
    }
  }
  if (chunk) yield chunk
}
