// Full-text search: GET /v1/search and `q` on every collection. Mixed, ranked,
// highlighted hits; prefix, case, accents and aliases; malformed queries are
// a 400 naming q; the index follows every write and every rollback.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { loadSeed } from '../../seed/load.js'
import { openDatabase } from '../../src/db/client.js'
import { MIGRATIONS_FOLDER, runMigrations } from '../../src/db/migrate.js'
import { createRepositories } from '../../src/resources/index.js'
import { AUTH, json, makeApp } from '../helpers.js'
import { seedIds, walk } from '../query-helpers.js'

type Obj = Record<string, any>

const COLLECTIONS = ['/v1/actors', '/v1/events', '/v1/quotes', '/v1/deals', '/v1/terms', '/v1/sources']

t.setTimeout(180_000)
// The read-only tests share one seeded app; tests that write build their own.
const readOnly = makeApp(t)

async function search(app: FastifyInstance, query: string): Promise<Obj> {
  const res = await app.inject({ method: 'GET', url: `/v1/search?${query}` })
  if (res.statusCode !== 200) throw new Error(`search ${query}: ${res.statusCode} ${res.body}`)
  return json(res)
}

/** The slugs of the actors a collection query returns, sorted. */
async function actorSlugs(app: FastifyInstance, q: string): Promise<string[]> {
  const all = await walk(app, `/v1/actors?q=${encodeURIComponent(q)}&limit=200`)
  return all.map((a) => a.slug).sort()
}

t.test('search returns mixed hits with type, id, title, a highlighted snippet, a score and a url, best first', async (t) => {
  const app = await readOnly
  const id = seedIds(app)
  const body = await search(app, 'q=potash&limit=50')
  const byType = (type: string) => body.data.filter((h: Obj) => h.type === type).map((h: Obj) => h.id).sort()
  // Hand-read from the seed: who mentions potash.
  t.same(byType('term'), [id('term-ease-potash-sanctions')])
  t.same(byType('deal'), [id('deal-prisoners-for-sanctions-relief')])
  t.same(byType('quote'), [id('q-smith-briefing-deal')])
  t.same(byType('event'), [id('evt-biden-sanctions'), id('evt-smith-private-briefing')].sort())
  t.same(byType('source'), [id('report')])
  t.same(byType('actor'), [])
  for (const hit of body.data) {
    t.same(Object.keys(hit).sort(), ['id', 'score', 'snippet', 'title', 'type', 'url'])
    t.match(hit.snippet, /<mark>potash<\/mark>/i, `${hit.type} ${hit.id}: the match is marked`)
    t.equal(typeof hit.score, 'number')
    const res = await app.inject({ method: 'GET', url: hit.url })
    t.equal(res.statusCode, 200, `${hit.url} is the record`)
    t.equal(json(res).id, hit.id)
  }
  const scores = body.data.map((h: Obj) => h.score)
  t.same(scores, [...scores].sort((a, b) => b - a), 'higher scores first')
  t.ok(scores[0] > scores[scores.length - 1], 'scores tell hits apart')
})

t.test('the record that matches best comes first: names and titles outrank passing mentions', async (t) => {
  const app = await readOnly
  const id = seedIds(app)
  t.equal((await search(app, 'q=Tsikhanouskaya')).data[0].id, id('svetlana-tikhanovskaya'))
  t.equal((await search(app, 'q=Lukashenko')).data[0].id, id('aleksandr-lukashenko'))
  t.equal((await search(app, 'q=potash')).data[0].id, id('term-ease-potash-sanctions'), 'two mentions in a short title beat one in a long text')
})

