// Builds the OpenAPI examples from the seed data set, as the API itself
// answers: the seed is loaded into a throwaway database, records are read
// back over HTTP (app.inject), and problems are provoked with real bad
// requests. Ids are swapped for stable ones derived from the seed keys and
// timestamps for a fixed instant, so the output only changes when the seed,
// the schemas or the API do.
import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { TypeID } from 'typeid-js'
import { buildApp } from '../../src/app.js'
import { RECORD_TYPE_INFO, type RecordType } from '../../src/import/record-types.js'
import { readBundleFile } from '../../src/import/read.js'
import { mapReferences } from '../../src/import/references.js'
import { ID_PREFIX, type EntityType } from '../../src/lib/ids.js'
import { ProblemError } from '../../src/lib/problem.js'
import { encodeCursor } from '../../src/engine/cursor.js'
import { SEED_BUNDLE } from '../../seed/load.js'

type Obj = Record<string, unknown>

/** When the seed's records were "created" in the examples. */
const CREATED_AT = '2025-02-14T09:30:00.000Z'

/** The seed record each resource's examples show, and the fields its merge-patch example carries. */
const PICKS: { type: EntityType; key: string; schema: string; patch: string[] }[] = [
  { type: 'source', key: 'report', schema: 'Source', patch: ['published_on', 'language'] },
  { type: 'actor', key: 'aleksandr-lukashenko', schema: 'Actor', patch: ['aliases'] },
  { type: 'position', key: 'pos-smith-das', schema: 'Position', patch: ['title'] },
  { type: 'relation', key: 'rel-smith-member-of-state-department', schema: 'Relation', patch: ['description'] },
  { type: 'event', key: 'evt-smith-meets-lukashenko', schema: 'Event', patch: ['status', 'occurred_on'] },
  { type: 'quote', key: 'q-smith-huge-win', schema: 'Quote', patch: ['setting', 'about_actor_ids'] },
  { type: 'deal', key: 'deal-prisoners-for-sanctions-relief', schema: 'Deal', patch: ['status', 'first_reported_on'] },
  { type: 'term', key: 'term-ease-bank-sanctions', schema: 'Term', patch: ['status', 'stances'] },
]

export interface SeedExamples {
  /** Keyed by component name: Event, EventCreate, EventUpdate, EventList, DealTermCreate, ... */
  schemas: Record<string, unknown>
  /** One problem document per HTTP status, keyed by the status. */
  problems: Record<string, unknown>
}

/** A stable TypeID for a seed key: time-ordered like the seed, the rest from a hash of the key. */
export function exampleId(type: EntityType, key: string, order: number): string {
  const bytes = new Uint8Array(16)
  const ms = Date.parse(CREATED_AT) + order
  for (let i = 0; i < 6; i++) bytes[i] = Math.floor(ms / 2 ** (8 * (5 - i))) % 256
  const hash = createHash('sha256').update(`${type}:${key}`).digest()
  bytes.set(hash.subarray(6, 16), 6)
  bytes[6] = 0x70 | (bytes[6] & 0x0f) // UUID version 7
  bytes[8] = 0x80 | (bytes[8] & 0x3f) // RFC 4122 variant
  return TypeID.fromUUIDBytes(ID_PREFIX[type], bytes).toString()
}

