// `q` alone sorted by id is read from the FTS index in rowid order while a
// table's ids follow its pks (src/search/fts-id-order.ts, the id_order
// table and triggers of migration 0010). The same rows as every other plan;
// a row added out of id order switches the table back to the other plans.
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { idOrderPage } from '../../src/search/fts-id-order.js'
import { FTS_PLANNING } from '../../src/search/fts.js'
import { importNdjson } from '../data-helpers.js'
import { AUTH, actorId, json, makeApp } from '../helpers.js'
import { walk } from '../query-helpers.js'

type Obj = Record<string, any>
const DEFAULTS = { ...FTS_PLANNING }
t.afterEach(() => Object.assign(FTS_PLANNING, DEFAULTS))

const ordered = (app: FastifyInstance) => app.repos.store.sqlite.prepare('SELECT tbl FROM id_order ORDER BY tbl').pluck().all() as string[]
const EVERY = ['actors', 'deal_terms', 'deals', 'events', 'quotes', 'sources']

/** Every page of a q query, as ids, with the id-order plan on and off: they must agree. */
async function bothWays(t: Test, app: FastifyInstance, q: string, sort: string): Promise<string[]> {
  const url = `/v1/quotes?q=${encodeURIComponent(q)}&sort=${sort}&limit=2`
  Object.assign(FTS_PLANNING, { idOrder: true })
  const fast = (await walk(app, url)).map((r: Obj) => r.id)
  Object.assign(FTS_PLANNING, { idOrder: false })
  const other = (await walk(app, url)).map((r: Obj) => r.id)
  Object.assign(FTS_PLANNING, DEFAULTS)
  t.same(fast, other, `${q} sort=${sort}: the same ${other.length} rows, page after page`)
  return fast
}

t.test('the ids follow the pks after the seed and after writes, and q pages read in rowid order agree with the other plans', async (t) => {
  const app = await makeApp(t)
  t.same(ordered(app), EVERY, 'the seed adds its records in id order')
  const speaker = actorId(app, 'aleksandr-lukashenko')
  const made: string[] = []
  for (const text of ['Zugzwang on sanctions.', 'Another zugzwang, of prisoners.', 'The last zugzwang.']) {
    const res = await app.inject({ method: 'POST', url: '/v1/quotes', headers: AUTH, payload: { text, kind: 'direct', speaker_id: speaker } })
    t.equal(res.statusCode, 201)
    made.push(json(res).id)
  }
  const del = await app.inject({ method: 'DELETE', url: `/v1/quotes/${made[1]}`, headers: AUTH })
  t.equal(del.statusCode, 204)
  t.same(ordered(app), EVERY, 'creating and deleting keeps the order')
  t.equal(app.repos.quotes.list.build({ q: 'zugzwang' }).idOrder?.table, 'quotes', 'q alone sorted by id takes the rowid order')
  t.same(await bothWays(t, app, 'zugzwang', 'id'), [made[0], made[2]])
  t.same(await bothWays(t, app, 'zugzwang', '-id'), [made[2], made[0]])
  for (const q of ['sanctions', 'prisoner*', 'sanctions OR talks', 'lukashenko NOT minsk', 'nothingmatchesthis']) {
    for (const sort of ['id', '-id']) await bothWays(t, app, q, sort)
  }
})

t.test('a record imported with an id older than the newest row breaks the order: its table goes back to the other plans, with the right rows', async (t) => {
  const app = await makeApp(t)
  const speaker = actorId(app, 'aleksandr-lukashenko')
  const oldId = 'qte_00000000000000000000000001'
  const line = { type: 'quote', key: oldId, data: { text: 'An early zugzwang on sanctions.', kind: 'direct', speaker_id: speaker } }
  const res = await importNdjson(app, `${JSON.stringify(line)}\n`)
  t.equal(res.statusCode, 200, res.body)
  t.same(ordered(app), EVERY.filter((x) => x !== 'quotes'), 'quotes no longer follow their pks; the other tables still do')
  t.equal(app.repos.quotes.list.build({ q: 'sanctions' }).idOrder, undefined, 'q on quotes takes another plan')
  const asc = await bothWays(t, app, 'sanctions', 'id')
  t.equal(asc[0], oldId, 'the imported quote sorts first by id, as its id says')
  const desc = await bothWays(t, app, 'sanctions', '-id')
  t.equal(desc.at(-1), oldId)
  t.same(desc, [...asc].reverse())
})

t.test('a page read while another connection has just broken the order falls back to the plan SQL', async (t) => {
  const app = await makeApp(t)
  const store = app.repos.store
  const page = { table: 'quotes', ftsTable: 'quotes_fts', match: 'sanctions', desc: false, after: null }
  t.ok((idOrderPage(store, page, 5) ?? []).length > 0, 'read in rowid order while the order holds')
  store.sqlite.prepare("DELETE FROM id_order WHERE tbl = 'quotes'").run()
  t.equal(idOrderPage(store, page, 5), null, 'null once it does not: the caller runs its SQL instead')
})
