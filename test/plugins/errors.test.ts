import t, { type Test } from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { AUTH, json, makeApp, snapshot } from '../helpers.js'
import { actorBody, assertInvalid, assertNoWrite, changesOf, create, del, patch, post, sourceBody } from '../records.js'

const COLLECTIONS = ['sources', 'actors', 'positions', 'relations', 'events', 'quotes', 'deals', 'terms']

/** A problem document: RFC 9457 shape, problem+json, the given status and code. */
function assertProblem(t: Test, res: LightMyRequestResponse, status: number, code: string): any {
  t.equal(res.statusCode, status, `${status}: ${res.body.slice(0, 200)}`)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  const body = json(res)
  t.match(body, { type: /^https:\/\//, title: String, status, detail: String, code })
  return body
}

t.test('unknown records are 404 problems on every collection and verb', async (t) => {
  const app = await makeApp(t)
  await assertNoWrite(t, app, async () => {
    for (const c of COLLECTIONS) {
      const url = `/v1/${c}/nothing-here`
      const got = assertProblem(t, await app.inject({ method: 'GET', url }), 404, 'not_found')
      t.equal(got.instance, url)
      t.match(got.detail, 'nothing-here')
      assertProblem(t, await del(app, url), 404, 'not_found')
    }
    assertProblem(t, await patch(app, '/v1/events/evt_01jm0000000000000000000000', { title: 'x' }), 404, 'not_found')
  })
})

t.test('unknown routes are 404 problems', async (t) => {
  const app = await makeApp(t)
  const res = assertProblem(t, await app.inject({ method: 'GET', url: '/v1/treaties?limit=2' }), 404, 'not_found')
  t.equal(res.instance, '/v1/treaties')
  assertProblem(t, await app.inject({ method: 'POST', url: '/nowhere', headers: AUTH, payload: {} }), 404, 'not_found')
  assertProblem(t, await app.inject({ method: 'PUT', url: '/v1/events', headers: AUTH, payload: {} }), 404, 'not_found')
})

t.test('unknown and bad query parameters are 400 problems naming them', async (t) => {
  const app = await makeApp(t)
  const res = await app.inject({ method: 'GET', url: '/v1/events?colour=red' })
  const body = assertInvalid(t, res, '/colour')
  t.equal(body.errors[0].in, 'query')
  t.equal(body.errors[0].parameter, 'colour')
  assertInvalid(t, await app.inject({ method: 'GET', url: '/v1/actors?limit=201' }), '/limit')
  assertInvalid(t, await app.inject({ method: 'GET', url: '/v1/actors?limit=ten' }), '/limit')
  assertInvalid(t, await app.inject({ method: 'GET', url: '/v1/events/anything?include=everything' }), '/include')
})

t.test('If-Match guards writes: 412 on a stale version, and nothing is written', async (t) => {
  const app = await makeApp(t)
  const src = await create(t, app, '/v1/sources', sourceBody())

  const first = await patch(app, `/v1/sources/${src.id}`, { title: 'First' }, { 'if-match': '"v1"' })
  t.equal(first.statusCode, 200, 'the version the client read is current')
  t.equal(first.headers.etag, '"v2"')

  await assertNoWrite(t, app, async () => {
    const stale = assertProblem(t, await patch(app, `/v1/sources/${src.id}`, { title: 'Second' }, { 'if-match': '"v1"' }), 412, 'precondition_failed')
    t.equal(stale.current_version, 2)
    assertProblem(t, await del(app, `/v1/sources/${src.id}`, { 'if-match': '"v1"' }), 412, 'precondition_failed')
    assertInvalid(t, await patch(app, `/v1/sources/${src.id}`, { title: 'Third' }, { 'if-match': 'yesterday' }), '/if-match')
  })
  t.equal(json(await app.inject({ method: 'GET', url: `/v1/sources/${src.id}` })).title, 'First')

  t.equal((await patch(app, `/v1/sources/${src.id}`, { title: 'Any' }, { 'if-match': '*' })).statusCode, 200, 'If-Match: * matches any version')
  t.equal((await del(app, `/v1/sources/${src.id}`, { 'if-match': '"v3"' })).statusCode, 204, 'a current If-Match lets the delete through')
})

t.test('bodies that are not JSON objects are 400, 413 or 415 problems', async (t) => {
  const app = await makeApp(t)
  await assertNoWrite(t, app, async () => {
    const headers = { ...AUTH, 'content-type': 'application/json' }
    assertProblem(t, await app.inject({ method: 'POST', url: '/v1/actors', headers, payload: '{"slug": "x",' }), 400, 'invalid_json')
    assertProblem(t, await app.inject({ method: 'PATCH', url: '/v1/actors/belarus', headers: { ...AUTH, 'content-type': 'application/merge-patch+json' }, payload: '{name:' }), 400, 'invalid_json')
    assertProblem(t, await app.inject({ method: 'POST', url: '/v1/actors', headers, payload: '' }), 400, 'invalid_json')
    assertProblem(t, await app.inject({ method: 'POST', url: '/v1/actors', headers, payload: '{"slug": "x", "__proto__": {"admin": true}}' }), 400, 'invalid_json')
    assertInvalid(t, await app.inject({ method: 'POST', url: '/v1/actors', headers, payload: '[]' }), '/')
    assertInvalid(t, await app.inject({ method: 'POST', url: '/v1/actors', headers, payload: '"a string"' }), '/')
    assertProblem(t, await app.inject({ method: 'POST', url: '/v1/actors', headers: { ...AUTH, 'content-type': 'text/plain' }, payload: 'slug=x' }), 415, 'unsupported_media_type')
    const huge = JSON.stringify(actorBody({ description: 'x'.repeat(1_100_000) }))
    assertProblem(t, await app.inject({ method: 'POST', url: '/v1/actors', headers, payload: huge }), 413, 'payload_too_large')
  })
})

t.test('an unexpected error is a 500 problem that tells nothing of its insides', async (t) => {
  const app = await makeApp(t)
  app.get('/v1/boom', async () => {
    throw new Error('SELECT secret FROM api_keys WHERE hash = ? -- SQLITE_ERROR')
  })
  const res = await app.inject({ method: 'GET', url: '/v1/boom' })
  const problem = assertProblem(t, res, 500, 'internal_error')
  t.notMatch(res.body, /SELECT|api_keys|SQLITE|\.ts:\d+/)
  t.same(Object.keys(problem).sort(), ['code', 'detail', 'instance', 'status', 'title', 'type'], 'no stack or cause field')
})

t.test('a write that fails half-way is rolled back whole and answers 500 without SQL', async (t) => {
  const app = await makeApp(t)
  // A failure after the event row is stored, while its participants are written.
  app.repos.store.sqlite.exec("CREATE TEMP TRIGGER fail_participants BEFORE INSERT ON event_participants BEGIN SELECT RAISE(ABORT, 'forced failure in event_participants'); END")
  await assertNoWrite(t, app, async () => {
    const res = await post(app, '/v1/events', { title: 'Doomed', category: 'AGREE', status: 'occurred', participants: [{ actor_id: 'belarus', role: 'source' }] })
    const body = assertProblem(t, res, 500, 'internal_error')
    t.notMatch(res.body, /event_participants|forced failure|INSERT|stack/i)
    t.match(body.detail, /wrote nothing/)
  })
  app.repos.store.sqlite.exec('DROP TRIGGER fail_participants')
  t.equal((await post(app, '/v1/events', { title: 'Fine now', category: 'AGREE', status: 'occurred' })).statusCode, 201)
})

t.test('a database closed underneath gives 500 problems, not crashes', async (t) => {
  const app = await makeApp(t)
  await app.ready()
  app.repos.store.sqlite.close()
  const res = await app.inject({ method: 'GET', url: '/v1/events' })
  assertProblem(t, res, 500, 'internal_error')
  t.notMatch(res.body, /database connection|sqlite/i)
  assertProblem(t, await post(app, '/v1/sources', sourceBody()), 500, 'internal_error')
})

t.test('every failed write leaves the change log as it was', async (t) => {
  const app = await makeApp(t)
  const before = snapshot(app)
  const attempts = [
    await post(app, '/v1/actors', actorBody({ country: 'NOPE' })),
    await post(app, '/v1/events', { title: 'x', category: 'CONSULT', mode: 'release', status: 'occurred' }),
    await del(app, '/v1/actors/belarus'),
    await patch(app, '/v1/actors/belarus', { slug: 'russia' }),
  ]
  t.same(
    attempts.map((r) => r.statusCode),
    [400, 400, 409, 400],
  )
  t.same(snapshot(app), before)
  t.same(changesOf(app, (app.repos.store.sqlite.prepare("SELECT id FROM actors WHERE slug = 'belarus'").get() as { id: string }).id).length, 1, 'belarus was created once and never changed')
})
