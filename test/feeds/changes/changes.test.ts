import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { createParser, type EventSourceMessage } from 'eventsource-parser'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { namedSchemas } from '../../../src/schemas/index.js'
import { AUTH, json, makeApp } from '../../helpers.js'

const COLLECTIONS: Record<string, string> = {
  source: 'sources',
  actor: 'actors',
  position: 'positions',
  relation: 'relations',
  event: 'events',
  quote: 'quotes',
  deal: 'deals',
  term: 'terms',
}

async function write(app: FastifyInstance, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) {
  const res = await app.inject({ method, url, headers: AUTH, payload })
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`)
  return res.statusCode === 204 ? null : json(res)
}

/** A few writes of every kind: creates, updates (one changing a status) and deletes. */
async function churn(app: FastifyInstance, tag: string) {
  const source = await write(app, 'POST', '/v1/sources', { title: `Report ${tag}`, kind: 'report' })
  const actor = await write(app, 'POST', '/v1/actors', { slug: `envoy-${tag}`, name: `Envoy ${tag}`, kind: 'person', country: 'LTU' })
  const event = await write(app, 'POST', '/v1/events', { title: `Meeting ${tag}`, category: 'CONSULT', status: 'planned', occurred_on: '2025-03', participants: [{ actor_id: actor.id, role: 'source' }, { actor_id: 'belarus', role: 'target' }] })
  await write(app, 'PATCH', `/v1/events/${event.id}`, { status: 'occurred', summary: 'It took place.' })
  const quote = await write(app, 'POST', '/v1/quotes', { text: `Words ${tag}`, kind: 'direct', speaker_id: actor.id, event_id: event.id })
  await write(app, 'DELETE', `/v1/quotes/${quote.id}`)
  const deal = json(await app.inject({ url: '/v1/deals' })).data[0]
  await write(app, 'PATCH', `/v1/deals/${deal.id}`, { status: 'negotiating', status_source_id: source.id })
  await write(app, 'DELETE', `/v1/sources/${(await write(app, 'POST', '/v1/sources', { title: `Retracted ${tag}`, kind: 'other' })).id}`)
}

async function listAll(app: FastifyInstance, collection: string): Promise<any[]> {
  const out: any[] = []
  let cursor: string | null = null
  do {
    const page: { data: any[]; next_cursor: string | null } = json(await app.inject({ url: `/v1/${collection}?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}` }))
    out.push(...page.data)
    cursor = page.next_cursor
  } while (cursor)
  return out
}

const seeded = await makeApp(t)

t.test('the change list pages in commit order, with tombstones, filtered by type', async (t) => {
  const app = seeded
  await churn(app, 'list')
  const ajv = new Ajv({ strict: false })
  ;((addFormatsModule as any).default ?? addFormatsModule)(ajv)
  for (const s of namedSchemas) ajv.addSchema(s)
  const validate = ajv.getSchema('ChangeList')!
  const seqs: number[] = []
  let after = 0
  for (let page = 0; page < 100; page++) {
    const body = json(await app.inject({ url: `/v1/changes?after=${after}&limit=25` }))
    t.ok(validate(body), 'the page matches the ChangeList schema') || t.fail(JSON.stringify(validate.errors))
    seqs.push(...body.data.map((c: any) => c.seq))
    t.equal(body.next_after, body.data.length ? body.data[body.data.length - 1].seq : after)
    after = body.next_after
    if (!body.has_more) break
  }
  t.equal(seqs.length, app.repos.store.latestSeq(), 'every change once')
  t.ok(seqs.every((s, i) => s === i + 1), 'in seq order, none skipped')
  const tail = json(await app.inject({ url: `/v1/changes?after=${seqs.length - 12}&limit=100` })).data
  const deleted = tail.filter((c: any) => c.op === 'delete')
  t.equal(deleted.length, 2)
  t.ok(deleted.every((c: any) => c.data === null), 'a delete is a tombstone')
  t.match(tail.find((c: any) => c.entity_type === 'event' && c.op === 'update'), { version: 2, data: { status: 'occurred', version: 2 } })
  const deals = json(await app.inject({ url: '/v1/changes?type=deal&limit=100' })).data
  t.same(deals.map((c: any) => c.op), ['create', 'update'])
  t.ok(deals.every((c: any) => c.entity_type === 'deal'))
  const two = json(await app.inject({ url: '/v1/changes?type=deal,source&limit=100' })).data
  t.same([...new Set(two.map((c: any) => c.entity_type))].sort(), ['deal', 'source'])
  t.equal((await app.inject({ url: '/v1/changes?type=keys' })).statusCode, 400)
  t.equal((await app.inject({ url: '/v1/changes?after=-1' })).statusCode, 400)
})

t.test('replaying the change list from 0 rebuilds exactly what the collections return', async (t) => {
  const app = seeded
  await churn(app, 'replay')
  const local: Record<string, Map<string, unknown>> = Object.fromEntries(Object.keys(COLLECTIONS).map((k) => [k, new Map()]))
  let after = 0
  let more = true
  while (more) {
    const page = json(await app.inject({ url: `/v1/changes?after=${after}&limit=37` }))
    for (const c of page.data) {
      if (c.op === 'delete') local[c.entity_type].delete(c.entity_id)
      else local[c.entity_type].set(c.entity_id, c.data)
    }
    after = page.next_after
    more = page.has_more
  }
  for (const [type, collection] of Object.entries(COLLECTIONS)) {
    const served = await listAll(app, collection)
    t.ok(served.length > 0, `${collection} is not empty`)
    t.same(Object.fromEntries(local[type]), Object.fromEntries(served.map((r) => [r.id, r])), `${collection}: the replay equals the collection`)
  }
})

interface Client {
  events: EventSourceMessage[]
  comments: string[]
  status: Promise<number>
  close(): void
  until(pred: () => boolean, ms?: number): Promise<void>
}

function connect(port: number, path: string, headers: Record<string, string> = {}): Client {
  const events: EventSourceMessage[] = []
  const comments: string[] = []
  const parser = createParser({ onEvent: (e) => events.push(e), onComment: (c) => comments.push(c) })
  let req!: http.ClientRequest
  const status = new Promise<number>((resolve, reject) => {
    req = http.get({ host: '127.0.0.1', port, path, headers }, (res) => {
      resolve(res.statusCode!)
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => parser.feed(chunk))
      res.on('error', () => {})
    })
    req.on('error', (err) => (err.message.includes('aborted') || (err as any).code === 'ECONNRESET' ? undefined : reject(err)))
  })
  return {
    events,
    comments,
    status,
    close: () => req.destroy(),
    async until(pred, ms = 3000) {
      const end = Date.now() + ms
      while (!pred()) {
        if (Date.now() > end) throw new Error('timed out waiting for the stream')
        await new Promise((r) => setTimeout(r, 10))
      }
    },
  }
}

t.test('the stream, over a real socket', async (t) => {
  const app = await makeApp(t, { config: { sseHeartbeatMs: 150 } })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const store = app.repos.store
  const latest = store.latestSeq()

  t.test('it sends the backlog, then a write within a second', async (t) => {
    const c = connect(port, `/v1/changes/stream?after=${latest - 5}`)
    t.equal(await c.status, 200)
    await c.until(() => c.events.length === 5)
    t.same(c.events.map((e) => Number(e.id)), [latest - 4, latest - 3, latest - 2, latest - 1, latest], 'the backlog after `after`')
    t.ok(c.events.every((e) => e.event === 'change'))
    const started = Date.now()
    const source = await write(app, 'POST', '/v1/sources', { title: 'Live report', kind: 'report' })
    await c.until(() => c.events.length === 6, 1000)
    const elapsed = Date.now() - started
    t.ok(elapsed < 1000, `seen after ${elapsed} ms`)
    const change = JSON.parse(c.events[5].data)
    t.match(change, { seq: latest + 1, entity_type: 'source', entity_id: source.id, op: 'create', version: 1, data: { id: source.id, title: 'Live report' } })
    t.same(change, json(await app.inject({ url: `/v1/changes?after=${latest}` })).data[0], 'the same JSON as the list')
    await c.until(() => c.comments.some((x) => x.trim() === 'heartbeat'))
    t.pass('a heartbeat comment on an idle stream')
    c.close()
    await c.until(() => store.listenerCount === 0)
    t.equal(store.listenerCount, 0, 'the listener is gone after the disconnect')
  })

  t.test('after a dropped connection, Last-Event-ID resumes with no gap and no duplicate', async (t) => {
    const start = store.latestSeq()
    const first = connect(port, `/v1/changes/stream?after=${start}`)
    await first.status
    await churn(app, 'stream-1')
    await first.until(() => first.events.length >= 3)
    first.close()
    await first.until(() => store.listenerCount === 0)
    const lastSeen = first.events[first.events.length - 1].id!
    // Writes while nobody listens, and more while the client reconnects.
    await churn(app, 'stream-2')
    const second = connect(port, `/v1/changes/stream?after=${start}`, { 'last-event-id': lastSeen })
    t.equal(await second.status, 200)
    await churn(app, 'stream-3')
    const end = store.latestSeq()
    await second.until(() => second.events.length > 0 && Number(second.events[second.events.length - 1].id) === end)
    const seqs = [...first.events, ...second.events].map((e) => Number(e.id))
    t.same(seqs, Array.from({ length: end - start }, (_, i) => start + 1 + i), 'every seq from the start to the end, once, in order')
    const listed = json(await app.inject({ url: `/v1/changes?after=${start}&limit=1000` })).data
    t.same([...first.events, ...second.events].map((e) => JSON.parse(e.data)), listed, 'the same changes as the list')
    t.equal(store.listenerCount, 1)
    second.close()
    await second.until(() => store.listenerCount === 0)
  })

  t.test('a type filter, HEAD, and a bad Last-Event-ID', async (t) => {
    const c = connect(port, '/v1/changes/stream?type=deal')
    await c.until(() => c.events.length >= 1)
    const deals = json(await app.inject({ url: '/v1/changes?type=deal&limit=1000' })).data
    await c.until(() => c.events.length === deals.length)
    t.ok(c.events.every((e) => JSON.parse(e.data).entity_type === 'deal'))
    t.equal(store.listenerCount, 1)
    const head = await app.inject({ method: 'HEAD', url: '/v1/changes/stream' })
    t.equal(head.statusCode, 200)
    t.match(head.headers['content-type'], /^text\/event-stream/)
    t.equal(store.listenerCount, 1, 'HEAD opens no stream')
    c.close()
    const bad = await app.inject({ url: '/v1/changes/stream', headers: { 'last-event-id': 'yesterday' } })
    t.equal(bad.statusCode, 400)
    t.equal(json(bad).errors[0].parameter, 'last-event-id')
    await c.until(() => store.listenerCount === 0)
  })

  t.test('closing the server ends open streams', async (t) => {
    const c = connect(port, '/v1/changes/stream?type=deal')
    await c.status
    await c.until(() => store.listenerCount === 1)
    await app.close()
    t.equal(store.listenerCount, 0)
  })
})

t.test('an `after` beyond any safe integer is a 400 naming it, not a page with a non-JSON next_after', async (t) => {
  const app = await makeApp(t)
  for (const after of ['1e309', '1e20', '9007199254740992']) {
    const res = await app.inject({ url: `/v1/changes?after=${after}` })
    t.equal(res.statusCode, 400, `after=${after}`)
    t.equal(json(res).errors[0].parameter, 'after')
  }
  const last = await app.inject({ url: `/v1/changes?after=${Number.MAX_SAFE_INTEGER}` })
  t.equal(last.statusCode, 200)
  t.same(json(last).data, [])
  t.equal(json(last).next_after, Number.MAX_SAFE_INTEGER)
})
