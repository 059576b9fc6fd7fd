import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { actorId, json, makeApp, sourceId } from '../../helpers.js'
import { EXCERPT, assertInvalid, assertNoWrite, changesOf, create, del, patch, post, sourceBody } from '../../records.js'

const NO_SUCH = { deal: 'deal_01jm0000000000000000000000', term: 'term_01jm0000000000000000000000', quote: 'qte_01jm0000000000000000000000', source: 'src_01jm0000000000000000000000' }

function idOf(app: FastifyInstance, sql: string, ...params: unknown[]): string {
  return (app.repos.store.sqlite.prepare(sql).get(...params) as { id: string }).id
}

const seededDeal = (app: FastifyInstance) => idOf(app, 'SELECT id FROM deals LIMIT 1')
const seededTerm = (app: FastifyInstance, like: string) => idOf(app, 'SELECT id FROM deal_terms WHERE description LIKE ?', like)

const dealBody = (extra: Record<string, unknown> = {}) => ({
  title: 'Detainees for flights',
  summary: 'A deal made up for the tests.',
  status: 'proposed',
  first_reported_on: '2025-03',
  parties: [
    { actor_id: 'united-states', side: 'united_states' },
    { actor_id: 'belarus', side: 'belarus' },
  ],
  ...extra,
})

const termBody = (dealId: string, extra: Record<string, unknown> = {}) => ({
  deal_id: dealId,
  obligor_id: 'belarus',
  beneficiary_id: 'belarusian-political-prisoners',
  action: 'RETREAT:release',
  description: 'Belarus frees ten more prisoners.',
  kind: 'offer',
  status: 'proposed',
  ...extra,
})

interface StatusChange {
  status: string
  previous_status: string | null
  changed_on: string | null
  source_id: string | null
}

const history = async (app: FastifyInstance, url: string): Promise<StatusChange[]> => json(await app.inject({ method: 'GET', url: `${url}?include=status_history` })).status_history

t.test('a deal is created with its parties and first status, then read back', async (t) => {
  const app = await makeApp(t)
  const src = sourceId(app)
  const res = await post(app, '/v1/deals', dealBody({ status_as_of: '2025-03', status_source_id: src, citations: [{ source_id: src, excerpt: EXCERPT, basis: 'reported' }] }))
  t.equal(res.statusCode, 201, res.body)
  const deal = json(res)
  t.match(deal.id, /^deal_/)
  t.equal(res.headers.location, `/v1/deals/${deal.id}`)
  t.equal(res.headers.etag, '"v1"')
  t.same(deal.parties, [
    { actor_id: actorId(app, 'united-states'), side: 'united_states' },
    { actor_id: actorId(app, 'belarus'), side: 'belarus' },
  ])
  t.match(deal, { status: 'proposed', status_as_of: '2025-03', status_source_id: src, first_reported_on: '2025-03', version: 1 })
  t.same(json(await app.inject({ method: 'GET', url: `/v1/deals/${deal.id}` })), deal)
  t.match(await history(app, `/v1/deals/${deal.id}`), [{ status: 'proposed', previous_status: null, changed_on: '2025-03', source_id: src }])

  const withParties = json(await app.inject({ method: 'GET', url: `/v1/deals/${deal.id}?include=parties` }))
  t.equal(withParties.parties[1].actor.slug, 'belarus')
  t.match(changesOf(app, deal.id), [{ entity_type: 'deal', op: 'create', version: 1 }])
})

t.test('a deal status change appends to its history with the previous status', async (t) => {
  const app = await makeApp(t)
  const src = sourceId(app)
  const deal = await create(t, app, '/v1/deals', dealBody({ status_as_of: '2025-03', status_source_id: src }))

  const moved = json(await patch(app, `/v1/deals/${deal.id}`, { status: 'negotiating', status_as_of: '2025-04' }))
  t.equal(moved.status, 'negotiating')
  t.equal(moved.status_as_of, '2025-04')
  t.equal(moved.status_source_id, null, 'a new status does not inherit the old one’s source')
  t.equal(moved.version, 2)

  const renamed = json(await patch(app, `/v1/deals/${deal.id}`, { title: 'Renamed deal' }))
  t.equal(renamed.status_as_of, '2025-04', 'a change to another field keeps the status provenance')

  const sourced = json(await patch(app, `/v1/deals/${deal.id}`, { status_source_id: src }))
  t.equal(sourced.status_source_id, src, 'provenance can be added to the current status')
  t.equal(sourced.version, 4)

  const stalled = json(await patch(app, `/v1/deals/${deal.id}`, { status: 'stalled' }))
  t.equal(stalled.status_as_of, null)

  t.match(await history(app, `/v1/deals/${deal.id}`), [
    { status: 'proposed', previous_status: null, changed_on: '2025-03', source_id: src },
    { status: 'negotiating', previous_status: 'proposed', changed_on: '2025-04', source_id: src },
    { status: 'stalled', previous_status: 'negotiating', changed_on: null, source_id: null },
  ])
  t.same(
    changesOf(app, deal.id).map((c) => [c.op, c.version]),
    [
      ['create', 1],
      ['update', 2],
      ['update', 3],
      ['update', 4],
      ['update', 5],
    ],
  )
  await assertNoWrite(t, app, async () => {
    t.equal(json(await patch(app, `/v1/deals/${deal.id}`, { status: 'stalled' })).version, 5, 'the same status again is no change')
  })
})

