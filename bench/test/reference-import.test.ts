// The bench's hand-tuned reference importer (bench/reference-import.ts) is
// compared with Parley's import only if it writes what Parley writes: the same
// NDJSON, imported by each into its own empty database, must leave the same
// rows in every table (ids swapped for their keys, write times aside), the
// same change log and the same search indexes.
import t from 'tap'
import { referenceImporter } from '../reference-import.js'
import { importRecords } from '../../src/import/importer.js'
import { ndjsonItems } from '../../src/import/read.js'
import { json, makeApp } from '../../test/helpers.js'
import { checkFts, dump, generatedLines, hitKeys } from '../../test/data-helpers.js'

t.test('the reference importer writes the rows, change log and indexes Parley writes', { timeout: 300_000 }, async (t) => {
  const parley = await makeApp(t, { config: { seed: false } })
  const reference = await makeApp(t, { config: { seed: false } })
  const importReference = referenceImporter(reference.repos.store.sqlite)
  const both = (lines: string[]) => {
    const parleyReport = importRecords(parley.repos, ndjsonItems(lines), { ctx: { keyId: null } })
    t.same(parleyReport.errors, [], 'Parley takes every record')
    t.same(importReference(lines.join('\n')), parleyReport, 'the same report')
    return parleyReport
  }

  const first = both([
    ...generatedLines(1_500, 5),
    // A record whose key is an id, and patches that merge into a nested object, replace lists, and change or amend a status.
    JSON.stringify({ type: 'actor', key: 'act_01jdqq1ww4f0x9m3m8ptx7kq4r', data: { slug: 'envoy-x', name: 'Envoy X', kind: 'person', aliases: ['X'] } }),
    JSON.stringify({ type: 'event', key: 'e3', data: { location: { name: 'Vilnius', latitude: 54.7 }, participants: [{ actor_id: 'envoy-x', role: 'source' }, { actor_id: 'a1', role: 'target' }] } }),
    JSON.stringify({ type: 'actor', key: 'a3', data: { aliases: ['Third'], citations: [{ source_id: 's1', excerpt: 'The envoy called the outcome a significant step forward.', basis: 'reported' }] } }),
    JSON.stringify({ type: 'quote', key: 'q5', data: { about_actor_ids: ['a1', 'a2'], text: 'Envoy said so.' } }),
    JSON.stringify({ type: 'term', key: 't2', data: { status: 'accepted', status_as_of: '2025-03' } }),
    JSON.stringify({ type: 'deal', key: 'd0', data: { status_as_of: '2024-11', status_source_id: 's2' } }),
  ])
  t.ok(first.created > 1_400 && first.updated > 40, 'the file creates and updates records')
  // A later import names records of the first by their keys.
  const second = both([
    JSON.stringify({ type: 'event', key: 'late', data: { title: 'Late meeting', category: 'CONSULT', status: 'occurred', occurred_on: '2025-03', ended_on: '2025-04-02', contexts: ['diplomatic'], participants: [{ actor_id: 'a0', role: 'source' }, { actor_id: 'a4', role: 'target' }], citations: [{ source_id: 's0', excerpt: 'Officials met in the capital', basis: 'reported' }] } }),
    JSON.stringify({ type: 'event', key: 'e1', data: { summary: 'Envoy delegation revisited', parent_event_id: 'late' } }),
  ])
  t.same([second.created, second.updated], [1, 1])

  const [a, b] = [dump(parley), dump(reference)]
  t.same(Object.keys(b), Object.keys(a))
  for (const table of Object.keys(a)) t.same(b[table], a[table], `${table}: the same ${a[table].length} rows`)
  t.ok(a.citations.length > 1_000 && a.feed_dyads.length > 100 && a.status_history.length > 10, 'the file filled the lists and feeds')
  checkFts(t, reference)
  t.same(reference.repos.store.sqlite.prepare('SELECT count(*) AS n FROM index_deferral').get(), { n: 0 }, 'no deferral is left behind')
  for (const url of ['/v1/search?q=envoy', '/v1/quotes?q=sanctions', '/v1/events?q=vilnius', '/v1/actors?q=third', '/v1/sources?q=herald', '/v1/deals?q=deal']) {
    const [x, y] = [json(await parley.inject({ url: `${url}&limit=200` })), json(await reference.inject({ url: `${url}&limit=200` }))]
    t.ok(x.data.length > 0, `${url} finds records`)
    t.same(hitKeys(reference, y), hitKeys(parley, x), `${url} finds the same records`)
  }
})