t.test('types= keeps only the kinds asked for', async (t) => {
  const app = await readOnly
  const id = seedIds(app)
  const only = await search(app, 'q=potash&types=deal')
  t.same(only.data.map((h: Obj) => h.id), [id('deal-prisoners-for-sanctions-relief')])
  const two = await search(app, 'q=lukashenko&types=actor,term&limit=200')
  t.ok(two.data.length > 0)
  t.same([...new Set(two.data.map((h: Obj) => h.type))].sort(), ['actor', 'term'])
  for (const bad of ['types=people', 'types=', 'types=actor,,event', 'types=actor%2Cfoo']) {
    const res = await app.inject({ method: 'GET', url: `/v1/search?q=x&${bad}` })
    t.equal(res.statusCode, 400, bad)
    t.equal(json(res).errors[0].parameter, 'types')
  }
})

t.test('prefix search for type-ahead', async (t) => {
  const app = await readOnly
  const expected = ['aleksandr-lukashenko', 'belarusian-government', 'biden-administration', 'christopher-w-smith']
  t.same(await actorSlugs(app, 'luka*'), expected, 'every actor whose text has a word starting luka')
  const hits = await search(app, 'q=luka*&types=actor&limit=50')
  const id = seedIds(app)
  t.same(hits.data.map((h: Obj) => h.id).sort(), expected.map(id).sort())
  t.same(await actorSlugs(app, 'tsikh*'), ['svetlana-tikhanovskaya'])
})

t.test('matching ignores case and diacritics', async (t) => {
  const app = await readOnly
  for (const q of ['viacorka', 'VIACORKA', 'Viačorka', 'viačorka', 'VIAČORKA']) t.same(await actorSlugs(app, q), ['franak-viacorka'], q)
  const id = seedIds(app)
  t.equal((await search(app, 'q=VIAČORKA&types=actor')).data[0].id, id('franak-viacorka'))
})

t.test('aliases are searchable: Lukashenko finds Lukashenka, Tikhanovskaya finds Tsikhanouskaya', async (t) => {
  const app = await readOnly
  t.same(await actorSlugs(app, 'Lukashenka'), ['aleksandr-lukashenko'], 'only the actor with that spelling among its aliases')
  t.same(await actorSlugs(app, 'Lukashenko'), ['aleksandr-lukashenko', 'belarusian-government', 'biden-administration', 'christopher-w-smith'])
  t.same(await actorSlugs(app, 'Tsikhanouskaya'), ['svetlana-tikhanovskaya'])
  t.same(await actorSlugs(app, 'Tikhanovskaya'), ['belarusian-opposition', 'franak-viacorka', 'svetlana-tikhanovskaya'])
  const id = seedIds(app)
  const hit = (await search(app, 'q=Lukashenka')).data[0]
  t.equal(hit.id, id('aleksandr-lukashenko'))
  t.equal(hit.title, 'Aleksandr G. Lukashenko', 'the hit is titled by its name')
  t.match(hit.snippet, /<mark>Lukashenka<\/mark>/, 'the snippet shows the alias that matched')
})

t.test('q on each collection searches its own records', async (t) => {
  const app = await readOnly
  const id = seedIds(app)
  const ids = async (url: string) => (await walk(app, url)).map((r) => r.id).sort()
  t.same(await ids('/v1/events?q=vilnius'), [id('evt-smith-vilnius-remarks'), id('evt-smith-private-briefing')].sort())
  t.same(await ids('/v1/events?q=%22election%20fraud%22'), [id('evt-2020-election'), id('evt-2020-protests'), id('evt-lukashenko-asks-putin-security')].sort())
  t.same(await ids('/v1/events?q=potash%20NOT%20biden'), [id('evt-smith-private-briefing')])
  t.same(await ids('/v1/events?q=ukraine%20OR%20potash'), [id('evt-biden-sanctions'), id('evt-smith-private-briefing'), id('evt-russian-invasion-of-ukraine'), id('evt-russian-forces-staging-in-belarus')].sort())
  t.same(await ids('/v1/quotes?q=vilnius'), [id('q-smith-huge-win'), id('q-smith-peace-through-strength'), id('q-smith-briefing-deal')].sort())
  t.same(await ids('/v1/terms?q=sanctions'), [id('term-halt-repression'), id('term-ease-bank-sanctions'), id('term-ease-potash-sanctions')].sort())
  t.same(await ids('/v1/deals?q=potash'), [id('deal-prisoners-for-sanctions-relief')])
  t.same(await ids('/v1/deals?q=ukraine'), [])
  t.same(await ids('/v1/sources?q=potash'), [id('report')])
  t.same(await ids('/v1/events?q=U.S.%20Embassy'), [id('evt-smith-vilnius-remarks')], 'punctuation inside a word is quoted for the user')
})

