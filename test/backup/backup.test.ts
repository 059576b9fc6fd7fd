import t, { type Test } from 'tap'
import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { copyFileSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync, closeSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { backupDatabase } from '../../src/backup/backup.js'
import { restoreDatabase } from '../../src/backup/restore.js'
import { knownMigrationCount } from '../../src/db/migrate.js'
import { makeApp } from '../helpers.js'
import { childEnv } from '../../scripts/lib/child-env.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

function tempDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-backup-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Opens a file on its own and asks SQLite whether it is whole. */
function integrity(path: string): string {
  const db = new Database(path, { readonly: true })
  try {
    return (db.pragma('integrity_check', { simple: true }) as string)
  } finally {
    db.close()
  }
}

function count(path: string, sql: string): number {
  const db = new Database(path, { readonly: true })
  try {
    return (db.prepare(sql).pluck().get() as number)
  } finally {
    db.close()
  }
}

/** Another process that creates actors through the repositories until its stdin closes, then prints how many. */
function startWriter(dbPath: string) {
  const code = `
    const { openDatabase } = await import(${JSON.stringify(join(ROOT, 'src/db/client.ts'))})
    const { createRepositories } = await import(${JSON.stringify(join(ROOT, 'src/resources/index.ts'))})
    const handle = openDatabase(${JSON.stringify(dbPath)})
    const repos = createRepositories(handle)
    let n = 0, stop = false
    process.stdin.on('data', () => {}).on('end', () => { stop = true })
    const batch = () => {
      for (let i = 0; i < 20; i++, n++) repos.store.write(() => repos.actors.repo.insertInTx({ slug: 'writer-' + n, name: 'Writer ' + n, kind: 'person' }, {}))
      if (n === 20) process.stdout.write('started\\n')
      if (stop) { handle.close(); process.stdout.write('wrote ' + n + '\\n'); process.exit(0) }
      setImmediate(batch)
    }
    batch()
  `
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, env: childEnv(), stdio: ['pipe', 'pipe', 'inherit'] })
  let out = ''
  const started = new Promise<void>((resolve) => child.stdout.on('data', (c) => (out += c) && out.includes('started') && resolve()))
  const finished = new Promise<number>((resolve) => child.on('exit', () => resolve(Number(/wrote (\d+)/.exec(out)?.[1] ?? -1))))
  return { started, stop: () => (child.stdin.end(), finished) }
}

t.test('a backup taken while another process writes opens and passes the integrity check', { timeout: 120_000 }, async (t) => {
  const dir = tempDir(t)
  const dbPath = join(dir, 'parley.db')
  await makeApp(t, { config: { dbPath } }) // the server: seeded, and holding its own connection open
  const writer = startWriter(dbPath)
  await writer.started
  const backup = join(dir, 'backup.db')
  const result = await backupDatabase(dbPath, backup)
  await new Promise((r) => setTimeout(r, 300))
  const wrote = await writer.stop()

  t.equal(integrity(backup), 'ok')
  t.equal(result.migrations, knownMigrationCount())
  const inBackup = count(backup, "SELECT count(*) FROM actors WHERE slug LIKE 'writer-%'")
  t.ok(inBackup >= 20, `the backup holds ${inBackup} of the writer's actors`)
  t.ok(wrote > inBackup, `the writer went on writing (${wrote} in all) after the backup`)
  t.equal(count(backup, 'SELECT count(*) FROM changes'), count(backup, 'SELECT max(seq) FROM changes'), 'the change log in the copy has no gap')
  t.equal(count(backup, "SELECT count(*) FROM actors WHERE slug = 'aleksandr-lukashenko'"), 1)
  await t.rejects(backupDatabase(dbPath, backup), /exists already/, 'an existing backup is not overwritten by accident')
})

t.test('restore replaces the database, and refuses damaged, foreign and newer files', async (t) => {
  const dir = tempDir(t)
  const live = join(dir, 'live.db')
  await makeApp(t, { config: { dbPath: live } }).then((app) => app.close())
  const backup = join(dir, 'backup.db')
  await backupDatabase(live, backup)

  const target = join(dir, 'target.db')
  const other = await makeApp(t, { config: { dbPath: target, seed: false } })
  await other.close()
  t.equal(count(target, 'SELECT count(*) FROM actors'), 0)
  const targetBytes = readFileSync(target)

  const refuse = async (file: string, why: RegExp, name: string) => {
    await t.rejects(restoreDatabase(file, target), why, name)
    t.same(readFileSync(target), targetBytes, `${name}: the database is left as it was`)
  }
  await refuse(join(dir, 'missing.db'), /no such file/, 'a missing file')

  const junk = join(dir, 'junk.db')
  writeFileSync(junk, Buffer.alloc(8192, 7))
  await refuse(junk, /not a usable SQLite database/, 'a file that is not a database')

  const damaged = join(dir, 'damaged.db')
  copyFileSync(backup, damaged)
  const fd = openSync(damaged, 'r+')
  for (const page of [3, 4, 5, 6]) writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, page * 4096)
  closeSync(fd)
  await refuse(damaged, /fails the integrity check|not a usable SQLite database/, 'a damaged file')

  const newer = join(dir, 'newer.db')
  copyFileSync(backup, newer)
  const db = new Database(newer)
  db.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('from-the-future', Date.now())
  db.close()
  const known = knownMigrationCount()
  await refuse(newer, new RegExp(`newer schema than this build: ${known + 1} migrations applied, this build knows ${known}`), 'a newer schema')

  const foreign = join(dir, 'foreign.db')
  const f = new Database(foreign)
  f.exec('CREATE TABLE notes (body TEXT)')
  f.close()
  await refuse(foreign, /not a Parley one/, 'a database of another program')

  const restored = await restoreDatabase(backup, target)
  t.equal(restored.migrations, knownMigrationCount())
  t.equal(integrity(target), 'ok')
  t.equal(count(target, 'SELECT count(*) FROM actors'), count(backup, 'SELECT count(*) FROM actors'))
  t.ok(count(target, 'SELECT count(*) FROM actors') > 20)
  // The server opens the restored file as usual.
  const app = await makeApp(t, { config: { dbPath: target } })
  const res = await app.inject({ url: '/v1/actors/aleksandr-lukashenko' })
  t.equal(res.statusCode, 200)
})
