// The WAL is checkpointed from a worker thread, so no request's COMMIT stalls
// on copying pages into the database file and waiting for the disk.
import t from 'tap'
import Database from 'better-sqlite3'
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BACKSTOP_PAGES, startCheckpointer, type CheckpointResult } from '../../src/db/checkpointer.js'
import { AUTOCHECKPOINT_PAGES } from '../../src/db/client.js'
import { AUTH, json, makeApp } from '../helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'parley-checkpoint-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

t.test("writes reach the database file without the server's connection checkpointing", async (t) => {
  const path = join(dir, 'writes.db')
  const app = await makeApp(t, { config: { dbPath: path } })
  const sqlite = app.repos.store.sqlite
  t.equal(sqlite.pragma('wal_autocheckpoint', { simple: true }), BACKSTOP_PAGES, "the server's own autocheckpoint is only a backstop")

  const fileBefore = statSync(path).size
  const ids: string[] = []
  for (let i = 0; i < 60; i++) {
    const res = await app.inject({ method: 'POST', url: '/v1/actors', headers: AUTH, payload: { slug: `writer-${i}`, name: `Writer ${i}`, kind: 'person', description: `A writer ${'with many words '.repeat(30)}` } })
    if (res.statusCode !== 201) t.fail(res.body)
    ids.push(json(res).id)
  }
  // A copy of the database file alone, without the WAL, holds what was checkpointed.
  const deadline = Date.now() + 10_000
  let inFile = 0
  while (Date.now() < deadline) {
    const copy = join(dir, 'file-alone.db')
    copyFileSync(path, copy)
    const direct = new Database(copy, { readonly: true })
    inFile = (direct.prepare(`SELECT count(*) AS n FROM actors WHERE slug LIKE 'writer-%'`).get() as { n: number }).n
    direct.close()
    rmSync(copy)
    if (inFile === ids.length) break
    await new Promise((r) => setTimeout(r, 50))
  }
  t.equal(inFile, ids.length, 'every committed actor reached the database file')
  t.ok(statSync(path).size > fileBefore, 'the file grew with them')
  t.equal(json(await app.inject({ url: `/v1/actors/${ids[59]}` })).slug, 'writer-59')
})

t.test('the worker starts with the first write: a server only read from has none', async (t) => {
  const path = join(dir, 'reads.db')
  await (await makeApp(t, { config: { dbPath: path, seed: false } })).close()
  const app = await makeApp(t, { config: { dbPath: path, seed: false } })
  const sqlite = app.repos.store.sqlite
  t.equal((await app.inject({ url: '/v1/actors' })).statusCode, 200)
  t.equal(sqlite.pragma('wal_autocheckpoint', { simple: true }), AUTOCHECKPOINT_PAGES, 'reads start no worker')
  t.equal((await app.inject({ method: 'POST', url: '/v1/actors', headers: AUTH, payload: { slug: 'first-writer', name: 'First Writer', kind: 'person' } })).statusCode, 201)
  t.equal(sqlite.pragma('wal_autocheckpoint', { simple: true }), BACKSTOP_PAGES, 'the first write does')
})

t.test('closing the app stops the worker and folds the WAL into the file', async (t) => {
  const path = join(dir, 'close.db')
  const app = await makeApp(t, { config: { dbPath: path } })
  t.equal((await app.inject({ method: 'POST', url: '/v1/actors', headers: AUTH, payload: { slug: 'last-one', name: 'Last One', kind: 'person' } })).statusCode, 201)
  await app.close()
  t.equal(statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0, 0, 'no WAL left behind')
  const reopened = new Database(path, { readonly: true })
  t.equal((reopened.prepare(`SELECT count(*) AS n FROM actors WHERE slug = 'last-one'`).get() as { n: number }).n, 1)
  reopened.close()
})

t.test('the worker reports what it copied, and an in-memory database has none', async (t) => {
  t.equal(startCheckpointer(new Database(':memory:')), null)
  const path = join(dir, 'direct.db')
  const sqlite = new Database(path)
  sqlite.pragma('journal_mode = WAL')
  const checkpointer = startCheckpointer(sqlite, 10)!
  const copied = new Promise<CheckpointResult>((resolve) => (checkpointer.onCheckpoint = resolve))
  sqlite.exec('CREATE TABLE x (v TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) INSERT INTO x SELECT hex(randomblob(500)) FROM n')
  const result = await copied
  t.ok(result.checkpointed > 0 && result.checkpointed <= result.log, `${result.checkpointed} of ${result.log} frames copied`)
  await checkpointer.close()
  sqlite.close()
})

t.test('if the worker dies, the server connection checkpoints for itself again', async (t) => {
  const sqlite = new Database(join(dir, 'dies.db'))
  sqlite.pragma('journal_mode = WAL')
  const checkpointer = startCheckpointer(sqlite, 10, "throw new Error('the worker could not start')")!
  t.equal(sqlite.pragma('wal_autocheckpoint', { simple: true }), BACKSTOP_PAGES)
  const failed = await new Promise<Error>((resolve) => (checkpointer.onError = resolve))
  t.match(failed.message, /could not start/, 'the error is reported')
  await checkpointer.close()
  t.equal(sqlite.pragma('wal_autocheckpoint', { simple: true }), AUTOCHECKPOINT_PAGES)
  sqlite.close()
})
