import { setTimeout } from 'node:timers/promises'
import t from 'tap'
import { actorId, json, makeApp, sourceId } from '../../helpers.js'
import { EXCERPT, actorBody, assertInvalid, assertNoWrite, changesOf, create, del, patch, post } from '../../records.js'

t.test('an actor answers to its id and to its slug', async (t) => {
  const app = await makeApp(t)
  const res = await post(app, '/v1/actors', actorBody())
  t.equal(res.statusCode, 201)
  const actor = json(res)
  t.match(actor.id, /^act_/)
  t.equal(res.headers.location, `/v1/actors/${actor.id}`)
  t.equal(res.headers.etag, '"v1"')
  t.match(actor, { slug: 'test-envoy', name: 'Test Envoy', kind: 'person', country: 'USA', sector: 'GOV', aliases: ['The Envoy'], wikidata_id: 'Q42', citations: [] })

  const byId = await app.inject({ method: 'GET', url: `/v1/actors/${actor.id}` })
  const bySlug = await app.inject({ method: 'GET', url: '/v1/actors/test-envoy' })
  t.equal(byId.statusCode, 200)
  t.equal(bySlug.statusCode, 200)
  t.same(json(bySlug), json(byId))
  t.same(json(byId), actor)

  const seeded = await app.inject({ method: 'GET', url: '/v1/actors/aleksandr-lukashenko' })
  t.equal(json(seeded).id, actorId(app, 'aleksandr-lukashenko'))
  t.equal((await app.inject({ method: 'GET', url: '/v1/actors/no-such-actor' })).statusCode, 404)
  t.match(changesOf(app, actor.id), [{ entity_type: 'actor', op: 'create', version: 1 }])
})

