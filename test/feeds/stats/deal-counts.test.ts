// /v1/stats?group_by=deal_status reads feed_deal_counts (migration 0008): deals
// per actor (0: every deal), period of first_reported_on and status, kept by
// triggers on deals and deal_parties. It must equal a recomputation from those
// tables, written here in TypeScript, after random writes through the API, a
// raw cascading delete and the migration's backfill; and the answers must be
// what counting the deals gives.
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { DEAL_STATUSES } from '../../../src/domain/vocabulary.js'
import { json, makeApp } from '../../helpers.js'
import { applyRandomWrite } from '../../derived-tables.js'

type R = Record<string, any>
const all = (app: FastifyInstance, sql: string) => app.repos.store.sqlite.prepare(sql).all() as R[]
const period = (fuzzy: string | null) => (fuzzy == null ? '' : fuzzy.slice(0, 7))

function expected(app: FastifyInstance): string[] {
  const actorPk = new Map(all(app, 'SELECT id, pk FROM actors').map((a) => [a.id, a.pk]))
  const deals = new Map(all(app, 'SELECT * FROM deals').map((d) => [d.id, d]))
  const counts = new Map<string, number>()
  const bump = (pk: number, d: R) => counts.set(`${pk}|${period(d.first_reported_on)}|${d.status}`, (counts.get(`${pk}|${period(d.first_reported_on)}|${d.status}`) ?? 0) + 1)
  for (const d of deals.values()) bump(0, d)
  for (const p of all(app, 'SELECT * FROM deal_parties')) bump(actorPk.get(p.actor_id), deals.get(p.deal_id)!)
  return [...counts].map(([k, n]) => `${k}|${n}`).sort()
}

const actual = (app: FastifyInstance) => all(app, 'SELECT * FROM feed_deal_counts WHERE n <> 0').map((r) => `${r.actor_pk}|${r.period}|${r.status}|${r.n}`).sort()

const ACTORS = ['united-states', 'belarus', 'russia', 'aleksandr-lukashenko', 'lithuania']
const dateArb = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 2018, max: 2026 }).map(String),
  fc.record({ y: fc.integer({ min: 2018, max: 2026 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }).map(
    ({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  ),
)
const partiesArb = fc.uniqueArray(fc.record({ actor_id: fc.constantFrom(...ACTORS), side: fc.constantFrom('north', 'south') }), { maxLength: 4, selector: (p) => p.actor_id })
const dealArb = fc.record({ status: fc.constantFrom(...DEAL_STATUSES), first_reported_on: dateArb, parties: partiesArb }).map((d) => ({ title: 'Generated deal', ...d }))
const opArb = fc.oneof(
  dealArb.map((body) => ({ op: 'create' as const, body })),
  fc
    .record({
      pick: fc.nat(),
      patch: fc.oneof(dealArb, partiesArb.map((parties) => ({ parties })), dateArb.map((first_reported_on) => ({ first_reported_on })), fc.constantFrom(...DEAL_STATUSES).map((status) => ({ status }))),
    })
    .map((x) => ({ op: 'patch' as const, ...x })),
  fc.nat().map((pick) => ({ op: 'delete' as const, pick })),
)

const app = await makeApp(t)

async function answer(app: FastifyInstance, query: string) {
  const res = await app.inject({ url: `/v1/stats?group_by=deal_status${query}` })
  t.equal(res.statusCode, 200)
  return Object.fromEntries(json(res).rows.map((r: R) => [r.deal_status, r.count]))
}

/** The answer as counting the deals gives it: those the actor is a party to, first reported within the range. */
function counted(app: FastifyInstance, actorId: string | null, from: string, to: string) {
  const out = Object.fromEntries(DEAL_STATUSES.map((s) => [s, 0]))
  const parties = all(app, 'SELECT * FROM deal_parties')
  for (const d of all(app, 'SELECT * FROM deals')) {
    if (actorId && !parties.some((p) => p.deal_id === d.id && p.actor_id === actorId)) continue
    const p = period(d.first_reported_on)
    if (from && !(p.length === 7 ? p >= from && p <= to : p.length === 4 && p >= from.slice(0, 4) && p <= to.slice(0, 4))) continue
    out[d.status]++
  }
  return out
}

t.test('random deal writes keep feed_deal_counts equal to its recomputation, and the answers to counting the deals', async (t) => {
  t.same(actual(app), expected(app), 'the seed')
  const deals: string[] = []
  let runs = 0
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 8 }), async (ops) => {
      for (const o of ops) await applyRandomWrite(app, 'deals', deals, o)
      runs++
      const same = JSON.stringify(actual(app)) === JSON.stringify(expected(app))
      if (!same) t.same(actual(app), expected(app), `feed_deal_counts after run ${runs}`)
      return same
    }),
    { numRuns: 40, seed: 20260301 },
  )
  t.equal(runs, 40)
  t.ok(deals.length > 0, 'deals left behind to count')
  const ids = new Map(all(app, 'SELECT slug, id FROM actors').map((a) => [a.slug, a.id]))
  for (const slug of [null, ...ACTORS]) {
    for (const [from, to] of [['', ''], ['2019-04', '2023-12'], ['2021-01', '2021-12']]) {
      const query = `${slug ? `&actor=${slug}` : ''}${from ? `&from=${from}&to=${to}` : ''}`
      t.same(await answer(app, query), counted(app, slug && ids.get(slug), from, to), query || 'every deal')
    }
  }
})

t.test('a raw cascading delete and the backfill leave the same counts', async (t) => {
  const db = app.repos.store.sqlite
  const deal = db.prepare('SELECT d.id FROM deals d WHERE EXISTS (SELECT 1 FROM deal_parties WHERE deal_id = d.id) AND NOT EXISTS (SELECT 1 FROM deal_terms WHERE deal_id = d.id) LIMIT 1').get() as R
  t.ok(deal, 'a deal with parties and no terms')
  db.prepare('DELETE FROM deals WHERE id = ?').run(deal.id)
  t.equal((db.prepare('SELECT count(*) AS n FROM deal_parties WHERE deal_id = ?').get(deal.id) as R).n, 0, 'the parties cascaded')
  t.same(actual(app), expected(app))

  const before = actual(app)
  const file = readFileSync(new URL('../../../migrations/0008_analytics_deal_counts.sql', import.meta.url), 'utf8')
  db.exec('DELETE FROM feed_deal_counts')
  for (const statement of file.slice(file.indexOf('-- Existing data.')).split('--> statement-breakpoint')) db.exec(statement)
  t.same(actual(app), before)
})
