// Property-based fuzzing of every operation in /openapi.json, driven by the
// document alone: fast-check builds requests from each operation's schemas,
// then mutates most of them (see openapi-arbitraries.ts). For every case:
//   - no 5xx;
//   - the status is one the operation documents, and the body fits the
//     documented schema (problems included);
//   - every error is application/problem+json with type, title, status, code;
//   - a rejected (4xx) request changes nothing;
// and PRAGMA integrity_check stays ok throughout.
// PARLEY_FUZZ_RUNS sets the number of cases (default 1500); PARLEY_FUZZ_SEED replays a run.
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import fc from 'fast-check'
import t from 'tap'
import { Arbitraries, operations, type Doc, type FuzzRequest } from './openapi-arbitraries.js'
import { AUTH, makeApp, snapshot } from './helpers.js'

const RUNS = Number(process.env.PARLEY_FUZZ_RUNS ?? 1500)
const SEED = process.env.PARLEY_FUZZ_SEED ? Number(process.env.PARLEY_FUZZ_SEED) : Date.now() % 2 ** 31
t.setTimeout(Math.max(180_000, RUNS * 200))

const app = await makeApp(t)
const doc = JSON.parse((await app.inject({ url: '/openapi.json' })).body) as Doc
const sqlite = app.repos.store.sqlite

// Ids that exist, by prefix, so most requests reach real records.
const ids: Record<string, string[]> = {}
for (const { name } of sqlite.prepare("SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'id' AND type = 'TEXT')").all() as { name: string }[]) {
  for (const { id } of sqlite.prepare(`SELECT id FROM "${name}" LIMIT 50`).all() as { id: string }[]) {
    const prefix = String(id).split('_')[0]
    ;(ids[prefix] ??= []).push(id)
  }
}
ids.act.push(...(sqlite.prepare('SELECT slug FROM actors LIMIT 10').all() as { slug: string }[]).map((r) => r.slug))

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020
const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true })
addFormats(ajv)
ajv.addSchema({ $id: 'https://parley.test/openapi.json', components: doc.components })
const validators = new Map<string, ReturnType<Ajv2020['compile']>>()
function validatorFor(schema: Record<string, unknown>) {
  const key = JSON.stringify(schema)
  let v = validators.get(key)
  if (!v) {
    const ref = typeof schema.$ref === 'string' ? { $ref: `https://parley.test/openapi.json${schema.$ref}` } : { ...schema, $id: `https://parley.test/inline/${validators.size}` }
    v = ajv.compile(ref)
    validators.set(key, v)
  }
  return v
}

const arbs = new Arbitraries(doc, ids)
const ops = operations(doc)
const perOperation = Math.max(1, Math.ceil(RUNS / ops.length))
let cases = 0
const mutations = new Map<string, number>()
const statuses = new Map<number, number>()

function integrityOk(): boolean {
  return sqlite.pragma('integrity_check', { simple: true }) === 'ok' && (sqlite.pragma('foreign_key_check') as unknown[]).length === 0
}

interface Answer {
  statusCode: number
  headers: Record<string, string | string[] | number | undefined>
  body: string
}

// An endless stream (Server-Sent Events) never ends an inject(): such
// operations are called over HTTP, and the stream is dropped once it answers.
let base: string | undefined
async function sendOverHttp(req: FuzzRequest): Promise<Answer> {
  base ??= await app.listen({ port: 0, host: '127.0.0.1' })
  const abort = new AbortController()
  const res = await fetch(base + req.url, { method: req.method, headers: req.headers, signal: abort.signal })
  const headers = Object.fromEntries(res.headers)
  if (res.status === 200 && String(headers['content-type']).startsWith('text/event-stream')) {
    abort.abort()
    return { statusCode: res.status, headers, body: '' }
  }
  return { statusCode: res.status, headers, body: await res.text() }
}

const streams = (op: Record<string, any>) => Boolean(op.responses?.['200']?.content?.['text/event-stream'])

