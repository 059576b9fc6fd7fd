// Imports records that refer to each other by client-chosen keys, all or
// nothing, in one transaction. A key seen before (in this file or an earlier
// import) updates its record in place, so importing a file twice changes
// nothing. Every bad record is reported, by line and JSON pointer, not just
// the first; when there is any, the transaction is rolled back.
//
// Memory: records are consumed one at a time from an iterator, so a file is
// never held whole, and nothing grows with the file: the keys seen are
// remembered up to REMEMBERED_KEYS at a time (the rest are read back from
// import_keys), the keys of bad records for the first MAX_FAILED_KEYS, and the
// deferred indexes are filled every FILL_EVERY records (see deferred-indexes.ts).
import type { ValidateFunction } from 'ajv'
import { SqliteError } from 'better-sqlite3'
import { ID_PREFIX, type EntityType } from '../lib/ids.js'
import { ProblemError } from '../lib/problem.js'
import { fieldErrors } from '../plugins/problems.js'
import { makeBodyAjv } from '../plugins/validation.js'
import type { Repositories } from '../resources/index.js'
import type { Obj } from '../engine/repository.js'
import type { WriteContext } from '../db/store.js'
import type { ImportIssueT, ImportReportT } from '../schemas/data.js'
import { namedSchemas } from '../schemas/index.js'
import { DeferredIndexes } from '../db/deferred-indexes.js'
import { RECORD_TYPE_INFO, idType, type RecordType } from './record-types.js'
import { mapReferences } from './references.js'

export type ImportIssue = ImportIssueT
export type ImportReport = ImportReportT

/** One record as read from a file: its parsed value, or why it did not parse. */
export interface ImportItem {
  /** The line of an NDJSON file, or the position of the record in a bundle (1-based). */
  line: number
  value?: unknown
  parseError?: string
}

export interface ImportOptions {
  dryRun?: boolean
  ctx?: WriteContext
  /** The most errors the report lists (default 1,000); the rest are counted in `invalid`. */
  maxErrors?: number
  /**
   * The bulk path (default true): search indexes and feed_* tables are filled
   * set-based after the records rather than by triggers (see
   * deferred-indexes.ts), and each record is written from the parsed item
   * itself. false writes each record as an API create does (a copy of it,
   * triggers on): the reference the bulk path is tested against.
   */
  deferIndexes?: boolean
  /** Records created between fills of the deferred indexes (default FILL_EVERY). */
  fillEvery?: number
  /** How many keys to remember (default REMEMBERED_KEYS). */
  rememberedKeys?: number
  /** Called after each record with the number read so far (for progress bars). */
  onRecord?: (records: number) => void
}

export const MAX_REPORTED_ERRORS = 1000
/**
 * How many records are created between fills of the deferred indexes. A fill's
 * sorts (the feed tables' GROUP BYs) hold up to the page cache's size in RAM
 * whatever the number of rows: filling every 10,000 records keeps them small,
 * at no measurable cost in speed.
 */
export const FILL_EVERY = 10_000
/** Keys of bad records remembered, so records naming them say so; past these, such a reference reads as a key nothing has. */
const MAX_FAILED_KEYS = 10_000
/**
 * How many import keys are remembered at most; the rest are read back from
 * import_keys. Small enough that the Map's table stays out of V8's large-object
 * space: with 5,000 or 20,000 the import's peak RSS was ~20 MB higher, for no
 * measurable speed.
 */
export const REMEMBERED_KEYS = 2_000

interface Validators {
  record: ValidateFunction
  create: Record<RecordType, ValidateFunction>
  update: Record<RecordType, ValidateFunction>
}

let validators: Validators | undefined

/** The same strict Ajv that checks request bodies, compiled once per process (call early to keep it out of timings). */
export function compileValidators(): Validators {
  if (validators) return validators
  const ajv = makeBodyAjv(namedSchemas)
  const get = (id: string) => ajv.getSchema(id) ?? (() => { throw new Error(`no schema ${id}`) })()
  const create = {} as Record<RecordType, ValidateFunction>
  const update = {} as Record<RecordType, ValidateFunction>
  for (const info of Object.values(RECORD_TYPE_INFO)) {
    create[info.type] = get(info.schemas.Create.$id!)
    update[info.type] = get(info.schemas.Update.$id!)
  }
  validators = { record: get('ImportRecord'), create, update }
  return validators
}

