// Graceful shutdown of the real server: on SIGTERM a request already in
// flight is finished and answered, new connections are refused, the database
// is closed cleanly (its WAL folded back in), and the process exits 0.
import Database from 'better-sqlite3'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { spawnServer } from './server-process.js'

t.setTimeout(240_000)
const ADMIN = 'shutdown-test-admin-key-0123456789abcdef'
const dir = mkdtempSync(join(tmpdir(), 'parley-shutdown-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  t.test(`${signal} finishes the request in flight, then closes the database`, async (t) => {
    const db = join(dir, `${signal}.db`)
    const server = await spawnServer({ PARLEY_DB: db, PARLEY_SEED: 'false', PARLEY_ADMIN_KEY: ADMIN })
    t.teardown(() => server.child.kill('SIGKILL'))
    const { port } = new URL(server.url)

    // A client that sends half its body, then stalls: the request is in flight.
    const body = JSON.stringify({ url: 'https://example.org/slow', title: 'Sent slowly', kind: 'report' })
    const socket = connect(Number(port), '127.0.0.1')
    let answer = ''
    socket.on('data', (d) => (answer += d))
    const closed = new Promise((r) => socket.on('close', r))
    await new Promise((r) => socket.once('connect', r))
    socket.write(
      `POST /v1/sources HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 20)}`,
    )
    // A change-stream subscriber, connected and idle: it must not hold the shutdown up.
    const subscriber = new AbortController()
    const stream = await fetch(`${server.url}/v1/changes/stream`, { signal: subscriber.signal })
    t.equal(stream.status, 200)
    const streamEnded = stream.body!.pipeTo(new WritableStream()).then(
      () => true,
      () => true,
    )
    await sleep(300)
    const signalledAt = Date.now()
    server.child.kill(signal)
    await sleep(500)

    // Closing: the listener is gone, so new connections are refused.
    const refused = await new Promise<boolean>((resolve) => {
      const s = connect(Number(port), '127.0.0.1')
      s.on('connect', () => {
        s.destroy()
        resolve(false)
      })
      s.on('error', () => resolve(true))
    })
    t.ok(refused, 'no new connection is accepted while closing')

    socket.write(body.slice(20))
    await closed
    t.match(answer, /^HTTP\/1\.1 201 /, 'the request in flight got its answer')
    t.match(answer, /"title":"Sent slowly"/)
    t.match(answer, /\r\nconnection: close\r\n/i, 'and its connection was closed with it, not left to idle')

    const { code } = await server.exited
    t.equal(code, 0, 'the process exits cleanly')
    t.ok(Date.now() - signalledAt < 4_000, `and promptly (${Date.now() - signalledAt} ms), neither at the keep-alive timeout nor at the 10 s deadline`)
    t.ok(await streamEnded, 'the stream subscriber was let go')
    subscriber.abort()
    t.ok(server.logs.some((l) => l.msg === 'closed'), 'the log says it closed')
    const wal = `${db}-wal`
    t.ok(!existsSync(wal) || statSync(wal).size === 0, 'the WAL was checkpointed into the database')
    const sqlite = new Database(db, { readonly: true })
    t.teardown(() => sqlite.close())
    t.equal(sqlite.pragma('integrity_check', { simple: true }), 'ok')
    t.same(sqlite.prepare('SELECT title FROM sources').all(), [{ title: 'Sent slowly' }], 'the write is in the database')
  })
}
