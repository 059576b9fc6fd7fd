// The derived tables behind the feeds (feed_actor_events, feed_actor_quotes,
// feed_activity, feed_dyads, feed_actor_status, feed_quote_counts) must always
// equal what the base tables say.
// Random writes through the API, raw cascading deletes and the migration's
// backfill are each checked against a recomputation written here in plain
// TypeScript, independent of the triggers' SQL.
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { CATEGORIES, DEAL_STATUSES, EVENT_STATUSES, MODES_BY_CATEGORY, PARTICIPANT_ROLES, TERM_STATUSES, type Category } from '../../src/domain/vocabulary.js'
import { actual, all, expected, type R } from '../derived-tables.js'
import { AUTH, json, makeApp } from '../helpers.js'

const ACTORS = ['united-states', 'belarus', 'russia', 'aleksandr-lukashenko', 'christopher-w-smith', 'lithuania']

const dateArb = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 2018, max: 2026 }).map(String),
  fc.record({ y: fc.integer({ min: 2018, max: 2026 }), m: fc.integer({ min: 1, max: 12 }) }).map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}`),
  fc.record({ y: fc.integer({ min: 2018, max: 2026 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }).map(
    ({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  ),
)
const actionArb = fc.constantFrom(...CATEGORIES).chain((category: Category) =>
  fc.record({ category: fc.constant(category), mode: fc.constantFrom(null, ...(MODES_BY_CATEGORY[category] ?? [])) }),
)
const participantsArb = fc.uniqueArray(fc.record({ actor_id: fc.constantFrom(...ACTORS), role: fc.constantFrom(...PARTICIPANT_ROLES) }), {
  maxLength: 6,
  selector: (p) => `${p.actor_id}/${p.role}`,
})
const eventArb = fc.record({ action: actionArb, occurred_on: dateArb, status: fc.constantFrom(...EVENT_STATUSES), participants: participantsArb }).map(({ action, ...e }) => ({
  title: 'Generated event',
  ...action,
  ...e,
}))
const quoteArb = fc.record({
  speaker_id: fc.constantFrom(...ACTORS),
  said_on: dateArb,
  about_actor_ids: fc.uniqueArray(fc.constantFrom(...ACTORS), { maxLength: 3 }),
})

const partiesArb = fc.uniqueArray(fc.record({ actor_id: fc.constantFrom(...ACTORS), side: fc.constantFrom('north', 'south') }), { maxLength: 4, selector: (p) => p.actor_id })
const dealArb = fc.record({ status: fc.constantFrom(...DEAL_STATUSES), status_as_of: dateArb, parties: partiesArb }).map((d) => ({ title: 'Generated deal', ...d }))
const termArb = fc.record({
  obligor_id: fc.constantFrom(null, ...ACTORS),
  beneficiary_id: fc.constantFrom(null, ...ACTORS),
  status: fc.constantFrom(...TERM_STATUSES),
  status_as_of: dateArb,
}).map((x) => ({ action: 'CONCEDE', description: 'Generated term', kind: 'offer', ...x }))

const opArb = fc.oneof(
  dealArb.map((body) => ({ op: 'createDeal' as const, body })),
  fc.record({ pick: fc.nat(), patch: fc.oneof(dealArb, partiesArb.map((parties) => ({ parties })), dateArb.map((status_as_of) => ({ status_as_of }))) }).map((x) => ({ op: 'patchDeal' as const, ...x })),
  fc.record({ pick: fc.nat(), body: termArb }).map((x) => ({ op: 'createTerm' as const, ...x })),
  fc.record({ pick: fc.nat(), patch: fc.oneof(termArb, fc.constantFrom(null, ...ACTORS).map((obligor_id) => ({ obligor_id })), dateArb.map((status_as_of) => ({ status_as_of }))) }).map((x) => ({ op: 'patchTerm' as const, ...x })),
  fc.nat().map((pick) => ({ op: 'deleteTerm' as const, pick })),
  eventArb.map((body) => ({ op: 'createEvent' as const, body })),
  fc.record({ pick: fc.nat(), patch: fc.oneof(eventArb, eventArb.map(({ participants }) => ({ participants })), dateArb.map((occurred_on) => ({ occurred_on })), actionArb, fc.constantFrom(...EVENT_STATUSES).map((status) => ({ status }))) }).map((x) => ({ op: 'patchEvent' as const, ...x })),
  fc.nat().map((pick) => ({ op: 'deleteEvent' as const, pick })),
  quoteArb.map((body) => ({ op: 'createQuote' as const, body })),
  fc.record({ pick: fc.nat(), patch: fc.oneof(quoteArb, quoteArb.map(({ speaker_id }) => ({ speaker_id })), dateArb.map((said_on) => ({ said_on }))) }).map((x) => ({ op: 'patchQuote' as const, ...x })),
  fc.nat().map((pick) => ({ op: 'deleteQuote' as const, pick })),
)

// Building an app is slow on a busy machine: the checks share one, in file order.
const app = await makeApp(t)

t.test('random writes through the API keep every derived table equal to its recomputation', async (t) => {
  t.same(actual(app), expected(app), 'the seed, loaded through the triggers')
  const events: string[] = []
  const quotes: string[] = []
  const deals: string[] = []
  const terms: string[] = []
  let runs = 0
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 12 }), async (ops) => {
      for (const o of ops) {
        let res
        if (o.op === 'createEvent') {
          res = await app.inject({ method: 'POST', url: '/v1/events', headers: AUTH, payload: o.body })
          if (res.statusCode === 201) events.push(json(res).id)
        } else if (o.op === 'patchEvent' && events.length) {
          res = await app.inject({ method: 'PATCH', url: `/v1/events/${events[o.pick % events.length]}`, headers: AUTH, payload: o.patch })
        } else if (o.op === 'deleteEvent' && events.length) {
          res = await app.inject({ method: 'DELETE', url: `/v1/events/${events.splice(o.pick % events.length, 1)[0]}`, headers: AUTH })
        } else if (o.op === 'createDeal') {
          res = await app.inject({ method: 'POST', url: '/v1/deals', headers: AUTH, payload: o.body })
          if (res.statusCode === 201) deals.push(json(res).id)
        } else if (o.op === 'patchDeal' && deals.length) {
          res = await app.inject({ method: 'PATCH', url: `/v1/deals/${deals[o.pick % deals.length]}`, headers: AUTH, payload: o.patch })
        } else if (o.op === 'createTerm' && deals.length) {
          res = await app.inject({ method: 'POST', url: `/v1/deals/${deals[o.pick % deals.length]}/terms`, headers: AUTH, payload: o.body })
          if (res.statusCode === 201) terms.push(json(res).id)
        } else if (o.op === 'patchTerm' && terms.length) {
          res = await app.inject({ method: 'PATCH', url: `/v1/terms/${terms[o.pick % terms.length]}`, headers: AUTH, payload: o.patch })
        } else if (o.op === 'deleteTerm' && terms.length) {
          res = await app.inject({ method: 'DELETE', url: `/v1/terms/${terms.splice(o.pick % terms.length, 1)[0]}`, headers: AUTH })
        } else if (o.op === 'createQuote') {
          res = await app.inject({ method: 'POST', url: '/v1/quotes', headers: AUTH, payload: { text: 'Generated words', kind: 'direct', ...o.body } })
          if (res.statusCode === 201) quotes.push(json(res).id)
        } else if (o.op === 'patchQuote' && quotes.length) {
          res = await app.inject({ method: 'PATCH', url: `/v1/quotes/${quotes[o.pick % quotes.length]}`, headers: AUTH, payload: o.patch })
        } else if (o.op === 'deleteQuote' && quotes.length) {
          res = await app.inject({ method: 'DELETE', url: `/v1/quotes/${quotes.splice(o.pick % quotes.length, 1)[0]}`, headers: AUTH })
        }
        // Every generated write is valid: a refusal would mean the test checks nothing.
        if (res && res.statusCode >= 300) throw new Error(`${o.op} answered ${res.statusCode}: ${res.body}`)
      }
      runs++
      const got = actual(app)
      const want = expected(app)
      if (JSON.stringify(got) !== JSON.stringify(want)) t.same(got, want, `derived tables after run ${runs}`)
      return JSON.stringify(got) === JSON.stringify(want)
    }),
    { numRuns: 50, seed: 20250212 },
  )
  t.equal(runs, 50)
  t.ok(events.length && quotes.length && deals.length && terms.length, 'the runs left records of every kind behind to check')
})

t.test('raw cascading deletes keep the derived tables whole', async (t) => {
  const db = app.repos.store.sqlite
  const visit = db.prepare("SELECT id FROM events WHERE title LIKE 'U.S. envoy%'").get() as R
  // Detach what refers to it, then delete the row alone: the participants go by ON DELETE CASCADE.
  db.prepare('UPDATE events SET parent_event_id = NULL WHERE parent_event_id = ?').run(visit.id)
  db.prepare('UPDATE quotes SET event_id = NULL WHERE event_id = ?').run(visit.id)
  db.prepare('DELETE FROM events WHERE id = ?').run(visit.id)
  t.equal((db.prepare('SELECT count(*) AS n FROM event_participants WHERE event_id = ?').get(visit.id) as R).n, 0, 'the participants cascaded')
  // A quote whose subjects cascade, and a term whose history stays behind.
  const quote = db.prepare("SELECT id FROM quotes WHERE text = 'huge win'").get() as R
  db.prepare('DELETE FROM stances WHERE quote_id = ?').run(quote.id)
  db.prepare('DELETE FROM quotes WHERE id = ?').run(quote.id)
  t.equal((db.prepare('SELECT count(*) AS n FROM quote_actors WHERE quote_id = ?').get(quote.id) as R).n, 0, 'the subjects cascaded')
  const term = db.prepare("SELECT id FROM deal_terms WHERE description LIKE 'Opposition condition%'").get() as R
  db.prepare('DELETE FROM term_links WHERE target_term_id = ?').run(term.id)
  db.prepare('DELETE FROM deal_terms WHERE id = ?').run(term.id)
  t.same(actual(app), expected(app))
})

t.test("the migration's backfill rebuilds the derived tables of an existing database", async (t) => {
  const db = app.repos.store.sqlite
  const before = actual(app)
  const file = readFileSync(new URL('../../migrations/0005_feeds_derived.sql', import.meta.url), 'utf8')
  const backfill = file.slice(file.indexOf('-- Existing data')).split('--> statement-breakpoint')
  db.exec('DELETE FROM feed_actor_events; DELETE FROM feed_actor_quotes; DELETE FROM feed_activity; DELETE FROM feed_dyads; DELETE FROM feed_actor_status; DELETE FROM feed_quote_counts; DELETE FROM feed_actor_totals; DELETE FROM feed_speaker_totals;')
  for (const statement of backfill) db.exec(statement)
  t.same(actual(app), before)
  t.same(actual(app), expected(app))
})
