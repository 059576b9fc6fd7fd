// An import fills the search indexes and feed_* tables of the records it
// creates set-based, after writing them, instead of by triggers a row at a
// time (src/db/deferred-indexes.ts). What it leaves must be exactly what
// the triggers leave: the same file is imported into two identical apps, one
// over HTTP (deferred) and one with the triggers on, and everything derived
// is compared.
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { importRecords } from '../../src/import/importer.js'
import { bundleItems, ndjsonItems, readBundleFile } from '../../src/import/read.js'
import { SEED_BUNDLE } from '../../seed/load.js'
import { AUTH, json, makeApp, snapshot } from '../helpers.js'
import { checkFts, dump, generatedLines, hitKeys, importNdjson } from '../data-helpers.js'

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

function derived(app: FastifyInstance): Record<string, R[]> {
  return Object.fromEntries(DERIVED.map((sql) => [sql, app.repos.store.sqlite.prepare(sql).all() as R[]]))
}

const triggers = (app: FastifyInstance) => app.repos.store.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all()

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

t.test('the bulk path writes exactly the rows, change log and search results of the per-record path', { timeout: 300_000 }, async (t) => {
  const bulk = await makeApp(t, { config: { seed: false } })
  const perRecord = await makeApp(t, { config: { seed: false } })
  const seed = readBundleFile(SEED_BUNDLE)
  const lines = [
    ...generatedLines(2_000, 7),
    // Patches of seed records and of records made above, each with children replaced.
    JSON.stringify({ type: 'event', key: 'evt-smith-visit-belarus', data: { title: 'Envoy delegation visit', participants: [{ actor_id: 'belarus', role: 'source' }, { actor_id: 'a1', role: 'target' }] } }),
    JSON.stringify({ type: 'actor', key: 'a3', data: { aliases: ['Third'], citations: [] } }),
    JSON.stringify({ type: 'quote', key: 'q5', data: { about_actor_ids: ['a1', 'a2'], text: 'Envoy said so.' } }),
    JSON.stringify({ type: 'term', key: 't2', data: { status: 'accepted', status_as_of: '2025-03' } }),
  ].join('\n')

  t.equal((await bulk.inject({ method: 'POST', url: '/v1/import', headers: AUTH, payload: seed })).statusCode, 200, 'the seed imports over HTTP')
  const res = await importNdjson(bulk, lines)
  t.equal(res.statusCode, 200)
  // The change log names the key that wrote: the same one on both sides.
  const ctx = { keyId: bulk.repos.store.sqlite.prepare('SELECT key_id FROM changes LIMIT 1').pluck().get() as string }
  const seedReport = importRecords(perRecord.repos, bundleItems(readBundleFile(SEED_BUNDLE)), { ctx, deferIndexes: false })
  t.equal(seedReport.invalid, 0)
  const report = importRecords(perRecord.repos, ndjsonItems(lines.split('\n')), { ctx, deferIndexes: false })
  t.same(json(res), report, 'the same report')
  t.ok(report.created > 1_900 && report.updated >= 4)

  const [a, b] = [dump(bulk), dump(perRecord)]
  t.same(Object.keys(a), Object.keys(b))
  for (const table of Object.keys(a)) t.same(a[table], b[table], `${table}: the same ${b[table].length} rows`)
  t.ok(a.changes.length > report.records, 'the change log holds every create and update')
  t.ok(a.citations.length > 1_000 && a.event_participants.length > 1_000 && a.status_history.length > 10)
  checkFts(t, bulk)

  for (const url of ['/v1/search?q=envoy', '/v1/search?q=belarus', '/v1/search?q=term', '/v1/quotes?q=sanctions', '/v1/events?q=wednesday', '/v1/actors?q=third', '/v1/sources?q=herald', '/v1/deals?q=deal']) {
    const [x, y] = [json(await bulk.inject({ url: `${url}&limit=200` })), json(await perRecord.inject({ url: `${url}&limit=200` }))]
    t.ok(x.data.length > 0, `${url} finds records`)
    t.same(hitKeys(bulk, x), hitKeys(perRecord, y), `${url} finds the same records`)
  }
})

