// The benchmark data generator (bench/generator) builds what the benchmarks
// measure; this keeps it honest: the counts asked for, a database Parley itself
// accepts and serves, intact indexes and references, and the skew of real news.
import t from 'tap'
import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { generateDatabase, planFor } from '../generator/generate.js'
import { modeIsValid } from '../../src/domain/vocabulary.js'
import { ftsSegments, ftsTables } from '../../src/search/fts-maintenance.js'
import { makeApp, json } from '../../test/helpers.js'

const EVENTS = 2000

t.test('a small generated database', async (t) => {
  const out = join(t.testdir(), 'gen.db')
  const lines: string[] = []
  const report = generateDatabase({ events: EVENTS, out, seed: 1, log: (l) => lines.push(l) })
  const plan = planFor(EVENTS)
  t.match(lines.at(-1), /^total .*\/s/, 'prints its own throughput')
  t.notOk(existsSync(`${out}.building`), 'leaves no half-built file behind')

  const db = new Database(out, { readonly: true })
  t.teardown(() => db.close())
  const one = <T = number>(sql: string): T => db.prepare(sql).pluck().get() as T

  t.test('holds the planned number of each record', async (t) => {
    t.equal(report.plan.events, EVENTS)
    t.same(
      {
        events: one('SELECT count(*) FROM events'),
        quotes: one('SELECT count(*) FROM quotes'),
        actors: one('SELECT count(*) FROM actors'),
        deals: one('SELECT count(*) FROM deals'),
        terms: one('SELECT count(*) FROM deal_terms'),
        sources: one('SELECT count(*) FROM sources'),
      },
      { events: EVENTS, quotes: EVENTS / 2, actors: plan.actors, deals: plan.deals, terms: plan.deals * 5, sources: plan.sources },
    )
    const total = Object.values(plan).reduce((a, b) => a + b, 0)
    t.equal(one("SELECT count(*) FROM changes WHERE op = 'create'"), total, 'every record has its change-log entry')
  })

  t.test('every event has one to four participants, all of them real actors', async (t) => {
    t.equal(one('SELECT count(DISTINCT event_id) FROM event_participants'), EVENTS)
    t.same(db.prepare('SELECT min(n) AS lo, max(n) AS hi FROM (SELECT count(*) AS n FROM event_participants GROUP BY event_id)').get(), { lo: 1, hi: 4 })
    t.equal(one('SELECT count(*) FROM event_participants p LEFT JOIN actors a ON a.id = p.actor_id WHERE a.id IS NULL'), 0)
    t.ok(one('SELECT count(*) FROM citations') >= EVENTS + EVENTS / 2, 'events and quotes cite sources')
  })

  t.test('passes integrity, foreign-key and full-text index checks', async (t) => {
    t.equal(one('PRAGMA integrity_check'), 'ok')
    t.same(db.prepare('PRAGMA foreign_key_check').all(), [])
    const rw = new Database(out)
    t.teardown(() => rw.close())
    for (const fts of ['events_fts', 'quotes_fts', 'actors_fts', 'sources_fts', 'deals_fts', 'deal_terms_fts']) {
      t.doesNotThrow(() => rw.prepare(`INSERT INTO ${fts}(${fts}) VALUES ('integrity-check')`).run(), `${fts} matches its table`)
    }
    t.ok(one("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'sanctions'") > 0, 'the quote index finds common words')
    for (const fts of ftsTables(db)) t.equal(ftsSegments(db, fts), 1, `${fts} ends in one segment, as after a bulk load`)
  })

  t.test('uses PLOVER modes only where the category allows them', async (t) => {
    const pairs = db.prepare('SELECT DISTINCT category, mode FROM events').all() as { category: string; mode: string | null }[]
    t.ok(pairs.some((p) => p.mode !== null), 'some events have a mode')
    t.same(pairs.filter((p) => !modeIsValid(p.category, p.mode)), [])
    t.ok(pairs.map((p) => p.category).filter((c, i, a) => a.indexOf(c) === i).length >= 12, 'most categories occur')
  })

  t.test('is skewed like news coverage and spread over twenty years at mixed precision', async (t) => {
    const counts = db.prepare('SELECT count(*) AS n FROM event_participants GROUP BY actor_id ORDER BY n DESC').pluck().all() as number[]
    t.ok(counts[0] >= EVENTS * 0.1, `the best-covered actor is in at least a tenth of the events (${counts[0]})`)
    t.ok(counts[0] >= 10 * counts[Math.floor(counts.length / 2)], 'and in ten times as many as the median actor')
    const precisions = db.prepare("SELECT DISTINCT length(occurred_on) FROM events WHERE occurred_on IS NOT NULL ORDER BY 1").pluck().all()
    t.same(precisions, [4, 7, 10], 'years, months and days')
    t.ok(one<string>('SELECT min(span_start) FROM events') >= '2006-01-01' && one<string>('SELECT max(span_end) FROM events') <= '2026-01-31', 'from 2006 to 2025')
    t.ok(one("SELECT count(*) FROM events WHERE span_start < '2010-01-01'") > EVENTS * 0.1, 'not bunched at one end')
  })

  t.test('refuses to overwrite a database unless forced', async (t) => {
    t.throws(() => generateDatabase({ events: 10, out }), /exists/)
  })

  t.test('is served by Parley as it stands', async (t) => {
    const app = await makeApp(t, { config: { dbPath: out, seed: false } })
    const list = await app.inject({ method: 'GET', url: '/v1/events?category=CONSULT&occurred_from=2010&occurred_to=2020&sort=-occurred_on&include=participants' })
    t.equal(list.statusCode, 200)
    const page = json(list)
    t.equal(page.data.length, 25)
    t.ok(page.data[0].participants[0].actor.name, 'participants embed their actors')
    t.ok(page.data[0].citations.length >= 1, 'events carry citations')
    const quotes = await app.inject({ method: 'GET', url: '/v1/quotes?q=sanctions' })
    t.equal(quotes.statusCode, 200)
    t.ok(json(quotes).data.length > 0)
  })
})
