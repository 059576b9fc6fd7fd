// HTTP caching and safe concurrent edits: every GET has an ETag and answers
// If-None-Match with 304; list ETags move with any write; a stale If-Match on
// PATCH or DELETE is a 412 that names the current version and writes nothing.
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { AUTH, json, makeApp, snapshot } from '../helpers.js'
import { seedIds } from '../query-helpers.js'

const get = (app: FastifyInstance, url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers })

t.setTimeout(120_000)

t.test('every GET carries an ETag, and If-None-Match with it answers 304 without a body', async (t) => {
  const app = await makeApp(t)
  const id = seedIds(app)
  const urls = [
    `/v1/events/${id('evt-smith-visit-belarus')}`,
    `/v1/events/${id('evt-smith-visit-belarus')}?include=participants,quotes`,
    '/v1/actors/aleksandr-lukashenko',
    `/v1/actors/${id('aleksandr-lukashenko')}`,
    `/v1/quotes/${id('q-smith-huge-win')}`,
    `/v1/deals/${id('deal-prisoners-for-sanctions-relief')}`,
    `/v1/terms/${id('term-ease-bank-sanctions')}`,
    `/v1/sources/${id('report')}`,
    `/v1/positions/${id('pos-smith-das')}`,
    '/v1/events',
    '/v1/events?category=CONSULT&sort=-occurred_on&limit=3',
    '/v1/actors?q=luka*',
    '/v1/quotes',
    '/v1/deals',
    '/v1/terms',
    '/v1/sources',
    '/v1/positions',
    '/v1/relations',
    `/v1/deals/${id('deal-prisoners-for-sanctions-relief')}/terms`,
    '/v1/search?q=potash',
  ]
  for (const url of urls) {
    const first = await get(app, url)
    t.equal(first.statusCode, 200, url)
    const etag = first.headers.etag as string
    t.match(etag, /^(W\/)?"[^"]+"$/, `${url}: ETag ${etag}`)
    const again = await get(app, url, { 'if-none-match': etag })
    t.equal(again.statusCode, 304, `${url}: 304 for its own ETag`)
    t.equal(again.body, '', `${url}: no body`)
    t.equal(again.headers.etag, etag, `${url}: the 304 repeats the ETag`)
    t.equal((await get(app, url, { 'if-none-match': '"v999", "nope"' })).statusCode, 200, `${url}: 200 for other ETags`)
    t.equal((await get(app, url, { 'if-none-match': `"other", ${etag}` })).statusCode, 304, `${url}: 304 when any listed ETag matches`)
  }
  const visit = `/v1/events/${id('evt-smith-visit-belarus')}`
  t.equal((await get(app, visit)).headers.etag, '"v1"', 'a record is tagged by its version')
  t.not((await get(app, '/v1/events?limit=3')).headers.etag, (await get(app, '/v1/events?limit=4')).headers.etag, 'each list query has its own ETag')
})

t.test('a list ETag changes after any write, and not after a failed or empty one', async (t) => {
  const app = await makeApp(t)
  const id = seedIds(app)
  const etagOf = async (url: string) => (await get(app, url)).headers.etag as string
  const lists = ['/v1/events', '/v1/actors?kind=person', '/v1/search?q=belarus']
  const before = await Promise.all(lists.map(etagOf))

  const failed = await app.inject({ method: 'POST', url: '/v1/events', headers: AUTH, payload: { title: 'x', category: 'NOPE', status: 'occurred' } })
  t.equal(failed.statusCode, 400)
  t.same(await Promise.all(lists.map(etagOf)), before, 'a refused write moves nothing')
  const same = await app.inject({ method: 'PATCH', url: `/v1/sources/${id('report')}`, headers: AUTH, payload: { kind: 'news_article' } })
  t.equal(same.statusCode, 200)
  t.same(await Promise.all(lists.map(etagOf)), before, 'a patch that changes nothing moves nothing')

  // A write to another collection moves every list's ETag: lists embed and filter across collections.
  const created = await app.inject({ method: 'POST', url: '/v1/sources', headers: AUTH, payload: { title: 'A note', kind: 'other' } })
  t.equal(created.statusCode, 201)
  const after = await Promise.all(lists.map(etagOf))
  lists.forEach((url, i) => t.not(after[i], before[i], `${url}: new ETag after a create`))
  const stale = await get(app, '/v1/events', { 'if-none-match': before[0] })
  t.equal(stale.statusCode, 200, 'the old ETag no longer gives 304')

  const sourceId = json(created).id
  await app.inject({ method: 'PATCH', url: `/v1/sources/${sourceId}`, headers: AUTH, payload: { title: 'A longer note' } })
  const afterUpdate = await etagOf('/v1/events')
  t.not(afterUpdate, after[0], 'after an update')
  await app.inject({ method: 'DELETE', url: `/v1/sources/${sourceId}`, headers: AUTH })
  t.not(await etagOf('/v1/events'), afterUpdate, 'after a delete')
})