t.test('one bad record in the middle of a bulk import leaves every row as it was', { timeout: 120_000 }, async (t) => {
  const app = await makeApp(t)
  const before = { rows: dump(app), derived: derived(app), triggers: triggers(app) }
  const good = generatedLines(2_000)
  const middle = Math.floor(good.length / 2)
  // A record whose only fault is found by the semantic checks (a citation of a key nothing has), after a thousand good ones were written.
  const bad = JSON.stringify({ type: 'event', key: 'bad', data: { title: 'Bad', category: 'CONSULT', status: 'occurred', citations: [{ source_id: 'no-such-source', excerpt: 'x', basis: 'reported' }] } })
  const res = await importNdjson(app, [...good.slice(0, middle), bad, ...good.slice(middle)].join('\n'))
  t.equal(res.statusCode, 422)
  t.match(json(res).report.errors, [{ line: middle + 1, key: 'bad', pointer: '/data/citations/0/source_id' }])
  t.same({ rows: dump(app), derived: derived(app), triggers: triggers(app) }, before, 'no row, change-log entry, index entry or trigger changed')
})

t.test('an import filled in parts and remembering few keys writes what the per-record path writes', { timeout: 300_000 }, async (t) => {
  // Memory stays bounded: the indexes are filled every `fillEvery` created records, and
  // only the most recent keys are remembered (older ones are read back from import_keys).
  const parts = await makeApp(t, { config: { seed: false } })
  const perRecord = await makeApp(t, { config: { seed: false } })
  const lines = [
    ...generatedLines(1_200, 3),
    // Late references to keys created long before (forgotten by then), and a patch of an early record.
    JSON.stringify({ type: 'event', key: 'late', data: { title: 'Late meeting', category: 'CONSULT', status: 'occurred', occurred_on: '2025-03', participants: [{ actor_id: 'a0', role: 'source' }, { actor_id: 'a1', role: 'target' }], citations: [{ source_id: 's0', excerpt: 'Officials met in the capital', basis: 'reported' }] } }),
    JSON.stringify({ type: 'event', key: 'e1', data: { summary: 'Envoy delegation revisited', participants: [{ actor_id: 'a2', role: 'source' }, { actor_id: 'a3', role: 'target' }] } }),
  ]
  const ctx = { keyId: null }
  const report = importRecords(parts.repos, ndjsonItems(lines), { ctx, fillEvery: 97, rememberedKeys: 10 })
  const reference = importRecords(perRecord.repos, ndjsonItems(lines), { ctx, deferIndexes: false })
  t.same(report, reference, 'the same report')
  t.same(report.errors, [])
  t.ok(report.created > 10 * 97, 'the indexes were filled more than ten times')

  const [a, b] = [dump(parts), dump(perRecord)]
  for (const table of Object.keys(b)) t.same(a[table], b[table], `${table}: the same ${b[table].length} rows`)
  t.ok(a.feed_dyads.length > 100, 'the file made dyads')
  checkFts(t, parts)
  t.same(parts.repos.store.sqlite.prepare('SELECT count(*) AS n FROM index_deferral').get(), { n: 0 }, 'no deferral is left behind')
  for (const url of ['/v1/search?q=envoy', '/v1/quotes?q=sanctions', '/v1/events?q=wednesday', '/v1/actors?q=alt', '/v1/sources?q=herald']) {
    const [x, y] = [json(await parts.inject({ url: `${url}&limit=200` })), json(await perRecord.inject({ url: `${url}&limit=200` }))]
    t.ok(x.data.length > 0, `${url} finds records`)
    t.same(hitKeys(parts, x), hitKeys(perRecord, y), `${url} finds the same records`)
  }
})
