// What browsers meet: the CORS allow-list and security headers, with /docs
// still loading every asset under the content security policy.
import t from 'tap'
import { json, makeApp } from './helpers.js'

const closed = await makeApp(t)

t.test('CORS: no origin by default; the allow-list gets the headers a dashboard needs', async (t) => {
  const res = await closed.inject({ url: '/v1/events', headers: { origin: 'https://dash.example.org' } })
  t.equal(res.statusCode, 200)
  t.notOk(res.headers['access-control-allow-origin'], 'no origin is allowed unless configured')

  const app = await makeApp(t, { config: { corsOrigins: ['https://dash.example.org'] } })
  const ok = await app.inject({ url: '/v1/events', headers: { origin: 'https://dash.example.org' } })
  t.equal(ok.headers['access-control-allow-origin'], 'https://dash.example.org')
  const exposed = String(ok.headers['access-control-expose-headers']).toLowerCase().split(/, */)
  for (const h of ['etag', 'location', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after']) t.ok(exposed.includes(h), `exposes ${h}`)
  t.match(String(ok.headers.vary), /Origin/i)

  const other = await app.inject({ url: '/v1/events', headers: { origin: 'https://evil.example.com' } })
  t.notOk(other.headers['access-control-allow-origin'], 'an origin not on the list is not allowed')

  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/v1/events',
    headers: { origin: 'https://dash.example.org', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, idempotency-key' },
  })
  t.equal(preflight.statusCode, 204, 'a preflight is answered before any key is asked for')
  t.equal(preflight.headers['access-control-allow-origin'], 'https://dash.example.org')
  t.match(String(preflight.headers['access-control-allow-methods']), /POST/)
  const allowed = String(preflight.headers['access-control-allow-headers']).toLowerCase()
  for (const h of ['authorization', 'content-type', 'idempotency-key', 'if-match']) t.match(allowed, h)
})

t.test('security headers are on every answer, and /docs still loads its assets', async (t) => {
  const app = closed
  const res = await app.inject({ url: '/v1/events' })
  t.equal(res.headers['x-content-type-options'], 'nosniff')
  t.equal(res.headers['x-frame-options'], 'SAMEORIGIN')
  t.ok(res.headers['strict-transport-security'])
  const csp = String(res.headers['content-security-policy'])
  t.match(csp, /default-src 'self'/)
  t.notMatch(csp, /upgrade-insecure-requests/, 'plain-HTTP deployments keep their /docs')

  const docs = await app.inject({ url: '/docs/' })
  t.equal(docs.statusCode, 200)
  const assets = [...docs.body.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]).filter((u) => !u.startsWith('http'))
  t.ok(assets.length >= 4, `${assets.length} assets`)
  for (const a of assets) {
    const url = new URL(a, 'http://x/docs/').pathname
    const r = await app.inject({ url })
    t.equal(r.statusCode, 200, url + (r.statusCode === 200 ? '' : r.body))
  }
  t.equal((await app.inject({ url: '/docs/static/swagger-initializer.js' })).statusCode, 200)
})