t.test("a record fetched with includes gets a new ETag when an embedded record changes", async (t) => {
  const app = await makeApp(t)
  const id = seedIds(app)
  const url = `/v1/events/${id('evt-smith-meets-lukashenko')}?include=participants`
  const before = (await get(app, url)).headers.etag as string
  const patch = await app.inject({ method: 'PATCH', url: '/v1/actors/aleksandr-lukashenko', headers: AUTH, payload: { description: 'President of Belarus since 1994.' } })
  t.equal(patch.statusCode, 200)
  const res = await get(app, url, { 'if-none-match': before })
  t.equal(res.statusCode, 200, 'the old ETag does not hide the changed participant')
  t.equal(json(res).participants.find((p: any) => p.actor.slug === 'aleksandr-lukashenko').actor.description, 'President of Belarus since 1994.')
})

t.test('If-Match: a stale version is a 412 naming the current one, and nothing is written', async (t) => {
  const app = await makeApp(t)
  const id = seedIds(app)
  const url = `/v1/events/${id('evt-smith-crosses-into-belarus')}`
  const v1 = (await get(app, url)).headers.etag as string
  const first = await app.inject({ method: 'PATCH', url, headers: { ...AUTH, 'if-match': v1 }, payload: { summary: 'By car, on a Wednesday.' } })
  t.equal(first.statusCode, 200, 'a matching If-Match succeeds')
  t.equal(json(first).version, 2)
  const v2 = first.headers.etag as string
  t.equal(v2, '"v2"', 'the answer carries the new ETag')

  const before = snapshot(app)
  const stale = await app.inject({ method: 'PATCH', url, headers: { ...AUTH, 'if-match': v1 }, payload: { summary: 'Someone else’s edit.' } })
  t.equal(stale.statusCode, 412)
  t.match(stale.headers['content-type'], /^application\/problem\+json/)
  const problem = json(stale)
  t.equal(problem.code, 'precondition_failed')
  t.equal(problem.current_version, 2, 'the problem names the current version')
  t.same(snapshot(app), before, 'nothing was written')
  t.equal(json(await get(app, url)).summary, 'By car, on a Wednesday.', 'the record is as the first writer left it')

  const staleDelete = await app.inject({ method: 'DELETE', url, headers: { ...AUTH, 'if-match': v1 } })
  t.equal(staleDelete.statusCode, 412)
  t.equal(json(staleDelete).current_version, 2)
  t.same(snapshot(app), before, 'a stale delete deletes nothing')
  t.equal((await get(app, url)).statusCode, 200)

  // A tag from a GET with includes, a list holding the current tag, and `*` all match (weak tags: http-details.test.ts).
  for (const form of [(v: number) => `"v${v}-77"`, (v: number) => `"v99", "v${v}"`, () => '*']) {
    const version = json(await get(app, url)).version
    const tag = form(version)
    const res = await app.inject({ method: 'PATCH', url, headers: { ...AUTH, 'if-match': tag }, payload: { quantity: version } })
    t.equal(res.statusCode, 200, `If-Match ${tag} matches`)
    t.equal(json(res).version, version + 1)
  }
  const garbage = await app.inject({ method: 'PATCH', url, headers: { ...AUTH, 'if-match': 'yesterday' }, payload: { quantity: 1 } })
  t.equal(garbage.statusCode, 400, 'an If-Match that is no ETag is a 400')
  t.equal(json(garbage).errors[0].parameter, 'if-match')

  const current = (await get(app, url)).headers.etag as string
  const deleted = await app.inject({ method: 'DELETE', url, headers: { ...AUTH, 'if-match': current } })
  t.equal(deleted.statusCode, 204, 'a matching If-Match deletes')
  t.equal((await get(app, url)).statusCode, 404)
})

t.test('If-Match on every collection', async (t) => {
  const app = await makeApp(t)
  const id = seedIds(app)
  const targets = [
    '/v1/actors/franak-viacorka',
    `/v1/quotes/${id('q-shraibman-caution')}`,
    `/v1/deals/${id('deal-prisoners-for-sanctions-relief')}`,
    `/v1/terms/${id('term-halt-repression')}`,
    `/v1/sources/${id('report')}`,
    `/v1/positions/${id('pos-shraibman-analyst')}`,
  ]
  const patches: Record<string, object> = {
    actors: { description: 'Edited.' },
    quotes: { setting: 'Edited.' },
    deals: { summary: 'Edited.' },
    terms: { description: 'Edited.' },
    sources: { title: 'Edited.' },
    positions: { title: 'Edited.' },
  }
  for (const url of targets) {
    const body = patches[url.split('/')[2]]
    const res = await app.inject({ method: 'PATCH', url, headers: { ...AUTH, 'if-match': '"v99"' }, payload: body })
    t.equal(res.statusCode, 412, `${url}: stale`)
    t.equal(json(res).current_version, 1)
    const etag = (await get(app, url)).headers.etag as string
    const ok = await app.inject({ method: 'PATCH', url, headers: { ...AUTH, 'if-match': etag }, payload: body })
    t.equal(ok.statusCode, 200, `${url}: current`)
  }
})
