// The hand-tuned reference's POST /v1/import: what an importer over this schema
// costs with nothing in between. It reads the NDJSON body whole, and writes the
// rows Parley's importer writes for the same records (base rows and their
// lists, citations with offsets, status history, import keys, the change log
// with each record as a read returns it, and the search indexes and feed
// tables, filled set-based by the same SQL Parley's deferred indexes use) in
// one transaction, with prepared statements. It checks nothing a constraint
// does not: a bad record fails the whole import with a 500. A key seen before
// updates its record (a merge patch over the record's latest change-log copy),
// always bumping its version. test/bench-reference-import.test.ts compares its
// rows with Parley's.
import { createHash } from 'node:crypto'
import type { Database, Statement } from 'better-sqlite3'
import { idType, type RecordType } from '../src/import/record-types.js'
import { mapReferences } from '../src/import/references.js'
import { parseFuzzyDate } from '../src/lib/fuzzy-date.js'
import { newId } from '../src/lib/ids.js'
import { DeferredIndexes } from '../src/db/deferred-indexes.js'
import { mergePatch } from '../src/engine/merge-patch.js'

type Data = Record<string, any>

/** A list a record keeps in a table of its own: how one item is stored, and what a read shows of it. */
interface ListSpec {
  field: string
  table: string
  parent: string
  columns: string[]
  /** The stored column values of one item. */
  values(item: any, ctx: Context): unknown[]
  /** The item as a read shows it, from its stored values. */
  shown(values: unknown[]): unknown
}

interface KindSpec {
  table: string
  /** Fields stored as a column of the same name. */
  plain: string[]
  /** Fields stored as JSON text (lists). */
  json?: string[]
  /** Fuzzy dates, stored with `_start` and `_end` columns. */
  dates?: string[]
  /** Derived columns, and their values. */
  derived?: { columns: string[]; values(d: Data): unknown[]; shown(d: Data): Data }
  lists: ListSpec[]
  /** Deals and terms keep a status history. */
  history?: 'deal' | 'term'
}

interface Context {
  /** The body of each source read or written, for citation offsets. */
  bodies: Map<string, string | null>
  sourceBody: Statement
}

const fuzzy = (v: unknown): [string | null, string | null, string | null] => {
  const span = v == null ? null : parseFuzzyDate(String(v))
  return span ? [span.text, span.start, span.end] : [null, null, null]
}

const objects = (field: string, table: string, parent: string, columns: string[]): ListSpec => ({
  field,
  table,
  parent,
  columns,
  values: (item) => columns.map((c) => item[c] ?? null),
  shown: (values) => Object.fromEntries(columns.map((c, i) => [c, values[i]])),
})

const ids = (field: string, table: string, parent: string, column: string): ListSpec => ({
  field,
  table,
  parent,
  columns: [column],
  values: (item) => [item],
  shown: (values) => values[0],
})

/** Citations: an excerpt found in its source's body gets its offsets, as Parley's check fills them in. */
const citations = (subjectType: string): ListSpec => ({
  field: 'citations',
  table: 'citations',
  parent: 'subject_id',
  columns: ['subject_type', 'source_id', 'excerpt', 'start_offset', 'end_offset', 'basis'],
  values(c, ctx) {
    let start = c.start_offset ?? null
    let end = c.end_offset ?? null
    if (start === null) {
      let body = ctx.bodies.get(c.source_id)
      if (body === undefined) ctx.bodies.set(c.source_id, (body = (ctx.sourceBody.pluck().get(c.source_id) as string | null | undefined) ?? null))
      const at = body == null ? -1 : body.indexOf(c.excerpt)
      if (at >= 0) [start, end] = [at, at + String(c.excerpt).length]
    }
    return [subjectType, c.source_id, c.excerpt, start, end, c.basis]
  },
  shown: ([, source_id, excerpt, start_offset, end_offset, basis]) => ({ source_id, excerpt, basis, start_offset, end_offset }),
})

