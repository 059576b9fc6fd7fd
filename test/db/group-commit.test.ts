// Group commit: HTTP writes that arrive together share one transaction, each
// in its own savepoint. Every answer must be what it would be alone: a failed
// request leaves nothing, a success is committed before it is answered, and
// the change log and its listeners see every commit.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { actual, brokenFtsIndexes, eventContexts, expected, searchIndex } from '../derived-tables.js'
import { AUTH, actorId, json, makeApp, snapshot, sourceId } from '../helpers.js'
import { EXCERPT, actorBody, changesOf, sourceBody } from '../records.js'

const eventBody = (app: FastifyInstance, title: string, extra: Record<string, unknown> = {}) => ({
  title,
  category: 'CONSULT',
  mode: 'visit',
  status: 'reported',
  contexts: ['diplomatic'],
  occurred_on: '2025-02-03',
  participants: [
    { actor_id: actorId(app, 'belarus'), role: 'source' },
    { actor_id: actorId(app, 'lithuania'), role: 'target' },
  ],
  citations: [{ source_id: sourceId(app), excerpt: EXCERPT, basis: 'on_record' }],
  ...extra,
})

const postEvent = (app: FastifyInstance, payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/v1/events', headers: { ...AUTH, ...headers }, payload: payload as object })

const titled = (app: FastifyInstance, title: string) => (app.repos.store.sqlite.prepare('SELECT count(*) AS n FROM events WHERE title = ?').get(title) as { n: number }).n

/** Counts the commits that reach the store's listeners, with the seq each reported. */
function commits(app: FastifyInstance) {
  const seen: number[] = []
  const stop = app.repos.store.onCommit((seq) => seen.push(seq))
  return { seen, stop }
}

t.test('creates fired together: each answers as if alone, failures leave nothing, the log is contiguous', async (t) => {
  const app = await makeApp(t)
  const before = snapshot(app)
  const heard = commits(app)
  const good = Array.from({ length: 6 }, (_, i) => `Grouped talks ${i}`)
  const results = await Promise.all([
    ...good.map((title) => postEvent(app, eventBody(app, title))),
    // Fails the semantic checks: a mode that does not fit the category.
    postEvent(app, eventBody(app, 'Grouped bad mode', { mode: 'sanction' })),
    // Fails the citation check: the words are not in the source.
    postEvent(app, eventBody(app, 'Grouped bad citation', { citations: [{ source_id: sourceId(app), excerpt: 'words nobody wrote', basis: 'on_record' }] })),
    // Two copies with one Idempotency-Key: the second fails on its claim, after its rows were written.
    postEvent(app, eventBody(app, 'Grouped once'), { 'idempotency-key': 'group-key-1' }),
    postEvent(app, eventBody(app, 'Grouped once'), { 'idempotency-key': 'group-key-1' }),
  ])
  heard.stop()
  const [ok, badMode, badCitation, first, second] = [results.slice(0, 6), results[6], results[7], results[8], results[9]]

  for (const res of ok) t.equal(res.statusCode, 201, res.body)
  t.equal(badMode.statusCode, 400)
  t.equal(json(badMode).errors[0].pointer, '/mode')
  t.equal(badCitation.statusCode, 400)
  t.equal(json(badCitation).errors[0].pointer, '/citations/0/excerpt')
  t.equal(first.statusCode, 201)
  t.equal(second.statusCode, 409, 'the duplicate in the same batch cannot commit too')
  t.equal(json(second).code, 'idempotency_in_progress')
  t.equal(titled(app, 'Grouped bad mode') + titled(app, 'Grouped bad citation'), 0)
  t.equal(titled(app, 'Grouped once'), 1, 'one record for the key, the duplicate rolled back to its savepoint')

  // Exactly the successes were written: one event, two participants, a citation and a change each.
  const created = [...ok, first].map((r) => json(r))
  const after = snapshot(app)
  const n = created.length
  t.equal(after.events - before.events, n)
  t.equal(after.event_participants - before.event_participants, 2 * n)
  t.equal(after.citations - before.citations, n)
  t.equal(after.changes - before.changes, n)
  t.equal(after.idempotency_keys - before.idempotency_keys, 1)
  t.equal(after.__seq - before.__seq, n, 'no sequence number lost to a rolled-back write')

  // Each answer is the record as stored, and its change is the record as answered.
  const seqs: number[] = []
  for (const record of created) {
    const res = await app.inject({ method: 'GET', url: `/v1/events/${record.id}` })
    t.same(json(res), record)
    const log = changesOf(app, record.id)
    t.equal(log.length, 1)
    t.same(JSON.parse(log[0].data!), record)
    seqs.push(log[0].seq)
  }
  seqs.sort((a, b) => a - b)
  t.same(seqs, Array.from({ length: n }, (_, i) => before.__seq + 1 + i), 'the batch holds contiguous seqs')

  // Listeners heard every commit, each once, in order, ending at the last seq; fewer commits than writes shows the grouping.
  t.ok(heard.seen.length >= 1 && heard.seen.length < n, `${n} writes in ${heard.seen.length} commits`)
  t.same([...heard.seen].sort((a, b) => a - b), heard.seen)
  t.equal(heard.seen.at(-1), after.__seq)

  // The change feed serves every one of them.
  const feed = json(await app.inject({ method: 'GET', url: `/v1/changes?after=${before.__seq}`, headers: AUTH }))
  t.same(
    feed.data.map((c: { entity_id: string }) => c.entity_id).sort(),
    created.map((r) => r.id).sort(),
  )
})

t.test('a batch indexes the records it creates before it commits; a failed create leaves no index rows', async (t) => {
  // The search indexes and feeds of a batch's new records are filled set-based just before its COMMIT,
  // while changes to older records in the same batch go through the triggers: both must end as the triggers would.
  const app = await makeApp(t)
  const older = json(await postEvent(app, eventBody(app, 'Older summit')))
  const doomed = json(await postEvent(app, eventBody(app, 'Doomed summit')))
  const trio = [
    { actor_id: actorId(app, 'belarus'), role: 'source' },
    { actor_id: actorId(app, 'lithuania'), role: 'target' },
    { actor_id: actorId(app, 'united-states'), role: 'participant' },
  ]
  const heard = commits(app)
  const [good, bad, patched, deleted, quote] = await Promise.all([
    postEvent(app, eventBody(app, 'Quokka delegation talks', { contexts: ['economic', 'diplomatic'], participants: trio, location: { name: 'Kaunas', country: 'LTU' } })),
    // Fails its checks after others in the batch have written: rolled back to its savepoint.
    postEvent(app, eventBody(app, 'Wombat delegation talks', { mode: 'sanction' })),
    app.inject({ method: 'PATCH', url: `/v1/events/${older.id}`, headers: AUTH, payload: { title: 'Platypus summit', contexts: ['economic'], participants: trio } }),
    app.inject({ method: 'DELETE', url: `/v1/events/${doomed.id}`, headers: AUTH }),
    app.inject({ method: 'POST', url: '/v1/quotes', headers: AUTH, payload: { text: 'Echidna words were said', kind: 'direct', speaker_id: actorId(app, 'belarus'), said_on: '2025-02', about_actor_ids: [actorId(app, 'lithuania')] } }),
  ])
  heard.stop()
  t.equal(good.statusCode, 201, good.body)
  t.equal(bad.statusCode, 400)
  t.equal(patched.statusCode, 200, patched.body)
  t.equal(deleted.statusCode, 204)
  t.equal(quote.statusCode, 201, quote.body)
  t.ok(heard.seen.length < 5, `five writes in ${heard.seen.length} commits`)

  const ids = async (url: string) => json(await app.inject({ url })).data.map((r: { id: string }) => r.id)
  t.same(await ids('/v1/search?q=quokka'), [json(good).id], 'the new event is in /v1/search once its answer is sent')
  t.same(await ids('/v1/events?q=kaunas'), [json(good).id], 'and in the events index')
  t.same(await ids('/v1/search?q=wombat'), [], 'the failed create left nothing in the search index')
  t.same(await ids('/v1/search?q=platypus'), [older.id], 'the older event is found by its new title')
  t.same(await ids('/v1/search?q=doomed'), [], 'the deleted one is gone')
  t.same(await ids('/v1/quotes?q=echidna'), [json(quote).id])
  const economic = await ids('/v1/events?context=economic&limit=200')
  t.ok(economic.includes(json(good).id) && economic.includes(older.id), 'both are filtered by their new contexts')
  const timeline = json(await app.inject({ url: `/v1/timeline?actor=${actorId(app, 'united-states')}&limit=200` }))
  t.ok(JSON.stringify(timeline).includes(json(good).id), 'the new event is in its participants\' timelines')

  t.same(actual(app), expected(app), 'every feed table equals its recomputation')
  const search = searchIndex(app)
  t.same(search.actual, search.expected, 'search_fts holds exactly each record\'s row')
  const contexts = eventContexts(app)
  t.same(contexts.actual, contexts.expected)
  t.same(brokenFtsIndexes(app), [], 'each per-table index agrees with its table')
  t.equal(snapshot(app).index_deferral, 0, 'the deferral ended with the batch')
})

t.test('updates and deletes in one batch keep If-Match and versions right', async (t) => {
  const app = await makeApp(t)
  const a = json(await postEvent(app, eventBody(app, 'Edited alone')))
  const b = json(await postEvent(app, eventBody(app, 'Deleted alone')))
  const [p1, p2, d1, d2] = await Promise.all([
    app.inject({ method: 'PATCH', url: `/v1/events/${a.id}`, headers: { ...AUTH, 'if-match': '"v1"' }, payload: { title: 'Edited first' } }),
    // Read v1 too, but the first patch of the batch moved it to v2.
    app.inject({ method: 'PATCH', url: `/v1/events/${a.id}`, headers: { ...AUTH, 'if-match': '"v1"' }, payload: { title: 'Edited second' } }),
    app.inject({ method: 'DELETE', url: `/v1/events/${b.id}`, headers: { ...AUTH, 'if-match': '"v1"' } }),
    app.inject({ method: 'DELETE', url: `/v1/events/${b.id}`, headers: AUTH }),
  ])
  t.equal(p1.statusCode, 200)
  t.equal(json(p1).version, 2)
  t.equal(p2.statusCode, 412, 'the second editor lost')
  t.equal(json(p2).current_version, 2)
  t.equal(d1.statusCode, 204)
  t.equal(d2.statusCode, 404, 'deleted by the first in the batch')
  const stored = json(await app.inject({ method: 'GET', url: `/v1/events/${a.id}` }))
  t.equal(stored.title, 'Edited first')
  t.same(changesOf(app, a.id).map((c) => c.version), [1, 2])
  t.same(changesOf(app, b.id).map((c) => c.op), ['create', 'delete'])
})

t.test('a COMMIT that fails fails every request in its batch and leaves nothing', async (t) => {
  const app = await makeApp(t)
  const store = app.repos.store
  const before = snapshot(app)
  // The first grouped write of the batch brings along one that breaks a
  // deferred foreign key: savepoints pass, COMMIT refuses the transaction.
  const original = store.writeGrouped.bind(store)
  let poisoned = false
  store.writeGrouped = <T>(fn: () => T): Promise<T> => {
    if (!poisoned) {
      poisoned = true
      original(() => {
        store.sqlite.pragma('defer_foreign_keys = ON')
        store.sqlite.prepare("INSERT INTO event_participants (event_id, actor_id, role) VALUES ('evt_nothing', ?, 'source')").run(actorId(app, 'belarus'))
      }).catch(() => {})
    }
    return original(fn)
  }
  t.teardown(() => {
    store.writeGrouped = original
  })
  const heard = commits(app)
  const results = await Promise.all(Array.from({ length: 4 }, (_, i) => postEvent(app, eventBody(app, `Doomed ${i}`))))
  heard.stop()
  for (const res of results) {
    t.equal(res.statusCode, 500)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
  }
  t.same(snapshot(app), before, 'nothing of the batch was kept')
  t.same(heard.seen, [], 'no listener heard of a commit that did not happen')
  t.notOk(store.sqlite.inTransaction, 'the transaction was closed')

  store.writeGrouped = original
  const res = await postEvent(app, eventBody(app, 'After the failure'))
  t.equal(res.statusCode, 201, 'the next batch commits')
  t.equal(snapshot(app).events, before.events + 1)
})

t.test('a create answers the record exactly as a read returns it', async (t) => {
  // Creates build their answer from what they wrote instead of reading it back: it must not differ from a read.
  const app = await makeApp(t)
  const src = sourceId(app)
  const cite = [{ source_id: src, excerpt: EXCERPT, basis: 'reported' }]
  const cases: [string, unknown][] = [
    ['/v1/sources', sourceBody({ sha256: '0'.repeat(64) })],
    ['/v1/actors', actorBody({ slug: 'answer-envoy', aliases: ['A', 'B'], citations: cite })],
    ['/v1/events', eventBody(app, 'Read back', { location: { name: 'Vilnius', country: 'LTU', latitude: 54.7, longitude: 25.3 }, ended_on: '2025-03' })],
  ]
  for (const [url, body] of cases) {
    const res = await app.inject({ method: 'POST', url, headers: AUTH, payload: body as object })
    t.equal(res.statusCode, 201, res.body)
    const created = json(res)
    const read = await app.inject({ method: 'GET', url: `${url}/${created.id}` })
    t.same(json(read), created, `${url}: the answer is the stored record`)
    t.equal(read.headers.etag, res.headers.etag)
  }
})

t.test('every trigger that derives index or feed rows from a deferrable table skips the deferred rows', async (t) => {
  // Group commit and the import fill these rows set-based for new records; a trigger without the
  // index_deferral condition (say, recreated by a later migration) would write them a second time.
  const app = await makeApp(t)
  const triggers = app.repos.store.sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('sources', 'actors', 'events', 'quotes', 'event_participants', 'quote_actors')")
    .all() as { name: string; sql: string }[]
  const deriving = triggers.filter((tr) => /(INSERT( OR IGNORE)? INTO|UPDATE|DELETE FROM) `?(\w+_fts|search_fts|feed_\w+|event_contexts)\b/.test(tr.sql))
  t.ok(deriving.length >= 47, `the triggers of migrations 0001, 0003 and 0005 on these tables, at least (${deriving.length})`)
  for (const tr of deriving) t.match(tr.sql, /WHEN NOT EXISTS \(SELECT 1 FROM `index_deferral`/, tr.name)
  // Deals and terms defer their search rows only (migration 0009); their feed counts stay per row.
  const search = app.repos.store.sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('deals', 'deal_terms') AND sql LIKE '%_fts%'")
    .all() as { name: string; sql: string }[]
  t.equal(search.length, 12, 'the FTS and search_fts triggers of deals and terms')
  for (const tr of search) t.match(tr.sql, /WHEN NOT EXISTS \(SELECT 1 FROM `index_deferral`/, tr.name)
})

t.test('a batch waits for as many writes as its recent batches held, and no longer than gatherMs', async (t) => {
  // Writers that wait for their answer before writing again come back just after their batch is answered;
  // the batch then waits for them rather than committing the writes already queued without them.
  const app = await makeApp(t)
  const store = app.repos.store
  const untilQueued = async (n: number) => {
    for (let i = 0; i < 1000 && store.queuedWrites < n; i++) await new Promise((r) => setImmediate(r))
    t.equal(store.queuedWrites, n, `${n} writes queued`)
  }
  // Four writes in one turn: one batch of four, so the next batch expects four.
  store.gatherMs = 60_000
  t.same(await Promise.all([1, 2, 3, 4].map((i) => store.writeGrouped(() => i))), [1, 2, 3, 4])

  const heard = commits(app)
  const before = snapshot(app)
  const early = [postEvent(app, eventBody(app, 'Early talks 1')), postEvent(app, eventBody(app, 'Early talks 2'))]
  await untilQueued(2)
  await new Promise((r) => setTimeout(r, 20))
  t.same(heard.seen, [], 'two of the four expected do not commit on their own')
  t.equal(snapshot(app).events, before.events, 'nor are they visible')
  const late = [postEvent(app, eventBody(app, 'Late talks 1')), postEvent(app, eventBody(app, 'Late talks 2'))]
  const answers = await Promise.all([...early, ...late])
  for (const res of answers) t.equal(res.statusCode, 201, res.body)
  t.equal(heard.seen.length, 1, 'the four share one commit')
  t.equal(heard.seen[0], snapshot(app).__seq)
  t.equal(snapshot(app).events, before.events + 4)

  // Fewer writers than expected: the batch commits once gatherMs has passed, and answers only then.
  store.gatherMs = 30
  const started = Date.now()
  const alone = await postEvent(app, eventBody(app, 'Alone'))
  t.equal(alone.statusCode, 201)
  t.ok(Date.now() - started >= 25, 'it waited for the others expected')
  t.equal(heard.seen.length, 2)
  heard.stop()

  // Once the recent batches held one write each, a lone write commits without waiting.
  store.gatherMs = 1
  for (let i = 0; i < 16; i++) await store.writeGrouped(() => i)
  store.gatherMs = 60_000
  const quick = await postEvent(app, eventBody(app, 'Quick'))
  t.equal(quick.statusCode, 201, 'committed at once: a wait of gatherMs would outlast the test')
})
