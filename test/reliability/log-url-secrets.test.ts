// A credential sent in the query string never reaches the request log.
import t from 'tap'
import { redactUrl } from '../../src/logging.js'
import { AUTH, makeLoggedApp } from '../helpers.js'

t.test('credential query parameters are redacted in logged urls', async (t) => {
  const { app, logged } = await makeLoggedApp(t)
  await app.inject({ url: '/v1/events?limit=1&api_key=prly_leaky-secret-1', headers: AUTH })
  await app.inject({ url: '/v1/events?Access_Token=prly_leaky-secret-2&limit=1', headers: AUTH })
  await app.inject({ url: '/healthz?PASSWORD=hunter2secret' })
  for (const needle of ['prly_leaky-secret-1', 'prly_leaky-secret-2', 'hunter2secret']) t.notOk(logged().includes(needle), `the log never holds ${needle}`)
  const urls = logged().trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.msg === 'request completed').map((l) => l.req.url)
  t.same(urls, ['/v1/events?limit=1&api_key=[REDACTED]', '/v1/events?Access_Token=[REDACTED]&limit=1', '/healthz?PASSWORD=[REDACTED]'])
})

t.test('redactUrl', async (t) => {
  t.equal(redactUrl('/v1/events'), '/v1/events')
  t.equal(redactUrl('/v1/events?limit=2&cursor=abc'), '/v1/events?limit=2&cursor=abc', 'other parameters are kept')
  t.equal(redactUrl('/x?key=a&token=b&secret=c&auth=d&authorization=e&apikey=f'), '/x?key=[REDACTED]&token=[REDACTED]&secret=[REDACTED]&auth=[REDACTED]&authorization=[REDACTED]&apikey=[REDACTED]')
  t.equal(redactUrl('/x?api%5Fkey=s3cret'), '/x?api%5Fkey=[REDACTED]', 'an encoded name is still recognised')
  t.equal(redactUrl('/x?monkey=1&keys=2'), '/x?monkey=1&keys=2', 'names are matched whole')
})
