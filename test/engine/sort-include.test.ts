// Sorting from the enumerated set with ties broken by id, and embedded
// relations loaded with a number of queries that does not grow with the page.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { json, makeApp } from '../helpers.js'
import { makeCountingApp, seedIds, walk } from '../query-helpers.js'

type Obj = Record<string, any>

t.setTimeout(180_000)

t.test('sort=-occurred_on,title on the seed: newest first, titles A to Z within a date, undated last', async (t) => {
  const app = await makeApp(t)
  const titles = (await walk(app, '/v1/events?sort=-occurred_on,title&limit=6')).map((e) => e.title)
  // Read off the seed by hand; titles compare byte by byte, so ’ sorts after every ASCII letter.
  t.same(titles, [
    'Belarus releases three detainees',
    'Belarusian opposition reacts with cautious optimism',
    'Belarusian state media hint at a higher-ranking U.S. official’s presence',
    'Phone call between Trump and Putin',
    'Smith crosses into Belarus by car',
    'Smith meets President Lukashenko',
    'Smith meets top Belarusian security officials',
    'Smith’s private briefing with Western diplomats in Vilnius',
    'Smith’s remarks outside the U.S. Embassy in Vilnius',
    'U.S. envoy Christopher W. Smith’s discreet visit to Belarus',
    'U.S. officials drive the released detainees to Lithuania',
    'Viacorka conditions sanctions relief on an end to repression',
    'Belarusian authorities arrest suspected Russian mercenaries',
    'Belarus’s controversial 2020 election',
    'Mass protests over election fraud in Belarus',
    'Biden administration imposes strict sanctions on Belarus',
    'Lukashenko turns to Putin for security assistance',
    'Potential release of more political prisoners',
    'Russian forces use Belarus as a staging ground for the invasion of Ukraine',
    'Russian invasion of Ukraine',
  ])
})

t.test('every sort of every collection orders its records, ties broken by id in the direction of the last key', async (t) => {
  const app = await makeApp(t)
  // Titles that tie, so the id has to decide.
  app.repos.store.write(() => {
    for (let i = 0; i < 30; i++) app.repos.events.repo.insertInTx({ title: `Tie ${i % 3}`, category: 'AID', status: 'occurred', occurred_on: i % 2 ? '2021' : null }, { keyId: null })
  })
  // The first day a fuzzy date covers; '' for none, which sorts before every date.
  const start = (d: string | null) => (d === null ? '' : d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d)
  const field: Record<string, (r: Obj) => string> = {
    id: (r) => r.id,
    title: (r) => r.title,
    name: (r) => r.name,
    created_at: (r) => r.created_at,
    occurred_on: (r) => start(r.occurred_on),
    said_on: (r) => start(r.said_on),
    first_reported_on: (r) => start(r.first_reported_on),
    published_on: (r) => start(r.published_on),
    started_on: (r) => start(r.started_on),
  }
  const sorts: Record<string, string[]> = {
    '/v1/events': ['title', '-title', 'occurred_on', '-occurred_on', 'created_at', '-created_at', '-occurred_on,title', 'title,-occurred_on'],
    '/v1/actors': ['name', '-name', '-id'],
    '/v1/quotes': ['said_on', '-said_on', '-created_at'],
    '/v1/deals': ['title', '-first_reported_on'],
    '/v1/sources': ['published_on', '-title'],
    '/v1/positions': ['started_on', '-started_on'],
    '/v1/relations': ['-started_on'],
    '/v1/terms': ['-id'],
  }
  for (const [path, list] of Object.entries(sorts)) {
    for (const sort of list) {
      const records = await walk(app, `${path}?sort=${sort}&limit=4`)
      const keys = sort.split(',').map((k) => ({ f: field[k.replace('-', '')], desc: k.startsWith('-') }))
      keys.push({ f: field.id, desc: keys[keys.length - 1].desc })
      const bad = records.findIndex((r, i) => {
        if (i === 0) return false
        for (const k of keys) {
          const [a, b] = [k.f(records[i - 1]), k.f(r)]
          if (a !== b) return k.desc ? a < b : a > b
        }
        return true // two records with equal keys, id included: impossible
      })
      t.equal(bad, -1, `${path}?sort=${sort}: ${records.length} records in order`)
    }
  }
})

