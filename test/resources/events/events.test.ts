import t from 'tap'
import { AUTH, actorId, json, makeApp, sourceId } from '../../helpers.js'
import { EXCERPT, assertInvalid, assertNoWrite, changesOf, create, del, patch, post } from '../../records.js'

const eventBody = (extra: Record<string, unknown> = {}) => ({
  title: 'Envoy visits Minsk',
  summary: 'An event made up for the tests.',
  category: 'CONSULT',
  mode: 'visit',
  contexts: ['diplomatic'],
  occurred_on: '2025-02',
  location: { name: 'Minsk', country: 'BLR' },
  status: 'occurred',
  participants: [
    { actor_id: 'christopher-w-smith', role: 'source' },
    { actor_id: 'aleksandr-lukashenko', role: 'target' },
  ],
  ...extra,
})

/** The id of a seeded record found by a column value. */
function seeded(app: Awaited<ReturnType<typeof makeApp>>, table: string, column: string, value: string): string {
  return (app.repos.store.sqlite.prepare(`SELECT id FROM ${table} WHERE ${column} = ?`).get(value) as { id: string }).id
}

t.test('an event is created with participants, location and citations', async (t) => {
  const app = await makeApp(t)
  const src = sourceId(app)
  const visit = seeded(app, 'events', 'title', 'U.S. envoy Christopher W. Smith’s discreet visit to Belarus')
  const res = await post(app, '/v1/events', eventBody({ parent_event_id: visit, quantity: 2, citations: [{ source_id: src, excerpt: EXCERPT, basis: 'reported' }] }))
  t.equal(res.statusCode, 201, res.body)
  const evt = json(res)
  t.match(evt.id, /^evt_/)
  t.equal(res.headers.location, `/v1/events/${evt.id}`)
  t.equal(res.headers.etag, '"v1"')
  t.same(evt.participants, [
    { actor_id: actorId(app, 'christopher-w-smith'), role: 'source' },
    { actor_id: actorId(app, 'aleksandr-lukashenko'), role: 'target' },
  ])
  t.same(evt.location, { name: 'Minsk', country: 'BLR', latitude: null, longitude: null })
  t.match(evt, { category: 'CONSULT', mode: 'visit', contexts: ['diplomatic'], occurred_on: '2025-02', ended_on: null, parent_event_id: visit, quantity: 2, version: 1 })
  t.equal(evt.citations[0].excerpt, EXCERPT)
  t.same(json(await app.inject({ method: 'GET', url: `/v1/events/${evt.id}` })), evt)

  const embedded = json(await app.inject({ method: 'GET', url: `/v1/events/${evt.id}?include=participants` }))
  t.equal(embedded.participants[0].actor.slug, 'christopher-w-smith', 'include=participants embeds the actors')

  const children = json(await app.inject({ method: 'GET', url: `/v1/events?parent=${visit}&limit=200` }))
  t.ok(children.data.some((e: { id: string }) => e.id === evt.id), 'the new meeting is inside the visit')
  t.match(changesOf(app, evt.id), [{ entity_type: 'event', op: 'create', version: 1 }])
})

