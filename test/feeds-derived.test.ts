// The derived tables behind the feeds (feed_actor_events, feed_actor_quotes,
// feed_activity, feed_dyads) must always equal what the base tables say.
// Random writes through the API, raw cascading deletes and the migration's
// backfill are each checked against a recomputation written here in plain
// TypeScript, independent of the triggers' SQL.
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { CATEGORIES, EVENT_STATUSES, MODES_BY_CATEGORY, PARTICIPANT_ROLES, type Category } from '../src/domain/vocabulary.js'
import { AUTH, json, makeApp } from './helpers.js'

type R = Record<string, any>

function all(app: FastifyInstance, sql: string): R[] {
  return app.repos.store.sqlite.prepare(sql).all() as R[]
}

const period = (fuzzy: string | null) => (fuzzy == null ? '' : fuzzy.slice(0, 7))

/** What the derived tables should hold, computed from the base tables. */
function expected(app: FastifyInstance) {
  const actorPk = new Map(all(app, 'SELECT id, pk FROM actors').map((a) => [a.id, a.pk as number]))
  const events = new Map(all(app, 'SELECT * FROM events').map((e) => [e.id, e]))
  const roles = new Map<string, Map<string, Set<string>>>()
  for (const p of all(app, 'SELECT * FROM event_participants')) {
    const byActor = roles.get(p.event_id) ?? new Map<string, Set<string>>()
    byActor.set(p.actor_id, (byActor.get(p.actor_id) ?? new Set()).add(p.role))
    roles.set(p.event_id, byActor)
  }
  const actorEvents: string[] = []
  const activity = new Map<string, number>()
  const bump = (key: string) => activity.set(key, (activity.get(key) ?? 0) + 1)
  const dyads: string[] = []
  for (const e of events.values()) {
    const key = (pk: number) => `${pk}|${period(e.occurred_on)}|${e.category}|${e.status}`
    bump(key(0))
    const byActor = roles.get(e.id) ?? new Map()
    for (const actorId of byActor.keys()) {
      actorEvents.push(`${actorPk.get(actorId)}|${e.span_start ?? ''}|${e.pk}`)
      bump(key(actorPk.get(actorId)!))
    }
    const ids = [...byActor.keys()]
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        let [x, y] = [ids[i], ids[j]]
        if (actorPk.get(x)! > actorPk.get(y)!) [x, y] = [y, x]
        const rx = byActor.get(x)!
        const ry = byActor.get(y)!
        const acts = (a: Set<string>, b: Set<string>) => a.has('source') && (b.has('target') || b.has('beneficiary'))
        const dir = (acts(rx, ry) ? 1 : 0) | (acts(ry, rx) ? 2 : 0) | (rx.has('participant') && ry.has('participant') ? 4 : 0)
        if (dir) dyads.push(`${actorPk.get(x)}|${actorPk.get(y)}|${period(e.occurred_on)}|${e.category}|${e.mode ?? ''}|${e.status}|${e.pk}|${dir}`)
      }
    }
  }
  const actorQuotes = new Set<string>()
  const about = all(app, 'SELECT * FROM quote_actors')
  const quotes = new Map(all(app, 'SELECT * FROM quotes').map((q) => [q.id, q]))
  for (const q of quotes.values()) actorQuotes.add(`${actorPk.get(q.speaker_id)}|${q.said_on_start ?? ''}|${q.pk}`)
  for (const a of about) {
    const q = quotes.get(a.quote_id)!
    actorQuotes.add(`${actorPk.get(a.actor_id)}|${q.said_on_start ?? ''}|${q.pk}`)
  }
  return {
    actorEvents: actorEvents.sort(),
    activity: [...activity.entries()].map(([k, n]) => `${k}|${n}`).sort(),
    dyads: dyads.sort(),
    actorQuotes: [...actorQuotes].sort(),
  }
}

function actual(app: FastifyInstance) {
  return {
    actorEvents: all(app, 'SELECT * FROM feed_actor_events').map((r) => `${r.actor_pk}|${r.date_start}|${r.event_pk}`).sort(),
    activity: all(app, 'SELECT * FROM feed_activity WHERE n <> 0').map((r) => `${r.actor_pk}|${r.period}|${r.category}|${r.status}|${r.n}`).sort(),
    dyads: all(app, 'SELECT * FROM feed_dyads').map((r) => `${r.a_pk}|${r.b_pk}|${r.period}|${r.category}|${r.mode}|${r.status}|${r.event_pk}|${r.dir}`).sort(),
    actorQuotes: all(app, 'SELECT * FROM feed_actor_quotes').map((r) => `${r.actor_pk}|${r.date_start}|${r.quote_pk}`).sort(),
  }
}

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

const opArb = fc.oneof(
  eventArb.map((body) => ({ op: 'createEvent' as const, body })),
  fc.record({ pick: fc.nat(), patch: fc.oneof(eventArb, eventArb.map(({ participants }) => ({ participants })), dateArb.map((occurred_on) => ({ occurred_on })), actionArb, fc.constantFrom(...EVENT_STATUSES).map((status) => ({ status }))) }).map((x) => ({ op: 'patchEvent' as const, ...x })),
  fc.nat().map((pick) => ({ op: 'deleteEvent' as const, pick })),
  quoteArb.map((body) => ({ op: 'createQuote' as const, body })),
  fc.record({ pick: fc.nat(), patch: fc.oneof(quoteArb, quoteArb.map(({ speaker_id }) => ({ speaker_id })), dateArb.map((said_on) => ({ said_on }))) }).map((x) => ({ op: 'patchQuote' as const, ...x })),
  fc.nat().map((pick) => ({ op: 'deleteQuote' as const, pick })),
)

t.test('random writes through the API keep every derived table equal to its recomputation', async (t) => {
  const app = await makeApp(t)
  t.same(actual(app), expected(app), 'the seed, loaded through the triggers')
  const events: string[] = []
  const quotes: string[] = []
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
    { numRuns: 40, seed: 20250212 },
  )
  t.equal(runs, 40)
  t.ok(events.length + quotes.length > 0, 'the runs left records behind to check')
})

t.test('a raw cascading delete of an event keeps the derived tables whole', async (t) => {
  const app = await makeApp(t)
  const db = app.repos.store.sqlite
  const visit = db.prepare("SELECT id FROM events WHERE title LIKE 'U.S. envoy%'").get() as R
  // Detach what refers to it, then delete the row alone: the participants go by ON DELETE CASCADE.
  db.prepare('UPDATE events SET parent_event_id = NULL WHERE parent_event_id = ?').run(visit.id)
  db.prepare('UPDATE quotes SET event_id = NULL WHERE event_id = ?').run(visit.id)
  db.prepare('DELETE FROM events WHERE id = ?').run(visit.id)
  t.equal((db.prepare('SELECT count(*) AS n FROM event_participants WHERE event_id = ?').get(visit.id) as R).n, 0, 'the participants cascaded')
  t.same(actual(app), expected(app))
})

t.test("the migration's backfill rebuilds the derived tables of an existing database", async (t) => {
  const app = await makeApp(t)
  const db = app.repos.store.sqlite
  const before = actual(app)
  const file = readFileSync(new URL('../migrations/0003_feeds_derived.sql', import.meta.url), 'utf8')
  const backfill = file.slice(file.indexOf('-- Existing data')).split('--> statement-breakpoint')
  db.exec('DELETE FROM feed_actor_events; DELETE FROM feed_actor_quotes; DELETE FROM feed_activity; DELETE FROM feed_dyads;')
  for (const statement of backfill) db.exec(statement)
  t.same(actual(app), before)
  t.same(actual(app), expected(app))
})
