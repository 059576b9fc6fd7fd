// The generated TypeScript SDK, end to end: generated (with openapi-ts.config.ts,
// as `npm run sdk` does) from the /openapi.json a live server serves,
// type-checked with a realistic script (test/fixtures/sdk-scenario.ts) and the
// README's example under `tsc --strict`, then the script is run against that
// server over the loopback interface.
import { execFile } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createClient } from '@hey-api/openapi-ts'
import t from 'tap'
import { sdkConfig } from '../openapi-ts.config.js'
import { childEnv } from '../scripts/lib/child-env.js'
import { ADMIN_KEY, json, makeApp } from './helpers.js'

// Generating, compiling and running an SDK takes a while on a shared machine.
t.setTimeout(300_000)

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const METHODS = ['get', 'put', 'post', 'patch', 'delete']

function run(bin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(join(ROOT, 'node_modules/.bin', bin), args, { cwd, env: childEnv(env), maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr })
    })
  })
}

/** The TypeScript block of the README's SDK section. */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('## Client SDK'))
  const block = /```ts\n([\s\S]*?)```/.exec(section)
  if (!block) throw new Error('the README has no ```ts block under "## Client SDK"')
  return block[1]
}

t.test('the generated SDK compiles with a realistic script and runs it against a live server', async (t) => {
  const app = await makeApp(t)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  const dir = mkdtempSync(join(tmpdir(), 'parley-sdk-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))

  await createClient({
    ...sdkConfig,
    input: `${baseUrl}/openapi.json`,
    output: { ...sdkConfig.output, path: join(dir, 'sdk') },
    logs: { level: 'silent', file: false },
  })
  const doc = json(await app.inject({ url: '/openapi.json' }))
  const entry = readFileSync(join(dir, 'sdk/index.ts'), 'utf8')
  for (const [path, item] of Object.entries<Record<string, { operationId: string }>>(doc.paths)) {
    for (const m of METHODS) {
      if (item[m]) t.match(entry, new RegExp(`\\b${item[m].operationId}\\b`), `${m.toUpperCase()} ${path} is ${item[m].operationId}()`)
    }
  }
  t.match(readFileSync(join(dir, 'sdk/types.gen.ts'), 'utf8'), /export type UpdateEventErrors = \{[^}]*412: Problem;/, 'errors are typed as Problem, by status')

  copyFileSync(join(ROOT, 'test/fixtures/sdk-scenario.ts'), join(dir, 'scenario.ts'))
  writeFileSync(join(dir, 'readme-example.ts'), readmeExample())
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }))
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules/@types')],
      },
      include: ['**/*.ts'],
    }),
  )
  const tsc = await run('tsc', ['-p', 'tsconfig.json'], dir)
  t.equal(tsc.code, 0, 'the SDK, the scenario and the README example type-check under --strict (and the misuse in the scenario does not)', {
    output: tsc.stdout.slice(0, 4000),
  })

  const scenario = await run('tsx', ['scenario.ts'], dir, { PARLEY_URL: baseUrl, PARLEY_KEY: ADMIN_KEY })
  t.equal(scenario.code, 0, 'the scenario runs to the end', { stderr: scenario.stderr.slice(0, 4000) })
  if (scenario.code !== 0) return
  const report = JSON.parse(scenario.stdout.trim().split('\n').pop()!)

  t.ok(report.list.pages > 1, `the filtered list took ${report.list.pages} pages`)
  t.equal(report.list.events, report.list.total, 'following cursors gave every matching event once')
  t.equal(report.not_modified, 304)
  t.same(report.precondition_failed, { status: 412, code: 'precondition_failed', current_version: 2 })
  t.equal(report.not_found, 'not_found')
  t.equal(report.bad_filter, '/category')
  t.ok(report.search_hits >= 1)
  t.equal(report.deal_terms, 2, 'the deal embeds its two terms')

  // What the scenario wrote is in the database, as the API reports it.
  const event = json(await app.inject({ url: `/v1/events/${report.ids.event}?include=participants` }))
  t.equal(event.version, 2)
  t.same(
    event.participants.map((p: { actor: { slug: string }; role: string }) => [p.actor.slug, p.role]),
    [
      ['aleksandr-lukashenko', 'source'],
      ['john-coale', 'target'],
    ],
  )
  const term = json(await app.inject({ url: `/v1/terms/${report.ids.terms[1]}` }))
  t.same(term.links, [{ type: 'in_exchange_for', target_term_id: report.ids.terms[0] }])
  t.equal(term.stances[0].quote_id, report.ids.quote)
  const quote = json(await app.inject({ url: `/v1/quotes/${report.ids.quote}` }))
  t.equal(quote.event_id, report.ids.event)
})

t.test('npm run sdk writes the SDK into sdk/ from the committed openapi.json', async (t) => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  t.equal(pkg.scripts.sdk, 'openapi-ts', 'the npm script runs openapi-ts, which reads openapi-ts.config.ts')
  t.match(readFileSync(join(ROOT, '.gitignore'), 'utf8'), /^sdk\/$/m, 'sdk/ is generated, not committed')
  const generated = await run('openapi-ts', [], ROOT)
  t.equal(generated.code, 0, 'openapi-ts succeeds', { output: generated.stdout + generated.stderr })
  const entry = readFileSync(join(ROOT, 'sdk/index.ts'), 'utf8')
  t.match(entry, /\blistEvents\b/)
  t.match(entry, /\bclient\b/, 'the client is exported from the entry file')
})
