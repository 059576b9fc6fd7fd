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
import type { Repositories } from '../resources/index.js'
import type { ListQuery } from '../engine/list-query.js'
import type { Obj, Row } from '../engine/repository.js'
import { RECORD_TYPE_INFO, type RecordType, type RecordTypeInfo } from '../import/record-types.js'
import { lineSql } from './line-sql.js'

export const EXPORT_BATCH = 1000
/**
 * Characters per chunk handed to the stream: few, large writes, yet each below
 * V8's large-object size (128 KiB; a string with non-Latin-1 text takes two
 * bytes a character), so a spent chunk dies young instead of lingering until a
 * full collection and growing the process's memory.
 */
const CHUNK_CHARS = 1 << 15

/** The fields written later, as a patch, and the SQL condition on row `t` saying it has a reference written later. */
const DEFERRED: Partial<Record<RecordType, { fields: string[]; sql: string }>> = {
  event: { fields: ['parent_event_id'], sql: 't.parent_event_id > t.id' },
  // Terms come after quotes, so a quote's terms always wait.
  quote: { fields: ['about_term_ids'], sql: 'EXISTS (SELECT 1 FROM quote_terms q WHERE q.quote_id = t.id)' },
  term: { fields: ['links'], sql: 'EXISTS (SELECT 1 FROM term_links l WHERE l.term_id = t.id AND l.target_term_id > t.id)' },
}

export interface ExportOptions {
  /** One record type; every type when left out. */
  type?: RecordType
  /** The filters of that type's list endpoint. */
  query?: ListQuery
  batchSize?: number
}

/** Some NDJSON lines (each ending in a newline) and how many records they hold. */
export interface ExportChunk {
  text: string
  records: number
}

/** Records of one type matching the filters, hydrated, in id order, a batch at a time (for CSV). */
export function* scanRecords(repos: Repositories, info: RecordTypeInfo, query: ListQuery = {}, batchSize = EXPORT_BATCH): Generator<Obj> {
  const { repo, list } = repos[info.collection]
  const { conds, params } = list.where(query)
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

/** Checks the filters before anything is streamed, so a bad one is a 400 rather than a cut-off body. */
export function checkExportQuery(repos: Repositories, opts: ExportOptions): void {
  if (opts.type) repos[RECORD_TYPE_INFO[opts.type].collection].list.where(opts.query ?? {})
}

/**
 * The lines of one type's records matching the filters (and an extra condition), in id order,
 * a batch a query. SQLite builds each line; rows come back as bare [id, line] arrays, joined
 * here into chunks (joining inside SQLite with group_concat costs more).
 */
function* scanLines(repos: Repositories, info: RecordTypeInfo, query: ListQuery, line: string, extra: string | undefined, batchSize: number): Generator<ExportChunk> {
  const { repo, list } = repos[info.collection]
  const { conds, params } = list.where(query)
  if (extra) conds.push(extra)
  const sql = `SELECT t.id, ${line} FROM ${repo.def.table} t WHERE ${[...conds, 't.id > ?'].join(' AND ')} ORDER BY t.id LIMIT ?`
  // Its own statement, not the store's cache: raw mode would change it for every other user.
  const stmt = repo.store.sqlite.prepare<unknown[], [string, string]>(sql).raw(true)
  let after = ''
  for (;;) {
    const rows = stmt.all(...params, after, batchSize)
    if (rows.length === 0) return
    let text = ''
    let records = 0
    for (const row of rows) {
      text += row[1] + '\n'
      records++
      if (text.length >= CHUNK_CHARS) {
        yield { text, records }
        text = ''
        records = 0
      }
    }
    if (records > 0) yield { text, records }
    if (rows.length < batchSize) return
    after = rows[rows.length - 1][0]
  }
}

/** Every record (of one type, with its list filters, when asked) as import lines in dependency order; references down the file as patches at the end. */
export function* exportRecords(repos: Repositories, opts: ExportOptions = {}): Generator<ExportChunk> {
  const types = opts.type ? [RECORD_TYPE_INFO[opts.type]] : Object.values(RECORD_TYPE_INFO)
  const query = opts.query ?? {}
  const batch = opts.batchSize ?? EXPORT_BATCH
  for (const info of types) {
    const deferral = DEFERRED[info.type]
    let line = lineSql(repos, info, info.fields)
    if (deferral) {
      // Left out, not emptied: on an import into a database that has the record, a missing field stays as it is.
      const early = lineSql(repos, info, info.fields.filter((f) => !deferral.fields.includes(f)))
      line = `CASE WHEN ${deferral.sql} THEN ${early} ELSE ${line} END`
    }
    yield* scanLines(repos, info, query, line, undefined, batch)
  }
  for (const info of types) {
    const deferral = DEFERRED[info.type]
    if (deferral) yield* scanLines(repos, info, query, lineSql(repos, info, deferral.fields), deferral.sql, batch)
  }
}

/** The text of the chunks, for a byte stream. */
export function* ndjsonText(chunks: Iterable<ExportChunk>): Generator<string> {
  for (const c of chunks) yield c.text
}
