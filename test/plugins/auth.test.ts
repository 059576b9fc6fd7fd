// API keys: scopes, 401 and 403 problems with WWW-Authenticate, the admin
// endpoints, PARLEY_ADMIN_KEY, and the change log naming the key.
import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { ENV_ADMIN_KEY_ID, hashSecret } from '../../src/lib/api-keys.js'
import { ADMIN_KEY, AUTH, bearer, json, makeApp, snapshot } from '../helpers.js'

const EVENT = { title: 'Talks in Minsk', category: 'CONSULT', status: 'reported' }

// Building an app costs seconds (every route's schemas are compiled): the
// subtests share one, and only the settings that differ get their own.
const app = await makeApp(t)

async function createKey(app: FastifyInstance, scope: string, name = `${scope} key`) {
  const res = await app.inject({ method: 'POST', url: '/v1/keys', headers: AUTH, payload: { name, scope } })
  if (res.statusCode !== 201) throw new Error(`could not create a key: ${res.body}`)
  return json(res) as { id: string; secret: string; prefix: string; scope: string }
}

function isProblem(t: Test, res: { headers: Record<string, unknown>; body: string }, status: number, code: string) {
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  const body = JSON.parse(res.body)
  t.equal(body.status, status)
  t.equal(body.code, code)
  t.type(body.type, 'string')
  t.type(body.title, 'string')
}

t.test('reads are open; writes need a key with the write scope', async (t) => {
  t.equal((await app.inject({ url: '/v1/events' })).statusCode, 200, 'a read needs no key by default')

  const read = await createKey(app, 'read')
  const before = snapshot(app)
  const none = await app.inject({ method: 'POST', url: '/v1/events', payload: EVENT })
  t.equal(none.statusCode, 401)
  isProblem(t, none, 401, 'unauthorized')
  t.equal(none.headers['www-authenticate'], 'Bearer realm="parley"', 'no credentials: the challenge names no error')

  const denied = await app.inject({ method: 'POST', url: '/v1/events', headers: bearer(read.secret), payload: EVENT })
  t.equal(denied.statusCode, 403)
  isProblem(t, denied, 403, 'forbidden')
  t.equal(denied.headers['www-authenticate'], 'Bearer realm="parley", error="insufficient_scope", scope="write"')
  t.same(snapshot(app), before, 'refused writes wrote nothing')

  const write = await createKey(app, 'write')
  const ok = await app.inject({ method: 'POST', url: '/v1/events', headers: bearer(write.secret), payload: EVENT })
  t.equal(ok.statusCode, 201, 'a write key writes')
  t.equal((await app.inject({ url: '/v1/events', headers: bearer(read.secret) })).statusCode, 200, 'a read key reads')
})

t.test('a bad credential is refused even where none is needed', async (t) => {
  for (const authorization of ['Bearer not-a-key', 'Basic dXNlcjpwYXNz', 'Bearer', `Bearer ${ADMIN_KEY}x`, `Bearer  ${ADMIN_KEY} extra`]) {
    const res = await app.inject({ url: '/v1/events', headers: { authorization } })
    t.equal(res.statusCode, 401, authorization)
    isProblem(t, res, 401, 'unauthorized')
    t.equal(res.headers['www-authenticate'], 'Bearer realm="parley", error="invalid_token"')
  }
  t.equal((await app.inject({ url: '/healthz', headers: { authorization: 'Bearer junk' } })).statusCode, 200, 'public probes ignore credentials')
  t.equal((await app.inject({ url: '/v1/events', headers: { authorization: `bearer ${ADMIN_KEY}` } })).statusCode, 200, 'the scheme is case-insensitive')
})

t.test('PARLEY_REQUIRE_READ_KEY makes reads need a key', async (t) => {
  const app = await makeApp(t, { config: { requireReadKey: true } })
  const res = await app.inject({ url: '/v1/events' })
  t.equal(res.statusCode, 401)
  isProblem(t, res, 401, 'unauthorized')
  const read = await createKey(app, 'read')
  t.equal((await app.inject({ url: '/v1/events', headers: bearer(read.secret) })).statusCode, 200)
  t.equal((await app.inject({ url: '/healthz' })).statusCode, 200, 'probes stay open')
  t.equal((await app.inject({ url: '/openapi.json' })).statusCode, 200, 'the API document stays open')
  const doc = (app.swagger() as any).paths['/v1/events'].get
  t.same(doc.security, [{ bearerAuth: [] }], 'the document says reads need a key')
})

