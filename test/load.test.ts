// Load and slow clients: an overloaded event loop sheds requests with 503 and
// Retry-After; a client too slow to send its request is cut off.
import { connect } from 'node:net'
import t from 'tap'
import { noteCompile } from '../src/lib/first-use-compiles.js'
import { json, makeApp } from './helpers.js'

t.test('an overloaded event loop gets 503 with Retry-After; the liveness probe still answers', async (t) => {
  const app = await makeApp(t, { config: { maxEventLoopDelay: 40 } })
  await app.ready()
  // Past start-up's grace period, stall the loop (as a handler hogging it
  // would), then ask as soon as the load monitor has taken its next sample.
  await new Promise((r) => setTimeout(r, 150))
  let res = await app.inject({ url: '/v1/events' })
  for (let attempt = 0; attempt < 3 && res.statusCode !== 503; attempt++) {
    const stallUntil = Date.now() + 400
    while (Date.now() < stallUntil) {
      /* busy */
    }
    await new Promise((r) => setTimeout(r, 1))
    res = await app.inject({ url: '/v1/events' })
  }
  t.equal(res.statusCode, 503)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.equal(json(res).code, 'overloaded')
  t.equal(res.headers['retry-after'], '5')
  t.equal((await app.inject({ url: '/healthz' })).statusCode, 200, 'liveness is not shed')
  // Once the loop is calm again, requests are served.
  let status = 0
  for (let i = 0; i < 50 && status !== 200; i++) {
    await new Promise((r) => setTimeout(r, 50))
    status = (await app.inject({ url: '/v1/events' })).statusCode
  }
  t.equal(status, 200, 'the server recovers')
})

t.test('a stall from compiling a schema on its first use is not shed as overload', async (t) => {
  const app = await makeApp(t, { config: { maxEventLoopDelay: 40 } })
  await app.ready()
  await new Promise((r) => setTimeout(r, 150))
  t.equal((await app.inject({ url: '/v1/events' })).statusCode, 200)
  // The same stall as above, but it ends with a first-use compile.
  const stallUntil = Date.now() + 400
  while (Date.now() < stallUntil) {
    /* busy */
  }
  noteCompile()
  await new Promise((r) => setTimeout(r, 1))
  t.equal((await app.inject({ url: '/v1/events' })).statusCode, 200)
})

t.test('a request timeout above Node\'s own 300 s default starts the server', async (t) => {
  // Node refuses a headersTimeout above requestTimeout, whose default is 300 s: both are set.
  const app = await makeApp(t, { config: { requestTimeout: 600_000 } })
  t.equal(app.server.requestTimeout, 600_000)
  t.equal(app.server.headersTimeout, 600_000)
  t.equal((await app.inject({ url: '/v1/events?limit=1' })).statusCode, 200)
})

t.test('a client that sends its request too slowly is cut off', async (t) => {
  const app = await makeApp(t, { config: { requestTimeout: 600, connectionTimeout: 1000, keepAliveTimeout: 300 } })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  t.equal(app.server.requestTimeout, 600)
  t.equal(app.server.keepAliveTimeout, 300)

  const outcome = (send: (s: ReturnType<typeof connect>) => void) =>
    new Promise<{ ms: number; data: string }>((resolve) => {
      const started = Date.now()
      let data = ''
      const s = connect(port, '127.0.0.1', () => send(s))
      s.on('data', (d) => (data += d))
      s.on('error', () => {})
      s.on('close', () => resolve({ ms: Date.now() - started, data }))
    })
  // Headers trickle in and never finish (slowloris).
  const slow = await outcome((s) => {
    s.write('GET /v1/events HTTP/1.1\r\nHost: x\r\n')
    const drip = setInterval(() => (s.writable ? s.write('X-Drip: 1\r\n') : clearInterval(drip)), 100)
    s.on('close', () => clearInterval(drip))
  })
  t.ok(slow.ms < 3000, `closed after ${slow.ms} ms`)
  t.match(slow.data, /^HTTP\/1\.1 408/, 'answered 408 Request Timeout')
  // An idle keep-alive connection is closed too.
  const idle = await outcome((s) => s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'))
  t.match(idle.data, /^HTTP\/1\.1 200/)
  t.ok(idle.ms < 2500, `idle connection closed after ${idle.ms} ms`)
})
