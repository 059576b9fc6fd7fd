import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { namedSchemas } from '../../../src/schemas/index.js'
import { AUTH, actorId, json, makeApp, sourceId } from '../../helpers.js'

type Item = { kind: string; id: string; title: string; date: string | null; date_precision: string | null; date_start: string | null; date_end: string | null; [k: string]: any }
const RANK: Record<string, number> = { event: 0, quote: 1, status_change: 2 }

// Every page is held to the TimelinePage schema (additional properties refused).
const ajv = new Ajv({ strict: false })
;((addFormatsModule as any).default ?? addFormatsModule)(ajv)
for (const s of namedSchemas) ajv.addSchema(s)
const validPage = ajv.getSchema('TimelinePage')!

async function get(app: FastifyInstance, url: string) {
  const res = await app.inject({ method: 'GET', url })
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  const page = json(res)
  if (!validPage(page)) throw new Error(`${url}: the page breaks the TimelinePage schema: ${JSON.stringify(validPage.errors)}`)
  return page
}

async function create(app: FastifyInstance, path: string, payload: object): Promise<string> {
  const res = await app.inject({ method: 'POST', url: path, headers: AUTH, payload })
  if (res.statusCode !== 201) throw new Error(`${path}: ${res.statusCode} ${res.body}`)
  return json(res).id
}