const MALFORMED = ['"', 'unbalanced "quote', 'AND', 'OR OR', 'potash AND', 'a OR OR b', 'NOT potash', '*', 'NEAR(', 'NEAR(potash', '(potash', 'potash)', '+', '( )', '((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((a']

t.test('a malformed search is a 400 problem naming q, never a 500, on /v1/search and on every collection', async (t) => {
  const app = await readOnly
  for (const path of ['/v1/search', ...COLLECTIONS]) {
    for (const q of MALFORMED) {
      const res = await app.inject({ method: 'GET', url: `${path}?q=${encodeURIComponent(q)}` })
      t.equal(res.statusCode, 400, `${path} q=${q.slice(0, 20)}`)
      t.match(res.headers['content-type'], /^application\/problem\+json/)
      const problem = json(res)
      t.equal(problem.code, 'validation_failed')
      t.same(problem.errors.map((e: Obj) => e.parameter), ['q'], 'names q')
      t.notMatch(problem.detail, /SELECT|fts5|sqlite/i, 'says nothing of SQL')
    }
  }
  const total = await app.inject({ method: 'GET', url: '/v1/events?q=AND&total=true' })
  t.equal(total.statusCode, 400, 'also when a total is asked')
  for (const [q, status] of [['', 400], ['   ', 400]] as const) {
    t.equal((await app.inject({ method: 'GET', url: `/v1/search?q=${encodeURIComponent(q)}` })).statusCode, status, `q=${JSON.stringify(q)}`)
  }
})

t.test('snippets are HTML-escaped, with only the matches marked', async (t) => {
  const app = await makeApp(t)
  const res = await app.inject({
    method: 'POST',
    url: '/v1/sources',
    headers: AUTH,
    payload: { title: 'Field notes', kind: 'report', body: 'Before <script>alert(1)</script> the zanzibar talks & more "quotes".' },
  })
  t.equal(res.statusCode, 201)
  const hit = (await search(app, 'q=zanzibar')).data[0]
  t.equal(hit.type, 'source')
  t.equal(hit.snippet, 'Before &lt;script&gt;alert(1)&lt;/script&gt; the <mark>zanzibar</mark> talks &amp; more "quotes".')
})

