// Dyad series are read from feed_dyad_periods (migration 0007): feed_dyads
// summed per pair, period and status, with the intensity scale written into
// the triggers. They must give what summing the pair's events gives. Checked
// three ways, each independent of the triggers' SQL: every category and mode
// against the intensity module; the table
// against a recomputation in TypeScript from feed_dyads (itself held to the
// base tables by feeds-derived.test.ts), after random writes through the API,
// a raw cascading delete and the migration's backfill; and every answer
// against the same answer within every category, which sums feed_dyads itself.
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import fastJson from 'fast-json-stringify'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { INTENSITY, intensityScore, quadClassOf } from '../../../src/domain/intensity.js'
import { CATEGORIES, EVENT_STATUSES, MODES_BY_CATEGORY, PARTICIPANT_ROLES, type Category } from '../../../src/domain/vocabulary.js'
import { DYAD_SUMS } from '../../../src/feeds/dyads/sums.js'
import { namedSchemas } from '../../../src/schemas/index.js'
import { AUTH, json, makeApp } from '../../helpers.js'
import { applyRandomWrite } from '../../derived-tables.js'

type R = Record<string, any>
const all = (app: FastifyInstance, sql: string) => app.repos.store.sqlite.prepare(sql).all() as R[]

/** feed_dyad_periods as it should be: feed_dyads summed in TypeScript, scored by the module. */
function expected(app: FastifyInstance): string[] {
  const sums = new Map<string, number[]>()
  for (const d of all(app, 'SELECT * FROM feed_dyads')) {
    const key = `${d.a_pk}|${d.b_pk}|${d.period}|${d.status}`
    const s = sums.get(key) ?? [0, 0, 0, 0, 0, 0, 0, 0, 0]
    const quad = ['verbal_cooperation', 'material_cooperation', 'verbal_conflict', 'material_conflict'].indexOf(quadClassOf(d.category))
    s[0]++
    s[1 + quad]++
    s[5] += Math.round(intensityScore(d.category, d.mode || null) * 10)
    s[6] += d.dir & 1 ? 1 : 0
    s[7] += d.dir & 2 ? 1 : 0
    s[8] += d.dir & 4 ? 1 : 0
    sums.set(key, s)
  }
  return [...sums].map(([k, s]) => `${k}|${s.join('|')}`).sort()
}

function actual(app: FastifyInstance): string[] {
  return all(app, 'SELECT * FROM feed_dyad_periods')
    .map((r) => [r.a_pk, r.b_pk, r.period, r.status, r.events, r.verbal_cooperation, r.material_cooperation, r.verbal_conflict, r.material_conflict, r.score_tenths, r.a_to_b, r.b_to_a, r.joint].join('|'))
    .sort()
}

const ACTORS = ['united-states', 'belarus', 'russia', 'lithuania']
const EVERY_CATEGORY = CATEGORIES.join(',')

// Answers are written with JSON.stringify: the bytes must be what the schema's serializer writes.
const serialize = fastJson({ $ref: 'DyadRelations#' }, { schema: Object.fromEntries(namedSchemas.map((s) => [s.$id!, s])) as never })

async function relations(app: FastifyInstance, a: string, b: string, query: string) {
  const res = await app.inject({ url: `/v1/dyads/${a}/${b}/relations?${query}` })
  if (res.statusCode !== 200) throw new Error(`${a}/${b}?${query}: ${res.statusCode} ${res.body}`)
  const body = json(res)
  if (res.body !== serialize(body)) throw new Error(`${a}/${b}?${query}: the body is not what the DyadRelations serializer writes`)
  return body
}

