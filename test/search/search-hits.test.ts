// /v1/search ranks with the FTS5 functions of native/search-hits.c where they
// are built (npm run build), and with highlight() and the docsize table where
// they are not: the same hits, order, scores, snippets and cursors either way.
import Database from 'better-sqlite3'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { openDatabase } from '../../src/db/client.js'
import { loadSearchHits } from '../../src/db/search-hits.js'
import { SEARCH_PLANNING, SearchRepository, type SearchPage, type SearchQuery } from '../../src/search/repository.js'
import { rowLength } from '../../src/search/ranking.js'
import { Store } from '../../src/db/store.js'
import { AUTH, makeApp } from '../helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'parley-search-hits-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))
const library = join(dir, 'search-hits.so')
execFileSync(process.execPath, ['scripts/build-native.mjs', library], { stdio: 'inherit' })

const DEFAULT = SEARCH_PLANNING.candidates
t.afterEach(() => {
  SEARCH_PLANNING.candidates = DEFAULT
})

// Texts where highlight() merges overlapping matches, phrases span several
// tokens, a word repeats, and accents fold.
const SOURCES = [
  { title: 'Talks on talks', body: 'Talks talks talks, then peace talks about the prisoner exchange, exchange exchange of prisoners.' },
  { title: 'Prisoner exchange', body: 'The prisoner exchange; prisoner exchange again; exchange prisoner, prisoner prisoner exchange exchange.' },
  { title: 'Viačorka and the talks', body: 'Viačorka spoke. Then Viacorka spoke again about peace talks, talks, and the peace of Belarus.' },
  { title: 'A long report', body: `${'Delegations met in Minsk and Vilnius to discuss sanctions relief and trade. '.repeat(12)}Finally the talks on a prisoner exchange began.` },
  { title: 'Belarus, Belarus, Belarus', body: 'belarus belarusian belarus belarus peace talks' },
]

const QUERIES = [
  'talks', 'talks*', 'tal*', '"peace talks" OR talks', '"talks talks"', 'prisoner exchange', '"prisoner exchange"', '"exchange exchange" OR exchange',
  'NEAR(prisoner exchange, 2)', 'title:talks', 'body:talks', 'talks NOT peace', '(talks OR exchange) AND prisoner', 'belarus', 'belarus*', 'viacorka', 'Viačorka', 'minsk OR vilnius',
]

/**
 * An app on a database file, with the sources above created through the API, and a second
 * connection to the same file with the library built above loaded: the repository ranking
 * with its functions, and one ranking with highlight().
 */
async function setup(t: Test) {
  const app = await makeApp(t, { config: { dbPath: join(mkdtempSync(join(dir, 'db-')), 'parley.db') } })
  for (const s of SOURCES) {
    const res = await app.inject({ method: 'POST', url: '/v1/sources', headers: AUTH, payload: { kind: 'report', ...s } })
    t.equal(res.statusCode, 201, s.title)
  }
  const handle = openDatabase(app.repos.store.sqlite.name)
  t.teardown(() => handle.sqlite.close())
  t.ok(loadSearchHits(handle.sqlite, library), 'the library built by scripts/build-native.mjs loads')
  const store = new Store(handle)
  return { app, sqlite: handle.sqlite, native: new SearchRepository(store, true), highlight: new SearchRepository(store, false) }
}

/** Every page of a search, following next_cursor. */
function walk(repo: SearchRepository, query: SearchQuery): SearchPage[] {
  const pages: SearchPage[] = []
  let cursor: string | undefined
  do {
    const page = repo.search({ ...query, cursor })
    pages.push(page)
    cursor = page.next_cursor ?? undefined
  } while (cursor && pages.length < 100)
  return pages
}

