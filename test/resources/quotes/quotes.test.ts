import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { actorId, json, makeApp, sourceId } from '../../helpers.js'
import { assertInvalid, assertNoWrite, changesOf, create, del, patch, post } from '../../records.js'

const WORDS = 'peace through strength'

function idOf(app: FastifyInstance, sql: string, ...params: unknown[]): string {
  return (app.repos.store.sqlite.prepare(sql).get(...params) as { id: string }).id
}

/** A quote by Smith, in his seeded position, at the seeded Vilnius remarks. */
function quoteBody(app: FastifyInstance, extra: Record<string, unknown> = {}) {
  return {
    text: WORDS,
    kind: 'direct',
    speaker_id: 'christopher-w-smith',
    speaker_position_id: idOf(app, "SELECT id FROM positions WHERE title = 'deputy assistant secretary of state'"),
    said_on: '2025-02',
    setting: 'outside the U.S. Embassy in Vilnius',
    event_id: idOf(app, "SELECT id FROM events WHERE title LIKE 'Smith’s remarks%'"),
    language: 'en',
    about_actor_ids: ['donald-trump'],
    citations: [{ source_id: sourceId(app), excerpt: `“${WORDS}” approach`, basis: 'on_record' }],
    ...extra,
  }
}

t.test('a quote is created with its speaker, position, setting, event and subjects', async (t) => {
  const app = await makeApp(t)
  const term = idOf(app, "SELECT id FROM deal_terms WHERE description LIKE '%banks%'")
  const res = await post(app, '/v1/quotes', quoteBody(app, { about_term_ids: [term] }))
  t.equal(res.statusCode, 201, res.body)
  const q = json(res)
  t.match(q.id, /^qte_/)
  t.equal(res.headers.location, `/v1/quotes/${q.id}`)
  t.equal(q.speaker_id, actorId(app, 'christopher-w-smith'), 'the speaker slug is stored as an id')
  t.same(q.about_actor_ids, [actorId(app, 'donald-trump')])
  t.same(q.about_term_ids, [term])
  t.match(q, { text: WORDS, kind: 'direct', said_on: '2025-02', setting: 'outside the U.S. Embassy in Vilnius', language: 'en', version: 1 })
  t.same(json(await app.inject({ method: 'GET', url: `/v1/quotes/${q.id}` })), q)

  const full = json(await app.inject({ method: 'GET', url: `/v1/quotes/${q.id}?include=speaker,speaker_position,event` }))
  t.equal(full.speaker.slug, 'christopher-w-smith')
  t.equal(full.speaker_position.title, 'deputy assistant secretary of state')
  t.match(full.event.title, /Vilnius/)
  t.match(changesOf(app, q.id), [{ entity_type: 'quote', op: 'create', version: 1 }])
})

t.test('PATCH replaces the subject lists and clears with null', async (t) => {
  const app = await makeApp(t)
  const q = await create(t, app, '/v1/quotes', quoteBody(app))
  const res = await patch(app, `/v1/quotes/${q.id}`, { about_actor_ids: ['united-states', 'belarus'], setting: null, event_id: null })
  t.equal(res.statusCode, 200, res.body)
  const next = json(res)
  t.same(next.about_actor_ids, [actorId(app, 'united-states'), actorId(app, 'belarus')])
  t.equal(next.setting, null)
  t.equal(next.event_id, null)
  t.equal(next.version, 2)
  t.equal(next.speaker_position_id, q.speaker_position_id, 'fields left out stay')
  await assertNoWrite(t, app, async () => {
    t.equal(json(await patch(app, `/v1/quotes/${q.id}`, { about_actor_ids: ['united-states', 'belarus'] })).version, 2, 'the same list is no change')
  })
})

