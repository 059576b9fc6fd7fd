import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { INTENSITY, intensityScore } from '../../../src/domain/intensity.js'
import { CATEGORIES, MODES_BY_CATEGORY } from '../../../src/domain/vocabulary.js'
import { AUTH, actorId, json, makeApp } from '../../helpers.js'

async function get(app: FastifyInstance, url: string) {
  const res = await app.inject({ method: 'GET', url })
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return json(res)
}

async function total(app: FastifyInstance, query: string): Promise<number> {
  return (await get(app, `/v1/events?total=true&limit=1&${query}`)).total
}

const seeded = await makeApp(t)

t.test('USA–Belarus: the visit and the release are cooperation in 2025-02', async (t) => {
  const app = seeded
  const d = await get(app, '/v1/dyads/united-states/belarus/relations')
  t.match(d, { a: { slug: 'united-states' }, b: { slug: 'belarus' }, interval: 'month', statuses: ['occurred', 'reported', 'claimed'] })
  t.equal(d.series.length, 1)
  const feb = d.series[0]
  t.match(feb, { period: '2025-02', start: '2025-02-01', end: '2025-02-28', events: 2, verbal_cooperation: 1, material_cooperation: 1, verbal_conflict: 0, material_conflict: 0 })
  // The visit (US → Belarus, CONSULT:visit) and the release (Belarus → US as beneficiary, RETREAT:release).
  t.equal(feb.a_to_b, 1)
  t.equal(feb.b_to_a, 1)
  t.equal(feb.net_cooperation, Math.round((intensityScore('CONSULT', 'visit') + intensityScore('RETREAT', 'release')) * 10) / 10)
  t.ok(feb.net_cooperation > 0)
  // The Biden-era sanctions are undated: counted apart, never guessed into a month.
  t.match(d.undated, { events: 1, material_conflict: 1, a_to_b: 1 })
  t.match(d.total, { events: 3 })
  t.equal(d.total.net_cooperation, Math.round((feb.net_cooperation + d.undated.net_cooperation) * 10) / 10)

  const reversed = await get(app, `/v1/dyads/${actorId(app, 'belarus')}/${actorId(app, 'united-states')}/relations`)
  t.match(reversed.series[0], { events: 2, a_to_b: feb.b_to_a, b_to_a: feb.a_to_b }, 'by id, and the other way round')
  t.match(reversed.undated, { a_to_b: 0, b_to_a: 1 })

  const year = await get(app, '/v1/dyads/united-states/belarus/relations?interval=quarter')
  t.match(year.series, [{ period: '2025-Q1', start: '2025-01-01', end: '2025-03-31', events: 2 }])
  const filled = await get(app, '/v1/dyads/united-states/belarus/relations?interval=year&from=2023&to=2026')
  t.same(filled.series.map((p: any) => [p.period, p.events]), [['2023', 0], ['2024', 0], ['2025', 2], ['2026', 0]], 'empty years count zero')
  const conflict = await get(app, '/v1/dyads/united-states/belarus/relations?category=SANCTION,ASSAULT')
  t.match(conflict, { series: [], total: { events: 1, material_conflict: 1 } })
})

