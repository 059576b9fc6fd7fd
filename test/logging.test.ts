// Logs are JSON lines tied to a request id, and never hold a credential:
// not the Authorization header, not PARLEY_ADMIN_KEY, not a new key's secret.
import t from 'tap'
import { ADMIN_KEY, AUTH, json, makeLoggedApp } from './helpers.js'

t.test('request logs carry the request id and no secret', async (t) => {
  const { app, logged } = await makeLoggedApp(t)

  const traced = await app.inject({ url: '/v1/events?limit=1', headers: { ...AUTH, 'x-request-id': 'trace-abc-123' } })
  t.equal(traced.headers['x-request-id'], 'trace-abc-123', 'a caller’s request id is kept and echoed')
  const created = await app.inject({ method: 'POST', url: '/v1/keys', headers: AUTH, payload: { name: 'logged', scope: 'write' } })
  const secret = json(created).secret as string
  await app.inject({ url: '/v1/events', headers: { authorization: `Bearer ${secret}` } })
  await app.inject({ url: '/v1/events', headers: { authorization: 'Bearer prly_forged-key-value' } })
  const odd = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'bad id\twith "quotes" and more' } })
  t.match(odd.headers['x-request-id'], /^[0-9a-f-]{36}$/, 'an unsafe request id is replaced by a fresh one')
  // Should a line ever carry headers, redaction still hides them.
  app.log.info({ headers: { authorization: `Bearer ${ADMIN_KEY}` }, secret }, 'a careless line')

  const lines = logged().trim().split('\n').map((l) => JSON.parse(l))
  t.equal(lines.filter((l) => l.msg === 'request completed').length, 5, 'a line for each of the five requests')
  const mine = lines.filter((l) => l.reqId === 'trace-abc-123')
  t.same(mine.map((l) => l.msg), ['request completed'], 'one line per request, tied to its id')
  t.match(mine[0], { level: 30, req: { method: 'GET', url: '/v1/events?limit=1' }, res: { statusCode: 200 }, key_id: 'key_env_admin' })
  t.ok(typeof mine[0].responseTime === 'number' && mine[0].responseTime >= 0, 'with its response time')
  const anonymous = lines.find((l) => l.req?.url === '/healthz')
  t.equal(anonymous.key_id, null, 'a request without a key says so')
  t.ok(lines.some((l) => l.msg === 'API key created' && l.created_key === json(created).id), 'key creation is audited by id')
  for (const needle of [ADMIN_KEY, secret, 'prly_forged-key-value', 'Bearer']) t.notOk(logged().includes(needle), `the log never holds ${needle.slice(0, 12)}…`)
  const careless = lines.find((l) => l.msg === 'a careless line')
  t.equal(careless.headers.authorization, '[redacted]')
  t.equal(careless.secret, '[redacted]')
})

t.test('a request that never gets its answer is still logged: the client gives up, or the idle timeout cuts it off', async (t) => {
  for (const ending of ['client gives up', 'idle timeout'] as const) {
    const { app, logged } = await makeLoggedApp(t, { config: ending === 'idle timeout' ? { connectionTimeout: 300 } : {} })
    const lines = (): Record<string, any>[] => logged().split('\n').filter(Boolean).map((l) => JSON.parse(l))
    // A handler that never answers.
    let arrived = false
    app.get('/v1/test-slow', () => {
      arrived = true
      return new Promise(() => {})
    })
    const base = await app.listen({ port: 0, host: '127.0.0.1' })
    const gaveUp = new AbortController()
    const call = fetch(`${base}/v1/test-slow`, { headers: { ...AUTH, 'x-request-id': 'slow-1' }, signal: gaveUp.signal }).catch((err: Error) => err)
    await waitFor(() => arrived || undefined)
    t.same(lines().filter((l) => l.reqId === 'slow-1'), [], `${ending}: nothing is written while the request runs`)
    if (ending === 'client gives up') gaveUp.abort()
    t.type(await call, Error, `${ending}: the client gets no answer`)
    const closed = await waitFor(() => lines().find((l) => l.reqId === 'slow-1'))
    t.match(closed, { level: 40, msg: 'connection closed before the answer was sent', req: { method: 'GET', url: '/v1/test-slow' }, key_id: 'key_env_admin' }, ending)
    t.ok(closed.responseTime > 0)
  }
})

async function waitFor<T>(find: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const found = find()
    if (found !== undefined) return found
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error('never logged')
}