t.test('the index follows inserts, updates and deletes', async (t) => {
  const app = await makeApp(t)
  const hits = async (q: string) => (await search(app, `q=${q}`)).data.map((h: Obj) => h.id)
  const listed = async (q: string) => (await walk(app, `/v1/actors?q=${q}`)).map((a) => a.id)
  const created = await app.inject({ method: 'POST', url: '/v1/actors', headers: AUTH, payload: { slug: 'ivan-qwertyzov', name: 'Ivan Qwertyzov', kind: 'person', aliases: ['Ivan Kvertyzau'] } })
  t.equal(created.statusCode, 201)
  const id = json(created).id
  t.same(await hits('kvertyzau'), [id], 'insert: the alias is found by search')
  t.same(await listed('kvertyzau'), [id], 'insert: and by the collection')
  const patched = await app.inject({ method: 'PATCH', url: `/v1/actors/${id}`, headers: AUTH, payload: { aliases: ['Jan Asdfowicz'] } })
  t.equal(patched.statusCode, 200)
  t.same(await hits('kvertyzau'), [], 'update: the old alias is gone from search')
  t.same(await listed('kvertyzau'), [], 'update: and from the collection')
  t.same(await hits('asdfowicz'), [id], 'update: the new alias is found')
  t.same(await listed('asdfowicz'), [id])
  const renamed = await app.inject({ method: 'PATCH', url: `/v1/actors/${id}`, headers: AUTH, payload: { name: 'Ivan Zxcvbov' } })
  t.equal(renamed.statusCode, 200)
  t.equal((await search(app, 'q=zxcvbov')).data[0].title, 'Ivan Zxcvbov', 'the hit carries the new title')
  t.same(await hits('qwertyzov'), [])
  // Deletes: an event, then the actor.
  const event = json(await app.inject({ method: 'POST', url: '/v1/events', headers: AUTH, payload: { title: 'Quagmire summit', category: 'CONSULT', status: 'occurred' } }))
  t.same(await hits('quagmire'), [event.id])
  t.same((await walk(app, '/v1/events?q=quagmire')).map((e) => e.id), [event.id])
  const deleted = await app.inject({ method: 'DELETE', url: `/v1/events/${event.id}`, headers: AUTH })
  t.equal(deleted.statusCode, 204)
  t.same(await hits('quagmire'), [], 'delete: gone from search')
  t.same(await walk(app, '/v1/events?q=quagmire'), [], 'delete: gone from the collection')
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/actors/${id}`, headers: AUTH })).statusCode, 204)
  t.same(await hits('zxcvbov'), [], 'a deleted actor is gone from search')
  t.same(await hits('asdfowicz'), [], 'aliases included')
  t.same(await listed('asdfowicz'), [])
})

t.test('a rolled-back write leaves no trace in either index', async (t) => {
  const app = await makeApp(t)
  const { store, actors, events } = app.repos
  const seedIds_ = seedIds(app)
  // An insert followed, in the same transaction, by a write that fails validation.
  t.throws(() =>
    store.write(() => {
      const record = actors.repo.insertInTx({ slug: 'ghost-actor', name: 'Ghostly Wraithson', kind: 'person' }, { keyId: null })
      actors.repo.patchInTx(record.id as string, { country: 'ZZZ', kind: 'not-a-kind' }, { keyId: null })
    }),
  )
  t.same((await search(app, 'q=wraithson')).data, [], 'search has no hit for the rolled-back insert')
  t.same(await walk(app, '/v1/actors?q=wraithson'), [], 'nor has the collection')
  // An update that is rolled back keeps the old words searchable and the new ones out.
  const eventId = seedIds_('evt-smith-crosses-into-belarus')
  t.throws(() =>
    store.write(() => {
      events.repo.patchInTx(eventId, { title: 'Smith flies a zeppelin' }, { keyId: null })
      throw new Error('the request failed after the update')
    }),
  )
  t.same((await search(app, 'q=zeppelin')).data, [])
  t.same(await walk(app, '/v1/events?q=zeppelin'), [])
  t.same((await walk(app, '/v1/events?q=car')).map((e) => e.id), [eventId], 'the old title is still found')
  // A delete that is rolled back keeps the record findable.
  const termId = seedIds_('term-ease-potash-sanctions')
  t.throws(() =>
    store.write(() => {
      store.sqlite.prepare('DELETE FROM term_links WHERE term_id = ?').run(termId)
      store.sqlite.prepare('DELETE FROM stances WHERE term_id = ?').run(termId)
      store.sqlite.prepare('DELETE FROM deal_terms WHERE id = ?').run(termId)
      throw new Error('rolled back')
    }),
  )
  t.same((await search(app, 'q=potash&types=term')).data.map((h: Obj) => h.id), [termId])
  // A failed request writes nothing to the index either.
  const bad = await app.inject({ method: 'POST', url: '/v1/events', headers: AUTH, payload: { title: 'Quixotic parley', category: 'CONSULT', status: 'occurred', mode: 'release' } })
  t.equal(bad.statusCode, 400)
  t.same((await search(app, 'q=quixotic')).data, [])
})

t.test('search pages: limit and cursor walk every hit once, in order; total counts them', async (t) => {
  const app = await readOnly
  const all = await search(app, 'q=belarus*&limit=200&total=true')
  t.ok(all.data.length > 30, `${all.data.length} hits`)
  t.equal(all.total, all.data.length)
  t.equal(all.has_more, false)
  const paged = await walk(app, '/v1/search?q=belarus*&limit=7')
  t.same(
    paged.map((h) => `${h.type}/${h.id}`),
    all.data.map((h: Obj) => `${h.type}/${h.id}`),
    'the pages, joined, are the one long page',
  )
  const first = await search(app, 'q=belarus*&limit=7')
  const listCursor = json(await app.inject({ method: 'GET', url: '/v1/events?limit=1' })).next_cursor
  for (const [name, cursor] of [['a list cursor', listCursor], ['garbage', 'abc.def'], ['a truncated cursor', first.next_cursor.slice(0, -2)]]) {
    const res = await app.inject({ method: 'GET', url: `/v1/search?q=belarus*&cursor=${encodeURIComponent(cursor)}` })
    t.equal(res.statusCode, 400, name)
    t.equal(json(res).errors[0].parameter, 'cursor', name)
  }
  const searchCursorOnList = await app.inject({ method: 'GET', url: `/v1/events?cursor=${encodeURIComponent(first.next_cursor)}` })
  t.equal(searchCursorOnList.statusCode, 400, 'a search cursor on a list')
  for (const bad of ['limit=0', 'limit=201', 'colour=red', 'sort=score']) {
    const res = await app.inject({ method: 'GET', url: `/v1/search?q=belarus&${bad}` })
    t.equal(res.statusCode, 400, bad)
    t.equal(json(res).errors[0].parameter, bad.split('=')[0])
  }
  t.equal((await app.inject({ method: 'GET', url: '/v1/search?limit=3' })).statusCode, 400, 'q is required')
})

t.test('a database created before the search index gets it, filled, when it migrates', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-migrate-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const old = join(dir, 'migrations')
  cpSync(MIGRATIONS_FOLDER, old, { recursive: true })
  const journalPath = join(old, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalPath, 'utf8'))
  const cut = journal.entries.findIndex((e: Obj) => e.tag.endsWith('query_indexes'))
  t.ok(cut > 0, 'the query index migration is in the journal')
  journal.entries = journal.entries.slice(0, cut)
  writeFileSync(journalPath, JSON.stringify(journal))
  const handle = openDatabase(join(dir, 'old.db'))
  handle.sqlite.pragma('foreign_keys = OFF')
  migrate(handle.db, { migrationsFolder: old })
  handle.sqlite.pragma('foreign_keys = ON')
  loadSeed(createRepositories(handle))
  runMigrations(handle)
  const app = await makeApp(t, { database: handle })
  const id = seedIds(app)
  t.equal((await search(app, 'q=Tsikhanouskaya')).data[0].id, id('svetlana-tikhanovskaya'), 'records written before the migration are searchable')
  const contexts = (await walk(app, '/v1/events?context=election')).map((e) => e.id).sort()
  t.same(contexts, [id('evt-2020-election'), id('evt-2020-protests')].sort(), 'and their contexts filterable')
})

t.test('every trigger that keeps the indexes in step exists', async (t) => {
  // A table rebuild in a future migration drops the table's triggers with it; this notices.
  const app = await readOnly
  const triggers = new Set((app.repos.store.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]).map((r) => r.name))
  for (const table of ['sources', 'actors', 'events', 'quotes', 'deals', 'deal_terms']) {
    for (const op of ['ai', 'ad', 'au']) {
      t.ok(triggers.has(`${table}_search_${op}`), `${table}_search_${op}`)
      t.ok(triggers.has(`${table}_fts_${op}`), `${table}_fts_${op}`)
    }
  }
  t.ok(triggers.has('events_contexts_ai') && triggers.has('events_contexts_au'), 'event_contexts follows events.contexts')
})