t.test('PATCH by slug: lists are replaced whole, null clears, the version moves', async (t) => {
  const app = await makeApp(t)
  const actor = await create(t, app, '/v1/actors', actorBody({ aliases: ['A', 'B'] }))
  await setTimeout(5)
  const res = await patch(app, '/v1/actors/test-envoy', { aliases: ['C'], country: null })
  t.equal(res.statusCode, 200, res.body)
  const next = json(res)
  t.same(next.aliases, ['C'], 'the list given replaces the list held')
  t.equal(next.country, null)
  t.equal(next.sector, 'GOV', 'fields left out stay')
  t.equal(next.version, 2)
  t.ok(next.updated_at > actor.updated_at)

  const renamed = json(await patch(app, `/v1/actors/${actor.id}`, { slug: 'renamed-envoy' }))
  t.equal(renamed.slug, 'renamed-envoy')
  t.equal((await app.inject({ method: 'GET', url: '/v1/actors/renamed-envoy' })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/v1/actors/test-envoy' })).statusCode, 404, 'the old slug no longer answers')
  t.same(
    changesOf(app, actor.id).map((c) => c.version),
    [1, 2, 3],
  )

  await assertNoWrite(t, app, async () => {
    const same = await patch(app, '/v1/actors/renamed-envoy', { aliases: ['C'], name: 'Test Envoy' })
    t.equal(json(same).version, 3, 'a patch that changes nothing keeps the version')
  })
})

t.test('citations: excerpts must be the source words; offsets are found or checked', async (t) => {
  const app = await makeApp(t)
  const src = sourceId(app)
  const body = (app.repos.store.sqlite.prepare('SELECT body FROM sources WHERE id = ?').get(src) as { body: string }).body
  const actor = await create(t, app, '/v1/actors', actorBody({ citations: [{ source_id: src, excerpt: EXCERPT, basis: 'reported' }] }))
  const at = body.indexOf(EXCERPT)
  t.same(actor.citations, [{ source_id: src, excerpt: EXCERPT, start_offset: at, end_offset: at + EXCERPT.length, basis: 'reported' }], 'offsets are filled in')

  await assertNoWrite(t, app, async () => {
    assertInvalid(t, await post(app, '/v1/actors', actorBody({ slug: 'a2', citations: [{ source_id: src, excerpt: 'words the report never says', basis: 'reported' }] })), '/citations/0/excerpt')
    assertInvalid(
      t,
      await post(app, '/v1/actors', actorBody({ slug: 'a3', citations: [{ source_id: src, excerpt: EXCERPT, start_offset: at + 1, end_offset: at + 1 + EXCERPT.length, basis: 'reported' }] })),
      '/citations/0/start_offset',
    )
    assertInvalid(t, await post(app, '/v1/actors', actorBody({ slug: 'a4', citations: [{ source_id: src, excerpt: EXCERPT, start_offset: at, basis: 'reported' }] })), '/citations/0/end_offset')
    assertInvalid(t, await post(app, '/v1/actors', actorBody({ slug: 'a5', citations: [{ source_id: 'src_01jm0000000000000000000000', excerpt: EXCERPT, basis: 'reported' }] })), '/citations/0/source_id')
    assertInvalid(t, await post(app, '/v1/actors', actorBody({ slug: 'a6', citations: [{ source_id: src, excerpt: EXCERPT, basis: 'gossip' }] })), '/citations/0/basis')
    assertInvalid(t, await patch(app, `/v1/actors/${actor.id}`, { citations: [actor.citations[0], { source_id: src, excerpt: 'not in the text', basis: 'reported' }] }), '/citations/1/excerpt')
  })
})

t.test('bad actor bodies are refused with the field named, and write nothing', async (t) => {
  const app = await makeApp(t)
  await assertNoWrite(t, app, async () => {
    assertInvalid(t, await post(app, '/v1/actors', actorBody({ country: 'XXX' })), '/country')
    assertInvalid(t, await post(app, '/v1/actors', actorBody({ country: 'BY' })), '/country')
    assertInvalid(t, await post(app, '/v1/actors', actorBody({ wikidata_id: 'Q0' })), '/wikidata_id')
    assertInvalid(t, await post(app, '/v1/actors', actorBody({ wikidata_id: 'P31' })), '/wikidata_id')
    assertInvalid(t, await post(app, '/v1/actors', actorBody({ sector: 'SPY' })), '/sector')
    assertInvalid(t, await post(app, '/v1/actors', actorBody({ kind: 'alien' })), '/kind')
    assertInvalid(t, await post(app, '/v1/actors', actorBody({ slug: 'Not A Slug' })), '/slug')
    assertInvalid(t, await post(app, '/v1/actors', actorBody({ slug: 'aleksandr-lukashenko' })), '/slug')
    assertInvalid(t, await post(app, '/v1/actors', actorBody({ aliases: 'one alias' })), '/aliases')
    assertInvalid(t, await post(app, '/v1/actors', actorBody({ nickname: 'x' })), '/nickname')
    const missing = await post(app, '/v1/actors', { slug: 'nameless' })
    assertInvalid(t, missing, '/name')
    assertInvalid(t, missing, '/kind')
    const two = assertInvalid(t, await post(app, '/v1/actors', actorBody({ country: 'XXX', wikidata_id: 'nope' })), '/country')
    t.ok(two.errors.some((e: { pointer: string }) => e.pointer === '/wikidata_id'), 'every bad field is named in one answer')
    assertInvalid(t, await patch(app, '/v1/actors/belarus', { slug: 'russia' }), '/slug')
    assertInvalid(t, await patch(app, '/v1/actors/belarus', { country: 'ZZZ' }), '/country')
  })
})

t.test('an actor others refer to cannot be deleted; a free one can', async (t) => {
  const app = await makeApp(t)
  const id = actorId(app, 'aleksandr-lukashenko')
  await assertNoWrite(t, app, async () => {
    const res = await del(app, '/v1/actors/aleksandr-lukashenko')
    t.equal(res.statusCode, 409)
    const problem = json(res)
    t.equal(problem.code, 'conflict')
    const types = new Set(problem.references.map((r: { type: string }) => r.type))
    for (const type of ['position', 'relation', 'event', 'quote', 'deal', 'term']) t.ok(types.has(type), `a ${type} is named`)
    t.match(problem.detail, id)
  })

  const actor = await create(t, app, '/v1/actors', actorBody())
  const res = await del(app, '/v1/actors/test-envoy')
  t.equal(res.statusCode, 204)
  t.equal((await app.inject({ method: 'GET', url: `/v1/actors/${actor.id}` })).statusCode, 404)
  t.same(
    changesOf(app, actor.id).map((c) => [c.op, c.version]),
    [
      ['create', 1],
      ['delete', 2],
    ],
  )
})
