// /v1/search reads its ETag's version and its answer in one read transaction
// (Store.read): a write committed meanwhile by another connection is in
// neither or in both, and no transaction is left open, whatever the outcome.
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { AUTH, json, makeApp } from '../helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'parley-search-snapshot-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

t.test('statements inside Store.read see one snapshot; after it, the newest data', async (t) => {
  const app = await makeApp(t, { config: { dbPath: join(dir, 'a.db') } })
  const { store } = app.repos
  const other = new Database(join(dir, 'a.db'))
  t.teardown(() => other.close())
  const write = () =>
    other.prepare("INSERT INTO changes (entity_type, entity_id, op, version, changed_at, key_id, data) VALUES ('source', 'src_x', 'create', 1, '2026-01-01T00:00:00Z', NULL, NULL)").run()
  const before = store.latestSeq()
  const inside = store.read(() => {
    const first = store.latestSeq()
    write()
    return [first, store.latestSeq()]
  })
  t.same(inside, [before, before], 'a commit by another connection is not seen inside the read')
  t.equal(store.latestSeq(), before + 1, 'and is seen after it')
  t.equal(store.sqlite.inTransaction, false, 'the read transaction is over')
  t.equal(store.read(() => store.read(() => store.latestSeq())), before + 1, 'a read inside a read joins it')
})

t.test('/v1/search leaves no transaction open, answered or refused', async (t) => {
  const app = await makeApp(t)
  const { store } = app.repos
  const ok = await app.inject({ method: 'GET', url: '/v1/search?q=belarus' })
  t.equal(ok.statusCode, 200)
  t.equal(store.sqlite.inTransaction, false, 'after an answer')
  const bad = await app.inject({ method: 'GET', url: '/v1/search?q=AND' })
  t.equal(bad.statusCode, 400)
  t.match(bad.headers.etag, /^W\//, 'a refused search still carries the ETag it was checked against')
  t.equal(store.sqlite.inTransaction, false, 'after a refusal')
  const etag = ok.headers.etag as string
  t.equal((await app.inject({ method: 'GET', url: '/v1/search?q=belarus', headers: { 'if-none-match': etag } })).statusCode, 304, 'unchanged: 304')
  const created = await app.inject({ method: 'POST', url: '/v1/sources', headers: AUTH, payload: { kind: 'report', title: 'Belarus notes', body: 'belarus' } })
  t.equal(created.statusCode, 201, 'a write goes through after the searches')
  const again = await app.inject({ method: 'GET', url: '/v1/search?q=belarus', headers: { 'if-none-match': etag } })
  t.equal(again.statusCode, 200, 'after a write the old ETag no longer matches')
  t.ok(json(again).data.some((h: { title: string }) => h.title === 'Belarus notes'), 'and the answer holds the new record')
})