t.test('who counts: direction, joint participants, statuses and precision', async (t) => {
  const app = await makeApp(t)
  const post = async (payload: object) => {
    const res = await app.inject({ method: 'POST', url: '/v1/events', headers: AUTH, payload: { title: 'Generated', status: 'occurred', ...payload } })
    t.equal(res.statusCode, 201)
  }
  // Lithuania and Russia: nothing in the seed.
  await post({ category: 'ACCUSE', mode: 'allege', occurred_on: '2024-05-03', participants: [{ actor_id: 'lithuania', role: 'source' }, { actor_id: 'russia', role: 'target' }] })
  await post({ category: 'CONSULT', mode: 'phone', occurred_on: '2024-05', participants: [{ actor_id: 'lithuania', role: 'participant' }, { actor_id: 'russia', role: 'participant' }] })
  await post({ category: 'THREATEN', occurred_on: '2024', participants: [{ actor_id: 'russia', role: 'source' }, { actor_id: 'lithuania', role: 'target' }] })
  await post({ category: 'ASSAULT', status: 'hypothetical', occurred_on: '2024-06', participants: [{ actor_id: 'russia', role: 'source' }, { actor_id: 'lithuania', role: 'target' }] })
  await post({ category: 'AGREE', occurred_on: '2024-06', participants: [{ actor_id: 'russia', role: 'source' }, { actor_id: 'lithuania', role: 'mediator' }] })
  await post({ category: 'AGREE', occurred_on: '2024-07', participants: [{ actor_id: 'russia', role: 'target' }, { actor_id: 'lithuania', role: 'target' }] })
  const d = await get(app, '/v1/dyads/lithuania/russia/relations')
  t.same(
    d.series.map((p: any) => [p.period, p.events, p.verbal_cooperation, p.verbal_conflict, p.a_to_b, p.b_to_a, p.joint]),
    [['2024-05', 2, 1, 1, 1, 0, 1]],
    'the accusation and the joint call; not the mediated or the both-targets events, nor the hypothetical assault',
  )
  t.match(d.coarser, [{ period: '2024', events: 1, verbal_conflict: 1, b_to_a: 1 }], 'a year-precise threat is not put in a month')
  t.equal(d.series[0].net_cooperation, Math.round((intensityScore('ACCUSE', 'allege') + intensityScore('CONSULT', 'phone')) * 10) / 10)
  const byYear = await get(app, '/v1/dyads/lithuania/russia/relations?interval=year')
  t.match(byYear, { series: [{ period: '2024', events: 3 }], coarser: [] }, 'by year, the threat has its place')
  const hypothetical = await get(app, '/v1/dyads/lithuania/russia/relations?status=hypothetical')
  t.match(hypothetical.series, [{ period: '2024-06', events: 1, material_conflict: 1 }])
})

t.test('the intensity scale: every category and valid mode, as the module scores them', async (t) => {
  const app = seeded
  const scale = await get(app, '/v1/reference/intensity')
  t.same(scale.quad_classes, ['verbal_cooperation', 'material_cooperation', 'verbal_conflict', 'material_conflict'])
  t.same(scale.categories.map((c: any) => c.category), [...CATEGORIES])
  for (const c of scale.categories) {
    t.equal(c.quad_class, INTENSITY[c.category as keyof typeof INTENSITY].quad_class)
    t.same(c.modes.map((m: any) => m.mode), MODES_BY_CATEGORY[c.category as keyof typeof MODES_BY_CATEGORY] ?? [])
    for (const m of c.modes) t.equal(m.score, intensityScore(c.category, m.mode))
  }
  const score = Object.fromEntries(scale.categories.map((c: any) => [c.category, c.score]))
  t.ok(score.AGREE > 0 && score.CONSULT > 0 && score.ASSAULT < 0 && score.COERCE < 0)
  t.ok(intensityScore('RETREAT', 'release') > 0)
  t.ok(score.ASSAULT === Math.min(...Object.values(score as Record<string, number>)), 'ASSAULT is the most conflictual')
})

t.test('stats by category and interval agree with the event lists', async (t) => {
  const app = seeded
  const byCategory = await get(app, '/v1/stats?group_by=category')
  t.equal(byCategory.total, await total(app, ''))
  for (const row of byCategory.rows) t.equal(row.count, await total(app, `category=${row.category}`), `${row.category}`)
  t.same(byCategory.rows.map((r: any) => r.count), [...byCategory.rows.map((r: any) => r.count)].sort((a: number, b: number) => b - a), 'largest first')

  const forActor = await get(app, '/v1/stats?group_by=category&actor=aleksandr-lukashenko')
  t.match(forActor.actor, { slug: 'aleksandr-lukashenko' })
  t.equal(forActor.total, await total(app, 'actor=aleksandr-lukashenko'))
  for (const row of forActor.rows) t.equal(row.count, await total(app, `actor=aleksandr-lukashenko&category=${row.category}`))

  const grid = await get(app, '/v1/stats?group_by=category,interval')
  t.match(grid.rows.find((r: any) => r.category === 'CONSULT'), { period: '2025-02', count: await total(app, 'category=CONSULT&occurred_from=2025-02&occurred_to=2025-02') })
  t.same(grid.coarser.map((r: any) => [r.period, r.category]).sort(), [['2020', 'COERCE'], ['2020', 'CONSULT'], ['2020', 'PROTEST']])
  t.equal(grid.undated.reduce((s: number, r: any) => s + r.count, 0), 5)
  t.equal(grid.total, grid.rows.concat(grid.coarser, grid.undated).reduce((s: number, r: any) => s + r.count, 0))

  const years = await get(app, '/v1/stats?group_by=interval&interval=year&from=2020&to=2025')
  t.same(years.rows.map((r: any) => [r.period, r.count]), [['2020', 3], ['2025', 12]])
  t.same(years.undated, [], 'an undated event overlaps no range')
  const quarters = await get(app, '/v1/stats?group_by=interval&interval=quarter&actor=united-states')
  t.same(quarters.rows.map((r: any) => [r.period, r.start, r.end, r.count]), [['2025-Q1', '2025-01-01', '2025-03-31', await total(app, 'actor=united-states&occurred_from=2025-01&occurred_to=2025-03')]])
  t.equal(quarters.undated.reduce((s: number, r: any) => s + r.count, 0), 1, 'the undated sanctions')
})

