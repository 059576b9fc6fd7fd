// /v1/stats event counts by month and category are read as feed_activity's own
// rows, the other groupings through a GROUP BY: the answers must agree with each
// other, in the documented order. Stats answers are written with JSON.stringify:
// the bytes must be what the Stats schema's serializer would write.
import fc from 'fast-check'
import fastJson from 'fast-json-stringify'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { CATEGORIES, EVENT_STATUSES, MODES_BY_CATEGORY, type Category } from '../../../src/domain/vocabulary.js'
import { namedSchemas } from '../../../src/schemas/index.js'
import { AUTH, json, makeApp } from '../../helpers.js'

const serialize = fastJson({ $ref: 'Stats#' }, { schema: Object.fromEntries(namedSchemas.map((s) => [s.$id!, s])) as never })

async function stats(app: FastifyInstance, query: string) {
  const res = await app.inject({ url: `/v1/stats?${query}` })
  if (res.statusCode !== 200) throw new Error(`${query}: ${res.statusCode} ${res.body}`)
  const body = json(res)
  if (res.body !== serialize(body)) throw new Error(`${query}: the body is not what the Stats serializer writes`)
  return body
}

type Row = { period?: string; start?: string; category?: string; count: number }
const sum = (rows: Row[], key: (r: Row) => string) => {
  const out = new Map<string, number>()
  for (const r of rows) out.set(key(r), (out.get(key(r)) ?? 0) + r.count)
  return [...out].sort()
}
const rank = (c?: string) => CATEGORIES.indexOf(c as Category)

const ACTORS = ['united-states', 'belarus', 'russia', 'lithuania']
const eventArb = fc
  .record({
    category: fc.constantFrom(...CATEGORIES),
    status: fc.constantFrom(...EVENT_STATUSES),
    occurred_on: fc.oneof(
      fc.constant(null),
      fc.integer({ min: 2019, max: 2025 }).map(String),
      fc.record({ y: fc.integer({ min: 2019, max: 2025 }), m: fc.integer({ min: 1, max: 12 }) }).map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}-03`),
    ),
    actor: fc.constantFrom(...ACTORS),
  })
  .map(({ actor, ...e }) => ({ title: 'Generated', ...e, mode: (MODES_BY_CATEGORY[e.category] ?? [null])[0], participants: [{ actor_id: actor, role: 'source' }] }))

t.test('by month and category, by month, by year and by category: one count, however grouped', async (t) => {
  const app = await makeApp(t)
  for (const body of fc.sample(eventArb, { numRuns: 150, seed: 7 })) {
    const res = await app.inject({ method: 'POST', url: '/v1/events', headers: AUTH, payload: body })
    if (res.statusCode !== 201) throw new Error(res.body)
  }
  for (const actor of ['', '&actor=united-states', '&actor=lithuania']) {
    for (const range of ['', '&from=2020-05&to=2024']) {
      const q = `${actor}${range}`
      const grid = await stats(app, `group_by=category,interval${q}`)
      t.ok(grid.rows.length > 3, `${q}: rows to compare`)
      const order = (list: Row[]) => list.every((r, i) => i === 0 || list[i - 1].start! < r.start! || (list[i - 1].start === r.start && rank(list[i - 1].category) < rank(r.category)))
      t.ok(order(grid.rows) && order(grid.coarser), `${q}: by start, then in vocabulary order`)
      t.ok(grid.undated.every((r: Row, i: number) => i === 0 || rank(grid.undated[i - 1].category) < rank(r.category)))
      const every = [...grid.rows, ...grid.coarser, ...grid.undated]
      t.equal(grid.total, every.reduce((s: number, r: Row) => s + r.count, 0))

      const months = await stats(app, `group_by=interval${q}`)
      t.same(months.rows.map((r: Row) => [r.period, r.count]), sum(grid.rows, (r) => r.period!), `${q}: months are the grid summed over categories`)
      t.same(sum(months.coarser, (r) => r.period!), sum(grid.coarser, (r) => r.period!))

      const years = await stats(app, `group_by=interval,category&interval=year${q}`)
      t.same(
        sum(years.rows, (r) => `${r.period}|${r.category}`),
        sum([...grid.rows, ...grid.coarser], (r) => `${r.period!.slice(0, 4)}|${r.category}`),
        `${q}: years hold their months and the year-precise events`,
      )
      const categories = await stats(app, `group_by=category${q}`)
      t.same(sum(categories.rows, (r) => r.category!), sum(every, (r) => r.category!), `${q}: categories are the grid summed over periods`)
      t.equal(categories.total, grid.total)
    }
  }
  for (const query of ['group_by=deal_status', 'group_by=speaker', 'group_by=actor&limit=3', 'group_by=interval&interval=quarter&actor=belarus']) await stats(app, query)
})
