// Cursor pagination: walking every page of a 1,000-record collection while
// other requests insert and delete records skips and repeats nothing among
// the records that existed throughout, for every sort; cursors and limits are
// checked.
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { encodeCursor } from '../../src/engine/cursor.js'
import { AUTH, json, makeApp } from '../helpers.js'
import { rng, walk } from '../query-helpers.js'

type Obj = Record<string, any>

const CATEGORIES = ['CONSULT', 'AGREE', 'AID', 'PROTEST']
// Few titles and dates, so most sort keys tie and the id must break the ties.
const TITLES = ['Talks', 'Summit', 'Release', 'Visit', 'Protest', 'Call', 'Deal']
const DATES = [null, null, '2019', '2020', '2020-08', '2020-08-15', '2021-03', '2021-03-01', '2024', '2025-02', '2025-02-12']

function randomEvent(r: ReturnType<typeof rng>): Obj {
  const occurred = r.pick(DATES)
  return { title: `${r.pick(TITLES)} ${r.int(3)}`, category: r.pick(CATEGORIES), status: 'occurred', occurred_on: occurred }
}

/** The first day a fuzzy date covers, as the test's own oracle of occurred_on order ('' when there is none). */
function startOf(date: string | null): string {
  if (date === null) return ''
  return date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date
}

/** The last day a fuzzy date covers, as text that compares right ('2020-08' covers up to '2020-08-31'). */
function lastDayOf(date: string): string {
  return date.length === 4 ? `${date}-12-31` : date.length === 7 ? `${date}-31` : date
}

const FIELDS: Record<string, (e: Obj) => string> = {
  id: (e) => e.id,
  title: (e) => e.title,
  occurred_on: (e) => startOf(e.occurred_on),
  created_at: (e) => e.created_at,
}

/** Compares two events the way `sort` says, ties broken by id in the last key's direction. */
function comparator(sort: string) {
  const keys = sort.split(',').map((k) => ({ field: k.replace(/^-/, ''), desc: k.startsWith('-') }))
  if (keys[keys.length - 1].field !== 'id') keys.push({ field: 'id', desc: keys[keys.length - 1].desc })
  return (a: Obj, b: Obj) => {
    for (const k of keys) {
      const x = FIELDS[k.field](a)
      const y = FIELDS[k.field](b)
      if (x !== y) return (x < y ? -1 : 1) * (k.desc ? -1 : 1)
    }
    return 0
  }
}

async function seedEvents(app: FastifyInstance, n: number, seed: number): Promise<void> {
  const r = rng(seed)
  const events = app.repos.events.repo
  app.repos.store.write(() => {
    for (let i = 0; i < n; i++) events.insertInTx(randomEvent(r), { keyId: null })
  })
}

const allIds = (app: FastifyInstance) => new Set((app.repos.store.sqlite.prepare('SELECT id FROM events').all() as { id: string }[]).map((r) => r.id))

const SORTS = ['id', '-id', 'occurred_on', '-occurred_on', 'title', '-title', 'created_at', '-created_at', '-occurred_on,title', 'title,-occurred_on', 'occurred_on,-created_at']

t.setTimeout(300_000)