/** The first paragraphs of a long text, so the source example stays readable. */
function opening(text: string, paragraphs = 2): string {
  return text
    .split('\n')
    .filter((p) => p.trim())
    .slice(0, paragraphs)
    .join('\n\n')
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE'

/** Writes need an API key: this throwaway app accepts one admin key, made up here. */
const ADMIN_KEY = `examples-${createHash('sha256').update('parley examples').digest('hex')}`

async function call(app: FastifyInstance, method: Method, url: string, body?: string | object, headers: Record<string, string> = {}) {
  const res = await app.inject({ method, url, payload: body, headers: { authorization: `Bearer ${ADMIN_KEY}`, ...headers } })
  return { status: res.statusCode, json: res.body ? (JSON.parse(res.body) as Obj) : {} }
}

export async function buildSeedExamples(): Promise<SeedExamples> {
  const bundle = readBundleFile(SEED_BUNDLE) as { records: { type: string; key: string; data: Obj }[] }
  const app = await buildApp({ config: { dbPath: ':memory:', seed: true, adminKey: ADMIN_KEY } })
  try {
    await app.ready()
    const keys = app.repos.store.sqlite.prepare('SELECT key, entity_type, entity_id FROM import_keys').all() as {
      key: string
      entity_type: EntityType
      entity_id: string
    }[]
    const order = new Map(bundle.records.map((r, i) => [r.key, i]))
    const idOfKey = new Map<string, string>()
    const swap = new Map<string, string>()
    for (const k of keys) {
      const id = exampleId(k.entity_type, k.key, order.get(k.key) ?? 0)
      idOfKey.set(k.key, id)
      swap.set(k.entity_id, id)
    }
    const typeOfKey = new Map(keys.map((k) => [k.key, k.entity_type]))

    // Real ids become example ids wherever they appear; timestamps become one instant.
    const stable = <T>(value: T): T =>
      JSON.parse(JSON.stringify(value), (k, v) => {
        if (typeof v !== 'string') return v
        if (k === 'created_at' || k === 'updated_at' || k === 'recorded_at') return CREATED_AT
        return v.replace(/\b[a-z]+_[0-7][0-9a-hjkmnp-tv-z]{25}\b/g, (id) => swap.get(id) ?? id)
      }) as T

    // The source example carries only the opening of the report; the server computes its hash.
    const report = bundle.records.find((r) => r.type === 'source' && r.key === 'report')!
    const sourceCreate = { ...report.data, body: opening(String(report.data.body)) }
    const posted = await call(app, 'POST', '/v1/sources', sourceCreate)
    if (posted.status !== 201) throw new Error(`the source example was refused: ${JSON.stringify(posted.json)}`)
    swap.set(posted.json.id as string, idOfKey.get('report')!)

    const schemas: Record<string, unknown> = {}
    for (const pick of PICKS) {
      const seeded = bundle.records.find((r) => r.type === pick.type && r.key === pick.key)
      const realId = keys.find((k) => k.key === pick.key)?.entity_id
      if (!seeded || !realId) throw new Error(`the seed has no ${pick.type} ${pick.key}`)
      const entity = pick.type === 'source' ? posted.json : (await call(app, 'GET', `/v1/${RECORD_TYPE_INFO[pick.type as RecordType].collection}/${realId}`)).json
      const example = stable(entity)
      // A create body names records by id, except actors, which it may name by slug.
      const create: Obj = pick.type === 'source' ? sourceCreate : structuredClone(seeded.data)
      mapReferences(pick.type, create, (key) => (typeOfKey.get(key) === 'actor' ? key : (idOfKey.get(key) ?? key)))
      schemas[pick.schema] = example
      schemas[`${pick.schema}Create`] = create
      schemas[`${pick.schema}Update`] = Object.fromEntries(pick.patch.map((f) => [f, example[f]]))
      schemas[`${pick.schema}List`] = { data: [example], next_cursor: encodeCursor({ s: 'id', k: [example.id as string] }), has_more: true }
      if (pick.type === 'term') {
        const { deal_id: _deal, ...inDeal } = create
        schemas.DealTermCreate = inDeal
      }
    }
    const problems = stable(await provokeProblems(app, idOfKey, new Map(keys.map((k) => [k.key, k.entity_id]))))
    schemas.Problem = problems[400]
    return { schemas, problems }
  } finally {
    await app.close()
  }
}

/**
 * Problem documents, provoked with real bad requests where this build can;
 * 401, 403 and 429 (whose codes DESIGN.md fixes) are shaped by ProblemError.
 * Statuses without an example here show the schema alone.
 */
async function provokeProblems(app: FastifyInstance, idOfKey: Map<string, string>, realIdOfKey: Map<string, string>): Promise<Record<string, unknown>> {
  const real = async (expected: number, method: Method, url: string, body?: string | object, headers?: Record<string, string>) => {
    const res = await call(app, method, url, body, headers)
    if (res.status !== expected) throw new Error(`expected ${expected} from ${method} ${url}, got ${res.status}`)
    return res.json
  }
  const made = (status: number, code: string, detail: string, instance: string) => new ProblemError(status, code, detail).toProblem(instance)
  const lukashenko = '/v1/actors/aleksandr-lukashenko'
  const missing = idOfKey.get('evt-smith-meets-lukashenko')!.replace(/.{4}$/, '0000')
  return {
    400: await real(400, 'GET', '/v1/events?category=CONSULT,MEET&occurred_from=2025-02'),
    401: made(401, 'unauthorized', 'Send an API key as "Authorization: Bearer <key>".', '/v1/events'),
    403: made(403, 'forbidden', 'This API key may read but not write.', '/v1/events'),
    404: await real(404, 'GET', `/v1/events/${missing}`),
    409: await real(409, 'DELETE', `/v1/deals/${realIdOfKey.get('deal-prisoners-for-sanctions-relief')}`),
    // Someone else's edit moves the actor to version 2; a write still based on version 1 is refused.
    412: await real(200, 'PATCH', lukashenko, { aliases: ['Alexander Lukashenko'] }).then(() =>
      real(412, 'PATCH', lukashenko, { description: 'President of Belarus since 1994.' }, { 'if-match': '"v1"' }),
    ),
    413: await real(413, 'POST', '/v1/sources', { title: 'Too long', kind: 'report', body: 'x'.repeat(1_100_000) }),
    415: await real(415, 'POST', '/v1/events', 'title=Smith meets Lukashenko', { 'content-type': 'application/x-www-form-urlencoded' }),
    429: made(429, 'rate_limited', 'Too many requests; retry after the number of seconds in Retry-After.', '/v1/events'),
  }
}