t.test('PATCH merges the location, replaces participant lists, clears with null', async (t) => {
  const app = await makeApp(t)
  const evt = await create(t, app, '/v1/events', eventBody())

  const located = await patch(app, `/v1/events/${evt.id}`, { location: { latitude: 53.9, longitude: 27.56 } })
  t.equal(located.statusCode, 200, located.body)
  t.same(json(located).location, { name: 'Minsk', country: 'BLR', latitude: 53.9, longitude: 27.56 }, 'nested fields left out stay')

  const moved = json(await patch(app, `/v1/events/${evt.id}`, { location: { country: null } }))
  t.same(moved.location, { name: 'Minsk', country: null, latitude: 53.9, longitude: 27.56 }, 'a nested null clears that field only')

  const res = await app.inject({
    method: 'PATCH',
    url: `/v1/events/${evt.id}`,
    headers: { ...AUTH, 'content-type': 'application/merge-patch+json' },
    payload: JSON.stringify({ participants: [{ actor_id: 'belarus', role: 'target' }], summary: null, contexts: ['diplomatic', 'security'] }),
  })
  t.equal(res.statusCode, 200, res.body)
  const next = json(res)
  t.same(next.participants, [{ actor_id: actorId(app, 'belarus'), role: 'target' }], 'the list given replaces the list held')
  t.equal(next.summary, null)
  t.same(next.contexts, ['diplomatic', 'security'])
  t.equal(next.version, 4)
  const stored = app.repos.store.sqlite.prepare('SELECT count(*) AS n FROM event_participants WHERE event_id = ?').get(evt.id) as { n: number }
  t.equal(stored.n, 1)

  const cleared = json(await patch(app, `/v1/events/${evt.id}`, { location: null }))
  t.equal(cleared.location, null)
  t.same(
    changesOf(app, evt.id).map((c) => [c.op, c.version]),
    [
      ['create', 1],
      ['update', 2],
      ['update', 3],
      ['update', 4],
      ['update', 5],
    ],
  )

  await assertNoWrite(t, app, async () => {
    const same = await patch(app, `/v1/events/${evt.id}`, { participants: [{ actor_id: 'belarus', role: 'target' }], title: evt.title })
    t.equal(json(same).version, 5, 'the same list again is no change')
    assertInvalid(t, await patch(app, `/v1/events/${evt.id}`, { location: { latitude: 1 } }), '/location/name')
  })
})

t.test('PLOVER categories and modes are checked', async (t) => {
  const app = await makeApp(t)
  await assertNoWrite(t, app, async () => {
    assertInvalid(t, await post(app, '/v1/events', eventBody({ category: 'CHAT' })), '/category')
    const wrong = assertInvalid(t, await post(app, '/v1/events', eventBody({ category: 'CONSULT', mode: 'release' })), '/mode')
    t.match(wrong.errors.find((e: { pointer: string }) => e.pointer === '/mode').detail, /not valid for the category CONSULT/)
    assertInvalid(t, await post(app, '/v1/events', eventBody({ category: 'AGREE', mode: 'visit' })), '/mode')
    assertInvalid(t, await post(app, '/v1/events', eventBody({ mode: 'teleport' })), '/mode')
    assertInvalid(t, await post(app, '/v1/events', eventBody({ contexts: ['gossip'] })), '/contexts/0')
    const evt = seeded(app, 'events', 'title', 'Phone call between Trump and Putin')
    assertInvalid(t, await patch(app, `/v1/events/${evt}`, { category: 'RETREAT' }), '/mode')
  })
  const ok = await post(app, '/v1/events', eventBody({ category: 'RETREAT', mode: 'release' }))
  t.equal(ok.statusCode, 201, 'a mode valid for its category is accepted')
  const none = await post(app, '/v1/events', eventBody({ category: 'AGREE', mode: null }))
  t.equal(none.statusCode, 201, 'a category that takes no mode is fine without one')
})

t.test('dates, locations, quantities and unknown fields are checked', async (t) => {
  const app = await makeApp(t)
  await assertNoWrite(t, app, async () => {
    assertInvalid(t, await post(app, '/v1/events', eventBody({ occurred_on: '2025-13' })), '/occurred_on')
    assertInvalid(t, await post(app, '/v1/events', eventBody({ occurred_on: '2025-02-30' })), '/occurred_on')
    assertInvalid(t, await post(app, '/v1/events', eventBody({ occurred_on: '25-02' })), '/occurred_on')
    assertInvalid(t, await post(app, '/v1/events', eventBody({ occurred_on: '2025-02', ended_on: '2025-01' })), '/ended_on')
    assertInvalid(t, await post(app, '/v1/events', eventBody({ occurred_on: null, ended_on: '2025-01' })), '/ended_on')
    assertInvalid(t, await post(app, '/v1/events', eventBody({ location: { name: 'Minsk', country: 'BY' } })), '/location/country')
    assertInvalid(t, await post(app, '/v1/events', eventBody({ location: { name: 'Minsk', latitude: 123 } })), '/location/latitude')
    assertInvalid(t, await post(app, '/v1/events', eventBody({ location: { name: 'Minsk', altitude: 200 } })), '/location/altitude')
    assertInvalid(t, await post(app, '/v1/events', eventBody({ quantity: -1 })), '/quantity')
    assertInvalid(t, await post(app, '/v1/events', eventBody({ quantity: '3' })), '/quantity')
    assertInvalid(t, await post(app, '/v1/events', eventBody({ status: 'rumoured' })), '/status')
    assertInvalid(t, await post(app, '/v1/events', eventBody({ importance: 'high' })), '/importance')
    assertInvalid(t, await post(app, '/v1/events', { title: 'No category' }), '/category')
  })
})