t.test('bad deal bodies name the field and write nothing', async (t) => {
  const app = await makeApp(t)
  await assertNoWrite(t, app, async () => {
    assertInvalid(t, await post(app, '/v1/deals', dealBody({ status: 'signed' })), '/status')
    assertInvalid(t, await post(app, '/v1/deals', dealBody({ parties: [{ actor_id: 'ghost', side: 'x' }] })), '/parties/0/actor_id')
    assertInvalid(t, await post(app, '/v1/deals', dealBody({ parties: [{ actor_id: 'belarus', side: 'a' }, { actor_id: 'belarus', side: 'b' }] })), '/parties/1/actor_id')
    assertInvalid(t, await post(app, '/v1/deals', dealBody({ parties: [{ actor_id: 'belarus' }] })), '/parties/0/side')
    assertInvalid(t, await post(app, '/v1/deals', dealBody({ status_source_id: NO_SUCH.source })), '/status_source_id')
    assertInvalid(t, await post(app, '/v1/deals', dealBody({ status_as_of: '2025-02-29' })), '/status_as_of')
    assertInvalid(t, await post(app, '/v1/deals', dealBody({ first_reported_on: '2025-00' })), '/first_reported_on')
    assertInvalid(t, await post(app, '/v1/deals', dealBody({ value_usd: 1 })), '/value_usd')
    assertInvalid(t, await post(app, '/v1/deals', { title: 'No status' }), '/status')
    assertInvalid(t, await patch(app, `/v1/deals/${seededDeal(app)}`, { status: null }), '/status')
  })
})

t.test('deleting deals: 409 while terms belong to one, 204 otherwise', async (t) => {
  const app = await makeApp(t)
  const deal = seededDeal(app)
  await assertNoWrite(t, app, async () => {
    const res = await del(app, `/v1/deals/${deal}`)
    t.equal(res.statusCode, 409)
    const refs = json(res).references as { type: string; id: string }[]
    t.equal(refs.filter((r) => r.type === 'term').length, 4, 'its four terms are named')
  })
  const fresh = await create(t, app, '/v1/deals', dealBody())
  t.equal((await del(app, `/v1/deals/${fresh.id}`)).statusCode, 204)
  t.equal((await app.inject({ method: 'GET', url: `/v1/deals/${fresh.id}` })).statusCode, 404)
  t.same(
    changesOf(app, fresh.id).map((c) => c.op),
    ['create', 'delete'],
  )
})

t.test('a source named only by a deleted deal’s status history can be deleted', async (t) => {
  const app = await makeApp(t)
  const src = await create(t, app, '/v1/sources', sourceBody())
  const deal = await create(t, app, '/v1/deals', dealBody({ status_source_id: src.id }))
  const blocked = await del(app, `/v1/sources/${src.id}`)
  t.equal(blocked.statusCode, 409, 'the deal’s status rests on it')
  t.match(json(blocked).references, [{ type: 'deal', id: deal.id }])
  t.equal((await del(app, `/v1/deals/${deal.id}`)).statusCode, 204)
  t.equal((await del(app, `/v1/sources/${src.id}`)).statusCode, 204, 'nothing refers to it any more')
})

