// Merging the full-text indexes into one segment (src/search/fts-maintenance.ts,
// run by `npm run search:optimize` and at the end of the bench data generator)
// changes how the index is laid out, never what a search answers.
import t from 'tap'
import { ftsSegments, ftsTables, optimizeFtsIndexes } from '../../src/search/fts-maintenance.js'
import { AUTH, actorId, json, makeApp } from '../helpers.js'

const READS = [
  '/v1/search?q=sanctions',
  '/v1/search?q=prisoner*&limit=3',
  '/v1/search?q=lukashenko%20OR%20minsk&types=quote,event',
  '/v1/quotes?q=sanctions',
  '/v1/quotes?q=potash%20OR%20prisoners&sort=-said_on',
  '/v1/events?q=belarus&limit=2',
  '/v1/actors?q=luka*',
]

t.test('optimizing leaves every index in one segment and every search answering the same', async (t) => {
  const app = await makeApp(t)
  const sqlite = app.repos.store.sqlite
  const speaker = actorId(app, 'aleksandr-lukashenko')
  // Each write commits on its own, and each commit writes the new rows as a segment of their own.
  for (const text of ['Sanctions on potash stay until the prisoners are free.', 'Minsk will talk about sanctions relief.', 'No prisoners are held for sanctions.']) {
    const res = await app.inject({ method: 'POST', url: '/v1/quotes', headers: AUTH, payload: { text, kind: 'direct', speaker_id: speaker } })
    t.equal(res.statusCode, 201, res.body)
  }
  t.ok(ftsSegments(sqlite, 'search_fts') > 1, 'the writes left the search index in several segments')
  t.ok(ftsSegments(sqlite, 'quotes_fts') > 1, 'and the quotes index')
  const before = await Promise.all(READS.map((url) => app.inject({ method: 'GET', url })))
  for (const [i, res] of before.entries()) t.equal(res.statusCode, 200, READS[i])
  t.ok(json(before[0]).data.length >= 3, 'the searches find the new quotes')

  const done = optimizeFtsIndexes(sqlite)
  t.same(done.map((d) => d.table), ftsTables(sqlite), 'every FTS5 table, found from the schema')
  t.ok(done.length >= 7)
  for (const d of done) {
    t.equal(d.segmentsAfter, ftsSegments(sqlite, d.table))
    t.ok(d.segmentsAfter <= 1, `${d.table} is in one segment (was ${d.segmentsBefore})`)
  }
  const after = await Promise.all(READS.map((url) => app.inject({ method: 'GET', url })))
  for (const [i, res] of after.entries()) {
    t.equal(res.body, before[i].body, `${READS[i]} answers the same`)
    t.equal(res.headers.etag, before[i].headers.etag, `${READS[i]} keeps its ETag: no record changed`)
  }
  for (const table of ftsTables(sqlite)) t.doesNotThrow(() => sqlite.prepare(`INSERT INTO ${table}(${table}) VALUES ('integrity-check')`).run(), `${table} still matches its rows`)

  // Later writes are indexed as before.
  const res = await app.inject({ method: 'POST', url: '/v1/quotes', headers: AUTH, payload: { text: 'A zugzwang of sanctions.', kind: 'direct', speaker_id: speaker } })
  t.equal(res.statusCode, 201)
  const found = json(await app.inject({ method: 'GET', url: '/v1/search?q=zugzwang' }))
  t.same(found.data.map((h: { id: string }) => h.id), [json(res).id])
})
