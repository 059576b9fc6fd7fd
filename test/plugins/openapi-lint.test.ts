// Both OpenAPI linters, as `npm run lint:openapi` runs them, on the committed
// openapi.json: no errors and no warnings. A broken copy proves the rules bite.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { lintOpenApi, type Finding } from '../../scripts/lib/lint-openapi.js'

// Two CLIs on a 400 KB document, on a machine shared by many: give them time.
t.setTimeout(240_000)

const DOC = new URL('../../openapi.json', import.meta.url)
const show = (fs: Finding[]) => fs.map((f) => `${f.tool} ${f.severity} ${f.rule} ${f.where}: ${f.message}`)

t.test('openapi.json passes Redocly (redocly.yaml) and Spectral (.spectral.yaml)', async (t) => {
  const doc = JSON.parse(readFileSync(DOC, 'utf8'))
  const findings = await lintOpenApi('openapi.json')
  // Per-operation security comes with bearer-key auth (feat/hardening); until
  // the document declares a security scheme, that one rule is a known gap.
  const awaitingAuth = !doc.components?.securitySchemes
  const security = findings.filter((f) => f.rule === 'security-defined')
  const others = findings.filter((f) => f.rule !== 'security-defined')
  t.same(show(others.filter((f) => f.severity === 'error')), [], 'no errors')
  t.same(show(others.filter((f) => f.severity === 'warning')), [], 'no warnings')
  t.same(show(security), [], 'every operation declares its security', awaitingAuth ? { todo: 'no security scheme yet: bearer auth lands with feat/hardening' } : {})
})

t.test('the linters catch what the configuration promises to catch', async (t) => {
  const doc = JSON.parse(readFileSync(DOC, 'utf8'))
  const list = doc.paths['/v1/events'].get
  delete list.description
  list.parameters.find((p: { name: string }) => p.name === 'limit').description = ''
  list.responses['400'].content = { 'application/json': list.responses['400'].content['application/problem+json'] }
  doc.components.schemas.Event.examples[0].status = 'rumoured'
  delete doc.info.contact

  const dir = mkdtempSync(join(tmpdir(), 'parley-lint-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'broken.json')
  writeFileSync(file, JSON.stringify(doc))
  const rules = new Set((await lintOpenApi(file)).filter((f) => f.severity === 'error').map((f) => `${f.tool}:${f.rule}`))

  for (const rule of [
    'redocly:operation-description',
    'redocly:parameter-description',
    'redocly:operation-4xx-problem-details-rfc7807',
    'redocly:no-invalid-schema-examples',
    'redocly:info-contact',
    'spectral:oas3-parameter-description',
    'spectral:parley-errors-are-problems',
  ]) {
    t.ok(rules.has(rule), `${rule} reports the breakage`, { found: [...rules] })
  }
})
