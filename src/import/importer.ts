// Imports records that refer to each other by client-chosen keys, all or
// nothing, in one transaction. A key seen before (in this file or an earlier
// import) updates its record in place, so importing a file twice changes nothing.
import { ID_PREFIX, type EntityType } from '../lib/ids.js'
import { ProblemError } from '../lib/problem.js'
import type { Repositories, ResourceName } from '../repositories/index.js'
import type { Obj } from '../repositories/resource-repository.js'
import type { WriteContext } from '../repositories/store.js'
import { mapReferences } from './references.js'

export interface ImportRecord {
  type: string
  key?: string
  data: Obj
  /** Where the record came from, for the report: a line number in NDJSON, an index in a bundle. */
  line?: number
}

export interface ImportIssue {
  line: number
  key?: string
  pointer: string
  message: string
}

export interface ImportReport {
  dry_run: boolean
  records: number
  created: number
  updated: number
  unchanged: number
  errors: ImportIssue[]
}

export const RESOURCE_OF: Record<string, ResourceName> = {
  source: 'sources',
  actor: 'actors',
  position: 'positions',
  relation: 'relations',
  event: 'events',
  quote: 'quotes',
  deal: 'deals',
  term: 'terms',
}

class Rollback extends Error {}

/** Imports records; throws nothing for bad records but reports every one of them. */
export function importRecords(repos: Repositories, records: Iterable<ImportRecord>, opts: { dryRun?: boolean; ctx?: WriteContext } = {}): ImportReport {
  const report: ImportReport = { dry_run: !!opts.dryRun, records: 0, created: 0, updated: 0, unchanged: 0, errors: [] }
  const ctx = opts.ctx ?? {}
  const { store } = repos
  const keys = new Map<string, string>()
  const knownKey = (key: string): string | undefined => {
    const hit = keys.get(key)
    if (hit) return hit
    const row = store.stmt<{ entity_id: string }>('SELECT entity_id FROM import_keys WHERE key = ?').get(key)
    if (row) keys.set(key, row.entity_id)
    return row?.entity_id
  }
  try {
    store.write(() => {
      for (const rec of records) {
        report.records++
        const line = rec.line ?? report.records
        const name = RESOURCE_OF[rec.type]
        if (!name) {
          report.errors.push({ line, key: rec.key, pointer: '/type', message: `Unknown record type ${JSON.stringify(rec.type)}; use one of ${Object.keys(RESOURCE_OF).join(', ')}.` })
          continue
        }
        if (rec.data === null || typeof rec.data !== 'object' || Array.isArray(rec.data)) {
          report.errors.push({ line, key: rec.key, pointer: '/data', message: 'data must be an object.' })
          continue
        }
        const type = rec.type as EntityType
        const data = structuredClone(rec.data)
        mapReferences(type, data, knownKey)
        const repo = repos[name].repo
        try {
          const existing = rec.key ? knownKey(rec.key) : undefined
          if (existing && !existing.startsWith(`${ID_PREFIX[type]}_`)) {
            throw new ProblemError(400, 'validation_failed', `The key ${rec.key} already names a record of another type.`, { errors: [{ in: 'body', pointer: '/key', detail: 'names a record of another type.' }] })
          }
          if (existing && repo.findRow(existing)) {
            const before = repo.findRow(existing)!.version
            const after = repo.patchInTx(existing, data, ctx).version
            if (after === before) report.unchanged++
            else report.updated++
          } else {
            const record = repo.insertInTx(data, ctx)
            report.created++
            if (rec.key) {
              keys.set(rec.key, record.id as string)
              store.stmt('INSERT OR REPLACE INTO import_keys (key, entity_type, entity_id) VALUES (?, ?, ?)').run(rec.key, type, record.id)
            }
          }
        } catch (err) {
          if (!(err instanceof ProblemError)) throw err
          const where = (p: string) => `/data${p === '/' ? '' : p}`
          if (err.errors?.length) for (const e of err.errors) report.errors.push({ line, key: rec.key, pointer: where(e.pointer), message: e.detail })
          else report.errors.push({ line, key: rec.key, pointer: '/data', message: err.message })
        }
      }
      if (opts.dryRun || report.errors.length > 0) throw new Rollback()
    })
  } catch (err) {
    if (!(err instanceof Rollback)) throw err
  }
  return report
}