t.test('top actors, deals by status, quotes per speaker', async (t) => {
  const app = seeded
  const top = await get(app, '/v1/stats?group_by=actor&limit=5')
  t.equal(top.rows.length, 5)
  for (const row of top.rows) t.equal(row.count, await total(app, `actor=${row.actor.id}`), row.actor.slug)
  t.ok(top.rows.every((r: any, i: number) => i === 0 || top.rows[i - 1].count >= r.count))
  const cooperative = await get(app, '/v1/stats?group_by=actor&category=CONSULT&limit=1')
  t.equal(cooperative.rows[0].count, await total(app, `actor=${cooperative.rows[0].actor.id}&category=CONSULT`))

  const deals = await get(app, '/v1/stats?group_by=deal_status')
  t.equal(deals.rows.length, 8, 'every status, zeros included')
  t.match(deals.rows.find((r: any) => r.deal_status === 'exploratory'), { count: 1 })
  t.equal((await get(app, '/v1/stats?group_by=deal_status&actor=russia')).total, 0, 'Russia is party to no deal')

  const speakers = await get(app, '/v1/stats?group_by=speaker')
  t.same(speakers.rows.map((r: any) => [r.speaker.slug, r.count]), [['christopher-w-smith', 3], ['artyom-shraibman', 2], ['franak-viacorka', 1]])
  t.equal(speakers.total, 6)
  const aboutLukashenko = await get(app, '/v1/stats?group_by=speaker&actor=aleksandr-lukashenko')
  t.equal(aboutLukashenko.total, 3, 'quotes about him')
  t.same(aboutLukashenko.rows.map((r: any) => r.count), [1, 1, 1])
})

t.test('stats refuse what they cannot answer', async (t) => {
  const app = seeded
  for (const [query, parameter] of [
    ['group_by=mood', 'group_by'],
    ['group_by=actor,category', 'group_by'],
    ['group_by=category,category', 'group_by'],
    ['group_by=category&interval=month', 'interval'],
    ['group_by=actor&actor=belarus', 'actor'],
    ['group_by=deal_status&category=AGREE', 'category'],
    ['group_by=category&status=occurred', 'status'],
    ['group_by=category&actor=nobody', 'actor'],
    ['group_by=category&from=2025-02-03', 'from'],
    ['group_by=speaker&category=AGREE', 'category'],
    ['actor=belarus', 'group_by'],
  ]) {
    const res = await app.inject({ url: `/v1/stats?${query}` })
    t.equal(res.statusCode, 400, query)
    t.ok(json(res).errors?.some((e: any) => e.parameter === parameter), `${query} names ${parameter}`)
  }
  t.equal((await app.inject({ url: '/v1/dyads/belarus/nobody/relations' })).statusCode, 404)
  t.equal((await app.inject({ url: '/v1/dyads/belarus/belarus/relations' })).statusCode, 400)
  t.equal((await app.inject({ url: '/v1/dyads/belarus/russia/relations?interval=week' })).statusCode, 400)
})
