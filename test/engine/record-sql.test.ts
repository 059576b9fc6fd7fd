// GET by id and list pages answer with records built as JSON inside SQLite
// (src/engine/record-sql.ts). These tests hold every answer to the
// bytes of the records hydrated in JavaScript (repo.get, list.list and the
// includes' load), for every resource, with and without includes, on the
// seed and on generated bench data.
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import type { ResourceName } from '../../src/resources/index.js'
import { AUTH, actorId, json, makeApp, sourceId } from '../helpers.js'
import { generatedLines, importNdjson } from '../data-helpers.js'

const COLLECTIONS: ResourceName[] = ['sources', 'actors', 'positions', 'relations', 'events', 'quotes', 'deals', 'terms']

/** Every record by GET, against JSON.stringify of the hydrated record (with each include that has an SQL form). */
async function compareGets(t: Test, app: FastifyInstance): Promise<number> {
  let compared = 0
  for (const name of COLLECTIONS) {
    const { repo, list } = app.repos[name]
    const ids = (repo.store.sqlite.prepare(`SELECT id FROM ${repo.def.table} ORDER BY id`).all() as { id: string }[]).map((r) => r.id)
    const sqlIncludes = Object.entries(list.spec.includes ?? {}).filter(([, inc]) => inc.sql).map(([n]) => n)
    let same = 0
    let shown = 0
    for (const id of ids) {
      for (const include of [undefined, ...sqlIncludes]) {
        const res = await app.inject({ url: `/v1/${name}/${id}${include ? `?include=${include}` : ''}` })
        const record = repo.get(id)!
        if (include) list.embed([record], include)
        const expected = JSON.stringify(record)
        const etag = include ? `"v${record.version}-${repo.store.latestSeq()}"` : `"v${record.version}"`
        if (res.statusCode === 200 && res.body === expected && res.headers.etag === etag && String(res.headers['content-type']).startsWith('application/json')) same++
        else if (shown++ < 2) t.same({ status: res.statusCode, body: res.body, etag: res.headers.etag }, { status: 200, body: expected, etag }, `${name} ${id} ${include ?? ''}`)
      }
    }
    t.equal(same, ids.length * (1 + sqlIncludes.length), `every ${name} GET (${ids.length} records, includes: ${sqlIncludes.join(', ') || 'none'}) is the hydrated record byte for byte`)
    compared += ids.length
  }
  return compared
}

/** Every page of every collection (small pages, so cursors are followed), against JSON.stringify of list(). */
async function comparePages(t: Test, app: FastifyInstance, extra: Partial<Record<ResourceName, string[]>> = {}): Promise<void> {
  for (const name of COLLECTIONS) {
    const { list } = app.repos[name]
    const sqlIncludes = Object.entries(list.spec.includes ?? {}).filter(([, inc]) => inc.sql).map(([n]) => `include=${n}`)
    for (const params of ['', 'sort=-id&total=true', ...sqlIncludes, ...(extra[name] ?? [])]) {
      let cursor: string | null = null
      let pages = 0
      do {
        const query: Record<string, string> = Object.fromEntries(new URLSearchParams(params))
        query.limit = '7'
        if (cursor) query.cursor = cursor
        const res = await app.inject({ url: `/v1/${name}?${new URLSearchParams(query)}` })
        // list() takes the query as the route's Ajv leaves it: numbers and booleans coerced.
        const expected = JSON.stringify(list.list({ ...query, limit: 7, ...(query.total ? { total: true } : {}) }))
        if (!t.equal(res.body, expected, `${name}?${params} page ${pages + 1}`)) return
        cursor = json(res).next_cursor
        pages++
      } while (cursor && pages < 50)
      t.ok(pages > 0)
    }
  }
}

t.test('seed: GET by id is the hydrated record, byte for byte, with its ETag', async (t) => {
  const app = await makeApp(t)
  t.ok((await compareGets(t, app)) > 20)
})

t.test('seed: every list page is the hydrated page, byte for byte', async (t) => {
  const app = await makeApp(t)
  await comparePages(t, app, { events: ['category=CONSULT&sort=-occurred_on', 'occurred_from=2020&sort=-occurred_on,title&include=participants'] })
})

t.test("a deal's terms page is the hydrated page", async (t) => {
  const app = await makeApp(t)
  const deal = json(await app.inject({ url: '/v1/deals?limit=1' })).data[0]
  const res = await app.inject({ url: `/v1/deals/${deal.id}/terms?limit=2&total=true` })
  t.equal(res.statusCode, 200)
  t.ok(json(res).data.length > 0)
  t.equal(res.body, JSON.stringify(app.repos.terms.list.list({ limit: 2, total: true, deal: deal.id })))
})

t.test('generated bench data: GET and list pages are the hydrated records, byte for byte', { timeout: 300_000 }, async (t) => {
  const app = await makeApp(t, { config: { seed: false } })
  t.equal(json(await importNdjson(app, generatedLines(600, 5).join('\n'))).invalid, 0)
  await compareGets(t, app)
  await comparePages(t, app)
})

t.test('an embedded actor follows its changes, and the ETag of an include moves with the change log', async (t) => {
  const app = await makeApp(t)
  const actor = actorId(app, 'aleksandr-lukashenko')
  const created = await app.inject({
    method: 'POST',
    url: '/v1/events',
    headers: AUTH,
    payload: { title: 'A meeting', category: 'CONSULT', status: 'reported', participants: [{ actor_id: actor, role: 'source' }], citations: [{ source_id: sourceId(app), excerpt: 'Lukashenko', basis: 'reported' }] },
  })
  t.equal(created.statusCode, 201, created.body)
  const id = json(created).id
  const url = `/v1/events/${id}?include=participants`
  const before = await app.inject({ url })
  t.equal(json(before).participants[0].actor.id, actor)
  t.equal(before.headers.etag, `"v1-${app.repos.store.latestSeq()}"`)
  t.equal((await app.inject({ url, headers: { 'if-none-match': String(before.headers.etag) } })).statusCode, 304)
  const patched = await app.inject({ method: 'PATCH', url: `/v1/actors/${actor}`, headers: AUTH, payload: { description: 'Changed for this test.' } })
  t.equal(patched.statusCode, 200, patched.body)
  const after = await app.inject({ url, headers: { 'if-none-match': String(before.headers.etag) } })
  t.equal(after.statusCode, 200, 'the event did not change, its embedded actor did: not 304')
  t.equal(json(after).participants[0].actor.description, 'Changed for this test.')
  t.equal(json(after).version, 1)
})

t.test('includes without an SQL form, and bad ones, answer as before', async (t) => {
  const app = await makeApp(t)
  const event = json(await app.inject({ url: '/v1/events?limit=1' })).data[0]
  const res = await app.inject({ url: `/v1/events/${event.id}?include=quotes,participants` })
  t.equal(res.statusCode, 200)
  t.ok(Array.isArray(json(res).quotes))
  t.ok(json(res).participants.every((p: { actor?: { id: string } }) => p.actor?.id))
  t.equal((await app.inject({ url: `/v1/events/${event.id}?include=nothing` })).statusCode, 400)
  t.equal((await app.inject({ url: '/v1/events/evt_01jabcdefghjkmnpqrstvwxyz0?include=participants' })).statusCode, 404)
  t.equal((await app.inject({ url: '/v1/events/evt_01jabcdefghjkmnpqrstvwxyz0?include=quotes' })).statusCode, 404)
  t.equal((await app.inject({ url: '/v1/events?include=nothing' })).statusCode, 400)
})
