import t from 'tap'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SEED_BUNDLE } from '../../seed/load.js'
import { AUTH, json, makeApp, snapshot } from '../helpers.js'
import { generatedLines, importNdjson } from '../data-helpers.js'

// NDJSON bodies are spooled to temporary files: watch where they go.
const spoolDir = mkdtempSync(join(tmpdir(), 'parley-import-test-'))
process.env.TMPDIR = spoolDir
t.teardown(() => rmSync(spoolDir, { recursive: true, force: true }))

const bundle = () => JSON.parse(readFileSync(SEED_BUNDLE, 'utf8'))
const event = (key: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'event', key, data: { title: `Event ${key}`, category: 'CONSULT', mode: 'visit', status: 'occurred', occurred_on: '2025-02', ...extra } })

t.test('a 10,000-line NDJSON with bad lines at 17 and 5,000: the dry run names both, and nothing is written', { timeout: 300_000 }, async (t) => {
  const app = await makeApp(t)
  const file = generatedLines(9_998).slice(0, 9_998)
  file.splice(16, 0, event('bad-17', { category: 'PARTY' }))
  file.splice(4999, 0, event('bad-5000', { occurred_on: '2025-02-30', mode: 'release' }))
  t.equal(file.length, 10_000)
  const body = file.join('\n') + '\n'
  const before = snapshot(app)

  for (const query of ['?dry_run=true', '']) {
    const res = await importNdjson(app, body, query)
    t.equal(res.statusCode, 422, `${query || 'real run'} is refused`)
    t.match(res.headers['content-type'], /application\/problem\+json/)
    const problem = json(res)
    t.equal(problem.code, 'import_invalid')
    const { report } = problem
    t.equal(report.records, 10_000)
    t.equal(report.invalid, 2, 'exactly the two bad records are invalid')
    t.equal(report.dry_run, query !== '')
    t.same(
      report.errors.map((e: any) => [e.line, e.key, e.pointer]),
      [
        [17, 'bad-17', '/data/category'],
        [5000, 'bad-5000', '/data/occurred_on'],
        [5000, 'bad-5000', '/data/mode'],
      ],
    )
    for (const e of report.errors) t.type(e.message, 'string')
    t.same(snapshot(app), before, 'nothing was written')
  }

  // Without the bad lines, the same file goes in whole.
  const good = file.filter((_, i) => i !== 16 && i !== 4999).join('\n')
  const res = await importNdjson(app, good)
  t.equal(res.statusCode, 200)
  const report = json(res)
  t.equal(report.invalid, 0)
  t.equal(report.created + report.updated + report.unchanged, 9_998)
  t.ok(report.created > 9_500)
})

t.test('importing the same file twice creates no duplicates and bumps no versions', { timeout: 120_000 }, async (t) => {
  const app = await makeApp(t)
  const body = generatedLines(1_000).join('\n')
  const first = json(await importNdjson(app, body))
  t.equal(first.invalid, 0)
  t.ok(first.created > 900)
  t.ok(first.updated > 0, 'the patch lines in the file update records made above them')
  const after = snapshot(app)
  const second = json(await importNdjson(app, body))
  t.same({ created: second.created, updated: second.updated, unchanged: second.unchanged }, { created: 0, updated: 0, unchanged: second.records })
  t.same(snapshot(app), after, 'no row and no change-log entry was added')
  const versions = app.repos.store.sqlite.prepare('SELECT max(version) AS v FROM events').get() as { v: number }
  t.equal(versions.v, 2, 'only the events a patch line changed are at version 2')
  // The import spills its temporaries to files; the connection's own setting (memory) comes back.
  t.equal(app.repos.store.sqlite.pragma('temp_store', { simple: true }), 2, 'temp_store is MEMORY again')
})

