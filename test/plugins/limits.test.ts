// Limits on what one client may send, each a setting: a rate limit (429
// with Retry-After and RateLimit headers) and a body size (413).
import t from 'tap'
import { AUTH, bearer, json, makeApp, snapshot } from '../helpers.js'

const EVENT = { title: 'Limits', category: 'CONSULT', status: 'reported' }

t.test('the rate limit counts per key, else per address, and answers 429 with Retry-After', async (t) => {
  const app = await makeApp(t, { config: { rateLimit: 5 } })
  for (let i = 1; i <= 5; i++) {
    const res = await app.inject({ url: '/v1/events?limit=1' })
    t.equal(res.statusCode, 200)
    t.equal(res.headers['ratelimit-limit'], '5')
    t.equal(res.headers['ratelimit-remaining'], String(5 - i))
    t.ok(Number(res.headers['ratelimit-reset']) > 0)
  }
  const over = await app.inject({ url: '/v1/events?limit=1' })
  t.equal(over.statusCode, 429)
  t.match(over.headers['content-type'], /^application\/problem\+json/)
  t.equal(json(over).code, 'rate_limited')
  t.equal(json(over).status, 429)
  const retryAfter = Number(over.headers['retry-after'])
  t.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After: ${over.headers['retry-after']}`)
  t.equal(over.headers['ratelimit-remaining'], '0')

  // The admin key has its own budget; so does another address.
  t.equal((await app.inject({ url: '/v1/events?limit=1', headers: AUTH })).statusCode, 200, 'a key is counted apart from its address')
  t.equal((await app.inject({ url: '/v1/events?limit=1', remoteAddress: '10.0.0.7' })).statusCode, 200, 'another address has its own budget')

  const before = snapshot(app)
  for (let i = 0; i < 5; i++) await app.inject({ method: 'POST', url: '/v1/events', headers: AUTH, payload: EVENT })
  const blocked = await app.inject({ method: 'POST', url: '/v1/events', headers: AUTH, payload: EVENT })
  t.equal(blocked.statusCode, 429)
  t.equal(snapshot(app).events, before.events + 4, 'the fifth write of this key was its last (one read was counted before)')

  // Guessing keys is limited too: a bad key counts against its address.
  const guesser = { remoteAddress: '10.9.9.9' }
  const guesses = []
  for (let i = 0; i < 7; i++) guesses.push((await app.inject({ url: '/v1/events', headers: bearer(`prly_guess${i}`), ...guesser })).statusCode)
  t.same(guesses, [401, 401, 401, 401, 401, 429, 429])
  t.equal((await app.inject({ url: '/healthz', ...guesser })).statusCode, 200, 'probes are never limited')
})

t.test('a body over PARLEY_BODY_LIMIT is a 413 problem and writes nothing', async (t) => {
  const app = await makeApp(t, { config: { bodyLimit: 4096 } })
  const before = snapshot(app)
  const res = await app.inject({ method: 'POST', url: '/v1/events', headers: AUTH, payload: { ...EVENT, summary: 'x'.repeat(5000) } })
  t.equal(res.statusCode, 413)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.equal(json(res).code, 'payload_too_large')
  t.same(snapshot(app), before)
  t.equal((await app.inject({ method: 'POST', url: '/v1/events', headers: AUTH, payload: { ...EVENT, summary: 'x'.repeat(3000) } })).statusCode, 201, 'under the limit is fine')
})

t.test('a request line over 16 KiB, refused by Node before any route, is still a 431 problem', async (t) => {
  const app = await makeApp(t)
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const res = await fetch(`${base}/v1/events?q=${'a'.repeat(20_000)}`)
  t.equal(res.status, 431)
  t.match(res.headers.get('content-type'), /^application\/problem\+json/)
  const problem = (await res.json()) as Record<string, unknown>
  t.equal(problem.status, 431)
  t.equal(problem.code, 'headers_too_large')
  t.match(problem.detail, /16 KiB/)
  t.equal((await fetch(`${base}/v1/events?limit=1`)).status, 200, 'the server goes on answering')
})
