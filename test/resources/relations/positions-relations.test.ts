import t from 'tap'
import { actorId, json, makeApp, sourceId } from '../../helpers.js'
import { EXCERPT, assertInvalid, assertNoWrite, changesOf, create, del, patch, post } from '../../records.js'

const positionBody = (extra: Record<string, unknown> = {}) => ({
  holder_id: 'franak-viacorka',
  organization_id: 'belarusian-opposition',
  title: 'spokesman',
  started_on: '2021',
  ...extra,
})

const relationBody = (extra: Record<string, unknown> = {}) => ({
  subject_id: 'artyom-shraibman',
  object_id: 'belarusian-opposition',
  type: 'adversary_of',
  started_on: '2020-08',
  description: 'A relation made up for the tests.',
  ...extra,
})

t.test('positions: create, get, list, patch, delete', async (t) => {
  const app = await makeApp(t)
  const res = await post(app, '/v1/positions', positionBody())
  t.equal(res.statusCode, 201, res.body)
  const pos = json(res)
  t.match(pos.id, /^pos_/)
  t.equal(res.headers.location, `/v1/positions/${pos.id}`)
  t.equal(pos.holder_id, actorId(app, 'franak-viacorka'), 'a slug is stored as the actor id')
  t.equal(pos.organization_id, actorId(app, 'belarusian-opposition'))
  t.same(json(await app.inject({ method: 'GET', url: `/v1/positions/${pos.id}` })), pos)

  const list = json(await app.inject({ method: 'GET', url: '/v1/positions?limit=200' }))
  t.ok(list.data.some((p: { id: string }) => p.id === pos.id))

  const next = json(await patch(app, `/v1/positions/${pos.id}`, { ended_on: '2024-06', organization_id: null }))
  t.equal(next.ended_on, '2024-06')
  t.equal(next.organization_id, null)
  t.equal(next.version, 2)

  t.equal((await del(app, `/v1/positions/${pos.id}`)).statusCode, 204)
  t.equal((await app.inject({ method: 'GET', url: `/v1/positions/${pos.id}` })).statusCode, 404)
  t.same(
    changesOf(app, pos.id).map((c) => [c.entity_type, c.op, c.version]),
    [
      ['position', 'create', 1],
      ['position', 'update', 2],
      ['position', 'delete', 3],
    ],
  )
})

t.test('positions: bad bodies name the field and write nothing', async (t) => {
  const app = await makeApp(t)
  await assertNoWrite(t, app, async () => {
    assertInvalid(t, await post(app, '/v1/positions', positionBody({ holder_id: 'nobody-at-all' })), '/holder_id')
    assertInvalid(t, await post(app, '/v1/positions', positionBody({ organization_id: 'act_01jm0000000000000000000000' })), '/organization_id')
    assertInvalid(t, await post(app, '/v1/positions', positionBody({ started_on: '2021-02-29' })), '/started_on')
    assertInvalid(t, await post(app, '/v1/positions', positionBody({ ended_on: '2019' })), '/ended_on')
    assertInvalid(t, await post(app, '/v1/positions', positionBody({ salary: 1 })), '/salary')
    assertInvalid(t, await post(app, '/v1/positions', { holder_id: 'franak-viacorka' }), '/title')
  })
})

t.test('a position a quote rests on cannot be deleted', async (t) => {
  const app = await makeApp(t)
  const row = app.repos.store.sqlite.prepare('SELECT id, speaker_position_id FROM quotes WHERE speaker_position_id IS NOT NULL LIMIT 1').get() as { id: string; speaker_position_id: string }
  await assertNoWrite(t, app, async () => {
    const res = await del(app, `/v1/positions/${row.speaker_position_id}`)
    t.equal(res.statusCode, 409)
    t.ok(json(res).references.some((r: { type: string; id: string }) => r.type === 'quote' && r.id === row.id))
  })
})

t.test('relations: create, get, list, patch, delete', async (t) => {
  const app = await makeApp(t)
  const src = sourceId(app)
  const rel = await create(t, app, '/v1/relations', relationBody({ citations: [{ source_id: src, excerpt: EXCERPT, basis: 'reported' }] }))
  t.match(rel.id, /^rel_/)
  t.equal(rel.subject_id, actorId(app, 'artyom-shraibman'))
  t.equal(rel.citations.length, 1)
  t.same(json(await app.inject({ method: 'GET', url: `/v1/relations/${rel.id}` })), rel)
  const page = json(await app.inject({ method: 'GET', url: '/v1/relations?limit=200' }))
  t.ok(page.data.some((r: { id: string }) => r.id === rel.id))

  const next = json(await patch(app, `/v1/relations/${rel.id}`, { type: 'ally_of', description: null, citations: [] }))
  t.match(next, { type: 'ally_of', description: null, citations: [], version: 2 })
  const citations = app.repos.store.sqlite.prepare('SELECT count(*) AS n FROM citations WHERE subject_id = ?').get(rel.id) as { n: number }
  t.equal(citations.n, 0, 'an empty list removes the stored citations')

  t.equal((await del(app, `/v1/relations/${rel.id}`)).statusCode, 204)
  t.equal((await app.inject({ method: 'GET', url: `/v1/relations/${rel.id}` })).statusCode, 404)
  t.same(
    changesOf(app, rel.id).map((c) => c.op),
    ['create', 'update', 'delete'],
  )
})

t.test('relations: bad bodies name the field and write nothing', async (t) => {
  const app = await makeApp(t)
  await assertNoWrite(t, app, async () => {
    assertInvalid(t, await post(app, '/v1/relations', relationBody({ object_id: 'artyom-shraibman' })), '/object_id')
    assertInvalid(t, await post(app, '/v1/relations', relationBody({ subject_id: 'ghost' })), '/subject_id')
    assertInvalid(t, await post(app, '/v1/relations', relationBody({ type: 'friend_of' })), '/type')
    assertInvalid(t, await post(app, '/v1/relations', relationBody({ started_on: '2020-8' })), '/started_on')
    assertInvalid(t, await post(app, '/v1/relations', relationBody({ started_on: '2021', ended_on: '2020' })), '/ended_on')
    assertInvalid(t, await post(app, '/v1/relations', { subject_id: 'belarus', type: 'ally_of' }), '/object_id')
    const rel = app.repos.store.sqlite.prepare('SELECT id FROM relations LIMIT 1').get() as { id: string }
    assertInvalid(t, await patch(app, `/v1/relations/${rel.id}`, { object_id: 'no-such-actor' }), '/object_id')
    assertInvalid(t, await patch(app, `/v1/relations/${rel.id}`, { type: null }), '/type')
  })
})