/** Every page, following next_cursor from the start. */
async function walk(app: FastifyInstance, query: string, limit: number) {
  const pages: any[] = []
  let cursor: string | null = null
  do {
    const page = await get(app, `/v1/timeline?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
    pages.push(page)
    cursor = page.next_cursor
  } while (cursor && pages.length < 100)
  return pages
}

function sortKey(i: Item): [number, string, number, string | number] {
  return [i.date_start === null ? 1 : 0, i.date_start ?? '', RANK[i.kind], i.kind === 'status_change' ? Number(i.id) : i.id]
}

function inOrder(items: Item[]): boolean {
  for (let n = 1; n < items.length; n++) {
    const a = sortKey(items[n - 1])
    const b = sortKey(items[n])
    let cmp = 0
    for (let k = 0; k < 4 && cmp === 0; k++) cmp = a[k] < b[k] ? -1 : a[k] > b[k] ? 1 : 0
    if (cmp >= 0) return false
  }
  return true
}

// Building an app is slow on a busy machine: the read-only checks share one
// seeded app, and the checks that write share another, in file order.
const seeded = await makeApp(t)
const written = await makeApp(t)

t.test('mixed-precision dates sort by their first day, then kind, then id, and say their precision', async (t) => {
  const app = written
  const dayEvent = await create(app, '/v1/events', { title: 'Day-precise talks', category: 'CONSULT', status: 'occurred', occurred_on: '2025-02-12', participants: [{ actor_id: 'belarus', role: 'source' }] })
  const yearEvent = await create(app, '/v1/events', { title: 'Year-precise thaw', category: 'SUPPORT', status: 'reported', occurred_on: '2025' })
  const firstDayQuote = await create(app, '/v1/quotes', { text: 'Said on the first of the month', kind: 'direct', speaker_id: 'belarus', said_on: '2025-02-01' })
  const page = await get(app, '/v1/timeline?from=2025&to=2025&limit=200')
  const items: Item[] = page.data
  t.ok(inOrder(items), 'strictly ordered by (first day, kind, id)')
  const at = (id: string) => items.findIndex((i) => i.id === id)
  const visit = items.find((i) => i.title.startsWith('U.S. envoy'))!
  t.match(visit, { date: '2025-02', date_precision: 'month', date_start: '2025-02-01', date_end: '2025-02-28' })
  t.match(items[at(yearEvent)], { date: '2025', date_precision: 'year', date_start: '2025-01-01', date_end: '2025-12-31' })
  t.match(items[at(dayEvent)], { date: '2025-02-12', date_precision: 'day', date_start: '2025-02-12', date_end: '2025-02-12' })
  t.equal(at(yearEvent), 0, 'a year-precise 2025 sorts as 2025-01-01, first')
  t.ok(at(visit.id) < at(dayEvent), 'a month-precise 2025-02 item sorts before a day-precise 2025-02-12 one')
  t.ok(at(visit.id) < at(firstDayQuote), 'on the same first day, events come before quotes')
  t.ok(at(firstDayQuote) < at(dayEvent))
  t.equal(at(dayEvent), items.length - 1, 'the 12th comes after everything dated from the 1st')
})

t.test('paging forwards and backwards yields the same pages, and stays put when records are added', async (t) => {
  const app = written
  const whole = (await get(app, '/v1/timeline?undated=include&limit=200')).data as Item[]
  t.ok(whole.length > 20, `${whole.length} items`)
  t.ok(inOrder(whole))
  const pages = await walk(app, 'undated=include', 4)
  t.same(pages.flatMap((p) => p.data.map((i: Item) => i.id)), whole.map((i) => i.id), 'forward pages add up to the whole stream')
  t.equal(pages[0].prev_cursor, null, 'nothing before the first page')
  t.equal(pages[pages.length - 1].next_cursor, null)
  t.equal(pages[pages.length - 1].has_more, false)
  // Back from the last page: each earlier page again.
  let cursor = pages[pages.length - 1].prev_cursor
  for (let n = pages.length - 2; n >= 0; n--) {
    const back = await get(app, `/v1/timeline?undated=include&limit=4&cursor=${encodeURIComponent(cursor)}`)
    t.same(back.data.map((i: Item) => i.id), pages[n].data.map((i: Item) => i.id), `page ${n + 1} again, going back`)
    t.ok(back.next_cursor, 'a page reached going back has a next page')
    cursor = back.prev_cursor
  }
  t.equal(cursor, null, 'going back ends at the first page')

  // A record dated before the cursor does not shift the following page.
  const second = await get(app, `/v1/timeline?undated=include&limit=4&cursor=${encodeURIComponent(pages[0].next_cursor)}`)
  await create(app, '/v1/events', { title: 'An early event', category: 'AGREE', status: 'occurred', occurred_on: '1999' })
  const again = await get(app, `/v1/timeline?undated=include&limit=4&cursor=${encodeURIComponent(pages[0].next_cursor)}`)
  t.same(again.data, second.data)
})

t.test('undated items are left out, or come last by kind and id with undated=include', async (t) => {
  const app = seeded
  const dated = (await get(app, '/v1/timeline?limit=200')).data as Item[]
  t.ok(dated.every((i) => i.date !== null), 'no undated item by default')
  const all = (await get(app, '/v1/timeline?limit=200&undated=include')).data as Item[]
  const undated = all.filter((i) => i.date === null)
  t.ok(undated.length >= 9, 'the seed has undated events and (undated) status changes')
  t.same(all.slice(0, dated.length), dated, 'dated items first, as before')
  t.same(all.slice(dated.length), undated, 'then the undated ones')
  t.ok(inOrder(undated), 'by kind, then id')
  t.match(undated[undated.length - 1], { kind: 'status_change', date_precision: null, date_start: null })
  const ranged = (await get(app, '/v1/timeline?limit=200&undated=include&from=2000')).data as Item[]
  t.ok(ranged.every((i) => i.date !== null), 'an undated item overlaps no range')
})

t.test('filters: actor, deal, category, kind and date range', async (t) => {
  const app = seeded
  const belarus = actorId(app, 'belarus')
  const byActor = (await get(app, '/v1/timeline?actor=belarus&undated=include&limit=200')).data as Item[]
  t.same(
    byActor.filter((i) => i.kind === 'event').map((i) => i.id).sort(),
    json(await app.inject({ url: '/v1/events?actor=belarus&limit=200' })).data.map((e: any) => e.id).sort(),
    "the actor's events are exactly those /v1/events?actor= lists",
  )
  for (const q of byActor.filter((i) => i.kind === 'quote')) t.ok(q.speaker_id === belarus || q.about_actor_ids.includes(belarus), 'a quote it said or is about')
  t.equal(byActor.filter((i) => i.kind === 'status_change').length, 5, 'the deal it is a party to, and its four terms')
  t.same(
    (await get(app, `/v1/timeline?actor=${belarus}&undated=include&limit=200`)).data,
    byActor,
    'an id works as well as a slug',
  )

  const deal = json(await app.inject({ url: '/v1/deals' })).data[0]
  const byDeal = (await get(app, `/v1/timeline?deal=${deal.id}&undated=include&limit=200`)).data as Item[]
  const titles = byDeal.map((i) => i.title)
  t.equal(byDeal.filter((i) => i.kind === 'status_change').length, 5, 'the deal and its terms')
  t.ok(titles.some((x) => x.startsWith('Lukashenko may agree')), 'the quote about its terms')
  t.ok(titles.some((x) => x.startsWith('welcomed efforts')), 'a quote a stance rests on')
  t.ok(titles.some((x) => x.startsWith('Smith’s private briefing')), 'the event that quote was said at')
  t.notOk(titles.some((x) => x.startsWith('Belarus releases three detainees')), 'not an unrelated event')

  const retreat = (await get(app, '/v1/timeline?category=RETREAT&undated=include&limit=200')).data as Item[]
  t.same([...new Set(retreat.map((i) => i.kind))].sort(), ['event', 'status_change'])
  t.ok(retreat.filter((i) => i.kind === 'event').every((i) => i.category === 'RETREAT'))
  t.equal(retreat.filter((i) => i.kind === 'status_change').length, 1, "the one term whose action is RETREAT:release")

  const quotes = (await get(app, '/v1/timeline?kind=quote&limit=200')).data as Item[]
  t.equal(quotes.length, 6)
  t.ok(quotes.every((i) => i.kind === 'quote' && typeof i.speaker_id === 'string'))

  const mid = (await get(app, '/v1/timeline?from=2025-02-15&to=2025-02-20&limit=200')).data as Item[]
  t.ok(mid.length > 10, 'month-precise 2025-02 items overlap a range inside the month')
  t.ok(mid.every((i) => i.date_start! <= '2025-02-20' && i.date_end! >= '2025-02-15'))
  const old = (await get(app, '/v1/timeline?to=2020&limit=200')).data as Item[]
  t.same(old.map((i) => i.date), ['2020', '2020', '2020'])
})

t.test('a dated status change appears where it happened, with its source', async (t) => {
  const app = written
  const deal = json(await app.inject({ url: '/v1/deals' })).data[0]
  const res = await app.inject({ method: 'PATCH', url: `/v1/deals/${deal.id}`, headers: AUTH, payload: { status: 'negotiating', status_as_of: '2025-03-04', status_source_id: sourceId(app) } })
  t.equal(res.statusCode, 200)
  const items = (await get(app, '/v1/timeline?kind=status_change&limit=200')).data as Item[]
  t.equal(items.length, 1, 'the only dated status change')
  t.match(items[0], { kind: 'status_change', subject_type: 'deal', subject_id: deal.id, deal_id: deal.id, status: 'negotiating', previous_status: 'exploratory', date: '2025-03-04', date_precision: 'day', source_id: sourceId(app) })
  t.match(items[0].title, /exploratory → negotiating/)
})

t.test('the page lists the actors its items name, and answers 304 until something changes', async (t) => {
  const app = written
  const first = await app.inject({ url: '/v1/timeline?kind=event&limit=3' })
  const page = json(first)
  const named = new Set(page.data.flatMap((i: Item) => i.participants.map((p: any) => p.actor_id)))
  t.same(new Set(page.actors.map((a: any) => a.id)), named)
  const etag = first.headers.etag as string
  t.equal((await app.inject({ url: '/v1/timeline?kind=event&limit=3', headers: { 'if-none-match': etag } })).statusCode, 304)
  await create(app, '/v1/sources', { title: 'Another report', kind: 'report' })
  t.equal((await app.inject({ url: '/v1/timeline?kind=event&limit=3', headers: { 'if-none-match': etag } })).statusCode, 200)
})

t.test('bad input is a 400 naming the parameter', async (t) => {
  const app = seeded
  const page = await get(app, '/v1/timeline?limit=2')
  const tampered = page.next_cursor.replace(/^./, (c: string) => (c === 'e' ? 'f' : 'e'))
  for (const [query, parameter] of [
    ['kind=meeting', 'kind'],
    ['category=HUG', 'category'],
    ['actor=nobody-at-all', 'actor'],
    ['deal=deal_01jm0000000000000000000000', 'deal'],
    ['from=2025-13', 'from'],
    ['from=2025-02-30', 'from'],
    ['from=2025&to=2024', 'to'],
    ['limit=0', 'limit'],
    ['undated=maybe', 'undated'],
    ['colour=red', 'colour'],
    [`cursor=${encodeURIComponent(tampered)}`, 'cursor'],
  ]) {
    const res = await app.inject({ url: `/v1/timeline?${query}` })
    t.equal(res.statusCode, 400, query)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.ok(json(res).errors.some((e: any) => e.parameter === parameter), `${query} names ${parameter}`)
  }
})
