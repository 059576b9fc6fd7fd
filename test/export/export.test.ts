import t, { type Test } from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { exportRecords } from '../../src/export/records.js'
import { fromSnapshot } from '../../src/export/snapshot.js'
import { AUTH, json, makeApp, snapshot } from '../helpers.js'
import { csvObjects, generatedLines, importNdjson, lines } from '../data-helpers.js'

const COLLECTIONS = ['sources', 'actors', 'positions', 'relations', 'events', 'quotes', 'deals', 'terms']

async function totals(app: FastifyInstance): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const c of COLLECTIONS) out[c] = json(await app.inject({ url: `/v1/${c}?total=true&limit=1` })).total
  return out
}

async function exportAll(app: FastifyInstance, query = ''): Promise<string> {
  const res = await app.inject({ url: `/v1/export${query}` })
  if (res.statusCode !== 200) throw new Error(res.body)
  return res.body
}

async function roundTrip(t: Test, source: FastifyInstance) {
  const first = await exportAll(source)
  const target = await makeApp(t, { config: { seed: false } })
  const res = await importNdjson(target, first)
  t.equal(res.statusCode, 200, 'the export imports into an empty database')
  t.equal(json(res).invalid, 0)
  const second = await exportAll(target)
  t.equal(second.length, first.length)
  t.ok(second === first, 'export → import into an empty database → export gives the same bytes')
  t.same(await totals(target), await totals(source), 'every collection has as many records')
  return { first, target }
}

t.test('the seed survives a round trip byte for byte', async (t) => {
  const app = await makeApp(t)
  const { first } = await roundTrip(t, app)
  const records = lines(first).map((l) => JSON.parse(l))
  t.same([...new Set(records.map((r) => r.type))], ['source', 'actor', 'position', 'relation', 'event', 'quote', 'deal', 'term'], 'in dependency order')
  for (const r of records) t.match(r.key, /^[a-z]+_[0-9a-z]{26}$/, 'keyed by id')
  const lukashenko = json(await app.inject({ url: '/v1/actors/aleksandr-lukashenko' }))
  const line = records.find((r) => r.key === lukashenko.id)
  const { id, version, created_at, updated_at, ...fields } = lukashenko
  t.same(line.data, fields, 'data holds every writable field of the record')

  // Importing an export into the database it came from changes nothing.
  const before = snapshot(app)
  const again = json(await importNdjson(app, first))
  t.same({ created: again.created, updated: again.updated }, { created: 0, updated: 0 })
  t.same(snapshot(app), before)
})

t.test('generated records with forward references survive a round trip', { timeout: 300_000 }, async (t) => {
  const app = await makeApp(t, { config: { seed: false } })
  t.equal(json(await importNdjson(app, generatedLines(2_000, 7).join('\n'))).invalid, 0)
  const { first } = await roundTrip(t, app)
  const records = lines(first).map((l) => JSON.parse(l))
  const keys = new Set<string>()
  const patched = records.filter((r) => (keys.has(r.key) ? true : (keys.add(r.key), false)))
  t.ok(patched.length >= 60, `${patched.length} references to later records are written as patches at the end`)
  t.same([...new Set(patched.map((r) => Object.keys(r.data).join()))].sort(), ['about_term_ids', 'links', 'parent_event_id'])
  const firstPatch = records.findIndex((r) => r === patched[0])
  t.ok(records.slice(firstPatch).every((r) => patched.includes(r)), 'the patches come after every record')
})

t.test('batches of any size give the same bytes, each type in id order', async (t) => {
  const app = await makeApp(t)
  const whole = await exportAll(app)
  const chunks = [...fromSnapshot(app.repos, (repos) => exportRecords(repos, { batchSize: 2 }))]
  t.ok(chunks.length > 20, `${chunks.length} batches of at most 2 records`)
  t.ok(chunks.every((c) => c.records >= 1 && c.records <= 2))
  t.equal(chunks.map((c) => c.text).join(''), whole, 'the same bytes as one export in large batches')
  const records = lines(whole).map((l) => JSON.parse(l) as { type: string; key: string })
  t.equal(chunks.reduce((n, c) => n + c.records, 0), records.length, 'every batch counts its lines')
  const seen = new Set<string>()
  const firstLines = records.filter((r) => !seen.has(r.key) && seen.add(r.key))
  for (const type of new Set(firstLines.map((r) => r.type))) {
    const keys = firstLines.filter((r) => r.type === type).map((r) => r.key)
    t.same(keys, [...keys].sort(), `${type} records in id order`)
  }
})

