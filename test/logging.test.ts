// Logs are JSON lines tied to a request id, and never hold a credential:
// not the Authorization header, not PARLEY_ADMIN_KEY, not a new key's secret.
import { Writable } from 'node:stream'
import t from 'tap'
import { loggerOptions } from '../src/logging.js'
import { ADMIN_KEY, AUTH, json, makeApp } from './helpers.js'

t.test('request logs carry the request id and no secret', async (t) => {
  let text = ''
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += chunk
      done()
    },
  })
  const app = await makeApp(t, { logger: { ...loggerOptions('info'), stream } })

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

  const lines = text.trim().split('\n').map((l) => JSON.parse(l))
  t.ok(lines.length >= 9, `${lines.length} JSON lines`)
  const mine = lines.filter((l) => l.reqId === 'trace-abc-123')
  t.same(mine.map((l) => l.msg), ['incoming request', 'request completed'], 'each request’s lines share its id')
  t.equal(mine[1].res.statusCode, 200)
  t.ok(lines.some((l) => l.msg === 'API key created' && l.created_key === json(created).id), 'key creation is audited by id')
  for (const needle of [ADMIN_KEY, secret, 'prly_forged-key-value', 'Bearer']) t.notOk(text.includes(needle), `the log never holds ${needle.slice(0, 12)}…`)
  const careless = lines.find((l) => l.msg === 'a careless line')
  t.equal(careless.headers.authorization, '[redacted]')
  t.equal(careless.secret, '[redacted]')
})