const KINDS: Record<RecordType, KindSpec> = {
  source: {
    table: 'sources',
    plain: ['url', 'title', 'publisher', 'retrieved_at', 'language', 'kind', 'body'],
    dates: ['published_on'],
    derived: {
      columns: ['sha256'],
      values: (d) => [d.body == null ? null : createHash('sha256').update(String(d.body)).digest('hex')],
      shown: (d) => ({ sha256: d.body == null ? null : createHash('sha256').update(String(d.body)).digest('hex') }),
    },
    lists: [],
  },
  actor: {
    table: 'actors',
    plain: ['slug', 'name', 'kind', 'country', 'sector', 'description', 'wikidata_id'],
    json: ['aliases'],
    lists: [citations('actor')],
  },
  position: { table: 'positions', plain: ['holder_id', 'organization_id', 'title'], dates: ['started_on', 'ended_on'], lists: [citations('position')] },
  relation: { table: 'relations', plain: ['subject_id', 'object_id', 'type', 'description'], dates: ['started_on', 'ended_on'], lists: [citations('relation')] },
  event: {
    table: 'events',
    plain: ['title', 'summary', 'category', 'mode', 'status', 'parent_event_id', 'quantity'],
    json: ['contexts'],
    dates: ['occurred_on', 'ended_on'],
    derived: {
      columns: ['location_name', 'location_country', 'latitude', 'longitude', 'span_start', 'span_end'],
      values(d) {
        const loc = d.location
        const start = d.occurred_on == null ? null : parseFuzzyDate(String(d.occurred_on))
        const end = d.ended_on == null ? null : parseFuzzyDate(String(d.ended_on))
        return [loc?.name ?? null, loc?.country ?? null, loc?.latitude ?? null, loc?.longitude ?? null, start?.start ?? null, end?.end ?? start?.end ?? null]
      },
      shown: (d) => ({
        location: d.location?.name == null ? null : { name: d.location.name, country: d.location.country ?? null, latitude: d.location.latitude ?? null, longitude: d.location.longitude ?? null },
      }),
    },
    lists: [objects('participants', 'event_participants', 'event_id', ['actor_id', 'role']), citations('event')],
  },
  quote: {
    table: 'quotes',
    plain: ['text', 'kind', 'speaker_id', 'speaker_position_id', 'setting', 'event_id', 'language'],
    dates: ['said_on'],
    lists: [ids('about_actor_ids', 'quote_actors', 'quote_id', 'actor_id'), ids('about_term_ids', 'quote_terms', 'quote_id', 'term_id'), citations('quote')],
  },
  deal: {
    table: 'deals',
    plain: ['title', 'summary', 'status'],
    dates: ['first_reported_on'],
    lists: [objects('parties', 'deal_parties', 'deal_id', ['actor_id', 'side']), citations('deal')],
    history: 'deal',
  },
  term: {
    table: 'deal_terms',
    plain: ['deal_id', 'obligor_id', 'beneficiary_id', 'description', 'kind', 'status'],
    derived: {
      columns: ['action_category', 'action_mode'],
      values(d) {
        const [category, mode] = d.action == null ? [null, null] : String(d.action).split(':')
        return [category, mode ?? null]
      },
      shown: (d) => ({ action: d.action ?? null }),
    },
    lists: [
      objects('links', 'term_links', 'term_id', ['type', 'target_term_id']),
      {
        field: 'stances',
        table: 'stances',
        parent: 'term_id',
        columns: ['actor_id', 'stance', 'condition', 'quote_id', 'stated_on', 'stated_on_start', 'stated_on_end'],
        values: (s) => [s.actor_id, s.stance, s.condition ?? null, s.quote_id ?? null, ...fuzzy(s.stated_on)],
        shown: ([actor_id, stance, condition, quote_id, stated_on]) => ({ actor_id, stance, condition, quote_id, stated_on }),
      },
      citations('term'),
    ],
    history: 'term',
  },
}

