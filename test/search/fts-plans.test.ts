// `q` on a collection is served by one of three plans, chosen by how many
// rows match (src/search/fts.ts): lookup (read every match), walk (the
// sort index, kept by membership in the match set) and probe (the sort index,
// asking the FTS index about each row). Whatever the plan, a query returns the
// same rows in the same order, page after page, and the same total.
import t from 'tap'
import { FTS_PLANNING } from '../../src/search/fts.js'
import type { ListEngine } from '../../src/engine/list-query.js'
import { generatedLines, importNdjson } from '../data-helpers.js'
import { json, makeApp } from '../helpers.js'
import { walk } from '../query-helpers.js'

type Obj = Record<string, any>

t.setTimeout(120_000)
const DEFAULTS = { ...FTS_PLANNING }
t.afterEach(() => Object.assign(FTS_PLANNING, DEFAULTS))

// Generated quotes repeat a few sentences, so some words match about a sixth of them.
const app = makeApp(t).then(async (app) => {
  const res = await importNdjson(app, `${generatedLines(1500).join('\n')}\n`)
  if (res.statusCode !== 200) throw new Error(`import: ${res.statusCode} ${res.body}`)
  return app
})

/** Thresholds that make every query with a match take the given plan (if it can). */
const FORCE = {
  lookup: { sample: 1e9, probeDensity: 2, maxExpansion: 0, rangeDensity: 2, idOrder: false },
  walk: { sample: 1, probeDensity: 2, maxExpansion: 0, rangeDensity: 2, idOrder: false },
  probe: { sample: 1, probeDensity: 0, maxExpansion: 0, rangeDensity: 2, idOrder: false },
  // The range walk: narrowing by rowid range all along; as far as the rowids follow the sort (4); or giving up at once for the walk or the probe.
  range: { sample: 1, probeDensity: 2, maxExpansion: 0, rangeDensity: 0, rangeSpan: 1e9, idOrder: false },
  'range-span4': { sample: 1, probeDensity: 2, maxExpansion: 0, rangeDensity: 0, rangeSpan: 4, idOrder: false },
  'range-then-walk': { sample: 1, probeDensity: 2, maxExpansion: 0, rangeDensity: 0, rangeSpan: 0, idOrder: false },
  'range-then-probe': { sample: 1, probeDensity: 0, maxExpansion: 0, rangeDensity: 0, rangeSpan: 0, idOrder: false },
  // Sorted by id, while the ids follow the pks: the index's matches in rowid order (other sorts: lookup).
  'id-order': { sample: 1e9, probeDensity: 2, maxExpansion: 0, rangeDensity: 2, idOrder: true },
} as const

function planOf(engine: ListEngine, query: Record<string, unknown>): string {
  const { sql, range, idOrder } = engine.build(query)
  if (idOrder) return 'id-order'
  if (range) return 'range'
  if (sql.includes('EXISTS (SELECT 1 FROM quotes_fts')) return 'probe'
  if (sql.includes('+t.pk IN (SELECT rowid FROM quotes_fts')) return 'walk'
  if (sql.includes('t.pk IN (SELECT rowid FROM quotes_fts')) return 'lookup'
  return 'none'
}

