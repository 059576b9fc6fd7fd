// Query plans: every documented filter reaches its collection's table through
// an index (SEARCH), and every sort walks an index in order instead of
// sorting the whole table, with and without a cursor. The SQL explained is the
// SQL the list engine runs (ListEngine.build). A SCAN of json_each or of an
// FTS5 table is expected; a SCAN of the main table `t` is what this guards against.
import t from 'tap'
import type { FilterSpec, ListEngine } from '../../src/engine/list-query.js'
import { encodeCursor } from '../../src/engine/cursor.js'
import { makeApp } from '../helpers.js'

const SAMPLE_ID = '01jm0000000000000000000000'

/** A valid value for a filter, so the plan is that of a real query. */
function sample(name: string, f: FilterSpec): string {
  switch (f.kind) {
    case 'enum':
      return f.values.slice(0, 2).join(',')
    case 'text':
      return name === 'country' ? 'BLR,USA' : 'Reuters'
    case 'actor':
      return `belarus,act_${SAMPLE_ID}`
    case 'ids':
      return `${f.prefix}_${SAMPLE_ID}`
    case 'from':
    case 'to':
      return '2025-02'
    case 'fts':
      return 'belarus'
    case 'custom':
      if (name === 'action') return 'CONCEDE,RETREAT:release'
      throw new Error(`no sample value for the custom filter ${name}`)
  }
}

t.test('query plans of every collection', async (t) => {
  const app = await makeApp(t, { config: { seed: false } })
  const sqlite = app.repos.store.sqlite
  const plan = (engine: ListEngine, query: Record<string, unknown>): string[] => {
    const built = engine.build(query)
    return (sqlite.prepare(`EXPLAIN QUERY PLAN ${built.sql}`).all(...built.params) as { detail: string }[]).map((r) => r.detail)
  }
  const main = (lines: string[]) => lines.filter((l) => /^(SCAN|SEARCH) t\b/.test(l))
  const collections = ['sources', 'actors', 'positions', 'relations', 'events', 'quotes', 'deals', 'terms'] as const
  let filters = 0
  let sorts = 0

  for (const name of collections) {
    const engine = app.repos[name].list
    for (const [filter, spec] of Object.entries(engine.spec.filters)) {
      const lines = plan(engine, { [filter]: sample(filter, spec) })
      const access = main(lines)
      t.ok(access.length > 0 && access.every((l) => l.startsWith('SEARCH t ')), `${name}?${filter}= searches an index: ${lines.join(' | ')}`)
      filters++
    }
    for (const sort of Object.keys(engine.spec.sorts)) {
      for (const dir of ['', '-']) {
        const s = `${dir}${sort}`
        const first = engine.build({ sort: s })
        const lines = plan(engine, { sort: s })
        t.ok(main(lines).every((l) => l.startsWith('SCAN t USING INDEX') || l.startsWith('SCAN t USING COVERING INDEX')), `${name}?sort=${s} walks an index: ${lines.join(' | ')}`)
        t.notOk(lines.some((l) => l.includes('TEMP B-TREE')), `${name}?sort=${s} sorts nothing`)
        // A later page seeks to the cursor instead of reading from the top.
        const cursor = encodeCursor({ s, k: first.keys.map((k) => (k.field === 'id' ? `x_${SAMPLE_ID}` : 'm')) })
        const next = plan(engine, { sort: s, cursor })
        t.ok(main(next).length > 0 && main(next).every((l) => l.startsWith('SEARCH t USING INDEX')), `${name}?sort=${s}&cursor= seeks: ${next.join(' | ')}`)
        t.notOk(next.some((l) => l.includes('TEMP B-TREE')), `${name}?sort=${s}&cursor= sorts nothing`)
        sorts++
      }
    }
  }
  t.ok(filters >= 40, `${filters} filters explained`)
  t.ok(sorts >= 40, `${sorts} sorts explained`)

  // Two keys in different directions cannot share one index walk: SQLite walks the first
  // key's index and sorts only the rows that tie on it, never the whole table.
  const mixed = plan(app.repos.events.list, { sort: '-occurred_on,title' })
  t.ok(main(mixed).every((l) => l.startsWith('SCAN t USING INDEX')), `-occurred_on,title: ${mixed.join(' | ')}`)
  t.notOk(mixed.some((l) => /TEMP B-TREE FOR ORDER BY/.test(l)), 'only the tail of the ORDER BY is sorted')

  // Filters and sorts together still search.
  for (const query of [
    { category: 'CONSULT', sort: '-occurred_on' },
    { actor: 'belarus', occurred_from: '2025', sort: 'title' },
    { status: 'occurred', occurred_to: '2020' },
    { q: 'belarus', sort: '-occurred_on' },
  ]) {
    const lines = plan(app.repos.events.list, query)
    t.ok(main(lines).every((l) => l.startsWith('SEARCH t ')), `events ${JSON.stringify(query)}: ${lines.join(' | ')}`)
  }

  // A date range on the column a list sorts by, newest first (the dashboards' usual list):
  // SQLite seeks the sort index at the range's end and walks it in order, so a page costs
  // the same however many records match, instead of sorting every one of them.
  const ordered: [ListEngine, Record<string, unknown>][] = [
    [app.repos.events.list, { category: 'CONSULT', occurred_from: '2020-01', occurred_to: '2025-06', sort: '-occurred_on' }],
  ]
  // The same for every collection with a date filter on a nullable sort column.
  for (const name of collections) {
    const engine = app.repos[name].list
    for (const [filter, spec] of Object.entries(engine.spec.filters)) {
      if (spec.kind !== 'to') continue
      const sort = Object.entries(engine.spec.sorts).find(([, s]) => s.column === spec.column && s.nullable)
      if (sort) ordered.push([engine, { [filter]: '2025-06', sort: `-${sort[0]}` }])
    }
  }
  t.ok(ordered.length >= 4, `${ordered.length} ranged sorts`)
  for (const [engine, query] of ordered) {
    const lines = plan(engine, query)
    t.ok(main(lines).length > 0 && main(lines).every((l) => l.startsWith('SEARCH t USING INDEX')), `${engine.repo.def.table} ${JSON.stringify(query)} seeks: ${lines.join(' | ')}`)
    t.notOk(lines.some((l) => l.includes('TEMP B-TREE')), `${engine.repo.def.table} ${JSON.stringify(query)} sorts nothing`)
    const first = engine.build(query)
    const cursor = encodeCursor({ s: first.sortText, k: first.keys.map((k) => (k.field === 'id' ? `x_${SAMPLE_ID}` : '2025-03-01')) })
    const next = plan(engine, { ...query, cursor })
    t.notOk(next.some((l) => l.includes('TEMP B-TREE')), `${engine.repo.def.table} ${JSON.stringify(query)}&cursor= sorts nothing: ${next.join(' | ')}`)
  }

  // The count behind total=true uses the same access path.
  const built = app.repos.events.list.build({ category: 'CONSULT', total: true })
  const count = (sqlite.prepare(`EXPLAIN QUERY PLAN ${built.countSql}`).all(...built.countParams) as { detail: string }[]).map((r) => r.detail)
  t.ok(main(count).every((l) => l.startsWith('SEARCH t ')), `count: ${count.join(' | ')}`)
})