/** A kind's statements and how to turn a record into a row. */
function prepareKind(db: Database, spec: KindSpec) {
  const dates = spec.dates ?? []
  const json = spec.json ?? []
  const columns = [...spec.plain, ...json, ...dates.flatMap((f) => [f, `${f}_start`, `${f}_end`]), ...(spec.derived?.columns ?? [])]
  const q = (n: number) => Array.from({ length: n }, () => '?').join(', ')
  return {
    spec,
    insert: db.prepare(`INSERT INTO ${spec.table} (${columns.join(', ')}, id, version, created_at, updated_at) VALUES (${q(columns.length + 4)})`),
    update: db.prepare(`UPDATE ${spec.table} SET ${columns.map((c) => `${c} = ?`).join(', ')}, version = ?, updated_at = ? WHERE id = ?`),
    exists: db.prepare(`SELECT 1 FROM ${spec.table} WHERE id = ?`).pluck(),
    lists: spec.lists.map((l) => ({
      spec: l,
      insert: db.prepare(`INSERT INTO ${l.table} (${l.parent}, ${l.columns.join(', ')}) VALUES (${q(l.columns.length + 1)})`),
      remove: db.prepare(`DELETE FROM ${l.table} WHERE ${l.parent} = ?`),
    })),
    /** The row's values in column order. */
    row: (d: Data): unknown[] => [
      ...spec.plain.map((c) => d[c] ?? null),
      ...json.map((c) => JSON.stringify(d[c] ?? [])),
      ...dates.flatMap((f) => fuzzy(d[f])),
      ...(spec.derived?.values(d) ?? []),
    ],
    /** The record's own fields as a read shows them. */
    fields(d: Data): Data {
      const out: Data = {}
      for (const c of spec.plain) out[c] = d[c] ?? null
      for (const c of json) out[c] = d[c] ?? []
      for (const f of dates) out[f] = fuzzy(d[f])[0]
      return Object.assign(out, spec.derived?.shown(d))
    },
  }
}

export interface ReferenceImportReport {
  dry_run: false
  records: number
  created: number
  updated: number
  unchanged: 0
  invalid: 0
  errors: []
  errors_truncated: false
}