t.test('every plan returns the same rows, in the same order, across pages, with the same total', async (t) => {
  const a = await app
  const engine = a.repos.quotes.list
  const queries = ['sanctions', 'talks', 'sanction*', 'prisoners OR detainees', '"political prisoners"', 'border AND car', 'strength', 'nothingmatchesthis']
  const sorts = ['id', '-id', 'said_on', '-said_on', '-created_at']
  let compared = 0
  for (const q of queries) {
    for (const sort of sorts) {
      const url = `/v1/quotes?q=${encodeURIComponent(q)}&sort=${sort}&limit=40`
      const results: Record<string, string[]> = {}
      const totals: Record<string, number> = {}
      for (const [plan, settings] of Object.entries(FORCE)) {
        Object.assign(FTS_PLANNING, settings)
        // A prefix query is never probed: its forced probe is a walk.
        const expected =
          plan === 'id-order' ? (/^-?id$/.test(sort) ? 'id-order' : 'lookup') : q === 'nothingmatchesthis' ? 'lookup' : plan.startsWith('range') ? 'range' : plan === 'probe' && q.includes('*') ? 'walk' : plan
        t.equal(planOf(engine, { q, sort }), expected, `${q} ${sort}: the ${plan} settings choose ${expected}`)
        results[plan] = (await walk(a, url)).map((r: Obj) => r.id)
        totals[plan] = json(await a.inject({ method: 'GET', url: `${url}&total=true` })).total
      }
      for (const plan of Object.keys(FORCE).filter((p) => p !== 'lookup')) t.same(results[plan], results.lookup, `${q} sort=${sort}: ${plan} = lookup`)
      t.equal(new Set(results.lookup).size, results.lookup.length, `${q} sort=${sort}: no row twice`)
      for (const plan of Object.keys(FORCE)) t.equal(totals[plan], totals.lookup, `${q} sort=${sort}: ${plan} total ${totals.lookup}`)
      t.equal(totals.lookup, results.lookup.length, `${q} sort=${sort}: the total counts the rows walked`)
      compared++
    }
  }
  // The common words do match many rows, so the comparison is not of empty lists.
  Object.assign(FTS_PLANNING, DEFAULTS)
  const common = json(await a.inject({ method: 'GET', url: '/v1/quotes?q=sanctions&total=true' })).total
  t.ok(common > 50, `sanctions matches ${common} quotes`)
  t.equal(compared, queries.length * sorts.length)
})

t.test('the plan follows how many rows match, and the query plan walks the sort index when it should', async (t) => {
  const a = await app
  const engine = a.repos.quotes.list
  const sqlite = a.repos.store.sqlite
  const explain = (query: Record<string, unknown>) => {
    const built = engine.build(query)
    return (sqlite.prepare(`EXPLAIN QUERY PLAN ${built.sql}`).all(...built.params) as { detail: string }[]).map((r) => r.detail)
  }
  // Sorted by id (the default) while the ids follow the pks, q alone reads the index in rowid order, whatever its words.
  for (const q of ['sanctions', 'strength', 'sanction*', 'nothingmatchesthis']) {
    t.equal(planOf(engine, { q }), 'id-order', `${q}: in rowid order`)
    t.equal(planOf(engine, { q, sort: '-id' }), 'id-order', `${q} sort=-id: in rowid order, from the end`)
  }
  t.not(planOf(engine, { q: 'sanctions', kind: 'direct' }), 'id-order', 'not with another filter')
  t.not(planOf(engine, { q: 'sanctions', sort: 'said_on' }), 'id-order', 'nor another sort')
  // Without it: a common word alone is served by the range walk; with another filter it walks.
  Object.assign(FTS_PLANNING, { sample: 50, idOrder: false })
  t.equal(planOf(engine, { q: 'sanctions' }), 'range', 'a common word alone walks by rowid ranges')
  t.equal(planOf(engine, { q: 'sanctions', kind: 'direct' }), 'walk', 'with another filter, no range walk')
  // Without the range walk: few matches (fewer than the sample): read them all.
  Object.assign(FTS_PLANNING, { sample: 50, probeDensity: 0.05, rangeDensity: 2, idOrder: false })
  t.equal(planOf(engine, { q: 'strength' }), 'lookup', 'a rare word is looked up')
  t.ok(explain({ q: 'strength' }).some((l) => l.startsWith('SEARCH t USING INTEGER PRIMARY KEY')), 'lookup reads the matches by rowid')
  // A word in about a sixth of the quotes: dense enough to probe.
  t.equal(planOf(engine, { q: 'sanctions' }), 'probe', 'a common word is probed')
  // A prefix, or another filter narrowing the rows too: walk.
  Object.assign(FTS_PLANNING, { maxExpansion: 0 })
  t.equal(planOf(engine, { q: 'sanction*' }), 'walk', 'a prefix query walks')
  Object.assign(FTS_PLANNING, { maxExpansion: DEFAULTS.maxExpansion })
  t.equal(planOf(engine, { q: 'sanction*' }), 'probe', 'a prefix standing for a few terms is expanded, then probed')
  t.equal(planOf(engine, { q: 'sanctions', kind: 'direct' }), 'walk', 'with another filter, a common word walks')
  // The density needed to probe is not reached: walk.
  Object.assign(FTS_PLANNING, { sample: 50, probeDensity: 0.9 })
  t.equal(planOf(engine, { q: 'sanctions' }), 'walk', 'a word below the probe density walks')

  for (const plan of ['walk', 'probe'] as const) {
    Object.assign(FTS_PLANNING, FORCE[plan])
    for (const sort of ['id', '-said_on', 'created_at']) {
      const lines = explain({ q: 'sanctions', sort })
      t.ok(lines.some((l) => /^SCAN t USING (COVERING )?INDEX/.test(l)), `${plan} sort=${sort} walks the sort index: ${lines.join(' | ')}`)
      t.notOk(lines.some((l) => l.includes('TEMP B-TREE')), `${plan} sort=${sort} sorts nothing`)
    }
  }
})

