import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { AUTH, actorId, json, makeApp } from '../../helpers.js'

type Edge = { id: string; source: string; target: string; type: string; weight: number; relation_type: string | null; source_role: string | null; target_role: string | null }
type Node = { id: string; slug: string; degree: number; strength: number }

async function get(app: FastifyInstance, url: string) {
  const res = await app.inject({ method: 'GET', url })
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return json(res) as { nodes: Node[]; edges: Edge[]; meta: any }
}

/** Graph libraries need every edge to name nodes that exist, and unique ids. */
function wellFormed(t: Test, g: { nodes: Node[]; edges: Edge[] }) {
  const ids = new Set(g.nodes.map((n) => n.id))
  t.equal(ids.size, g.nodes.length, 'node ids are unique')
  t.equal(new Set(g.edges.map((e) => e.id)).size, g.edges.length, 'edge ids are unique')
  t.ok(g.edges.every((e) => ids.has(e.source) && ids.has(e.target)), 'every edge joins two nodes of the graph')
  for (const n of g.nodes) {
    const mine = g.edges.filter((e) => e.source === n.id || e.target === n.id)
    const others = new Set(mine.map((e) => (e.source === n.id ? e.target : e.source)))
    if (n.degree !== others.size || n.strength !== mine.reduce((s, e) => s + e.weight, 0)) {
      t.fail(`${n.slug}: degree and strength match its edges`)
      return
    }
  }
  t.pass('degree and strength match the edges')
}

const seeded = await makeApp(t)

t.test("an actor's network at depth 1: typed, weighted edges with roles and stable ids", async (t) => {
  const app = seeded
  const us = actorId(app, 'united-states')
  const belarus = actorId(app, 'belarus')
  const smith = actorId(app, 'christopher-w-smith')
  const g = await get(app, '/v1/actors/belarus/network?limit=500&edge_limit=5000')
  wellFormed(t, g)
  t.equal(g.meta.actor_id, belarus)
  t.equal(g.meta.depth, 1)
  t.equal(g.meta.truncated, false)
  const between = (a: string, b: string) => g.edges.filter((e) => (e.source === a && e.target === b) || (e.source === b && e.target === a))
  // The visit: the United States (source) to Belarus (target); the release: Belarus (source) to the United States (beneficiary).
  t.match(between(us, belarus).find((e) => e.type === 'co_participation' && e.source === us), { source_role: 'source', target_role: 'target', weight: 2 }, 'the visit and the sanctions')
  t.match(between(us, belarus).find((e) => e.type === 'co_participation' && e.source === belarus), { source_role: 'source', target_role: 'beneficiary', weight: 1 }, 'the release')
  t.match(between(us, belarus).find((e) => e.type === 'relation'), { source: us, target: belarus, relation_type: 'adversary_of', weight: 1 })
  t.match(between(smith, belarus).find((e) => e.type === 'quote_about'), { source: smith, target: belarus, weight: 1 }, "Smith's briefing quote is about Belarus")
  const edge = between(us, belarus).find((e) => e.type === 'relation')!
  t.equal(edge.id, `relation:${us}:${belarus}:adversary_of`)
  // Every node shares an edge with Belarus: depth 1.
  t.ok(g.nodes.filter((n) => n.id !== belarus).every((n) => between(n.id, belarus).length > 0), 'every node is one step from the centre')
  const again = await get(app, `/v1/actors/${belarus}/network?limit=500&edge_limit=5000`)
  t.same(again, g, 'the same graph, by id or slug, call after call')
})

t.test('depth 2 reaches further, but no node is more than two steps away', async (t) => {
  const app = seeded
  const belarus = actorId(app, 'belarus')
  const one = await get(app, '/v1/actors/belarus/network?limit=500&edge_limit=5000')
  const two = await get(app, '/v1/actors/belarus/network?depth=2&limit=500&edge_limit=5000')
  wellFormed(t, two)
  const near = new Set(one.nodes.map((n) => n.id))
  const far = two.nodes.filter((n) => !near.has(n.id))
  t.ok(far.length > 0, `${far.length} actors two steps away`)
  t.ok(far.some((n) => n.slug === 'western-diplomats'), "Smith's briefing partners, through Smith")
  const adjacent = (a: string) => new Set(two.edges.flatMap((e) => (e.source === a ? [e.target] : e.target === a ? [e.source] : [])))
  const first = adjacent(belarus)
  for (const n of far) t.ok([...adjacent(n.id)].some((m) => first.has(m)), `${n.slug} is a neighbour of a neighbour`)
})