t.test('endless query shapes do not grow the statement cache without bound', async (t) => {
  const app = await makeApp(t, { config: { seed: false } })
  const sorts = ['id', 'title', 'occurred_on', 'created_at']
  const filters = ['category=CONSULT', 'status=occurred', 'mode=visit', 'context=diplomatic', 'actor=belarus', 'occurred_from=2020', 'occurred_to=2025', 'q=belarus', 'parent=evt_01jm0000000000000000000000']
  let shapes = 0
  // Every subset of the filters, under several sorts: well over a thousand distinct SQL texts.
  for (let mask = 0; mask < 1 << filters.length; mask++) {
    const chosen = filters.filter((_, i) => mask & (1 << i))
    for (const sort of [sorts[mask % 4], `-${sorts[(mask + 1) % 4]},${sorts[(mask + 2) % 4]}`]) {
      const res = await app.inject({ method: 'GET', url: `/v1/events?sort=${sort}${chosen.map((f) => `&${f}`).join('')}` })
      if (res.statusCode !== 200) throw new Error(res.body)
      shapes++
    }
  }
  t.ok(shapes > 1000, `${shapes} query shapes`)
  t.ok(app.repos.store.cachedStatements <= 1000, `${app.repos.store.cachedStatements} statements cached`)
  t.equal((await app.inject({ method: 'GET', url: '/v1/events?category=CONSULT' })).statusCode, 200, 'an evicted shape is prepared again')
})
