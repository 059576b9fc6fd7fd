import { createHash } from 'node:crypto'
import { setTimeout } from 'node:timers/promises'
import t from 'tap'
import { AUTH, json, makeApp, sourceId } from '../../helpers.js'
import { assertInvalid, assertNoWrite, changesOf, create, del, patch, post, sourceBody } from '../../records.js'

t.test('POST creates a source: 201, Location, ETag, server-computed sha256', async (t) => {
  const app = await makeApp(t)
  const res = await post(app, '/v1/sources', sourceBody())
  t.equal(res.statusCode, 201)
  const src = json(res)
  t.match(src.id, /^src_[0-7][0-9a-hjkmnp-tv-z]{25}$/)
  t.equal(res.headers.location, `/v1/sources/${src.id}`)
  t.equal(res.headers.etag, '"v1"')
  t.equal(src.version, 1)
  t.equal(src.published_on, '2025-03')
  t.equal(src.sha256, createHash('sha256').update(sourceBody().body).digest('hex'))
  t.equal(src.url, null, 'optional scalars default to null')

  const got = await app.inject({ method: 'GET', url: res.headers.location as string })
  t.equal(got.statusCode, 200)
  t.same(json(got), src, 'GET returns what POST returned')
  t.equal(got.headers.etag, '"v1"')

  const log = changesOf(app, src.id)
  t.equal(log.length, 1)
  t.match(log[0], { entity_type: 'source', op: 'create', version: 1 })
  t.same(JSON.parse(log[0].data!), src, 'the change log holds the record as created')
})

t.test('a client-sent sha256 is replaced by the hash of the stored body', async (t) => {
  const app = await makeApp(t)
  const src = await create(t, app, '/v1/sources', sourceBody({ sha256: '0'.repeat(64) }))
  t.equal(src.sha256, createHash('sha256').update(sourceBody().body).digest('hex'))
  const cleared = json(await patch(app, `/v1/sources/${src.id}`, { body: null }))
  t.equal(cleared.body, null)
  t.equal(cleared.sha256, null, 'no body, no hash')
})

t.test('GET honours If-None-Match', async (t) => {
  const app = await makeApp(t)
  const id = sourceId(app)
  const first = await app.inject({ method: 'GET', url: `/v1/sources/${id}` })
  const again = await app.inject({ method: 'GET', url: `/v1/sources/${id}`, headers: { 'if-none-match': first.headers.etag as string } })
  t.equal(again.statusCode, 304)
  t.equal(again.body, '')
  const stale = await app.inject({ method: 'GET', url: `/v1/sources/${id}`, headers: { 'if-none-match': '"v999"' } })
  t.equal(stale.statusCode, 200)
})

