// The production build: `npm run build` compiles src/ and seed/ to dist/ and
// bundles the server into dist/server.js; `node [flags] dist/server.js` (what
// `npm start` runs) finds everything it reads: the migrations and the seed
// bundle copied into dist/, package.json and the OpenAPI examples (bundled),
// the docs UI's files (in node_modules). Run here the way a deployment runs it.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import pkg from '../package.json' with { type: 'json' }
import { childEnv } from '../scripts/lib/child-env.js'
import { startArgs } from '../scripts/lib/start-args.js'
import { spawnServer } from './server-process.js'

t.setTimeout(180_000)
const ROOT = fileURLToPath(new URL('..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'parley-build-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

t.test('the compiled server migrates and seeds a new database, answers, and stops cleanly', async (t) => {
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, env: childEnv(), stdio: 'pipe', timeout: 150_000 })
  const server = await spawnServer({ PARLEY_DB: join(dir, 'new.db'), PARLEY_ADMIN_KEY: 'build-test-admin-key-0123456789abcdef' }, 60_000, startArgs(ROOT))
  t.teardown(() => server.child.kill('SIGKILL'))

  const events = await fetch(`${server.url}/v1/events?limit=2`)
  t.equal(events.status, 200)
  const list = (await events.json()) as { data: { id: string }[] }
  t.equal(list.data.length, 2, 'the seed bundle was found and loaded')

  const one = await fetch(`${server.url}/v1/events/${list.data[0].id}`)
  t.equal(one.status, 200)
  t.equal(((await one.json()) as { id: string }).id, list.data[0].id)

  const missing = await fetch(`${server.url}/v1/events/evt_01h455vb4pex5vsknk084sn02q`)
  t.equal(missing.status, 404)
  t.match(missing.headers.get('content-type'), /application\/problem\+json/)

  const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as { info: { version: string }; components: { schemas: Record<string, { examples?: unknown[] }> } }
  t.equal(doc.info.version, pkg.version, 'package.json is read from the build')
  t.ok(Object.values(doc.components.schemas).some((s) => s.examples?.length), 'the examples are attached')

  const docs = await fetch(`${server.url}/docs`)
  t.equal(docs.status, 200)
  const scripts = [...(await docs.text()).matchAll(/src="([^"]+)"/g)].map((m) => m[1])
  t.ok(scripts.length > 0, 'the docs page loads its scripts')
  for (const src of scripts) t.equal((await fetch(new URL(src, `${server.url}/docs/`))).status, 200, `${src} is served from the docs UI's package`)

  server.child.kill('SIGTERM')
  t.equal((await server.exited).code, 0)
})