t.test('quote references must exist and fit; the answer names each pointer', async (t) => {
  const app = await makeApp(t)
  const lukashenkoPost = idOf(app, "SELECT id FROM positions WHERE title = 'President of Belarus'")
  await assertNoWrite(t, app, async () => {
    assertInvalid(t, await post(app, '/v1/quotes', quoteBody(app, { speaker_id: 'nobody-at-all' })), '/speaker_id')
    assertInvalid(t, await post(app, '/v1/quotes', quoteBody(app, { speaker_position_id: lukashenkoPost })), '/speaker_position_id')
    assertInvalid(t, await post(app, '/v1/quotes', quoteBody(app, { speaker_position_id: 'pos_01jm0000000000000000000000' })), '/speaker_position_id')
    assertInvalid(t, await post(app, '/v1/quotes', quoteBody(app, { event_id: 'evt_01jm0000000000000000000000' })), '/event_id')
    assertInvalid(t, await post(app, '/v1/quotes', quoteBody(app, { about_actor_ids: ['belarus', 'ghost'] })), '/about_actor_ids/1')
    assertInvalid(t, await post(app, '/v1/quotes', quoteBody(app, { about_actor_ids: ['belarus', actorId(app, 'belarus')] })), '/about_actor_ids')
    assertInvalid(t, await post(app, '/v1/quotes', quoteBody(app, { about_term_ids: ['term_01jm0000000000000000000000'] })), '/about_term_ids/0')
    assertInvalid(t, await post(app, '/v1/quotes', quoteBody(app, { citations: [{ source_id: sourceId(app), excerpt: 'peace through weakness', basis: 'on_record' }] })), '/citations/0/excerpt')
  })
})

t.test('bad quote bodies are refused and write nothing', async (t) => {
  const app = await makeApp(t)
  await assertNoWrite(t, app, async () => {
    assertInvalid(t, await post(app, '/v1/quotes', quoteBody(app, { kind: 'rumour' })), '/kind')
    assertInvalid(t, await post(app, '/v1/quotes', quoteBody(app, { said_on: '2025-02-30' })), '/said_on')
    assertInvalid(t, await post(app, '/v1/quotes', quoteBody(app, { language: 'English' })), '/language')
    assertInvalid(t, await post(app, '/v1/quotes', quoteBody(app, { tone: 'upbeat' })), '/tone')
    assertInvalid(t, await post(app, '/v1/quotes', quoteBody(app, { text: '' })), '/text')
    assertInvalid(t, await post(app, '/v1/quotes', { kind: 'direct', speaker_id: 'belarus' }), '/text')
  })
})

t.test('deleting quotes: 409 while a stance rests on one, 204 otherwise', async (t) => {
  const app = await makeApp(t)
  const cited = idOf(app, 'SELECT quote_id AS id FROM stances WHERE quote_id IS NOT NULL LIMIT 1')
  await assertNoWrite(t, app, async () => {
    const res = await del(app, `/v1/quotes/${cited}`)
    t.equal(res.statusCode, 409)
    t.ok(json(res).references.some((r: { type: string }) => r.type === 'term'))
  })

  const term = idOf(app, "SELECT id FROM deal_terms WHERE description LIKE '%banks%'")
  const q = await create(t, app, '/v1/quotes', quoteBody(app, { about_term_ids: [term] }))
  t.equal((await del(app, `/v1/quotes/${q.id}`)).statusCode, 204)
  t.equal((await app.inject({ method: 'GET', url: `/v1/quotes/${q.id}` })).statusCode, 404)
  const left = app.repos.store.sqlite
    .prepare('SELECT (SELECT count(*) FROM quote_actors WHERE quote_id = ?) + (SELECT count(*) FROM quote_terms WHERE quote_id = ?) AS n')
    .get(q.id, q.id) as { n: number }
  t.equal(left.n, 0, 'its subject links went with it')
  t.same(
    changesOf(app, q.id).map((c) => [c.op, c.version]),
    [
      ['create', 1],
      ['delete', 2],
    ],
  )
})