t.test('referenced records must exist; the answer names each pointer', async (t) => {
  const app = await makeApp(t)
  const src = sourceId(app)
  await assertNoWrite(t, app, async () => {
    const res = await post(
      app,
      '/v1/events',
      eventBody({
        parent_event_id: 'evt_01jm0000000000000000000000',
        participants: [
          { actor_id: 'christopher-w-smith', role: 'source' },
          { actor_id: 'nobody-at-all', role: 'target' },
        ],
        citations: [{ source_id: src, excerpt: 'a sentence the report does not have', basis: 'reported' }],
      }),
    )
    const problem = assertInvalid(t, res, '/participants/1/actor_id')
    const pointers = problem.errors.map((e: { pointer: string }) => e.pointer)
    t.ok(pointers.includes('/parent_event_id'), 'the missing parent is named')
    t.ok(pointers.includes('/citations/0/excerpt'), 'the excerpt is named')
    assertInvalid(t, await post(app, '/v1/events', eventBody({ participants: [{ actor_id: 'belarus', role: 'host' }] })), '/participants/0/role')
    assertInvalid(
      t,
      await post(app, '/v1/events', eventBody({ participants: [{ actor_id: 'belarus', role: 'target' }, { actor_id: 'belarus', role: 'target' }] })),
      '/participants/1',
    )
  })
})

t.test('an event cannot be its own ancestor', async (t) => {
  const app = await makeApp(t)
  const parent = await create(t, app, '/v1/events', eventBody({ title: 'Parent' }))
  const child = await create(t, app, '/v1/events', eventBody({ title: 'Child', parent_event_id: parent.id }))
  await assertNoWrite(t, app, async () => {
    assertInvalid(t, await patch(app, `/v1/events/${parent.id}`, { parent_event_id: parent.id }), '/parent_event_id')
    assertInvalid(t, await patch(app, `/v1/events/${parent.id}`, { parent_event_id: child.id }), '/parent_event_id')
  })
})

t.test('deleting events: 409 while others refer to one, 204 otherwise', async (t) => {
  const app = await makeApp(t)
  const visit = seeded(app, 'events', 'title', 'U.S. envoy Christopher W. Smith’s discreet visit to Belarus')
  await assertNoWrite(t, app, async () => {
    const res = await del(app, `/v1/events/${visit}`)
    t.equal(res.statusCode, 409)
    const refs = json(res).references as { type: string; id: string }[]
    const meeting = seeded(app, 'events', 'title', 'Smith meets President Lukashenko')
    t.ok(refs.some((r) => r.type === 'event' && r.id === meeting), 'a meeting inside the visit is named')
    t.ok(refs.some((r) => r.type === 'quote'), 'a quote said about the visit is named')
  })

  const src = sourceId(app)
  const evt = await create(t, app, '/v1/events', eventBody({ citations: [{ source_id: src, excerpt: EXCERPT, basis: 'reported' }] }))
  t.equal((await del(app, `/v1/events/${evt.id}`)).statusCode, 204)
  t.equal((await app.inject({ method: 'GET', url: `/v1/events/${evt.id}` })).statusCode, 404)
  const left = app.repos.store.sqlite
    .prepare('SELECT (SELECT count(*) FROM event_participants WHERE event_id = ?) + (SELECT count(*) FROM citations WHERE subject_id = ?) AS n')
    .get(evt.id, evt.id) as { n: number }
  t.equal(left.n, 0, 'its participants and citations went with it')
  t.same(
    changesOf(app, evt.id).map((c) => [c.op, c.version]),
    [
      ['create', 1],
      ['delete', 2],
    ],
  )
})