t.test('search_freq() counts the marks highlight() adds to each column, weighted, and search_tokens() the docsize’s tokens', async (t) => {
  const { sqlite } = await setup(t)
  const rows = (match: string) =>
    sqlite
      .prepare(
        `SELECT search_fts.rowid,
           coalesce(octet_length(highlight(search_fts, 0, '.', '')) - octet_length(title), 0) AS titleMarks,
           coalesce(octet_length(highlight(search_fts, 1, '.', '')) - octet_length(body), 0) AS bodyMarks,
           hex(d.sz) AS sizes,
           search_freq(search_fts, 1.0, 0.0) AS titleHits, search_freq(search_fts, 0.0, 1.0) AS bodyHits,
           search_freq(search_fts, 4.0, 1.0) AS freq, search_tokens(d.sz) AS tokens
         FROM search_fts JOIN search_fts_docsize d ON d.id = search_fts.rowid WHERE search_fts MATCH ?`,
      )
      .all(match) as { rowid: number; titleMarks: number; bodyMarks: number; sizes: string; titleHits: number; bodyHits: number; freq: number; tokens: number }[]
  let multiple = 0
  for (const q of QUERIES) {
    const found = rows(q.replace('Viačorka', 'viacorka'))
    t.ok(found.length > 0, `${q} matches`)
    for (const r of found) {
      const weighed = r.freq === 4 * r.titleMarks + r.bodyMarks
      if (r.titleHits !== r.titleMarks || r.bodyHits !== r.bodyMarks || !weighed || r.tokens !== rowLength(r.sizes)) t.fail(`${q}, row ${r.rowid}: ${JSON.stringify(r)}`)
      if (r.bodyHits > 1) multiple++
    }
  }
  t.ok(multiple > 5, `rows with several matches in a column were compared (${multiple})`)
})

t.test('pages are the same ranked either way: hits, scores, snippets, cursors', async (t) => {
  const { native, highlight } = await setup(t)
  for (const candidates of [DEFAULT, 3]) {
    SEARCH_PLANNING.candidates = candidates
    for (const q of QUERIES)
      for (const extra of [{}, { limit: 2 }, { limit: 1, types: 'source,event' }, { limit: 3, total: true }]) {
        const query = { q, ...extra }
        const a = walk(native, query)
        const b = walk(highlight, query)
        if (JSON.stringify(a) !== JSON.stringify(b)) t.fail(`${JSON.stringify(query)} with ${candidates} candidates: ${JSON.stringify(a).slice(0, 300)} ≠ ${JSON.stringify(b).slice(0, 300)}`)
      }
  }
  SEARCH_PLANNING.candidates = DEFAULT
  const talks = walk(native, { q: '"peace talks" OR talks', limit: 1 })
  t.ok(talks.length > 2 && talks[0].data[0].snippet.includes('<mark>'), 'the comparison covered several pages with marked snippets')
})

t.test('/v1/search answers as the ranking with highlight() does', async (t) => {
  const { app, highlight } = await setup(t)
  for (const q of QUERIES) {
    const url = `/v1/search?q=${encodeURIComponent(q)}&limit=2`
    const res = await app.inject({ method: 'GET', url })
    t.equal(res.statusCode, 200, url)
    t.strictSame(JSON.parse(res.body), JSON.parse(JSON.stringify(highlight.search({ q, limit: 2 }))), url)
  }
})

t.test('without the library the connection ranks with highlight()', async (t) => {
  const sqlite = new Database(':memory:')
  t.teardown(() => sqlite.close())
  const warned: string[] = []
  const onWarning = (w: Error) => warned.push(w.message)
  process.on('warning', onWarning)
  t.teardown(() => process.off('warning', onWarning))
  t.equal(loadSearchHits(sqlite, null), false, 'no library built: not loaded')
  t.equal(loadSearchHits(sqlite, join(dir, 'missing.so')), false, 'a library that does not load: not loaded')
  await new Promise((resolve) => setImmediate(resolve))
  t.match(warned.join('\n'), /search-hits .*did not load/, 'and says so')
  t.throws(() => sqlite.prepare('SELECT search_tokens(1)').get(), /no such function/, 'the functions are absent')
  t.ok(existsSync(library))
})