/** Prepares the statements once; the function it returns imports one NDJSON text in one transaction. */
export function referenceImporter(db: Database): (ndjson: string) => ReferenceImportReport {
  const kinds = Object.fromEntries(Object.entries(KINDS).map(([type, spec]) => [type, prepareKind(db, spec)])) as Record<RecordType, ReturnType<typeof prepareKind>>
  const statements = new Map<string, Statement>()
  // The fill shares Parley's SQL; it only needs prepared statements.
  const deferred = new DeferredIndexes({
    stmt: <R>(sql: string) => {
      let s = statements.get(sql)
      if (!s) statements.set(sql, (s = db.prepare(sql)))
      return s as Statement<unknown[], R>
    },
  })
  const savedKey = db.prepare('SELECT entity_id FROM import_keys WHERE key = ?').pluck()
  const saveKey = db.prepare('INSERT OR REPLACE INTO import_keys (key, entity_type, entity_id) VALUES (?, ?, ?)')
  const actorBySlug = db.prepare('SELECT id FROM actors WHERE slug = ?').pluck()
  const latest = db.prepare('SELECT data FROM changes WHERE entity_id = ? ORDER BY seq DESC LIMIT 1').pluck()
  const logChange = db.prepare('INSERT INTO changes (entity_type, entity_id, op, version, changed_at, key_id, data) VALUES (?, ?, ?, ?, ?, NULL, ?)')
  const addHistory = db.prepare(
    'INSERT INTO status_history (subject_type, subject_id, status, previous_status, changed_on, changed_on_start, changed_on_end, recorded_at, source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const amendHistory = db.prepare(
    'UPDATE status_history SET changed_on = ?, changed_on_start = ?, changed_on_end = ?, source_id = ? WHERE id = (SELECT max(id) FROM status_history WHERE subject_id = ?)',
  )
  const ctx: Context = { bodies: new Map(), sourceBody: db.prepare('SELECT body FROM sources WHERE id = ?') }

  /** Writes the lists named in `only` (all on a create), replacing what they held; returns them as a read shows them. */
  const writeLists = (kind: ReturnType<typeof prepareKind>, id: string, d: Data, only: Data | null): Data => {
    const out: Data = {}
    for (const l of kind.lists) {
      if (only && !(l.spec.field in only)) continue
      if (only) l.remove.run(id)
      out[l.spec.field] = ((d[l.spec.field] as unknown[] | undefined) ?? []).map((item) => {
        const values = l.spec.values(item, ctx)
        l.insert.run(id, ...values)
        return l.spec.shown(values)
      })
    }
    return out
  }

  /** Appends a status change (or amends the latest one's date and source); returns the current status's provenance. */
  const writeHistory = (type: 'deal' | 'term', id: string, before: Data | null, d: Data, input: Data, now: string): Data => {
    const asOf = fuzzy(d.status_as_of)
    const source = d.status_source_id ?? null
    if (!before || before.status !== d.status) {
      const as = !before || 'status_as_of' in input ? asOf : fuzzy(null)
      const src = !before || 'status_source_id' in input ? source : null
      addHistory.run(type, id, d.status, before?.status ?? null, ...as, now, src)
      return { status_as_of: as[0], status_source_id: src }
    }
    if ('status_as_of' in input || 'status_source_id' in input) amendHistory.run(...asOf, source, id)
    return { status_as_of: asOf[0], status_source_id: source }
  }

  return (ndjson: string) => {
    const report: ReferenceImportReport = { dry_run: false, records: 0, created: 0, updated: 0, unchanged: 0, invalid: 0, errors: [], errors_truncated: false }
    const keys = new Map<string, string>()
    const idOf = (key: string): string | undefined => keys.get(key) ?? (savedKey.get(key) as string | undefined)
    const resolve = (value: string, target: string): string => {
      if (idType(value)) return value
      return idOf(value) ?? (target === 'actor' ? (actorBySlug.get(value) as string | undefined) : undefined) ?? value
    }

    const importOne = (type: RecordType, key: string | undefined, data: Data) => {
      const kind = kinds[type]
      const now = new Date().toISOString()
      const known = key === undefined ? undefined : idType(key) ? key : idOf(key)
      mapReferences(type, data, resolve)
      if (known !== undefined && kind.exists.get(known)) {
        const id = known
        const { id: _id, version, created_at, updated_at: _u, ...current } = JSON.parse(latest.get(id) as string) as Data
        const d = mergePatch(current, data) as Data
        kind.update.run(...kind.row(d), version + 1, now, id)
        const lists = writeLists(kind, id, d, data)
        for (const l of kind.spec.lists) lists[l.field] ??= d[l.field]
        const status = kind.spec.history ? writeHistory(kind.spec.history, id, current, d, data, now) : {}
        const record = { id, ...kind.fields(d), version: version + 1, created_at, updated_at: now, ...lists, ...status }
        logChange.run(type, id, 'update', version + 1, now, JSON.stringify(record))
        report.updated++
        return
      }
      const id = key !== undefined && idType(key) ? key : newId(type)
      kind.insert.run(...kind.row(data), id, 1, now, now)
      if (type === 'source') ctx.bodies.set(id, data.body ?? null)
      const lists = writeLists(kind, id, data, null)
      const status = kind.spec.history ? writeHistory(kind.spec.history, id, null, data, data, now) : {}
      const record = { id, ...kind.fields(data), version: 1, created_at: now, updated_at: now, ...lists, ...status }
      logChange.run(type, id, 'create', 1, now, JSON.stringify(record))
      if (key !== undefined && !idType(key)) {
        keys.set(key, id)
        saveKey.run(key, type, id)
      }
      report.created++
    }

    db.transaction(() => {
      deferred.begin()
      for (const line of ndjson.split('\n')) {
        if (line.trim() === '') continue
        report.records++
        const { type, key, data } = JSON.parse(line) as { type: RecordType; key?: string; data: Data }
        importOne(type, key, data)
      }
      deferred.finish()
    }).immediate()
    ctx.bodies.clear()
    return report
  }
}