class Rollback extends Error {}

/** `evt_` and the like: how the ids of each type start. */
const ID_START = Object.fromEntries(Object.entries(ID_PREFIX).map(([type, prefix]) => [type, `${prefix}_`])) as Record<EntityType, string>

const what = (type: string) => (type === 'term' ? 'deal term' : type)
/** "an event", "a source". */
const a = (type: string) => `${/^[aeiou]/.test(what(type)) ? 'an' : 'a'} ${what(type)}`

/** Imports records in one transaction; bad records are reported, never thrown. Takes ownership of the items (their data is changed in place). */
export function importRecords(repos: Repositories, items: Iterable<ImportItem>, opts: ImportOptions = {}): ImportReport {
  const report: ImportReport = { dry_run: !!opts.dryRun, records: 0, created: 0, updated: 0, unchanged: 0, invalid: 0, errors: [], errors_truncated: false }
  const maxErrors = opts.maxErrors ?? MAX_REPORTED_ERRORS
  const ctx = opts.ctx ?? {}
  const { store } = repos
  const v = compileValidators()
  const bulk = opts.deferIndexes !== false
  const deferred = new DeferredIndexes(store)
  let sinceFill = 0
  const fillEvery = opts.fillEvery ?? FILL_EVERY
  const maxKeys = opts.rememberedKeys ?? REMEMBERED_KEYS
  const keys = new Map<string, string>()
  // Keys of records that were bad, so records naming them say why rather than "no such key".
  const failed = new Map<string, number>()
  // Bounded, so memory does not grow with the file: when full it starts over (the
  // keys in use come back at their next lookup). Not an LRU: deleting and
  // re-adding on every hit made V8 rebuild the Map's table over and over, and
  // those copies filled the old generation.
  const remember = (key: string, id: string) => {
    if (keys.size >= maxKeys) keys.clear()
    keys.set(key, id)
  }
  const savedKey = (key: string): string | undefined => {
    const hit = keys.get(key)
    if (hit) return hit
    const row = store.stmt<{ entity_id: string }>('SELECT entity_id FROM import_keys WHERE key = ?').get(key)
    if (row) remember(key, row.entity_id)
    return row?.entity_id
  }

  const importOne = (item: ImportItem, issues: Omit<ImportIssue, 'line' | 'key'>[]): string | undefined => {
    const fail = (pointer: string, message: string) => void issues.push({ pointer, message })
    if (item.parseError !== undefined) return fail('', item.parseError)
    if (!v.record(item.value)) {
      for (const e of fieldErrors(v.record.errors ?? [], 'body')) fail(e.pointer === '/' ? '' : e.pointer, e.detail)
      return typeof (item.value as Obj)?.key === 'string' ? ((item.value as Obj).key as string) : undefined
    }
    const { type, key, data } = item.value as { type: RecordType; key?: string; data: Obj }
    const info = RECORD_TYPE_INFO[type]
    const repo = repos[info.collection].repo

    // Which record the key names: an id-shaped key is the id itself.
    let existing: { id: string; version: number; pk: number } | undefined
    let newId: string | undefined
    if (key !== undefined) {
      const shapedAs = idType(key)
      const id = shapedAs ? key : savedKey(key)
      if (shapedAs && shapedAs !== type) {
        fail('/key', `${key} is shaped like the id of ${a(shapedAs)}, not of ${a(type)}.`)
        return key
      }
      if (id && !shapedAs && !id.startsWith(`${ID_PREFIX[type]}_`)) {
        fail('/key', `The key ${key} already names ${a(idType(id) ?? 'record')} (${id}).`)
        return key
      }
      const row = id ? repo.findRow(id) : undefined
      if (row) existing = { id: id!, version: row.version as number, pk: row.pk as number }
      else if (shapedAs) newId = key
    }

    mapReferences(type, data, (value, target, pointer) => {
      const at = () => `/data${pointer()}`
      const shapedAs = idType(value)
      if (shapedAs) return value
      const failedOn = failed.get(value)
      if (failedOn !== undefined) {
        fail(at(), `${value} is the key of the record on line ${failedOn}, which is invalid.`)
        return value
      }
      const id = savedKey(value)
      if (id) {
        if (!id.startsWith(ID_START[target])) fail(at(), `The key ${value} names ${a(idType(id) ?? 'record')}, not ${a(target)}.`)
        return id
      }
      // Actors may be named by slug; the actor check resolves or rejects it.
      if (target !== 'actor') fail(at(), `No ${what(target)} has the key ${JSON.stringify(value)} (in this file above this line, or in an earlier import), and it is not ${a(target)} id.`)
      return value
    })

    const schemaCheck = existing ? v.update[type] : v.create[type]
    if (!schemaCheck(data)) {
      const reported = new Set(issues.map((i) => i.pointer))
      for (const e of fieldErrors(schemaCheck.errors ?? [], 'body')) {
        const pointer = `/data${e.pointer === '/' ? '' : e.pointer}`
        if (!reported.has(pointer)) fail(pointer, e.detail)
      }
    }
    if (issues.length > 0) return key

    try {
      if (existing) {
        const after = repo.patchInTx(existing.id, data, ctx).version
        if (after === existing.version) report.unchanged++
        else report.updated++
      } else {
        if (bulk) deferred.begin()
        const record = repo.insertInTx(data, ctx, newId, bulk)
        report.created++
        if (++sinceFill >= fillEvery) {
          deferred.finish()
          sinceFill = 0
        }
        if (key !== undefined && !newId) {
          remember(key, record.id as string)
          store.stmt('INSERT OR REPLACE INTO import_keys (key, entity_type, entity_id) VALUES (?, ?, ?)').run(key, type, record.id)
        }
      }
    } catch (err) {
      if (err instanceof ProblemError) {
        if (err.errors?.length) for (const e of err.errors) fail(`/data${e.pointer === '/' ? '' : e.pointer}`, e.detail)
        else fail('/data', err.message)
      } else if (err instanceof SqliteError && err.code.startsWith('SQLITE_CONSTRAINT')) {
        // The checks above should catch everything a constraint does; say so plainly if one slips through.
        fail('/data', `The record breaks a database rule (${err.code.replace('SQLITE_CONSTRAINT_', '').toLowerCase()}).`)
      } else throw err
    }
    return key
  }

  // No bigger page cache for the import: 256 MiB saved ~13% of its CPU but took
  // the server's peak RSS from ~225 to ~433 MB (the target is 200 MB). Its
  // statement journals go to temporary files instead of RAM: 100k records held
  // ~149 MB of them in memory against ~77 MB, at the same speed. (SQLite refuses
  // the change inside a transaction; an import nested in one keeps the setting.)
  const tempStore = store.sqlite.inTransaction ? null : (store.sqlite.pragma('temp_store', { simple: true }) as number)
  if (tempStore !== null) store.sqlite.pragma('temp_store = FILE')
  try {
    store.write(() => store.rememberLookups(() => {
      for (const item of items) {
        report.records++
        const issues: Omit<ImportIssue, 'line' | 'key'>[] = []
        const key = importOne(item, issues)
        if (issues.length > 0) {
          report.invalid++
          // Only a key that names nothing yet makes later references to it fail.
          if (key !== undefined && failed.size < MAX_FAILED_KEYS && !idType(key) && !savedKey(key)) failed.set(key, item.line)
          for (const i of issues) {
            if (report.errors.length < maxErrors) report.errors.push({ line: item.line, ...(key !== undefined ? { key } : {}), ...i })
            else report.errors_truncated = true
          }
        } else if (key !== undefined) failed.delete(key)
        opts.onRecord?.(report.records)
      }
      if (opts.dryRun || report.invalid > 0) throw new Rollback()
      deferred.finish()
    }))
  } catch (err) {
    if (!(err instanceof Rollback)) throw err
  } finally {
    if (tempStore !== null) store.sqlite.pragma(`temp_store = ${tempStore}`)
  }
  return report
}