t.test('terms: create, get, list, patch, delete under /v1/terms', async (t) => {
  const app = await makeApp(t)
  const deal = await create(t, app, '/v1/deals', dealBody())
  const res = await post(app, '/v1/terms', termBody(deal.id, { status_as_of: '2025-03' }))
  t.equal(res.statusCode, 201, res.body)
  const term = json(res)
  t.match(term.id, /^term_/)
  t.equal(res.headers.location, `/v1/terms/${term.id}`)
  t.match(term, { deal_id: deal.id, action: 'RETREAT:release', kind: 'offer', status: 'proposed', status_as_of: '2025-03', links: [], stances: [], version: 1 })
  t.equal(term.obligor_id, actorId(app, 'belarus'))
  t.same(json(await app.inject({ method: 'GET', url: `/v1/terms/${term.id}` })), term)
  t.match(await history(app, `/v1/terms/${term.id}`), [{ status: 'proposed', previous_status: null, changed_on: '2025-03' }])

  const page = json(await app.inject({ method: 'GET', url: '/v1/terms?limit=200' }))
  t.equal(page.data.length, 5, 'the four seeded terms and the new one')

  const other = await create(t, app, '/v1/terms', termBody(deal.id, { action: 'CONCEDE', obligor_id: 'united-states', beneficiary_id: 'belarus', description: 'The U.S. lifts a flight ban.' }))
  t.equal(other.action, 'CONCEDE', 'an action may be a category alone')
  const linked = await patch(app, `/v1/terms/${other.id}`, {
    status: 'offered',
    links: [{ type: 'in_exchange_for', target_term_id: term.id }],
    stances: [{ actor_id: 'franak-viacorka', stance: 'conditional', condition: 'only if repression stops', stated_on: '2025-03' }],
  })
  t.equal(linked.statusCode, 200, linked.body)
  const next = json(linked)
  t.same(next.links, [{ type: 'in_exchange_for', target_term_id: term.id }])
  t.same(next.stances, [{ actor_id: actorId(app, 'franak-viacorka'), stance: 'conditional', condition: 'only if repression stops', quote_id: null, stated_on: '2025-03' }])
  t.equal(next.version, 2)
  t.match(await history(app, `/v1/terms/${other.id}`), [
    { status: 'proposed', previous_status: null },
    { status: 'offered', previous_status: 'proposed' },
  ])

  const stanceless = json(await patch(app, `/v1/terms/${other.id}`, { stances: [], beneficiary_id: null }))
  t.same(stanceless.stances, [], 'the list given replaces the list held')
  t.equal(stanceless.beneficiary_id, null)

  await assertNoWrite(t, app, async () => {
    const res = await del(app, `/v1/terms/${term.id}`)
    t.equal(res.statusCode, 409, 'a term another links to cannot be deleted')
    t.match(json(res).references, [{ type: 'term', id: other.id }])
  })
  t.equal((await del(app, `/v1/terms/${other.id}`)).statusCode, 204)
  t.equal((await del(app, `/v1/terms/${term.id}`)).statusCode, 204, 'once the link is gone it can')
  t.equal((await app.inject({ method: 'GET', url: `/v1/terms/${term.id}` })).statusCode, 404)
  const left = app.repos.store.sqlite.prepare('SELECT (SELECT count(*) FROM term_links WHERE term_id = ?) + (SELECT count(*) FROM stances WHERE term_id = ?) AS n').get(other.id, other.id) as { n: number }
  t.equal(left.n, 0, 'links and stances went with the term')
  t.same(
    changesOf(app, other.id).map((c) => [c.op, c.version]),
    [
      ['create', 1],
      ['update', 2],
      ['update', 3],
      ['delete', 4],
    ],
  )
})

t.test('a term a quote is about cannot be deleted', async (t) => {
  const app = await makeApp(t)
  const term = seededTerm(app, '%potash%')
  await assertNoWrite(t, app, async () => {
    const res = await del(app, `/v1/terms/${term}`)
    t.equal(res.statusCode, 409)
    t.ok(json(res).references.some((r: { type: string }) => r.type === 'quote'))
  })
})

