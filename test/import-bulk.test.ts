// An import fills the search indexes and feed_* tables of the records it
// creates set-based, after writing them, instead of by triggers a row at a
// time (src/import/deferred-indexes.ts). What it leaves must be exactly what
// the triggers leave: the same file is imported into two identical apps, one
// over HTTP (deferred) and one with the triggers on, and everything derived
// is compared.
import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { importRecords } from '../src/import/importer.js'
import { ndjsonItems } from '../src/import/read.js'
import { AUTH, json, makeApp, snapshot } from './helpers.js'
import { generatedLines, importNdjson } from './data-helpers.js'

type R = Record<string, unknown>

const DERIVED = [
  'SELECT * FROM feed_actor_events ORDER BY 1, 2, 3',
  'SELECT * FROM feed_actor_quotes ORDER BY 1, 2, 3',
  'SELECT * FROM feed_activity ORDER BY 1, 2, 3',
  'SELECT * FROM feed_actor_totals ORDER BY 1',
  'SELECT * FROM feed_dyads ORDER BY 1, 2, 3, 4, 5, 6, 7',
  'SELECT * FROM feed_dyad_periods ORDER BY 1, 2, 3, 4',
  'SELECT * FROM feed_deal_counts ORDER BY 1, 2, 3',
  'SELECT * FROM feed_actor_status ORDER BY 1, 2, 3',
  'SELECT * FROM feed_quote_counts ORDER BY 1, 2, 3',
  'SELECT * FROM feed_speaker_totals ORDER BY 1, 2',
  'SELECT e.pk, c.context FROM event_contexts c JOIN events e ON e.id = c.event_id ORDER BY 1, 2',
  // record_id is left out: the two apps give the generated records different ids (rowids are the same).
  'SELECT rowid, title, body, kind FROM search_fts ORDER BY rowid',
]
const FTS = ['sources_fts', 'actors_fts', 'events_fts', 'quotes_fts', 'deals_fts', 'deal_terms_fts']

function derived(app: FastifyInstance): Record<string, R[]> {
  return Object.fromEntries(DERIVED.map((sql) => [sql, app.repos.store.sqlite.prepare(sql).all() as R[]]))
}

const triggers = (app: FastifyInstance) => app.repos.store.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all()

/** Every external-content index agrees with its table, row for row (FTS5 throws otherwise). */
function checkFts(t: Test, app: FastifyInstance) {
  for (const table of FTS) {
    t.doesNotThrow(() => app.repos.store.sqlite.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`).run(), `${table} matches its table`)
  }
}

/** The import keys of the records a search finds, sorted: the two apps give generated records different ids. */
function hitKeys(app: FastifyInstance, body: { data: R[] }): string[] {
  const key = app.repos.store.stmt<{ key: string }>('SELECT key FROM import_keys WHERE entity_id = ?')
  return body.data.map((h) => key.get(h.id)?.key ?? (h.id as string)).sort()
}

const SEARCHES = ['/v1/search?q=late', '/v1/search?q=envoy', '/v1/quotes?q=sanctions', '/v1/events?q=wednesday', '/v1/actors?q=alt', '/v1/sources?q=herald']

t.test('records imported with deferred indexes derive exactly what the triggers derive', { timeout: 300_000 }, async (t) => {
  const deferred = await makeApp(t)
  const triggered = await makeApp(t)
  const lines = [
    ...generatedLines(1_500),
    // An older record changes part-way: its triggers run for it while the new records stay deferred.
    JSON.stringify({ type: 'event', key: 'evt-smith-visit-belarus', data: { title: 'Envoy delegation visit', participants: [{ actor_id: 'belarus', role: 'source' }, { actor_id: 'a1', role: 'target' }] } }),
    JSON.stringify({ type: 'event', key: 'late', data: { title: 'Late delegation', category: 'CONSULT', status: 'occurred', occurred_on: '2025-03', contexts: ['diplomatic'], participants: [{ actor_id: 'a2', role: 'source' }, { actor_id: 'russia', role: 'target' }] } }),
  ]
  const body = lines.join('\n')

  const res = await importNdjson(deferred, body)
  t.equal(res.statusCode, 200)
  const report = json(res)
  const direct = importRecords(triggered.repos, ndjsonItems(body.split('\n')), { ctx: { keyId: null }, deferIndexes: false })
  t.same(direct, report, 'the same report either way')
  t.ok(report.created > 1_400)

  t.same(snapshot(deferred), snapshot(triggered), 'the same number of rows in every table')
  const a = derived(deferred)
  const b = derived(triggered)
  for (const sql of DERIVED) t.same(a[sql], b[sql], sql)
  t.ok(a[DERIVED[4]].length > 100, 'the file made dyads')
  t.same(triggers(deferred), triggers(triggered), 'every trigger is back, as it was')
  checkFts(t, deferred)

  for (const url of SEARCHES) {
    const [x, y] = [json(await deferred.inject({ url: `${url}&limit=200` })), json(await triggered.inject({ url: `${url}&limit=200` }))]
    t.ok(x.data.length > 0 && !x.has_more, `${url} finds a few records`)
    t.same(hitKeys(deferred, x), hitKeys(triggered, y), `${url} finds the same records`)
  }
})

t.test('a refused import and a dry run leave the triggers and indexes as they were', { timeout: 120_000 }, async (t) => {
  const app = await makeApp(t)
  const before = { triggers: triggers(app), derived: derived(app), rows: snapshot(app) }
  const good = generatedLines(300)
  const bad = JSON.stringify({ type: 'event', key: 'bad', data: { title: 'Bad', category: 'PARTY', status: 'occurred' } })
  t.equal((await importNdjson(app, [...good, bad].join('\n'))).statusCode, 422)
  t.equal((await importNdjson(app, good.join('\n'), '?dry_run=true')).statusCode, 200)
  t.same({ triggers: triggers(app), derived: derived(app), rows: snapshot(app) }, before, 'nothing changed, and every trigger is there')

  // The triggers still work: a record created over the API is found at once.
  const created = await app.inject({ method: 'POST', url: '/v1/events', headers: AUTH, payload: { title: 'Zanzibar summit', category: 'CONSULT', status: 'occurred', occurred_on: '2025-04' } })
  t.equal(created.statusCode, 201)
  const found = json(await app.inject({ url: '/v1/search?q=zanzibar' }))
  t.same(found.data.map((h: R) => h.id), [json(created).id])
  checkFts(t, app)
})