t.test('one collection, with the filters of its list endpoint', async (t) => {
  const app = await makeApp(t)
  const res = await app.inject({ url: '/v1/export?type=events&category=CONSULT&occurred_from=2025' })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/x-ndjson/)
  t.match(res.headers['content-disposition'], /attachment; filename="parley-events\.ndjson"/)
  const exported = lines(res.body).map((l) => JSON.parse(l))
  const listed = json(await app.inject({ url: '/v1/events?category=CONSULT&occurred_from=2025&limit=200' })).data
  t.ok(listed.length > 1)
  t.same(exported.map((r) => r.key).sort(), listed.map((e: any) => e.id).sort(), 'the same records as the list')
  t.ok(exported.every((r) => r.type === 'event' && r.data.category === 'CONSULT'))

  // The relations' own `type` filter is `relation_type` here, since `type` names the collection.
  const members = lines((await app.inject({ url: '/v1/export?type=relations&relation_type=member_of' })).body)
  const listedMembers = json(await app.inject({ url: '/v1/relations?type=member_of&limit=200' })).data
  t.ok(listedMembers.length > 0)
  t.equal(members.length, listedMembers.length)

  for (const [query, param] of [
    ['?category=CONSULT', 'category'],
    ['?type=events&speaker=belarus', 'speaker'],
    ['?type=events&category=PARTY', 'category'],
    ['?type=widgets', 'type'],
    ['?format=csv', 'type'],
    ['?type=events&limit=5', 'limit'],
  ]) {
    const bad = await app.inject({ url: `/v1/export${query}` })
    t.equal(bad.statusCode, 400, query)
    t.equal(json(bad).errors?.[0]?.parameter, param, `${query} names ${param}`)
  }
})

t.test('CSV flattens nested values as documented', async (t) => {
  const app = await makeApp(t)
  const res = await app.inject({ url: '/v1/events.csv' })
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^text\/csv/)
  const rows = csvObjects(res.body)
  const events = json(await app.inject({ url: '/v1/events?limit=200' })).data
  t.equal(rows.length, events.length, 'one row a record')
  for (const e of events) {
    const row = rows.find((r) => r.id === e.id)!
    t.equal(row.title, e.title)
    t.equal(row.participants, e.participants.map((p: any) => `${p.actor_id}:${p.role}`).join(';'))
    t.equal(row.contexts, e.contexts.join(';'))
    t.same(JSON.parse(row.citations), e.citations)
    t.equal(row.location_name, e.location?.name ?? '')
    t.equal(row.location_country, e.location?.country ?? '')
    t.equal(row.occurred_on, e.occurred_on ?? '')
    t.equal(row.version, String(e.version))
  }

  // The same table through /v1/export and Accept: text/csv.
  const viaAccept = await app.inject({ url: '/v1/export?type=events', headers: { accept: 'text/csv' } })
  t.match(viaAccept.headers['content-type'], /^text\/csv/)
  t.equal(viaAccept.body, res.body)

  // Filters apply to CSV too, and cells a spreadsheet would run are defused.
  const created = await app.inject({ method: 'POST', url: '/v1/actors', headers: AUTH, payload: { slug: 'formula', name: '=HYPERLINK("http://x")', kind: 'person', aliases: ['a;b', 'c'] } })
  t.equal(created.statusCode, 201)
  const actors = csvObjects((await app.inject({ url: '/v1/actors.csv?q=hyperlink' })).body)
  t.equal(actors.length, 1)
  t.equal(actors[0].name, `'=HYPERLINK("http://x")`)
  t.same(JSON.parse(actors[0].aliases), ['a;b', 'c'], 'free-text lists are JSON')
  const unknown = await app.inject({ url: '/v1/widgets.csv' })
  t.equal(unknown.statusCode, 400)
})

t.test('a long export reads one snapshot while writes go on', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-export-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const app = await makeApp(t, { config: { dbPath: join(dir, 'parley.db') } })
  const stream = fromSnapshot(app.repos, (repos) => exportRecords(repos, { batchSize: 5 }))
  const first = stream.next()
  t.match(first.value?.text, /^\{"type":"source"/)
  const res = await app.inject({ method: 'POST', url: '/v1/actors', headers: AUTH, payload: { slug: 'late-comer', name: 'Late Comer', kind: 'person' } })
  t.equal(res.statusCode, 201, 'writes go on during the export')
  const rest = [...stream].map((c) => c.text).join('')
  t.ok(rest.includes('"type":"actor"'))
  t.notOk(rest.includes('"late-comer"'), 'the export does not see a write made after it began')
  t.ok((await exportAll(app)).includes('"late-comer"'), 'the next export does')
})
