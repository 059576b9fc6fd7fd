// Every write operation in the API document, tried without a key, with a
// read key, with a revoked key and with a forged one: each is refused with
// the right problem and writes nothing. Operations added later are covered
// without touching this file.
import t from 'tap'
import { generateSecret } from '../../src/lib/api-keys.js'
import { AUTH, bearer, json, makeApp, snapshot } from '../helpers.js'

const app = await makeApp(t)
const doc = json(await app.inject({ url: '/openapi.json' }))

const mint = async (scope: string) => json(await app.inject({ method: 'POST', url: '/v1/keys', headers: AUTH, payload: { name: `${scope} key`, scope } }))
const read = await mint('read')
const revoked = await mint('write')
t.equal((await app.inject({ method: 'DELETE', url: `/v1/keys/${revoked.id}`, headers: AUTH })).statusCode, 204)

// A real record id per path, so a refusal cannot be a 404 in disguise.
const someId = (path: string): string => {
  const collection = path.split('/')[2]
  const table: Record<string, string> = { terms: 'deal_terms', keys: 'api_keys' }
  const name = table[collection] ?? collection
  const exists = app.repos.store.sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name)
  const row = exists ? (app.repos.store.sqlite.prepare(`SELECT id FROM "${name}" LIMIT 1`).get() as { id: string } | undefined) : undefined
  return row?.id ?? 'x'
}

const credentials: [string, Record<string, string>, number, RegExp][] = [
  ['no key', {}, 401, /^Bearer realm="parley"$/],
  ['a read key', bearer(read.secret), 403, /error="insufficient_scope"/],
  ['a revoked key', bearer(revoked.secret), 401, /error="invalid_token"/],
  ['a forged key', bearer(generateSecret()), 401, /error="invalid_token"/],
  ['a key of the wrong shape', { authorization: `Bearer ${read.secret}'--` }, 401, /error="invalid_token"/],
]

const writes: { method: string; path: string; url: string; op: string }[] = []
for (const [path, item] of Object.entries<any>(doc.paths)) {
  for (const method of ['post', 'put', 'patch', 'delete']) {
    if (!item[method]) continue
    writes.push({ method: method.toUpperCase(), path, op: item[method].operationId, url: path.includes('{id}') ? path.replace(/\{id\}/g, someId(path)) : path.replace(/\{\w+\}/g, 'x') })
  }
}

t.ok(writes.length >= 25, `${writes.length} write operations`)

for (const w of writes) {
  t.test(`${w.op} (${w.method} ${w.path})`, async (t) => {
    const before = snapshot(app)
    for (const [who, headers, status, challenge] of credentials) {
      const res = await app.inject({ method: w.method as 'POST', url: w.url, headers: { ...headers, 'content-type': 'application/json' }, payload: '{"name":"x"}' })
      t.equal(res.statusCode, status, `with ${who}`)
      t.match(res.headers['content-type'], /^application\/problem\+json/)
      t.equal(json(res).code, status === 401 ? 'unauthorized' : 'forbidden')
      t.match(res.headers['www-authenticate'], challenge)
    }
    t.same(snapshot(app), before, 'nothing was written')
  })
}
