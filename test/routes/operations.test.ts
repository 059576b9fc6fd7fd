// Health probes, and the SQLite settings crash safety rests on.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { json, makeApp } from '../helpers.js'

t.test('/healthz and /readyz answer, documented under Operations', async (t) => {
  const app = await makeApp(t)
  const health = await app.inject({ url: '/healthz' })
  t.equal(health.statusCode, 200)
  t.match(json(health), { status: 'ok', version: String, uptime_seconds: Number })
  const ready = await app.inject({ url: '/readyz' })
  t.equal(ready.statusCode, 200)
  t.same(json(ready), { status: 'ready', checks: { database: 'ok' }, latest_change_seq: app.repos.store.latestSeq() })

  const doc = json(await app.inject({ url: '/openapi.json' }))
  for (const [path, id, schema] of [['/healthz', 'getHealth', 'Health'], ['/readyz', 'getReadiness', 'Readiness']]) {
    const op = doc.paths[path].get
    t.equal(op.operationId, id)
    t.same(op.tags, ['Operations'])
    t.equal(op.responses['200'].content['application/json'].schema.$ref, `#/components/schemas/${schema}`)
  }

  const unknown = await app.inject({ url: '/healthz?verbose=1' })
  t.equal(unknown.statusCode, 400, 'an unknown parameter is refused, as everywhere')
  t.equal(json(unknown).errors[0].parameter, 'verbose')

  // A database that stops answering makes the server not ready; the process is still alive.
  app.repos.store.sqlite.close()
  const down = await app.inject({ url: '/readyz' })
  t.equal(down.statusCode, 503)
  t.match(down.headers['content-type'], /^application\/problem\+json/)
  t.equal(json(down).code, 'not_ready')
  t.ok(down.headers['retry-after'])
  t.equal((await app.inject({ url: '/healthz' })).statusCode, 200)
})

t.test('a database file runs in WAL mode with a busy timeout and foreign keys', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-wal-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const app = await makeApp(t, { config: { dbPath: join(dir, 'p.db'), seed: false } })
  const sqlite = app.repos.store.sqlite
  t.equal(sqlite.pragma('journal_mode', { simple: true }), 'wal')
  t.ok((sqlite.pragma('busy_timeout', { simple: true }) as number) >= 1000, 'waits for a lock rather than failing at once')
  t.equal(sqlite.pragma('foreign_keys', { simple: true }), 1)
  t.equal(sqlite.pragma('synchronous', { simple: true }), 1, 'NORMAL: durable in WAL mode, never corrupt')
})