t.test('managing keys needs the admin scope; the secret is shown once and stored as a hash', async (t) => {
  const write = await createKey(app, 'write')
  const forbidden = await app.inject({ url: '/v1/keys', headers: bearer(write.secret) })
  t.equal(forbidden.statusCode, 403)
  t.equal(forbidden.headers['www-authenticate'], 'Bearer realm="parley", error="insufficient_scope", scope="admin"')
  t.equal((await app.inject({ method: 'POST', url: '/v1/keys', headers: bearer(write.secret), payload: { name: 'x', scope: 'admin' } })).statusCode, 403, 'a write key cannot mint keys')
  t.equal((await app.inject({ url: '/v1/keys' })).statusCode, 401, 'listing keys is never open')

  const res = await app.inject({ method: 'POST', url: '/v1/keys', headers: AUTH, payload: { name: 'dashboard', scope: 'read' } })
  t.equal(res.statusCode, 201)
  const created = json(res)
  t.match(created.secret, /^prly_[A-Za-z0-9_-]{43}$/)
  t.equal(res.headers.location, `/v1/keys/${created.id}`)
  t.ok(created.secret.startsWith(created.prefix), 'the prefix is the start of the secret')

  const got = json(await app.inject({ url: `/v1/keys/${created.id}`, headers: AUTH }))
  t.notOk('secret' in got, 'GET never shows the secret')
  t.same(got, { id: created.id, name: 'dashboard', scope: 'read', prefix: created.prefix, created_at: created.created_at, revoked_at: null, last_used_at: null })
  const listed = json(await app.inject({ url: '/v1/keys', headers: AUTH }))
  t.ok(listed.data.some((k: any) => k.id === created.id))
  t.notOk(JSON.stringify(listed).includes(created.secret), 'lists never show secrets')

  // Nothing in the database holds the secret; the key row holds its SHA-256.
  const sqlite = app.repos.store.sqlite
  const row = sqlite.prepare('SELECT hash FROM api_keys WHERE id = ?').get(created.id) as { hash: string }
  t.equal(row.hash, hashSecret(created.secret))
  const dump = JSON.stringify(
    (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(({ name }) => sqlite.prepare(`SELECT * FROM "${name}"`).all()),
  )
  t.notOk(dump.includes(created.secret), 'the secret is stored nowhere')

  const bad = await app.inject({ method: 'POST', url: '/v1/keys', headers: AUTH, payload: { name: 'x', scope: 'root' } })
  t.equal(bad.statusCode, 400)
  t.equal(json(bad).errors[0].pointer, '/scope')
})

t.test('a key revoked outside this server (the keys CLI writes the row) is refused on its next request', async (t) => {
  const key = await createKey(app, 'write', 'revoked elsewhere')
  const write = () => app.inject({ method: 'POST', url: '/v1/events', headers: bearer(key.secret), payload: EVENT })
  t.equal((await write()).statusCode, 201, 'the key works')
  t.equal((await write()).statusCode, 201, 'and works again (nothing about it is held that could go stale)')
  app.repos.store.sqlite.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ?').run(new Date().toISOString(), key.id)
  const after = await write()
  t.equal(after.statusCode, 401, 'refused at once')
  t.equal(json(after).code, 'unauthorized')
})

t.test('a key is used, noted, paged and revoked', async (t) => {
  const keys = [await createKey(app, 'write', 'a'), await createKey(app, 'read', 'b'), await createKey(app, 'read', 'c')]
  t.equal((await app.inject({ url: '/v1/events', headers: bearer(keys[0].secret) })).statusCode, 200)
  t.type(json(await app.inject({ url: `/v1/keys/${keys[0].id}`, headers: AUTH })).last_used_at, 'string', 'last use is noted')

  const seen: string[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const page: any = json(await app.inject({ url: `/v1/keys?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, headers: AUTH }))
    t.ok(page.data.length <= 2)
    seen.push(...page.data.map((k: any) => k.id))
    cursor = page.next_cursor
    t.equal(page.has_more, cursor !== null)
    pages++
  } while (cursor)
  t.ok(pages >= 2, `${pages} pages`)
  t.equal(new Set(seen).size, seen.length, 'no key is listed twice')
  t.same(seen.filter((id) => keys.some((k) => k.id === id)), keys.map((k) => k.id), 'every key is listed, oldest first')
  t.same(seen, [...seen].sort(), 'in id (creation) order')

  const revoked = await app.inject({ method: 'DELETE', url: `/v1/keys/${keys[0].id}`, headers: AUTH })
  t.equal(revoked.statusCode, 204)
  const after = await app.inject({ method: 'POST', url: '/v1/events', headers: bearer(keys[0].secret), payload: EVENT })
  t.equal(after.statusCode, 401, 'a revoked key is refused at once')
  t.equal(after.headers['www-authenticate'], 'Bearer realm="parley", error="invalid_token"')
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/keys/${keys[0].id}`, headers: AUTH })).statusCode, 204, 'revoking again is harmless')
  t.type(json(await app.inject({ url: `/v1/keys/${keys[0].id}`, headers: AUTH })).revoked_at, 'string')
  const missing = await app.inject({ method: 'DELETE', url: '/v1/keys/key_01jm0000000000000000000000', headers: AUTH })
  t.equal(missing.statusCode, 404)
  t.equal(json(missing).code, 'not_found')
})

t.test('the change log names the key that made each change', async (t) => {
  const write = await createKey(app, 'write')
  const a = json(await app.inject({ method: 'POST', url: '/v1/events', headers: bearer(write.secret), payload: EVENT }))
  const b = json(await app.inject({ method: 'POST', url: '/v1/events', headers: AUTH, payload: EVENT }))
  await app.inject({ method: 'PATCH', url: `/v1/events/${a.id}`, headers: AUTH, payload: { title: 'Renamed' } })
  const rows = app.repos.store.sqlite.prepare('SELECT entity_id, op, key_id FROM changes WHERE entity_id IN (?, ?) ORDER BY seq').all(a.id, b.id)
  t.same(rows, [
    { entity_id: a.id, op: 'create', key_id: write.id },
    { entity_id: b.id, op: 'create', key_id: ENV_ADMIN_KEY_ID },
    { entity_id: a.id, op: 'update', key_id: ENV_ADMIN_KEY_ID },
  ])
})

t.test('the scope rule covers routes it has never seen', async (t) => {
  const app = await buildApp({ config: { dbPath: ':memory:', seed: false, adminKey: ADMIN_KEY, maxEventLoopDelay: 30_000 } })
  t.teardown(() => app.close())
  // As another engineer would add them, after the auth plugin.
  app.post('/v1/widgets', async () => ({ ok: true }))
  app.get('/v1/widgets', async () => ({ ok: true }))
  app.get('/v1/secrets', { config: { scope: 'admin' } }, async () => ({ ok: true }))
  await app.ready()
  const read = await createKey(app, 'read')
  t.equal((await app.inject({ method: 'POST', url: '/v1/widgets' })).statusCode, 401, 'an unknown write needs a key')
  t.equal((await app.inject({ method: 'POST', url: '/v1/widgets', headers: bearer(read.secret) })).statusCode, 403)
  t.equal((await app.inject({ method: 'POST', url: '/v1/widgets', headers: AUTH })).statusCode, 200)
  t.equal((await app.inject({ url: '/v1/widgets' })).statusCode, 200, 'an unknown read is open')
  t.equal((await app.inject({ url: '/v1/secrets', headers: bearer(read.secret) })).statusCode, 403, 'a route may ask for more')
  t.equal((await app.inject({ method: 'DELETE', url: '/v1/no-such-thing' })).statusCode, 401, 'even an unrouted write is refused before anything else')
})

t.test('the OpenAPI document declares the scheme and each operation its security', async (t) => {
  const doc = app.swagger() as any
  t.same(doc.components.securitySchemes.bearerAuth, { ...doc.components.securitySchemes.bearerAuth, type: 'http', scheme: 'bearer' })
  let n = 0
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue
      n++
      t.ok(Array.isArray(op.security), `${op.operationId} declares security`)
      if (!path.startsWith('/v1')) t.same(op.security, [{}], `${op.operationId} is public`)
      else if (method === 'get' && !path.startsWith('/v1/keys')) t.same(op.security, [{}, { bearerAuth: [] }], `${op.operationId}: a key is optional`)
      else {
        t.same(op.security, [{ bearerAuth: [] }], `${op.operationId} needs a key`)
        t.ok(op.responses['401'] && op.responses['403'], `${op.operationId} documents 401 and 403`)
      }
    }
  }
  t.ok(n > 40)
})

t.test('PARLEY_ADMIN_KEY must be long enough', async (t) => {
  t.throws(() => loadConfig({ PARLEY_ADMIN_KEY: 'short' }), /PARLEY_ADMIN_KEY must be at least 32 characters/)
  await t.rejects(buildApp({ config: { dbPath: ':memory:', adminKey: 'x'.repeat(31) } }), /at least 32/)
  t.equal(loadConfig({ PARLEY_ADMIN_KEY: 'k'.repeat(32) }).adminKey, 'k'.repeat(32))
})
