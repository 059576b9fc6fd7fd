// The export builds each line as JSON inside SQLite; these tests hold it to
// the bytes of the record as the API serves it (GET by id), for every record
// type of the seed and of generated bench data, and for values whose printing
// differs between SQLite and JavaScript (REALs, control characters, unicode).
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { lineSql } from '../../src/export/line-sql.js'
import { RECORD_TYPE_INFO } from '../../src/import/record-types.js'
import { AUTH, json, makeApp } from '../helpers.js'
import { generatedLines, importNdjson } from '../data-helpers.js'

/** Every record's SQL-built line against JSON.stringify of the line made from its GET response; returns how many of each type. */
async function compareAll(t: Test, app: FastifyInstance): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const info of Object.values(RECORD_TYPE_INFO)) {
    const { repo } = app.repos[info.collection]
    const rows = repo.store.sqlite.prepare(`SELECT t.id AS id, ${lineSql(app.repos, info, info.fields)} AS line FROM ${repo.def.table} t ORDER BY t.id`).all() as { id: string; line: string }[]
    let same = 0
    let shown = 0
    for (const { id, line } of rows) {
      const res = await app.inject({ url: `/v1/${info.collection}/${id}` })
      const record = json(res)
      const data: Record<string, unknown> = {}
      for (const f of info.fields) data[f] = record[f]
      const expected = JSON.stringify({ type: info.type, key: id, data })
      if (line === expected) same++
      else if (shown++ < 2) t.equal(line, expected, `${info.type} ${id}`)
    }
    t.equal(same, rows.length, `every ${info.type} line (${rows.length}) is byte for byte the API's record`)
    counts[info.type] = rows.length
  }
  return counts
}

t.test('seed records: the SQL-built line is the API record, byte for byte', async (t) => {
  const app = await makeApp(t)
  const counts = await compareAll(t, app)
  for (const [type, n] of Object.entries(counts)) t.ok(n > 0, `the seed has ${type} records`)
})

t.test('generated bench records: the SQL-built line is the API record, byte for byte', { timeout: 300_000 }, async (t) => {
  const app = await makeApp(t, { config: { seed: false } })
  t.equal(json(await importNdjson(app, generatedLines(1_500, 3).join('\n'))).invalid, 0)
  const counts = await compareAll(t, app)
  for (const [type, n] of Object.entries(counts)) t.ok(n > 0, `the generated data has ${type} records`)
})

t.test('values SQLite and JavaScript print differently come out as the API prints them', async (t) => {
  const app = await makeApp(t)
  const odd = 'tab\t nl\n ctl\u0001\u001f quote" back\\ slash/ é ✓ \u2028 😀'
  const actor = await app.inject({ method: 'POST', url: '/v1/actors', headers: AUTH, payload: { slug: 'odd-one', name: odd, kind: 'person', aliases: [odd, 'x'], description: odd } })
  t.equal(actor.statusCode, 201, actor.body)
  const actorId = json(actor).id
  for (const [latitude, longitude] of [
    [53.123456789012345, 27],
    [-0.1, 179.99999999999997],
    [1e-7, -180],
  ]) {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: AUTH,
      payload: { title: odd, category: 'CONSULT', mode: 'visit', occurred_on: '2024-05', status: 'reported', quantity: 0, location: { name: odd, latitude, longitude }, participants: [{ actor_id: actorId, role: 'source' }] },
    })
    t.equal(res.statusCode, 201, res.body)
  }
  await compareAll(t, app)
})
