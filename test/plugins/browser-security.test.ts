// What browsers meet: the CORS allow-list and security headers, with /docs
// still loading every asset under the content security policy.
import t from 'tap'
import { json, makeApp } from '../helpers.js'

const closed = await makeApp(t)

t.test('CORS: no origin by default; the allow-list gets the headers a dashboard needs', async (t) => {
  const res = await closed.inject({ url: '/v1/events', headers: { origin: 'https://dash.example.org' } })
  t.equal(res.statusCode, 200)
  t.notOk(res.headers['access-control-allow-origin'], 'no origin is allowed unless configured')
  const refused = await closed.inject({ method: 'OPTIONS', url: '/v1/events', headers: { origin: 'https://dash.example.org', 'access-control-request-method': 'POST' } })
  t.equal(refused.statusCode, 404, 'a preflight finds nothing to allow')
  t.match(refused.headers['content-type'], /^application\/problem\+json/)
  t.notOk(refused.headers['access-control-allow-origin'])
  t.notOk(refused.headers['access-control-allow-methods'])

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

t.test('every answer carries the security headers that protect data; the /docs pages get helmet’s whole set and still load their assets', async (t) => {
  const app = closed
  const data = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cross-origin-resource-policy': 'same-origin',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  }
  // Only a document (an HTML page) acts on these.
  const documentOnly = ['cross-origin-opener-policy', 'origin-agent-cluster', 'referrer-policy', 'x-dns-prefetch-control', 'x-download-options', 'x-permitted-cross-domain-policies', 'x-xss-protection']
  const answers = {
    'a record': await app.inject({ url: `/v1/events/${json(await app.inject({ url: '/v1/events?limit=1' })).data[0].id}` }),
    'a list': await app.inject({ url: '/v1/events' }),
    'a problem': await app.inject({ url: '/v1/events/evt_nothing' }),
    'a refused write': await app.inject({ method: 'POST', url: '/v1/events', payload: {} }),
    'the OpenAPI document': await app.inject({ url: '/openapi.json' }),
    'an unknown path': await app.inject({ url: '/nowhere' }),
  }
  for (const [what, res] of Object.entries(answers)) {
    t.match(res.headers, data, what)
    for (const h of documentOnly) t.notOk(res.headers[h], `${what}: no ${h}`)
  }

  const docs = await app.inject({ url: '/docs/' })
  t.equal(docs.statusCode, 200)
  t.match(docs.headers['content-type'], /^text\/html/)
  t.equal(docs.headers['x-content-type-options'], 'nosniff')
  t.equal(docs.headers['x-frame-options'], 'SAMEORIGIN')
  t.ok(docs.headers['strict-transport-security'])
  for (const h of documentOnly) t.ok(docs.headers[h], `the page has ${h}`)
  const csp = String(docs.headers['content-security-policy'])
  t.match(csp, /default-src 'self'/)
  t.notMatch(csp, /upgrade-insecure-requests/, 'plain-HTTP deployments keep their /docs')
  const assets = [...docs.body.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]).filter((u) => !u.startsWith('http'))
  t.ok(assets.length >= 4, `${assets.length} assets`)
  for (const a of assets) {
    const url = new URL(a, 'http://x/docs/').pathname
    const r = await app.inject({ url })
    t.equal(r.statusCode, 200, url + (r.statusCode === 200 ? '' : r.body))
  }
  t.equal((await app.inject({ url: '/docs/static/swagger-initializer.js' })).statusCode, 200)
})