t.test('a bundle imports over application/json, with dry run', async (t) => {
  const app = await makeApp(t, { config: { seed: false } })
  const dry = await app.inject({ method: 'POST', url: '/v1/import?dry_run=true', headers: AUTH, payload: bundle() })
  t.equal(dry.statusCode, 200)
  t.match(json(dry), { dry_run: true, records: 87, created: 87, invalid: 0, errors: [] })
  t.equal(json(await app.inject({ url: '/v1/actors?total=true' })).total, 0, 'a dry run writes nothing')

  const real = await app.inject({ method: 'POST', url: '/v1/import', headers: AUTH, payload: bundle() })
  t.equal(real.statusCode, 200)
  t.match(json(real), { dry_run: false, created: 87 })
  const actor = json(await app.inject({ url: '/v1/actors/aleksandr-lukashenko' }))
  t.equal(actor.version, 1)

  const again = json(await app.inject({ method: 'POST', url: '/v1/import', headers: AUTH, payload: bundle() }))
  t.match(again, { created: 0, updated: 0, unchanged: 87 })

  // A changed record in the bundle updates that record only.
  const changed = bundle()
  const lukashenko = changed.records.find((r: any) => r.key === 'aleksandr-lukashenko')
  lukashenko.data.description = 'President of Belarus since 1994.'
  t.match(json(await app.inject({ method: 'POST', url: '/v1/import', headers: AUTH, payload: changed })), { created: 0, updated: 1, unchanged: 86 })
  t.match(json(await app.inject({ url: '/v1/actors/aleksandr-lukashenko' })), { version: 2, description: 'President of Belarus since 1994.' })
})

t.test('the report names each kind of bad record by line and pointer', async (t) => {
  const app = await makeApp(t, { config: { seed: false } })
  const body = [
    '{"type": "source", "key": "src-1", "data": {"title": "A report", "kind": "news_article", "body": "Talks were held in Minsk."}}',
    '{not json',
    '',
    JSON.stringify({ type: 'sauce', key: 'x', data: {} }),
    JSON.stringify({ type: 'actor', key: 'belarus', data: { slug: 'belarus', name: 'Belarus', kind: 'state', country: 'BLR', citations: [{ source_id: 'nope', excerpt: 'Minsk', basis: 'reported' }] } }),
    JSON.stringify({ type: 'actor', key: 'src-1', data: { slug: 'a', name: 'A', kind: 'person' } }),
    JSON.stringify({ type: 'actor', key: 'evt_01jm0000000000000000000000', data: { slug: 'b', name: 'B', kind: 'person' } }),
    event('talks', { citations: [{ source_id: 'src-1', excerpt: 'Talks were held in Paris.', basis: 'reported' }] }),
    JSON.stringify({ type: 'event', data: { title: 'T', category: 'CONSULT', status: 'occurred', extra: 1 } }),
    event('visit', { participants: [{ actor_id: 'belarus', role: 'source' }] }),
    event('talks', { ended_on: '2025-01' }),
  ].join('\n')
  const res = await importNdjson(app, body)
  t.equal(res.statusCode, 422)
  const errors = json(res).report.errors.map((e: any) => ({ line: e.line, pointer: e.pointer, message: e.message }))
  t.match(errors, [
    { line: 2, pointer: '', message: /not valid JSON/ },
    { line: 4, pointer: '/type', message: /must be one of/ },
    { line: 5, pointer: '/data/citations/0/source_id', message: /No source has the key "nope"/ },
    { line: 6, pointer: '/key', message: /already names a source/ },
    { line: 7, pointer: '/key', message: /shaped like the id of an event, not of an actor/ },
    { line: 8, pointer: '/data/citations/0/excerpt', message: /not in the source body/ },
    { line: 9, pointer: '/data/extra', message: /not a known field/ },
    { line: 10, pointer: '/data/participants/0/actor_id', message: /belarus is the key of the record on line 5, which is invalid/ },
    { line: 11, pointer: '/data/ended_on', message: /before occurred_on/ },
  ])
  t.equal(errors.length, 9)
  t.equal(json(res).report.invalid, 9)
  t.equal(json(await app.inject({ url: '/v1/sources?total=true' })).total, 0, 'the good record on line 1 was not written either')
})

t.test('records refer to records of earlier imports by key, and to existing records by id or slug', async (t) => {
  const app = await makeApp(t)
  const first = JSON.stringify({ type: 'source', key: 'memo', data: { title: 'Zanzibar memo', kind: 'report' } })
  t.equal((await importNdjson(app, first)).statusCode, 200)
  const second = event('Quixotic meeting', { participants: [{ actor_id: 'aleksandr-lukashenko', role: 'source' }], citations: [{ source_id: 'memo', excerpt: 'A meeting.', basis: 'reported' }] })
  const res = await importNdjson(app, second)
  t.equal(res.statusCode, 200, res.body)
  const list = json(await app.inject({ url: '/v1/events?q=quixotic' })).data
  const memo = json(await app.inject({ url: '/v1/sources?q=zanzibar' })).data[0]
  t.equal(list.length, 1)
  t.equal(list[0].citations[0].source_id, memo.id)
  t.match(list[0].participants[0].actor_id, /^act_/)
})

