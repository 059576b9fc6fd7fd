import t from 'tap'
import { json, makeApp } from './helpers.js'

t.test('the seeded events list answers', async (t) => {
  const app = await makeApp(t)
  const res = await app.inject({ method: 'GET', url: '/v1/events' })
  t.equal(res.statusCode, 200)
  t.ok(json(res).data.length > 0)
})