async function send(req: FuzzRequest, op: Record<string, any>): Promise<Answer> {
  if (streams(op) && req.raw === undefined && req.body === undefined) return sendOverHttp(req)
  return app.inject({
    method: req.method as 'GET',
    url: req.url,
    headers: req.headers,
    ...(req.raw !== undefined ? { payload: req.raw } : req.body !== undefined ? { payload: JSON.stringify(req.body), headers: { 'content-type': 'application/json', ...req.headers } } : {}),
  })
}

/** Why this answer breaks the contract, or null when it keeps it. */
function verdict(op: Record<string, any>, req: FuzzRequest, res: Answer, changed: boolean): string | null {
  if (res.statusCode >= 500) return `a ${res.statusCode}: ${res.body.slice(0, 300)}`
  // Node refuses a request line over 16 KiB before any route sees it (a 431
  // problem from the clientErrorHandler): not an operation's answer to document.
  const documented = op.responses[String(res.statusCode)] ?? op.responses.default ?? (res.statusCode === 431 ? {} : undefined)
  if (!documented) return `status ${res.statusCode} is not documented for ${op.operationId}: ${res.body.slice(0, 200)}`
  const type = String(res.headers['content-type'] ?? '')
  if (res.statusCode >= 400) {
    if (!type.startsWith('application/problem+json')) return `an error that is not a problem (${type}): ${res.body.slice(0, 200)}`
    const p = JSON.parse(res.body)
    if (typeof p.type !== 'string' || typeof p.title !== 'string' || p.status !== res.statusCode || typeof p.code !== 'string') return `a malformed problem: ${res.body.slice(0, 200)}`
    if (changed) return `a rejected request (${res.statusCode} ${p.code}) changed the database`
  }
  if (req.method === 'GET' && changed) return 'a read changed the database'
  const content = documented.content as Record<string, { schema: Record<string, unknown> }> | undefined
  if (content && res.body.length > 0) {
    const media = Object.keys(content).find((m) => type.startsWith(m))
    if (!media) return `content type ${type} is not documented (${Object.keys(content).join(', ')})`
    const validate = validatorFor(content[media].schema)
    if (!validate(JSON.parse(res.body))) return `the body does not fit the documented schema: ${ajv.errorsText(validate.errors)}; ${res.body.slice(0, 200)}`
  }
  return null
}

t.test(`fuzzing ${ops.length} operations from /openapi.json, seed ${SEED}`, async (t) => {
  t.ok(ops.length >= 40, `${ops.length} operations`)
  for (const o of ops) {
    const failures: string[] = []
    const casesBefore = cases
    await fc.assert(
      fc.asyncProperty(arbs.request(o, AUTH), async (req) => {
        cases++
        mutations.set(req.mutation.split(' ')[0], (mutations.get(req.mutation.split(' ')[0]) ?? 0) + 1)
        const before = snapshot(app)
        const res = await send(req, o.op)
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
        const changed = JSON.stringify(snapshot(app)) !== JSON.stringify(before)
        const problem = verdict(o.op, req, res, changed)
        if (problem) {
          failures.push(`${req.method} ${req.url.slice(0, 200)} [${req.mutation}]: ${problem}`)
          return false
        }
        return true
      }),
      { numRuns: perOperation, seed: SEED + cases, endOnFailure: true },
    ).catch((err: Error) => {
      // A property that threw (rather than returned false) is a failure too.
      if (failures.length === 0) failures.push(String(err.stack).slice(0, 1500))
    })
    t.same(failures.slice(0, 1), [], `${o.id}: ${cases - casesBefore} cases keep the contract`)
    if (cases % 200 < perOperation) t.ok(integrityOk(), `integrity_check ok after ${cases} cases`)
  }
  t.ok(integrityOk(), 'integrity_check and foreign_key_check are clean at the end')
  t.comment(`fuzz cases run: ${cases} (seed ${SEED})`)
  t.comment(`statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`)
  t.comment(`mutations: ${JSON.stringify(Object.fromEntries(mutations))}`)
  t.ok(cases >= RUNS, `${cases} cases run`)
})