t.test('import limits and media types', async (t) => {
  const app = await makeApp(t, { config: { importBodyLimit: 2048 } })
  const big = Array.from({ length: 40 }, (_, i) => event(`e${i}`)).join('\n')
  t.ok(big.length > 2048)
  const ndjson = await importNdjson(app, big)
  t.equal(ndjson.statusCode, 413)
  t.equal(json(ndjson).code, 'payload_too_large')
  const bundleBody = { format: 'parley-bundle', format_version: 1, records: Array.from({ length: 40 }, (_, i) => JSON.parse(event(`e${i}`))) }
  const jsonRes = await app.inject({ method: 'POST', url: '/v1/import', headers: AUTH, payload: bundleBody })
  t.equal(jsonRes.statusCode, 413)
  const text = await app.inject({ method: 'POST', url: '/v1/import', headers: { ...AUTH, 'content-type': 'text/plain' }, payload: 'hello' })
  t.equal(text.statusCode, 415)
  const notBundle = await app.inject({ method: 'POST', url: '/v1/import', headers: AUTH, payload: { format: 'csv', records: [] } })
  t.equal(notBundle.statusCode, 400)
  t.match(json(notBundle).errors, [{ pointer: '/format' }])
  const unknownParam = await importNdjson(app, event('x'), '?dryrun=1')
  t.equal(unknownParam.statusCode, 400)
})

t.test('the default import limit is larger than the 1 MiB body limit', { timeout: 120_000 }, async (t) => {
  const app = await makeApp(t)
  const body = generatedLines(3_000).join('\n')
  t.ok(Buffer.byteLength(body) > 1_048_576, `${Buffer.byteLength(body)} bytes`)
  const res = await importNdjson(app, body, '?dry_run=true')
  t.equal(res.statusCode, 200)
})

t.test('a PATCH that leaves a term with stances as it was bumps no version', async (t) => {
  const app = await makeApp(t)
  const term = json(await app.inject({ url: '/v1/terms' })).data.find((x: any) => x.stances.length > 0)
  t.ok(term, 'the seed has a term with stances')
  const res = await app.inject({ method: 'PATCH', url: `/v1/terms/${term.id}`, headers: { ...AUTH, 'content-type': 'application/merge-patch+json' }, payload: { links: term.links } })
  t.equal(res.statusCode, 200)
  t.equal(json(res).version, term.version)
})

t.test('no temporary file outlives its request', async (t) => {
  t.same(readdirSync(spoolDir), [], 'every spooled body (imported, refused or too large) was removed')
})

t.test('a record checked after a patch line is checked against the patched record', async (t) => {
  const app = await makeApp(t)
  const line = (type: string, key: string, data: Record<string, unknown>) => JSON.stringify({ type, key, data })
  const actor = (key: string, slug: string, excerpt: string) => line('actor', key, { slug, name: key, kind: 'person', citations: [{ source_id: 'memo', excerpt, basis: 'reported' }] })
  const body = [
    line('source', 'memo', { title: 'Memo', kind: 'report', body: 'Alpha met Beta.' }),
    // "met" stands at the same place in both versions of the memo.
    actor('first', 'first-actor', 'met'),
    event('ev1', { participants: [{ actor_id: 'first-actor', role: 'source' }] }),
    // The source's words and the actor's slug change part-way through the file.
    line('source', 'memo', { body: 'Gamma met Delta.' }),
    line('actor', 'first', { slug: 'renamed-actor' }),
    actor('second', 'second-actor', 'Alpha met'),
    event('ev2', { participants: [{ actor_id: 'first-actor', role: 'source' }] }),
    actor('third', 'third-actor', 'Gamma met'),
    event('ev3', { participants: [{ actor_id: 'renamed-actor', role: 'source' }] }),
  ].join('\n')
  const res = await importNdjson(app, body)
  t.equal(res.statusCode, 422)
  t.same(
    json(res).report.errors.map((e: any) => [e.line, e.key, e.pointer]),
    [
      [6, 'second', '/data/citations/0/excerpt'],
      [7, 'ev2', '/data/participants/0/actor_id'],
    ],
    'the old words and the old slug are refused once they are gone; the new ones are taken',
  )
})
