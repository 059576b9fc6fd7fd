// Start-up as an operator meets it: the first start makes an admin key and
// shows it once (on stderr, never in the log); PARLEY_ADMIN_KEY replaces it;
// a too-short PARLEY_ADMIN_KEY stops the server with a clear message.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { serverEnv, spawnServer } from '../server-process.js'

t.setTimeout(240_000)
const dir = mkdtempSync(join(tmpdir(), 'parley-first-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

async function stop(server: Awaited<ReturnType<typeof spawnServer>>) {
  server.child.kill('SIGTERM')
  return server.exited
}

t.test('the first start prints one admin key, once', async (t) => {
  const db = join(dir, 'first.db')
  const server = await spawnServer({ PARLEY_DB: db, PARLEY_SEED: 'false' })
  t.teardown(() => server.child.kill('SIGKILL'))
  const secret = /prly_[A-Za-z0-9_-]{43}/.exec(server.stderr())?.[0]
  t.ok(secret, 'the key is on stderr')
  t.notOk(server.stdout().includes(secret!), 'and not in the log')
  t.ok(server.logs.some((l) => String(l.msg).includes('created the first admin API key')), 'the log says a key was made, by id')
  const res = await fetch(`${server.url}/v1/keys`, { headers: { authorization: `Bearer ${secret}` } })
  t.equal(res.status, 200, 'the printed key is an admin key')
  t.equal(((await res.json()) as { data: { scope: string }[] }).data[0].scope, 'admin')
  t.equal((await stop(server)).code, 0)

  const again = await spawnServer({ PARLEY_DB: db, PARLEY_SEED: 'false' })
  t.teardown(() => again.child.kill('SIGKILL'))
  t.notMatch(again.stderr(), /prly_/, 'a second start makes no key')
  t.equal((await fetch(`${again.url}/v1/keys`, { headers: { authorization: `Bearer ${secret}` } })).status, 200, 'the first key still works')
  t.equal((await stop(again)).code, 0)
})

t.test('with PARLEY_ADMIN_KEY no key is made, and the variable is the admin key', async (t) => {
  const adminKey = 'ci-admin-key-'.padEnd(40, 'z')
  const server = await spawnServer({ PARLEY_DB: join(dir, 'env.db'), PARLEY_SEED: 'false', PARLEY_ADMIN_KEY: adminKey })
  t.teardown(() => server.child.kill('SIGKILL'))
  t.notMatch(server.stderr(), /prly_/)
  const list = await fetch(`${server.url}/v1/keys`, { headers: { authorization: `Bearer ${adminKey}` } })
  t.equal(list.status, 200)
  t.same(((await list.json()) as { data: unknown[] }).data, [], 'no key was stored')
  t.notOk(server.stdout().includes(adminKey), 'the variable never reaches the log')
  t.equal((await stop(server)).code, 0)
})

t.test('a short PARLEY_ADMIN_KEY stops the server with a clear message', async (t) => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: new URL('../..', import.meta.url),
    env: serverEnv({ PARLEY_DB: join(dir, 'short.db'), PARLEY_ADMIN_KEY: 'too-short' }),
    encoding: 'utf8',
    timeout: 60_000,
  })
  t.equal(run.status, 1)
  t.match(run.stderr, /PARLEY_ADMIN_KEY must be at least 32 characters/)
  t.notMatch(run.stderr, /\n\s+at /, 'no stack trace')
  t.notMatch(run.stderr, /too-short/, 'the key itself is not echoed')
})

t.test('the keys CLI creates, lists and revokes keys that the server then honours', async (t) => {
  const db = join(dir, 'cli.db')
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/keys.ts', ...args], { cwd: new URL('../..', import.meta.url), env: serverEnv({ PARLEY_DB: db, PARLEY_SEED: 'false' }), encoding: 'utf8', timeout: 60_000 })
  const created = cli('create', '--name', 'dashboard', '--scope', 'write')
  t.equal(created.status, 0, created.stderr)
  const id = /created (key_\w+) \(write\) "dashboard"/.exec(created.stdout)?.[1]
  const secret = /secret, shown only now: (prly_\S+)/.exec(created.stdout)?.[1]
  t.ok(id && secret, 'the id and the secret are printed once')
  const listed = cli('list')
  t.match(listed.stdout, new RegExp(`${id}\\s+write\\s+prly_`), 'list shows the key with its scope and prefix')
  t.notOk(listed.stdout.includes(secret!), 'and never its secret')
  const bad = cli('create', '--name', 'x', '--scope', 'root')
  t.equal(bad.status, 2)
  t.match(bad.stderr, /--scope must be one of read, write, admin/)

  // The server (with no PARLEY_ADMIN_KEY) honours the key, makes none of its own, and refuses it once revoked.
  const server = await spawnServer({ PARLEY_DB: db, PARLEY_SEED: 'false' })
  t.teardown(() => server.child.kill('SIGKILL'))
  t.notMatch(server.stderr(), /prly_/, 'a database with a key gets no generated one')
  const write = () =>
    fetch(`${server.url}/v1/sources`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: JSON.stringify({ url: 'https://example.org/cli', title: 'From the CLI key', kind: 'report' }) })
  t.equal((await write()).status, 201)
  t.equal(cli('revoke', id!).status, 0)
  t.equal((await write()).status, 401, 'revoked from the command line, refused at once')
  t.equal(cli('revoke', 'key_nope').status, 1)
  server.child.kill('SIGTERM')
  t.equal((await server.exited).code, 0)
})
