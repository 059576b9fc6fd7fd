import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { AUTH, json, makeApp, sourceId } from '../../helpers.js'

async function board(app: FastifyInstance, id: string) {
  const res = await app.inject({ url: `/v1/deals/${id}/board` })
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`)
  return json(res)
}

// Building an app is slow on a busy machine: one for reading, one for writing.
const seeded = await makeApp(t)
const written = await makeApp(t)

t.test('the seeded deal: prisoners for sanctions relief, and the opposition’s conditions', async (t) => {
  const app = seeded
  const deal = json(await app.inject({ url: '/v1/deals' })).data[0]
  const b = await board(app, deal.id)
  t.same(b.deal, json(await app.inject({ url: `/v1/deals/${deal.id}` })), 'the deal as GET returns it')
  t.same(b.sides.map((s: any) => [s.side, s.actor_ids.length]), [['united_states', 3], ['belarus', 2]])
  t.ok(b.parties.every((p: any) => p.actor.id === p.actor_id && typeof p.actor.name === 'string'), 'each party with its actor')
  t.equal(b.terms.length, 4)

  const term = (start: string) => b.terms.find((x: any) => x.description.startsWith(start))
  const release = term('Lukashenko releases more political prisoners')
  const banks = term('The U.S. eases economic sanctions on Belarusian banks')
  const potash = term('The U.S. eases economic sanctions on Belarusian potash')
  const halt = term('Opposition condition')
  t.same(b.graph.nodes.map((n: any) => n.id).sort(), b.terms.map((x: any) => x.id).sort(), 'one node per term')
  t.match(b.graph.nodes.find((n: any) => n.id === release.id), { action: 'RETREAT:release', kind: 'offer', status: 'floated' })
  const edges = b.graph.edges.map((e: any) => [e.source, e.type, e.target]).sort()
  t.same(
    edges,
    [
      [banks.id, 'conditional_on', halt.id],
      [banks.id, 'in_exchange_for', release.id],
      [potash.id, 'conditional_on', halt.id],
      [potash.id, 'in_exchange_for', release.id],
    ].sort(),
    'sanctions relief in exchange for the release, on the condition of an end to repression',
  )
  t.ok(b.graph.edges.every((e: any) => e.id === `${e.type}:${e.source}:${e.target}`), 'stable edge ids')

  const conditional = b.stances.filter((s: any) => s.actor.slug === 'franak-viacorka' && s.stance === 'conditional')
  t.same(conditional.map((s: any) => s.term_id).sort(), [banks.id, potash.id].sort(), 'Viacorka backs sanctions relief only on a condition')
  for (const s of conditional) {
    t.equal(s.condition, 'only if Lukashenko halts repression and ensures long-term political freedoms')
    t.match(s.quote, { kind: 'paraphrase', said_on: '2025-02', speaker: { slug: 'franak-viacorka' } })
    t.match(s.quote.text, /sanctions should only be lifted if Lukashenko halts repression/)
  }
  t.equal(b.stances.length, b.terms.reduce((n: number, x: any) => n + x.stances.length, 0), 'every stance of every term')
  t.ok(b.stances.every((s: any) => s.quote === null || s.quote.speaker.id), 'each quote with its speaker')
  t.same(b.status_history.map((h: any) => h.subject_id).sort(), [deal.id, ...b.terms.map((x: any) => x.id)].sort(), 'the deal and each term start a history')
})

t.test('a status change shows its date and its source', async (t) => {
  const app = written
  const deal = json(await app.inject({ url: '/v1/deals' })).data[0]
  const term = json(await app.inject({ url: `/v1/deals/${deal.id}/terms` })).data[0]
  const res = await app.inject({ method: 'PATCH', url: `/v1/terms/${term.id}`, headers: AUTH, payload: { status: 'accepted', status_as_of: '2025-03', status_source_id: sourceId(app) } })
  t.equal(res.statusCode, 200)
  const b = await board(app, deal.id)
  const last = b.status_history[b.status_history.length - 1]
  t.match(last, {
    subject_type: 'term',
    subject_id: term.id,
    status: 'accepted',
    previous_status: 'floated',
    changed_on: '2025-03',
    source: { id: sourceId(app), title: 'A Quick, Quiet Trip to Belarus Signals a Turn in U.S. Policy' },
  })
  t.match(b.graph.nodes.find((n: any) => n.id === term.id), { status: 'accepted' })
})

t.test('one call costs the same number of queries however big the deal', async (t) => {
  const app = written
  const store = app.repos.store
  const deal = json(await app.inject({ url: '/v1/deals' })).data[0]
  const quote = json(await app.inject({ url: '/v1/quotes?limit=1' })).data[0]
  const count = async (id: string) => {
    const original = store.stmt.bind(store)
    let n = 0
    store.stmt = ((sql: string) => {
      n++
      return original(sql)
    }) as typeof store.stmt
    try {
      await board(app, id)
    } finally {
      store.stmt = original
    }
    return n
  }
  const small = await count(deal.id)
  const big = json(await app.inject({ method: 'POST', url: '/v1/deals', headers: AUTH, payload: { title: 'A bigger deal', status: 'proposed', parties: ['united-states', 'belarus', 'russia', 'lithuania'].map((a, i) => ({ actor_id: a, side: `side_${i % 2}` })) } })).id
  let previous: string | null = null
  for (let i = 0; i < 12; i++) {
    const res: Awaited<ReturnType<typeof app.inject>> = await app.inject({
      method: 'POST',
      url: `/v1/deals/${big}/terms`,
      headers: AUTH,
      payload: {
        action: 'AID',
        description: `Term ${i}`,
        kind: 'offer',
        status: 'proposed',
        links: previous ? [{ type: 'in_exchange_for', target_term_id: previous }] : [],
        stances: ['belarus', 'russia', 'franak-viacorka'].map((a) => ({ actor_id: a, stance: 'skeptical', quote_id: quote.id })),
      },
    })
    t.equal(res.statusCode, 201)
    previous = json(res).id
  }
  const b = await board(app, big)
  t.equal(b.terms.length, 12)
  t.equal(b.stances.length, 36)
  t.equal(b.graph.edges.length, 11)
  t.equal(await count(big), small, `${small} queries for 4 terms and for 12`)
})

t.test('an unknown deal is a 404 problem', async (t) => {
  const res = await seeded.inject({ url: '/v1/deals/deal_01jm0000000000000000000000/board' })
  t.equal(res.statusCode, 404)
  t.equal(json(res).code, 'not_found')
})