t.test('walking every page under concurrent inserts and deletes skips and repeats nothing, for every sort', { timeout: 240_000 }, async (t) => {
  const app = await makeApp(t)
  await seedEvents(app, 1000, 7)
  const r = rng(99)
  for (const sort of SORTS) {
    const initial = allIds(app)
    t.ok(initial.size >= 1000, `${initial.size} events before walking sort=${sort}`)
    const deleted = new Set<string>()
    const inserted = new Set<string>()
    const initialList = [...initial]
    // Between pages: two inserts and two deletes, on both sides of the cursor.
    const between = async () => {
      for (let i = 0; i < 2; i++) {
        const res = await app.inject({ method: 'POST', url: '/v1/events', headers: AUTH, payload: randomEvent(r) })
        if (res.statusCode !== 201) throw new Error(res.body)
        inserted.add(json(res).id)
      }
      for (let i = 0; i < 2; i++) {
        let victim: string
        do victim = r.pick(initialList)
        while (deleted.has(victim))
        const seedEvent = app.repos.store.sqlite.prepare('SELECT 1 FROM import_keys WHERE entity_id = ?').get(victim)
        if (seedEvent) continue // seed events are referred to by quotes; leave them
        const res = await app.inject({ method: 'DELETE', url: `/v1/events/${victim}`, headers: AUTH })
        if (res.statusCode !== 204) throw new Error(res.body)
        deleted.add(victim)
      }
    }
    const seen = await walk(app, `/v1/events?sort=${sort}&limit=37`, between)
    const ids = seen.map((e) => e.id)
    t.equal(new Set(ids).size, ids.length, `sort=${sort}: no record is repeated`)
    const survivors = [...initial].filter((id) => !deleted.has(id))
    const seenSet = new Set(ids)
    const missing = survivors.filter((id) => !seenSet.has(id))
    t.same(missing, [], `sort=${sort}: every one of the ${survivors.length} records that existed throughout was seen`)
    const strays = ids.filter((id) => !initial.has(id) && !inserted.has(id))
    t.same(strays, [], `sort=${sort}: nothing unknown was returned`)
    const cmp = comparator(sort)
    const outOfOrder = seen.findIndex((e, i) => i > 0 && cmp(seen[i - 1], e) > 0)
    t.equal(outOfOrder, -1, `sort=${sort}: the pages come in sort order`)
    t.ok(deleted.size > 20 && inserted.size > 40, `sort=${sort}: ${inserted.size} inserted and ${deleted.size} deleted while walking`)
  }
})

t.test('nullable sort keys: events without a date come first ascending and last descending', async (t) => {
  const app = await makeApp(t)
  await seedEvents(app, 200, 3)
  for (const sort of ['occurred_on', '-occurred_on']) {
    const seen = await walk(app, `/v1/events?sort=${sort}&limit=7`)
    const nulls = seen.map((e, i) => (e.occurred_on === null ? i : -1)).filter((i) => i >= 0)
    t.ok(nulls.length > 20, `${nulls.length} undated events`)
    const expected = sort === 'occurred_on' ? [...Array(nulls.length).keys()] : [...Array(nulls.length).keys()].map((i) => seen.length - nulls.length + i)
    t.same(nulls, expected, `sort=${sort}: the undated events form one block at the ${sort === 'occurred_on' ? 'start' : 'end'}`)
  }
})

t.test('a date range sorted by that date pages through exactly its events, in order', async (t) => {
  // With a date bound no undated event can match, so the list sorts on the date column
  // itself (and walks its index); the pages must be the same as the oracle's.
  const app = await makeApp(t)
  await seedEvents(app, 300, 5)
  const all = await walk(app, '/v1/events?limit=200')
  for (const sort of ['occurred_on', '-occurred_on', '-occurred_on,title']) {
    for (const [query, keep] of [
      ['category=CONSULT&occurred_from=2020-08&occurred_to=2024', (e: Obj) => e.category === 'CONSULT' && e.occurred_on !== null && startOf(e.occurred_on) <= '2024-12-31' && lastDayOf(e.occurred_on) >= '2020-08-01'],
      ['occurred_to=2020-08-15', (e: Obj) => e.occurred_on !== null && startOf(e.occurred_on) <= '2020-08-15'],
    ] as const) {
      const seen = await walk(app, `/v1/events?${query}&sort=${sort}&limit=6`)
      const expected = all.filter(keep).sort(comparator(sort))
      t.ok(expected.length > 12, `${expected.length} events match ${query}`)
      t.same(seen.map((e) => e.id), expected.map((e) => e.id), `${query}&sort=${sort}: every match once, in order`)
    }
  }
})

t.test('total=true counts every match, whatever the page', async (t) => {
  const app = await makeApp(t)
  await seedEvents(app, 120, 5)
  const count = (app.repos.store.sqlite.prepare("SELECT count(*) AS n FROM events WHERE category = 'CONSULT'").get() as { n: number }).n
  const first = json(await app.inject({ method: 'GET', url: '/v1/events?category=CONSULT&total=true&limit=5' }))
  t.equal(first.total, count)
  t.equal(first.data.length, 5)
  const second = json(await app.inject({ method: 'GET', url: `/v1/events?category=CONSULT&total=true&limit=5&cursor=${encodeURIComponent(first.next_cursor)}` }))
  t.equal(second.total, count, 'the total does not shrink on later pages')
  const without = json(await app.inject({ method: 'GET', url: '/v1/events?category=CONSULT&limit=5' }))
  t.notOk('total' in without, 'no total unless asked')
  const falseTotal = json(await app.inject({ method: 'GET', url: '/v1/events?total=false' }))
  t.notOk('total' in falseTotal)
})

