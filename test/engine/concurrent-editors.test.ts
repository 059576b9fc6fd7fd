// Editors who read, change and write back with If-Match lose no update:
// of two writes based on one version one wins and the other gets 412, and
// clients that retry on 412 all get their change in.
import t from 'tap'
import { AUTH, json, makeApp } from '../helpers.js'

const app = await makeApp(t)
const patch = (id: string, etag: string, body: object) =>
  app.inject({ method: 'PATCH', url: `/v1/events/${id}`, headers: { ...AUTH, 'if-match': etag, 'content-type': 'application/merge-patch+json' }, payload: JSON.stringify(body) })
const created = json(await app.inject({ method: 'POST', url: '/v1/events', headers: AUTH, payload: { title: 'Counted', category: 'RETREAT', mode: 'release', status: 'occurred', quantity: 0 } }))

t.test('two editors with one ETag: one wins, one gets 412', async (t) => {
  const read = await app.inject({ url: `/v1/events/${created.id}` })
  const etag = read.headers.etag as string
  const [a, b] = await Promise.all([patch(created.id, etag, { title: 'Edited by A' }), patch(created.id, etag, { title: 'Edited by B' })])
  const statuses = [a.statusCode, b.statusCode].sort()
  t.same(statuses, [200, 412])
  const loser = a.statusCode === 412 ? a : b
  const winner = a.statusCode === 200 ? a : b
  t.match(loser.headers['content-type'], /^application\/problem\+json/)
  t.equal(json(loser).code, 'precondition_failed')
  t.equal(json(loser).current_version, json(winner).version, 'the loser learns the version to re-read')
  t.equal(json(await app.inject({ url: `/v1/events/${created.id}` })).title, json(winner).title, 'the winner’s edit stands, untouched by the loser')
})

t.test('clients that retry on 412 lose no increment', async (t) => {
  const clients = 6
  const each = 8
  let conflicts = 0
  const client = async () => {
    for (let done = 0; done < each; ) {
      const read = await app.inject({ url: `/v1/events/${created.id}` })
      // Let the other clients read the same version before this one writes.
      await new Promise((r) => setImmediate(r))
      const res = await patch(created.id, read.headers.etag as string, { quantity: json(read).quantity + 1 })
      if (res.statusCode === 200) done++
      else if (res.statusCode === 412) conflicts++
      else throw new Error(`unexpected ${res.statusCode}: ${res.body}`)
    }
  }
  const start = json(await app.inject({ url: `/v1/events/${created.id}` }))
  await Promise.all(Array.from({ length: clients }, client))
  const end = json(await app.inject({ url: `/v1/events/${created.id}` }))
  t.equal(end.quantity, start.quantity + clients * each, `${clients * each} increments, none lost`)
  t.equal(end.version, start.version + clients * each, 'one version per increment')
  t.ok(conflicts > 0, `the clients really raced (${conflicts} conflicts retried)`)
  const logged = (app.repos.store.sqlite.prepare("SELECT count(*) AS n FROM changes WHERE entity_id = ? AND op = 'update'").get(created.id) as { n: number }).n
  t.ok(logged >= clients * each, 'every accepted increment is in the change log')
})
