// /v1/search ranks at most SEARCH_PLANNING.candidates matches: when more
// match, the newest ones (highest index rowids), so a common word costs a
// bounded ranking. Within the candidates the order is that of ranking every
// match, and the scores are FTS5's bm25 (exactly so when every match is a
// candidate; scaled by one estimated IDF when not); pages walk the candidates
// once; total counts every match.
import t from 'tap'
import { SEARCH_PLANNING } from '../../src/search/repository.js'
import { json, makeApp } from '../helpers.js'

type Obj = Record<string, any>

const DEFAULT = SEARCH_PLANNING.candidates
t.afterEach(() => {
  SEARCH_PLANNING.candidates = DEFAULT
})
const app = makeApp(t)

async function walkSearch(query: string, limit: number): Promise<Obj[]> {
  const a = await app
  const out: Obj[] = []
  let cursor: string | null = null
  for (let i = 0; i < 500; i++) {
    const res: { statusCode: number; body: string } = await a.inject({ method: 'GET', url: `/v1/search?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}` })
    if (res.statusCode !== 200) throw new Error(`${query}: ${res.statusCode} ${res.body}`)
    const body: Obj = JSON.parse(res.body)
    out.push(...body.data)
    if (!body.has_more) return out
    cursor = body.next_cursor
  }
  throw new Error('too many pages')
}

/** The record ids of the `n` matches with the highest rowids, of the given kinds. */
async function newest(match: string, n: number, kinds?: string[]): Promise<string[]> {
  const a = await app
  const rows = a.repos.store.sqlite.prepare('SELECT kind, record_id FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC').all(match) as Obj[]
  return rows.filter((r) => !kinds || kinds.includes(r.kind)).slice(0, n).map((r) => r.record_id)
}

t.test('with more matches than candidates, the newest are ranked as a full ranking would rank them', async (t) => {
  const full = await walkSearch('q=belarus', 200)
  t.ok(full.length > 8, `belarus matches ${full.length} records`)
  SEARCH_PLANNING.candidates = 5
  const bounded = await walkSearch('q=belarus', 2)
  const keep = new Set(await newest('belarus', 5))
  t.same(bounded.map((h) => h.id), full.filter((h) => keep.has(h.id)).map((h) => h.id), 'the 5 newest matches, in the full ranking’s order')
  // The IDF is estimated when not every match is ranked: it scales every score alike.
  const ratios = bounded.map((h, i) => h.score / full.filter((f) => keep.has(f.id))[i].score)
  for (const r of ratios) t.ok(Math.abs(r / ratios[0] - 1) < 1e-9, `scores are the full ranking's times one factor (${r})`)
  const a = await app
  const page = json(await a.inject({ method: 'GET', url: '/v1/search?q=belarus&limit=2&total=true' }))
  t.equal(page.total, full.length, 'total counts every match, not only the ranked ones')
})

t.test('types choose the candidates among their own kinds', async (t) => {
  const full = await walkSearch('q=belarus&types=event,quote', 200)
  SEARCH_PLANNING.candidates = 3
  const bounded = await walkSearch('q=belarus&types=event,quote', 1)
  const keep = new Set(await newest('belarus', 3, ['event', 'quote']))
  t.equal(bounded.length, 3)
  t.same(bounded.map((h) => h.id), full.filter((h) => keep.has(h.id)).map((h) => h.id))
})

t.test('with fewer matches than candidates, every match is ranked', async (t) => {
  const full = await walkSearch('q=belarus', 200)
  SEARCH_PLANNING.candidates = full.length
  t.same((await walkSearch('q=belarus', 3)).map((h) => h.id), full.map((h) => h.id), 'exactly as many candidates as matches')
  SEARCH_PLANNING.candidates = full.length + 1
  t.same((await walkSearch('q=belarus', 7)).map((h) => h.id), full.map((h) => h.id), 'more candidates than matches')
})

// One IDF serves a whole query, so with several phrases (a OR b, a prefix that
// stands for several words) phrases weigh alike, where bm25 weighs rarer ones more.
t.test('when every match is ranked, the scores of a one-phrase query are FTS5 bm25 with the index\'s column weights', async (t) => {
  const a = await app
  const bm25 = a.repos.store.sqlite.prepare('SELECT record_id, -bm25(search_fts, 4.0, 1.0) AS score FROM search_fts WHERE search_fts MATCH ? ORDER BY bm25(search_fts, 4.0, 1.0), rowid')
  for (const q of ['belarus', 'potash', 'lukashenko', 'sanctions', 'prisoners', '"political prisoners"']) {
    const hits = await walkSearch(`q=${encodeURIComponent(q)}`, 3)
    const expected = bm25.all(q) as Obj[]
    t.ok(expected.length > 0, `${q}: ${expected.length} matches`)
    t.same(hits.map((h) => h.id), expected.map((r) => r.record_id), `${q}: bm25's order`)
    for (const [i, h] of hits.entries()) t.ok(Math.abs(h.score - expected[i].score) < 1e-9 * Math.max(1, Math.abs(h.score)), `${q} ${h.id}: score ${h.score} = ${expected[i].score}`)
  }
})