t.test('limit: default 25, 1 to 200; anything else is a 400 naming limit', async (t) => {
  const app = await makeApp(t)
  await seedEvents(app, 230, 11)
  t.equal(json(await app.inject({ method: 'GET', url: '/v1/events' })).data.length, 25)
  t.equal(json(await app.inject({ method: 'GET', url: '/v1/events?limit=1' })).data.length, 1)
  t.equal(json(await app.inject({ method: 'GET', url: '/v1/events?limit=200' })).data.length, 200)
  for (const bad of ['0', '201', '-1', 'ten', '2.5', '1e9', '']) {
    const res = await app.inject({ method: 'GET', url: `/v1/events?limit=${bad}` })
    t.equal(res.statusCode, 400, `limit=${bad} is refused`)
    t.match(res.headers['content-type'], /application\/problem\+json/)
    t.equal(json(res).errors[0].parameter, 'limit')
  }
})

t.test('a malformed, tampered or foreign cursor is a 400 naming cursor', async (t) => {
  const app = await makeApp(t)
  const first = json(await app.inject({ method: 'GET', url: '/v1/events?limit=2&sort=title' }))
  const cursor: string = first.next_cursor
  t.ok(cursor)
  const [payload, mac] = cursor.split('.')
  const state = JSON.parse(Buffer.from(payload, 'base64url').toString())
  const edited = Buffer.from(JSON.stringify({ ...state, k: ['A', state.k[1]] })).toString('base64url')
  const cases: Record<string, string> = {
    garbage: 'not-a-cursor',
    'edited payload, old signature': `${edited}.${mac}`,
    'flipped signature': `${payload}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`,
    'no signature': payload,
    'extra part': `${cursor}.x`,
    'non-ASCII signature': `${payload}.${'é'.repeat(mac.length)}`,
    'signed, but keys of the wrong type': encodeCursor({ s: 'title', k: [{} as any, 'evt_x'] }),
    'signed, but too few keys': encodeCursor({ s: 'title', k: ['A'] }),
  }
  for (const [name, bad] of Object.entries(cases)) {
    const res = await app.inject({ method: 'GET', url: `/v1/events?limit=2&sort=title&cursor=${encodeURIComponent(bad)}` })
    t.equal(res.statusCode, 400, `${name}: 400`)
    t.match(res.headers['content-type'], /application\/problem\+json/, `${name}: a problem document`)
    t.equal(json(res).errors?.[0]?.parameter, 'cursor', `${name}: names cursor`)
  }
  const ok = await app.inject({ method: 'GET', url: `/v1/events?limit=2&sort=title&cursor=${encodeURIComponent(cursor)}` })
  t.equal(ok.statusCode, 200, 'the untouched cursor still works')
})

t.test('a cursor used with another sort is a 400', async (t) => {
  const app = await makeApp(t)
  const first = json(await app.inject({ method: 'GET', url: '/v1/events?limit=2&sort=title' }))
  for (const sort of ['-title', 'occurred_on', 'title,id']) {
    const res = await app.inject({ method: 'GET', url: `/v1/events?limit=2&sort=${sort}&cursor=${encodeURIComponent(first.next_cursor)}` })
    t.equal(res.statusCode, 400, `sort=${sort}`)
    t.equal(json(res).errors[0].parameter, 'cursor')
  }
  const fromDefault = json(await app.inject({ method: 'GET', url: '/v1/events?limit=2' }))
  const res = await app.inject({ method: 'GET', url: `/v1/events?limit=2&sort=id&cursor=${encodeURIComponent(fromDefault.next_cursor)}` })
  t.equal(res.statusCode, 200, 'the default sort and sort=id are the same sort')
  const onActors = await app.inject({ method: 'GET', url: `/v1/actors?limit=2&sort=name&cursor=${encodeURIComponent(first.next_cursor)}` })
  t.equal(onActors.statusCode, 400, "another collection's cursor with another sort")
})
