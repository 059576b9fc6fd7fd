// HTTP details: Cache-Control on reads, strong If-Match, Link headers on list
// pages, CSV line ends and BOM, and where problems point.
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { AUTH, json, makeApp } from '../helpers.js'
import { seedIds } from '../query-helpers.js'

const get = (app: FastifyInstance, url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers })

t.setTimeout(120_000)

t.test('successful GETs under /v1 carry Cache-Control: no-cache', async (t) => {
  const app = await makeApp(t)
  const id = seedIds(app)
  for (const url of ['/v1/events', `/v1/events/${id('evt-smith-visit-belarus')}`, '/v1/events.csv', '/v1/search?q=potash']) {
    const res = await get(app, url)
    t.equal(res.statusCode, 200, url)
    t.equal(res.headers['cache-control'], 'no-cache', url)
    if (!res.headers.etag) continue
    const again = await get(app, url, { 'if-none-match': res.headers.etag as string })
    t.equal(again.statusCode, 304, `${url}: 304`)
    t.equal(again.headers['cache-control'], 'no-cache', `${url}: the 304 too`)
  }
  const missing = await get(app, '/v1/events/nope-no-such-event')
  t.equal(missing.statusCode, 404)
  t.notOk(missing.headers['cache-control'], 'not on errors')
  const write = await app.inject({ method: 'POST', url: '/v1/events', headers: AUTH, payload: {} })
  t.notOk(write.headers['cache-control'], 'not on writes')
})

t.test('with PARLEY_REQUIRE_READ_KEY, reads are private, no-cache', async (t) => {
  const app = await makeApp(t, { config: { requireReadKey: true } })
  const res = await get(app, '/v1/events', AUTH)
  t.equal(res.statusCode, 200)
  t.equal(res.headers['cache-control'], 'private, no-cache')
})

t.test('the change stream keeps its own Cache-Control', async (t) => {
  const app = await makeApp(t)
  const res = await app.inject({ method: 'HEAD', url: '/v1/changes/stream' })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['cache-control'], 'no-cache, no-transform')
})

t.test('If-Match compares strongly: weak tags never match, a list matches any strong tag, * any record', async (t) => {
  const app = await makeApp(t)
  const id = seedIds(app)
  const url = `/v1/events/${id('evt-smith-crosses-into-belarus')}`
  const patch = (ifMatch: string, quantity: number) => app.inject({ method: 'PATCH', url, headers: { ...AUTH, 'if-match': ifMatch }, payload: { quantity } })
  const version = json(await get(app, url)).version as number

  for (const tag of [`W/"v${version}"`, `W/"v${version}", W/"v99"`]) {
    const weak = await patch(tag, 1)
    t.equal(weak.statusCode, 412, `${tag}: a weak tag does not match`)
    t.equal(json(weak).code, 'precondition_failed')
    t.equal(json(weak).current_version, version)
  }
  const weakDelete = await app.inject({ method: 'DELETE', url, headers: { ...AUTH, 'if-match': `W/"v${version}"` } })
  t.equal(weakDelete.statusCode, 412, 'nor on DELETE')
  t.equal(json(await get(app, url)).version, version, 'nothing was written')

  t.equal((await patch('"v98", "v99"', 1)).statusCode, 412, 'a list of stale tags is a 412')
  const listed = await patch(`"v98", W/"v99", "v${version}"`, 2)
  t.equal(listed.statusCode, 200, 'a list matches when any strong tag is current')
  t.equal(json(listed).version, version + 1)
  const star = await patch('*', 3)
  t.equal(star.statusCode, 200, '* matches an existing record')
  t.equal((await app.inject({ method: 'PATCH', url: '/v1/events/nope-no-such-event', headers: { ...AUTH, 'if-match': '*' }, payload: { quantity: 1 } })).statusCode, 404, '* on no record is no match')
  const bad = await patch(`"v${version}", yesterday`, 4)
  t.equal(bad.statusCode, 400, 'a list with a non-ETag is a 400')
  t.equal(json(bad).errors[0].parameter, 'if-match')
})

t.test('a list page with a next page links to it (RFC 8288), keeping the other parameters', async (t) => {
  const app = await makeApp(t)
  const first = await get(app, '/v1/events?limit=2&category=CONSULT')
  t.equal(first.statusCode, 200)
  const body = json(first)
  t.ok(body.has_more)
  const link = first.headers.link as string
  t.equal(link, `</v1/events?limit=2&category=CONSULT&cursor=${encodeURIComponent(body.next_cursor)}>; rel="next"`)
  const next = await get(app, /^<([^>]+)>/.exec(link)![1])
  t.equal(next.statusCode, 200, 'the link is followable')
  t.not(json(next).data[0].id, body.data[0].id, 'to the next page')
  const hydrated = await get(app, '/v1/events?limit=1&include=participants,quotes')
  if (json(hydrated).has_more) t.match(hydrated.headers.link, /^<\/v1\/events\?limit=1&include=participants%2Cquotes&cursor=[^>]+>; rel="next"$/)
  const last = await get(app, '/v1/events?limit=1000')
  t.notOk(json(last).has_more)
  t.notOk(last.headers.link, 'no Link on the last page')
})