t.test('bad term bodies name the field and write nothing', async (t) => {
  const app = await makeApp(t)
  const deal = seededDeal(app)
  const term = seededTerm(app, '%banks%')
  await assertNoWrite(t, app, async () => {
    const wrongMode = assertInvalid(t, await post(app, '/v1/terms', termBody(deal, { action: 'CONSULT:release' })), '/action')
    t.match(wrongMode.errors[0].detail, /CONSULT/)
    assertInvalid(t, await post(app, '/v1/terms', termBody(deal, { action: 'release prisoners' })), '/action')
    assertInvalid(t, await post(app, '/v1/terms', termBody(NO_SUCH.deal)), '/deal_id')
    assertInvalid(t, await post(app, '/v1/terms', termBody(deal, { obligor_id: 'ghost' })), '/obligor_id')
    assertInvalid(t, await post(app, '/v1/terms', termBody(deal, { beneficiary_id: 'act_01jm0000000000000000000000' })), '/beneficiary_id')
    assertInvalid(t, await post(app, '/v1/terms', termBody(deal, { kind: 'gift' })), '/kind')
    assertInvalid(t, await post(app, '/v1/terms', termBody(deal, { status: 'maybe' })), '/status')
    assertInvalid(t, await post(app, '/v1/terms', termBody(deal, { links: [{ type: 'in_exchange_for', target_term_id: NO_SUCH.term }] })), '/links/0/target_term_id')
    assertInvalid(t, await post(app, '/v1/terms', termBody(deal, { links: [{ type: 'instead_of', target_term_id: term }] })), '/links/0/type')
    assertInvalid(
      t,
      await post(app, '/v1/terms', termBody(deal, { links: [{ type: 'in_exchange_for', target_term_id: term }, { type: 'in_exchange_for', target_term_id: term }] })),
      '/links/1',
    )
    assertInvalid(t, await post(app, '/v1/terms', termBody(deal, { stances: [{ actor_id: 'ghost', stance: 'supports' }] })), '/stances/0/actor_id')
    assertInvalid(t, await post(app, '/v1/terms', termBody(deal, { stances: [{ actor_id: 'belarus', stance: 'supports', quote_id: NO_SUCH.quote }] })), '/stances/0/quote_id')
    assertInvalid(t, await post(app, '/v1/terms', termBody(deal, { stances: [{ actor_id: 'belarus', stance: 'adores' }] })), '/stances/0/stance')
    assertInvalid(t, await post(app, '/v1/terms', termBody(deal, { stances: [{ actor_id: 'belarus', stance: 'supports', stated_on: '2025-02-31' }] })), '/stances/0/stated_on')
    assertInvalid(
      t,
      await post(app, '/v1/terms', termBody(deal, { stances: [{ actor_id: 'belarus', stance: 'supports' }, { actor_id: 'belarus', stance: 'opposes' }] })),
      '/stances/1/actor_id',
    )
    assertInvalid(t, await post(app, '/v1/terms', termBody(deal, { status_source_id: NO_SUCH.source })), '/status_source_id')
    assertInvalid(t, await patch(app, `/v1/terms/${term}`, { links: [{ type: 'supersedes', target_term_id: term }] }), '/links/0/target_term_id')
    assertInvalid(t, await patch(app, `/v1/terms/${term}`, { action: 'AGREE:visit' }), '/action')
    assertInvalid(t, await post(app, '/v1/terms', { deal_id: deal, action: 'CONCEDE' }), '/description')
  })
})

t.test('a deal’s terms: GET and POST /v1/deals/{id}/terms', async (t) => {
  const app = await makeApp(t)
  const deal = seededDeal(app)
  const list = await app.inject({ method: 'GET', url: `/v1/deals/${deal}/terms` })
  t.equal(list.statusCode, 200)
  t.ok(list.headers.etag)
  const terms = json(list).data as { deal_id: string; description: string }[]
  t.equal(terms.length, 4)
  t.ok(terms.every((x) => x.deal_id === deal))

  const other = await create(t, app, '/v1/deals', dealBody())
  t.same(json(await app.inject({ method: 'GET', url: `/v1/deals/${other.id}/terms` })).data, [], 'another deal has none yet')

  const { deal_id: _omit, ...body } = termBody(other.id)
  const res = await post(app, `/v1/deals/${other.id}/terms`, body)
  t.equal(res.statusCode, 201, res.body)
  const term = json(res)
  t.equal(term.deal_id, other.id, 'the deal comes from the path')
  t.equal(res.headers.location, `/v1/terms/${term.id}`)
  t.equal(res.headers.etag, '"v1"')
  t.same(json(await app.inject({ method: 'GET', url: `/v1/deals/${other.id}/terms` })).data.map((x: { id: string }) => x.id), [term.id])
  t.match(changesOf(app, term.id), [{ entity_type: 'term', op: 'create', version: 1 }])
  t.match(await history(app, `/v1/terms/${term.id}`), [{ status: 'proposed', previous_status: null }])

  await assertNoWrite(t, app, async () => {
    const missing = await app.inject({ method: 'GET', url: `/v1/deals/${NO_SUCH.deal}/terms` })
    t.equal(missing.statusCode, 404)
    t.equal(json(missing).code, 'not_found')
    t.equal((await post(app, `/v1/deals/${NO_SUCH.deal}/terms`, body)).statusCode, 404)
    assertInvalid(t, await post(app, `/v1/deals/${other.id}/terms`, { ...body, deal_id: deal }), '/deal_id')
    assertInvalid(t, await post(app, `/v1/deals/${other.id}/terms`, { ...body, action: 'CONSULT:release' }), '/action')
    assertInvalid(t, await post(app, `/v1/deals/${other.id}/terms`, { ...body, obligor_id: 'ghost' }), '/obligor_id')
    assertInvalid(t, await app.inject({ method: 'GET', url: `/v1/deals/${deal}/terms?deal=${other.id}` }), '/deal')
  })
})