t.test('includes embed the related records', async (t) => {
  const app = await makeApp(t)
  const id = seedIds(app)
  const visit = id('evt-smith-visit-belarus')
  const events = (await walk(app, '/v1/events?include=participants,quotes&limit=7'))
  for (const e of events) {
    for (const p of e.participants) t.equal(p.actor?.id, p.actor_id, `${e.title}: participant ${p.actor_id} embedded`)
    const own = (await walk(app, `/v1/quotes?event=${e.id}`)).map((q) => q.id)
    t.same(e.quotes.map((q: Obj) => q.id).sort(), own.sort(), `${e.title}: its quotes`)
  }
  const one = json(await app.inject({ method: 'GET', url: `/v1/events/${visit}?include=quotes,participants` }))
  t.same(one.quotes.map((q: Obj) => q.id).sort(), [id('q-shraibman-positive-development'), id('q-shraibman-caution')].sort(), 'one event, by hand: the two Shraibman quotes')
  t.same(one.participants.map((p: Obj) => p.actor.slug), ['christopher-w-smith', 'united-states', 'aleksandr-lukashenko', 'belarus'])
  const plain = json(await app.inject({ method: 'GET', url: `/v1/events/${visit}` }))
  t.notOk('quotes' in plain, 'nothing is embedded unless asked')
  t.notOk('actor' in plain.participants[0])

  for (const q of await walk(app, '/v1/quotes?include=speaker,event,speaker_position&limit=4')) {
    t.equal(q.speaker.id, q.speaker_id)
    t.equal(q.event?.id ?? null, q.event_id)
    t.equal(q.speaker_position?.id ?? null, q.speaker_position_id)
    t.equal(q.speaker_position?.holder_id ?? q.speaker_id, q.speaker_id, 'the position is held by the speaker')
  }
  const deal = (await walk(app, '/v1/deals?include=parties,terms,status_history'))[0]
  t.same(deal.parties.map((p: Obj) => p.actor.slug), ['united-states', 'trump-administration', 'christopher-w-smith', 'belarus', 'aleksandr-lukashenko'])
  t.same(deal.terms.map((x: Obj) => x.id).sort(), ['term-release-political-prisoners', 'term-halt-repression', 'term-ease-bank-sanctions', 'term-ease-potash-sanctions'].map(id).sort())
  const potash = deal.terms.find((x: Obj) => x.id === id('term-ease-potash-sanctions'))
  t.same(potash.links.map((l: Obj) => l.target_term_id).sort(), [id('term-release-political-prisoners'), id('term-halt-repression')].sort(), 'terms carry their links')
  t.same(potash.stances.map((s: Obj) => s.stance), ['conditional', 'conditional'], 'and their stances')
  t.same(deal.status_history.map((h: Obj) => h.status), ['exploratory'])
  const term = (await walk(app, `/v1/terms?include=status_history&deal=${deal.id}`))[0]
  t.ok(term.status_history.length >= 1)
  t.equal(term.status_history.at(-1).status, term.status, 'the last history entry is the current status')
})

/** Creates `n` events with participants and quotes, deals with parties and terms. */
function bulk(app: FastifyInstance, n: number) {
  const { store, actors, events, quotes, deals, terms, positions } = app.repos
  const ctx = { keyId: null }
  const actorIds = (store.sqlite.prepare('SELECT id FROM actors LIMIT 6').all() as { id: string }[]).map((r) => r.id)
  store.write(() => {
    const position = positions.repo.insertInTx({ holder_id: actorIds[0], title: 'envoy' }, ctx).id
    for (let i = 0; i < n; i++) {
      const participants = actorIds.slice(0, 1 + (i % 5)).map((a, k) => ({ actor_id: a, role: k % 2 ? 'target' : 'source' }))
      const event = events.repo.insertInTx({ title: `Bulk ${i}`, category: 'CONSULT', status: 'occurred', participants }, ctx)
      for (let k = 0; k < i % 3; k++) quotes.repo.insertInTx({ text: `Said ${i}/${k}`, kind: 'direct', speaker_id: actorIds[0], speaker_position_id: position, event_id: event.id, about_actor_ids: [actorIds[1]] }, ctx)
      const deal = deals.repo.insertInTx({ title: `Bulk deal ${i}`, status: 'proposed', parties: actorIds.slice(0, 2).map((a) => ({ actor_id: a, side: 'x' })) }, ctx)
      terms.repo.insertInTx({ deal_id: deal.id, action: 'CONCEDE', description: `Give ${i}`, kind: 'offer', status: 'floated', obligor_id: actorIds[0] }, ctx)
    }
    void actors
  })
}

t.test('includes take a fixed number of queries per page, whatever its size', async (t) => {
  const { app, count } = await makeCountingApp(t)
  bulk(app, 60)
  const cases = [
    '/v1/events?include=participants,quotes',
    '/v1/events',
    '/v1/quotes?include=speaker,event,speaker_position',
    '/v1/deals?include=parties,terms,status_history',
    '/v1/terms?include=status_history',
  ]
  for (const url of cases) {
    // Newest first: the bulk records, each page with some of every embedded kind.
    const small = await count(`${url}${url.includes('?') ? '&' : '?'}sort=-id&limit=3`)
    const large = await count(`${url}${url.includes('?') ? '&' : '?'}sort=-id&limit=50`)
    t.equal(small.body.data.length, 3)
    t.equal(large.body.data.length, 50, `${url}: a page of 50`)
    t.equal(large.n, small.n, `${url}: ${small.n} statements for 3 records and for 50`)
    t.ok(small.n <= 15, `${url}: ${small.n} statements`)
  }
  const withIncludes = await count('/v1/events?include=participants,quotes&sort=-id&limit=50')
  const without = await count('/v1/events?sort=-id&limit=50')
  // Without includes a page is one statement (each record built as JSON in SQLite). quotes has no SQL
  // form, so that page is hydrated: the events' two child lists; participants: the actors, and their
  // citations; quotes: the quotes, and their three child lists.
  t.equal(withIncludes.n - without.n, 2 + 2 + 4, 'the includes add eight statements to a page of 50')
})

t.test('includes still work after an export, which reads through repositories of its own', async (t) => {
  // The export builds repositories over a snapshot connection of the database file and closes
  // it when done; the app's includes must keep reading through the app's own connection.
  const dir = mkdtempSync(join(tmpdir(), 'parley-include-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const app = await makeApp(t, { config: { dbPath: join(dir, 'parley.db') } })
  const url = '/v1/events?sort=-occurred_on,title&include=participants,quotes&limit=3'
  const before = await app.inject({ url })
  t.equal(before.statusCode, 200)
  t.equal((await app.inject({ url: '/v1/export?type=events' })).statusCode, 200)
  t.equal((await app.inject({ url: '/v1/events.csv' })).statusCode, 200)
  const after = await app.inject({ url })
  t.equal(after.statusCode, 200, after.body)
  t.same(JSON.parse(after.body), JSON.parse(before.body), 'the same page, quotes and participants embedded')
  const deal = await app.inject({ url: '/v1/deals?include=parties,terms&limit=2' })
  t.equal(deal.statusCode, 200, deal.body)
})
