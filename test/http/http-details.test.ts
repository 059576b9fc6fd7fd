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