t.test('limits keep the strongest nodes and heaviest edges, and say so', async (t) => {
  const app = seeded
  const belarus = actorId(app, 'belarus')
  const full = await get(app, '/v1/actors/belarus/network?limit=500&edge_limit=5000')
  const small = await get(app, '/v1/actors/belarus/network?limit=4&edge_limit=6')
  wellFormed(t, small)
  t.ok(small.nodes.length <= 4)
  t.ok(small.edges.length <= 6)
  t.ok(small.nodes.some((n) => n.id === belarus), 'the centre always stays')
  t.equal(small.meta.truncated, true)
  const heaviest = Math.max(...full.edges.map((e) => e.weight))
  t.equal(small.edges[0].weight, heaviest, 'the heaviest edge comes first')
})

t.test('the whole network, filtered by category, date and edge type', async (t) => {
  const app = seeded
  const whole = await get(app, '/v1/network?limit=500&edge_limit=5000')
  wellFormed(t, whole)
  t.equal(whole.meta.actor_id, null)
  t.equal(whole.meta.events_scanned, json(await app.inject({ url: '/v1/events?total=true' })).total, 'every event')
  t.same([...new Set(whole.edges.map((e) => e.type))].sort(), ['co_participation', 'quote_about', 'relation'])

  const consult = await get(app, '/v1/network?category=CONSULT&edge_types=co_participation&limit=500&edge_limit=5000')
  wellFormed(t, consult)
  t.ok(consult.edges.every((e) => e.type === 'co_participation'))
  const consults = json(await app.inject({ url: '/v1/events?category=CONSULT&total=true' })).total
  t.equal(consult.meta.events_scanned, consults, 'every CONSULT event, and only those')
  t.notOk(consult.nodes.some((n) => n.slug === 'released-american-detainee'), 'the release is not a consultation')

  const old = await get(app, '/v1/network?to=2020&edge_types=co_participation&limit=500')
  t.equal(old.meta.events_scanned, 3, 'the three events of 2020')
  t.ok(old.nodes.some((n) => n.slug === 'belarusian-protesters'))
  t.notOk(old.nodes.some((n) => n.slug === 'christopher-w-smith'))
})

t.test('new records change the weights', async (t) => {
  const app = await makeApp(t)
  const before = await get(app, '/v1/actors/lithuania/network')
  t.same(before.edges, [], 'Lithuania takes part in nothing in the seed')
  for (let n = 0; n < 2; n++) {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: AUTH,
      payload: { title: `Talks ${n}`, category: 'CONSULT', status: 'occurred', occurred_on: '2025-03', participants: [{ actor_id: 'lithuania', role: 'source' }, { actor_id: 'belarus', role: 'target' }] },
    })
    t.equal(res.statusCode, 201)
  }
  const after = await get(app, '/v1/actors/lithuania/network')
  t.match(after.edges, [{ source: actorId(app, 'lithuania'), target: actorId(app, 'belarus'), type: 'co_participation', weight: 2, source_role: 'source', target_role: 'target' }])
})

t.test('errors', async (t) => {
  const app = seeded
  t.equal((await app.inject({ url: '/v1/actors/nobody/network' })).statusCode, 404)
  t.equal((await app.inject({ url: '/v1/actors/belarus/network?depth=3' })).statusCode, 400, 'depth=3')
  for (const q of ['edge_types=friendship', 'category=HUG', 'limit=0', 'from=2025-02-31', 'from=2025&to=2024', 'shape=round']) {
    t.equal((await app.inject({ url: `/v1/network?${q}` })).statusCode, 400, q)
  }
})
