// The breaking-change guard on Parley's own document: a deliberately breaking
// edit to a schema is caught, and `npm run openapi:check` fails on it unless
// info.version is bumped as the README's policy says.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { childEnv } from '../../scripts/lib/child-env.js'
import { compatibility } from '../../src/openapi-diff.js'
import { openApiDocument } from '../../src/openapi-document.js'
import { EventSchemas, EventStatus } from '../../src/resources/events/schema.js'

// Each check builds the app to generate a document: seconds apiece on a busy machine.
t.setTimeout(240_000)

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

function check(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/openapi-breaking.ts', ...args], { cwd: ROOT, env: childEnv() }, (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr })
    })
  })
}

t.test('a breaking edit to a schema in the code is caught', async (t) => {
  const before = await openApiDocument()
  // Remove a response field and an enum value from the Event schemas, as a careless change would.
  const entity = EventSchemas.Entity as { properties: Record<string, unknown>; required: string[] }
  const summary = entity.properties.summary
  const statuses = [...(EventStatus.enum as string[])]
  delete entity.properties.summary
  entity.required = entity.required.filter((f) => f !== 'summary')
  ;(EventStatus.enum as string[]).splice(statuses.indexOf('denied'), 1)
  t.teardown(() => {
    entity.properties.summary = summary
    entity.required.push('summary')
    EventStatus.enum = statuses
  })
  const after = await openApiDocument()

  const result = compatibility(before, after)
  t.equal(result.ok, false, 'the guard fails')
  const found = result.breaking.map((c) => `${c.kind} ${c.where}`)
  t.ok(found.includes('response-field-removed #/components/schemas/Event/properties/summary'), 'names the removed field', { found })
  t.ok(found.includes('enum-value-removed #/components/schemas/EventStatus'), 'names the removed enum value', { found })
  t.ok(result.breaking.find((c) => c.kind === 'enum-value-removed')?.message.includes('"denied"'), 'says which value went')
})

t.test('npm run openapi:check', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-breaking-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const current = JSON.parse(JSON.stringify(await openApiDocument()))
  const write = (name: string, doc: unknown) => {
    const file = join(dir, name)
    writeFileSync(file, JSON.stringify(doc))
    return file
  }

  const same = await check('--base', write('same.json', current))
  t.equal(same.code, 0, 'passes against the document it generates')
  t.match(same.out, /No breaking changes/)

  // A base that had a field and an operation the code no longer has: as if they had been removed.
  const richer = structuredClone(current)
  richer.components.schemas.Quote.properties.transcript_url = { type: 'string' }
  richer.components.schemas.Quote.required.push('transcript_url')
  richer.paths['/v1/quotes/{id}/audio'] = { get: { operationId: 'getQuoteAudio', responses: { 200: { description: 'Audio' } } } }
  const broken = await check('--base', write('richer.json', richer))
  t.equal(broken.code, 1, 'fails on breaking changes without a version bump')
  t.match(broken.out, /response-field-removed\s+#\/components\/schemas\/Quote\/properties\/transcript_url/)
  t.match(broken.out, /operation-removed\s+#\/paths\/~1v1~1quotes~1\{id\}~1audio\/get/)
  t.match(broken.out, /bump "version" in package\.json/)

  // The same base one breaking version back (the minor while 0.x, else the major): the bump allows the break.
  const [major, minor] = String(current.info.version).split('.').map(Number)
  const older = major > 0 ? `${major - 1}.${minor}.0` : minor > 0 ? `0.${minor - 1}.0` : null
  if (older) {
    richer.info.version = older
    const bumped = await check('--base', write('older.json', richer))
    t.equal(bumped.code, 0, `allowed after the bump ${older} -> ${current.info.version}`)
    t.match(bumped.out, /allowed by the version bump/)
  }
})