t.test('lists page with limit and cursor', async (t) => {
  const app = await makeApp(t)
  for (let i = 0; i < 4; i++) await create(t, app, '/v1/sources', sourceBody({ title: `Note ${i}` }))
  const seen: string[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const url: string = `/v1/sources?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
    const res = await app.inject({ method: 'GET', url })
    t.equal(res.statusCode, 200)
    const page = json(res)
    t.ok(page.data.length <= 2)
    seen.push(...page.data.map((s: { id: string }) => s.id))
    t.equal(page.has_more, page.next_cursor !== null)
    cursor = page.next_cursor
    pages++
  } while (cursor && pages < 10)
  t.equal(seen.length, 5, 'the seeded source and the four new ones')
  t.equal(new Set(seen).size, 5, 'no record twice')
  t.same(seen, [...seen].sort(), 'in id order')

  const bad = await app.inject({ method: 'GET', url: '/v1/sources?limit=0' })
  assertInvalid(t, bad, '/limit')
  const tampered = await app.inject({ method: 'GET', url: '/v1/sources?cursor=abc.def' })
  assertInvalid(t, tampered, '/cursor')
})

t.test('PATCH is a JSON merge patch under either content type', async (t) => {
  const app = await makeApp(t)
  const src = await create(t, app, '/v1/sources', sourceBody())
  await setTimeout(5)

  const plain = await patch(app, `/v1/sources/${src.id}`, { title: 'Renamed note' })
  t.equal(plain.statusCode, 200)
  const v2 = json(plain)
  t.equal(v2.title, 'Renamed note')
  t.equal(v2.publisher, 'Parley Test Desk', 'fields left out stay')
  t.equal(v2.version, 2)
  t.equal(plain.headers.etag, '"v2"')
  t.ok(v2.updated_at > src.updated_at, 'updated_at moves')
  t.equal(v2.created_at, src.created_at)

  const merge = await app.inject({
    method: 'PATCH',
    url: `/v1/sources/${src.id}`,
    headers: { ...AUTH, 'content-type': 'application/merge-patch+json' },
    payload: JSON.stringify({ publisher: null, published_on: '2025' }),
  })
  t.equal(merge.statusCode, 200, merge.body)
  const v3 = json(merge)
  t.equal(v3.publisher, null, 'null clears')
  t.equal(v3.published_on, '2025')
  t.equal(v3.version, 3)

  t.same(
    changesOf(app, src.id).map((c) => [c.op, c.version]),
    [
      ['create', 1],
      ['update', 2],
      ['update', 3],
    ],
  )
  t.equal(JSON.parse(changesOf(app, src.id)[2].data!).publisher, null, 'the log holds the record after the change')
})

t.test('a PATCH that changes nothing keeps the version and logs nothing', async (t) => {
  const app = await makeApp(t)
  const src = await create(t, app, '/v1/sources', sourceBody())
  await assertNoWrite(t, app, async () => {
    const res = await patch(app, `/v1/sources/${src.id}`, { title: src.title, kind: src.kind })
    t.equal(res.statusCode, 200)
    t.same(json(res), src, 'the record is as it was, version and updated_at included')
  })
})

t.test('DELETE answers 204, then the source is gone', async (t) => {
  const app = await makeApp(t)
  const src = await create(t, app, '/v1/sources', sourceBody())
  const res = await del(app, `/v1/sources/${src.id}`)
  t.equal(res.statusCode, 204)
  t.equal(res.body, '')
  const gone = await app.inject({ method: 'GET', url: `/v1/sources/${src.id}` })
  t.equal(gone.statusCode, 404)
  t.equal(json(gone).code, 'not_found')
  t.equal((await del(app, `/v1/sources/${src.id}`)).statusCode, 404, 'a second delete finds nothing')
  t.equal((await patch(app, `/v1/sources/${src.id}`, { title: 'x' })).statusCode, 404)
  t.same(
    changesOf(app, src.id).map((c) => [c.op, c.version, c.data]),
    [
      ['create', 1, changesOf(app, src.id)[0].data],
      ['delete', 2, null],
    ],
    'the delete is logged as a tombstone',
  )
})

t.test('a cited source cannot be deleted: 409 names the records that cite it', async (t) => {
  const app = await makeApp(t)
  const id = sourceId(app)
  await assertNoWrite(t, app, async () => {
    const res = await del(app, `/v1/sources/${id}`)
    t.equal(res.statusCode, 409)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    const problem = json(res)
    t.equal(problem.code, 'conflict')
    t.ok(problem.references.length > 0)
    t.ok(problem.references.some((r: { type: string }) => r.type === 'event'), 'events cite it')
    const cited = app.repos.store.sqlite.prepare('SELECT subject_id FROM citations WHERE source_id = ? LIMIT 1').get(id) as { subject_id: string }
    t.ok(problem.references.some((r: { id: string }) => r.id === cited.subject_id), 'a citing record is named by id')
  })
  t.equal((await app.inject({ method: 'GET', url: `/v1/sources/${id}` })).statusCode, 200, 'still there')
})

t.test('bad source bodies are refused and write nothing', async (t) => {
  const app = await makeApp(t)
  await assertNoWrite(t, app, async () => {
    assertInvalid(t, await post(app, '/v1/sources', sourceBody({ published_on: '2025-13' })), '/published_on')
    assertInvalid(t, await post(app, '/v1/sources', sourceBody({ published_on: '2025-02-30' })), '/published_on')
    assertInvalid(t, await post(app, '/v1/sources', sourceBody({ kind: 'rumour' })), '/kind')
    assertInvalid(t, await post(app, '/v1/sources', sourceBody({ colour: 'blue' })), '/colour')
    assertInvalid(t, await post(app, '/v1/sources', sourceBody({ title: 42 })), '/title')
    assertInvalid(t, await post(app, '/v1/sources', { kind: 'briefing' }), '/title')
    assertInvalid(t, await post(app, '/v1/sources', sourceBody({ url: 'not a url' })), '/url')
    const id = sourceId(app)
    assertInvalid(t, await patch(app, `/v1/sources/${id}`, { title: null }), '/title')
    assertInvalid(t, await patch(app, `/v1/sources/${id}`, { published_on: '2024-02-30' }), '/published_on')
    assertInvalid(t, await patch(app, `/v1/sources/${id}`, {}), '/')
  })
})