t.test('a malformed query is still a 400 naming q, whatever the plan', async (t) => {
  const a = await app
  for (const settings of Object.values(FORCE)) {
    Object.assign(FTS_PLANNING, settings)
    for (const q of ['AND', '(sanctions', 'NEAR(']) {
      const res = await a.inject({ method: 'GET', url: `/v1/quotes?q=${encodeURIComponent(q)}` })
      t.equal(res.statusCode, 400, q)
      t.match(json(res), { errors: [{ in: 'query', parameter: 'q' }] }, `${q}: the problem names q`)
    }
  }
})

t.test('a prefix expanded into the terms it stands for matches the same rows as the prefix', async (t) => {
  const a = await app
  const engine = a.repos.quotes.list
  const match = (q: string) => engine.build({ q }).params[0]
  Object.assign(FTS_PLANNING, { maxExpansion: 12 })
  t.equal(match('sanction*'), 'sanctions', 'one term: the term itself')
  t.equal(match('Prisoner*'), '(prisoner OR prisoners)', 'several: their OR, case folded')
  t.equal(match('talks pris* freed'), 'talks AND (prisoner OR prisoners) AND freed', 'within a longer query, with the implied ANDs spelt out')
  t.equal(match('pr*'), 'pr*', 'a short prefix has its own index and stays')
  t.equal(match('détent*'), 'détent*', 'a prefix with accents stays (folding is the tokenizer’s)')
  t.notMatch(match('NEAR(talks pris*)'), /prisoner/, 'NEAR groups stay as they are')
  t.equal(match('zzzq*'), 'zzzq*', 'a prefix of no term stays')
  Object.assign(FTS_PLANNING, { maxExpansion: 1 })
  t.equal(match('Prisoner*'), 'Prisoner*', 'a prefix standing for too many terms stays')
  for (const q of ['sanction*', 'Prisoner*', 'sanctions pris*', 'offic* OR deleg*', 'cross* NOT bord*']) {
    for (const sort of ['id', '-said_on']) {
      const url = `/v1/quotes?q=${encodeURIComponent(q)}&sort=${sort}&limit=50`
      Object.assign(FTS_PLANNING, { maxExpansion: 0 })
      const plain = (await walk(a, url)).map((r: Obj) => r.id)
      Object.assign(FTS_PLANNING, { maxExpansion: 12 })
      const expanded = (await walk(a, url)).map((r: Obj) => r.id)
      t.same(expanded, plain, `${q} sort=${sort}: the same ${plain.length} rows`)
      if (q !== 'cross* NOT bord*') t.ok(plain.length > 0, `${q} matches something`)
    }
  }
})