/** Every pair, both ways, under a few queries: the kept sums and the events' own sums answer alike. */
async function answersAgree(app: FastifyInstance): Promise<string | null> {
  for (const a of ACTORS) {
    for (const b of ACTORS) {
      if (a === b) continue
      for (const query of ['', 'interval=quarter&status=occurred,planned,denied', 'interval=year&from=2019&to=2024-06']) {
        const kept = await relations(app, a, b, query)
        const summed = await relations(app, a, b, `${query}&category=${EVERY_CATEGORY}`)
        if (JSON.stringify(kept) !== JSON.stringify(summed)) return `${a}/${b}?${query}: ${JSON.stringify(kept)} ≠ ${JSON.stringify(summed)}`
      }
    }
  }
  return null
}

const dateArb = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 2018, max: 2026 }).map(String),
  fc.record({ y: fc.integer({ min: 2018, max: 2026 }), m: fc.integer({ min: 1, max: 12 }) }).map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}`),
)
const actionArb = fc.constantFrom(...CATEGORIES).chain((category: Category) =>
  fc.record({ category: fc.constant(category), mode: fc.constantFrom(null, ...(MODES_BY_CATEGORY[category] ?? [])) }),
)
const participantsArb = fc.uniqueArray(fc.record({ actor_id: fc.constantFrom(...ACTORS), role: fc.constantFrom(...PARTICIPANT_ROLES) }), {
  maxLength: 6,
  selector: (p) => `${p.actor_id}/${p.role}`,
})
const eventArb = fc
  .record({ action: actionArb, occurred_on: dateArb, status: fc.constantFrom(...EVENT_STATUSES), participants: participantsArb })
  .map(({ action, ...e }) => ({ title: 'Generated event', ...action, ...e }))
const opArb = fc.oneof(
  eventArb.map((body) => ({ op: 'create' as const, body })),
  fc
    .record({
      pick: fc.nat(),
      patch: fc.oneof(eventArb, participantsArb.map((participants) => ({ participants })), dateArb.map((occurred_on) => ({ occurred_on })), actionArb, fc.constantFrom(...EVENT_STATUSES).map((status) => ({ status }))),
    })
    .map((x) => ({ op: 'patch' as const, ...x })),
  fc.nat().map((pick) => ({ op: 'delete' as const, pick })),
)

const app = await makeApp(t)

t.test('every category and mode scores as the intensity module: in the triggers and in the summing SQL', async (t) => {
  const db = app.repos.store.sqlite
  // One feed_dyads row per category and mode (none, each valid one, and one the category does not list), for a pair no event has.
  const rows = CATEGORIES.flatMap((category) => ['', ...(MODES_BY_CATEGORY[category] ?? []), 'visit'].map((mode) => ({ category, mode })))
  const insert = db.prepare("INSERT INTO feed_dyads (a_pk, b_pk, period, category, mode, status, event_pk, dir) VALUES (900001, 900002, ?, ?, ?, 'occurred', ?, 1)")
  rows.forEach((r, i) => insert.run(`2030-${String((i % 12) + 1).padStart(2, '0')}`, r.category, r.mode, 900000 + i))
  t.same(actual(app), expected(app), 'feed_dyad_periods, kept by the triggers, against the module')
  const summed = db.prepare(`SELECT d.category, d.mode, ${DYAD_SUMS} FROM feed_dyads d WHERE a_pk = 900001 GROUP BY d.event_pk`).all() as R[]
  t.equal(summed.length, rows.length)
  for (const r of summed) {
    t.equal(r.score_tenths, Math.round(intensityScore(r.category, r.mode || null) * 10), `${r.category}:${r.mode}`)
    t.equal(r[quadClassOf(r.category)], 1)
  }
  db.prepare('DELETE FROM feed_dyads WHERE a_pk = 900001').run()
  t.same(all(app, 'SELECT * FROM feed_dyad_periods WHERE a_pk = 900001'), [], 'gone with their rows')
  // Scores have one decimal, so tenths lose nothing.
  for (const e of Object.values(INTENSITY)) for (const s of [e.score, ...Object.values(e.modes ?? {})]) t.equal(Math.round(s * 10) / 10, s)
})

t.test('random creates, updates and deletes keep feed_dyad_periods equal to feed_dyads summed, and both paths answer alike', async (t) => {
  t.same(actual(app), expected(app), 'the seed')
  t.equal(await answersAgree(app), null, 'the seed: kept sums and summed events answer alike')
  const events: string[] = []
  let runs = 0
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 8 }), async (ops) => {
      for (const o of ops) await applyRandomWrite(app, 'events', events, o)
      runs++
      const got = actual(app)
      const want = expected(app)
      if (JSON.stringify(got) !== JSON.stringify(want)) t.same(got, want, `feed_dyad_periods after run ${runs}`)
      const disagreement = runs % 5 === 0 ? await answersAgree(app) : null
      if (disagreement) t.fail(disagreement)
      return JSON.stringify(got) === JSON.stringify(want) && !disagreement
    }),
    { numRuns: 40, seed: 20260212 },
  )
  t.equal(runs, 40)
  t.ok(events.length > 0 && actual(app).length > 10, 'the runs left pairs behind to check')
  t.equal(await answersAgree(app), null, 'after the runs')
})

t.test('a raw cascading delete and the migration backfill leave the same sums', async (t) => {
  const db = app.repos.store.sqlite
  const visit = db.prepare("SELECT id FROM events WHERE title LIKE 'U.S. envoy%'").get() as R
  db.prepare('UPDATE events SET parent_event_id = NULL WHERE parent_event_id = ?').run(visit.id)
  db.prepare('UPDATE quotes SET event_id = NULL WHERE event_id = ?').run(visit.id)
  db.prepare('DELETE FROM events WHERE id = ?').run(visit.id)
  t.same(actual(app), expected(app), 'after deleting an event whose participants cascade')

  const before = actual(app)
  const file = readFileSync(new URL('../../../migrations/0007_analytics_dyad_periods.sql', import.meta.url), 'utf8')
  db.exec('DELETE FROM feed_dyad_periods')
  db.exec(file.slice(file.indexOf('-- Existing data.')))
  t.same(actual(app), before, 'the backfill rebuilds what the triggers kept')
})

t.test('the mean score is the net score over the events, rounded half up from exact tenths', async (t) => {
  const app = await makeApp(t)
  // 4.2 + 4.6 - 3.0 - 2.0 = 3.8 over 4 events: 0.95, a tie a sum of floats can land on either side of.
  for (const action of [{ category: 'AGREE' }, { category: 'SUPPORT' }, { category: 'ACCUSE', mode: 'allege' }, { category: 'ACCUSE', mode: 'disapprove' }]) {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: AUTH,
      payload: { title: 'Generated', status: 'occurred', occurred_on: '2024-03-02', ...action, participants: [{ actor_id: 'lithuania', role: 'source' }, { actor_id: 'russia', role: 'target' }] },
    })
    t.equal(res.statusCode, 201)
  }
  const d = await relations(app, 'lithuania', 'russia', '')
  t.match(d.series, [{ period: '2024-03', events: 4, net_cooperation: 3.8, mean_score: 1 }])
  t.match(d.total, { events: 4, net_cooperation: 3.8, mean_score: 1 })
})

t.test('months end on their last day, leap years included', async (t) => {
  const app = await makeApp(t)
  for (const occurred_on of ['1900-02-10', '2000-02-10', '2023-02-10', '2024-02-10', '2024-04-10']) {
    const payload = { title: 'Generated', category: 'AGREE', status: 'occurred', occurred_on, participants: [{ actor_id: 'belarus', role: 'participant' }, { actor_id: 'lithuania', role: 'participant' }] }
    t.equal((await app.inject({ method: 'POST', url: '/v1/events', headers: AUTH, payload })).statusCode, 201)
  }
  const d = await relations(app, 'belarus', 'lithuania', 'from=1900-01&to=2024-12&interval=month')
  const end = (period: string) => d.series.find((p: R) => p.period === period)?.end
  t.same(['1900-02', '2000-02', '2023-02', '2024-02', '2024-04'].map(end), ['1900-02-28', '2000-02-29', '2023-02-28', '2024-02-29', '2024-04-30'])
})
