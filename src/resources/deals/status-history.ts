// Status histories of deals and terms: written by the server in the same
// transaction as the change, with the date it happened and on whose word.
import { parseFuzzyDate } from '../../lib/fuzzy-date.js'
import type { Checker } from '../../engine/checker.js'
import type { Obj, ResourceDef, Row } from '../../engine/repository.js'
import type { Store } from '../../db/store.js'

export function checkStatusProvenance(obj: Obj, checker: Checker): void {
  checker.date(obj, 'status_as_of', '/status_as_of')
  checker.exists(obj, 'status_source_id', 'sources', 'source', '/status_source_id')
}

/** Appends a history entry when the status changes; amends the latest one's provenance otherwise. */
export function statusHistoryWriter(subjectType: 'deal' | 'term'): NonNullable<ResourceDef['afterWrite']> {
  return (store, id, before, obj, input) => {
    const asOf = obj.status_as_of == null ? null : parseFuzzyDate(String(obj.status_as_of))
    const sourceId = (obj.status_source_id as string | null | undefined) ?? null
    if (!before || before.status !== obj.status) {
      // A new status does not inherit the old one's date or source.
      const fresh = !before
      const as = fresh || 'status_as_of' in input ? asOf : null
      const src = fresh || 'status_source_id' in input ? sourceId : null
      store
        .stmt(
          'INSERT INTO status_history (subject_type, subject_id, status, previous_status, changed_on, changed_on_start, changed_on_end, recorded_at, source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(subjectType, id, obj.status, before?.status ?? null, as?.text ?? null, as?.start ?? null, as?.end ?? null, store.now(), src)
    } else if ('status_as_of' in input || 'status_source_id' in input) {
      store
        .stmt(
          'UPDATE status_history SET changed_on = ?, changed_on_start = ?, changed_on_end = ?, source_id = ? WHERE id = (SELECT max(id) FROM status_history WHERE subject_id = ?)',
        )
        .run(asOf?.text ?? null, asOf?.start ?? null, asOf?.end ?? null, sourceId, id)
    }
  }
}

/** A deleted deal or term takes its history along (the change log keeps the record of it). */
export function removeStatusHistory(store: Store, id: string): void {
  store.stmt('DELETE FROM status_history WHERE subject_id = ?').run(id)
}

export function loadStatusHistory(store: Store, ids: string[]): Map<string, Row[]> {
  const out = new Map<string, Row[]>()
  const rows = store
    .stmt<Row>(
      'SELECT subject_id, status, previous_status, changed_on, recorded_at, source_id FROM status_history WHERE subject_id IN (SELECT value FROM json_each(?)) ORDER BY id',
    )
    .all(JSON.stringify(ids))
  for (const { subject_id, ...entry } of rows) {
    const list = out.get(subject_id as string)
    if (list) list.push(entry)
    else out.set(subject_id as string, [entry])
  }
  return out
}

/** The current status's date and source, from the latest history entry of each record. */
export function decorateStatusProvenance(store: Store, records: Obj[]): void {
  const latest = store
    .stmt<Row>(
      'SELECT subject_id, changed_on, source_id FROM status_history WHERE id IN (SELECT max(id) FROM status_history WHERE subject_id IN (SELECT value FROM json_each(?)) GROUP BY subject_id)',
    )
    .all(JSON.stringify(records.map((r) => r.id)))
  const byId = new Map(latest.map((r) => [r.subject_id as string, r]))
  for (const r of records) {
    const h = byId.get(r.id as string)
    r.status_as_of = h?.changed_on ?? null
    r.status_source_id = h?.source_id ?? null
  }
}

/** decorateStatusProvenance for one row `t`, in SQL. */
const latestSql = (column: string) => `(SELECT h.${column} FROM status_history h WHERE h.subject_id = t.id ORDER BY h.id DESC LIMIT 1)`
export const statusProvenanceSql = { status_as_of: latestSql('changed_on'), status_source_id: latestSql('source_id') }

export const statusHistoryInclude = {
  description: 'The status history, oldest first.',
  load(records: Obj[], store: Store) {
    const map = loadStatusHistory(store, records.map((r) => r.id as string))
    for (const r of records) r.status_history = map.get(r.id as string) ?? []
  },
}
