// Idempotency-Key on POST: replays, 422 on reuse with another body, one
// record however many copies arrive at once, and a 24-hour memory.
import t from 'tap'
import { AUTH, bearer, json, makeApp, snapshot } from '../helpers.js'

const app = await makeApp(t)
const event = (title: string) => ({ title, category: 'CONSULT', status: 'reported', contexts: ['diplomatic'] })
const post = (key: string | undefined, payload: unknown, headers: Record<string, string> = AUTH, url = '/v1/events') =>
  app.inject({ method: 'POST', url, headers: { ...headers, ...(key === undefined ? {} : { 'idempotency-key': key }) }, payload: payload as object })
const countTitled = (title: string) => (app.repos.store.sqlite.prepare('SELECT count(*) AS n FROM events WHERE title = ?').get(title) as { n: number }).n

t.test('the same key and body replay the first answer', async (t) => {
  const first = await post('k-replay-1', event('Replayed talks'))
  t.equal(first.statusCode, 201)
  t.notOk(first.headers['idempotent-replayed'], 'the first answer is not a replay')
  const before = snapshot(app)
  // Same body with its keys in another order: the same request.
  const again = await post('k-replay-1', { status: 'reported', contexts: ['diplomatic'], category: 'CONSULT', title: 'Replayed talks' })
  t.equal(again.statusCode, 201)
  t.equal(again.headers['idempotent-replayed'], 'true')
  t.equal(again.body, first.body, 'the same body')
  t.equal(again.headers.location, first.headers.location)
  t.equal(again.headers.etag, first.headers.etag)
  t.match(again.headers['content-type'], /^application\/json/)
  t.same(snapshot(app), before, 'the replay wrote nothing')
  t.equal(countTitled('Replayed talks'), 1)
})

t.test('the same key with another body is a 422', async (t) => {
  await post('k-reuse', event('First use'))
  const before = snapshot(app)
  const res = await post('k-reuse', event('Second use'))
  t.equal(res.statusCode, 422)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.equal(json(res).code, 'idempotency_key_reused')
  t.same(snapshot(app), before)
})

t.test('keys belong to one API key', async (t) => {
  const other = json(await app.inject({ method: 'POST', url: '/v1/keys', headers: AUTH, payload: { name: 'other', scope: 'write' } }))
  const a = await post('k-shared', event('Owned twice'))
  const b = await post('k-shared', event('Owned twice'), bearer(other.secret))
  t.equal(a.statusCode, 201)
  t.equal(b.statusCode, 201)
  t.notOk(b.headers['idempotent-replayed'], 'another key never sees my answers')
  t.not(json(a).id, json(b).id)
  t.equal(countTitled('Owned twice'), 2)
})

t.test('only successes are remembered', async (t) => {
  const bad = await post('k-fix', { title: 'Half an event' })
  t.equal(bad.statusCode, 400)
  const fixed = await post('k-fix', event('Half an event'))
  t.equal(fixed.statusCode, 201, 'the corrected request runs, as the failed one was not stored')
  t.notOk(fixed.headers['idempotent-replayed'])
  const noDeal = await post('k-term', { action: 'RETREAT:release', kind: 'offer', status: 'floated', description: 'x' }, AUTH, '/v1/deals/deal_01jm0000000000000000000000/terms')
  t.equal(noDeal.statusCode, 404)
  const count = (app.repos.store.sqlite.prepare("SELECT count(*) AS n FROM idempotency_keys WHERE key IN ('k-term')").get() as { n: number }).n
  t.equal(count, 0, 'a failure leaves no entry behind')
})

t.test('copies sent at once create one record', async (t) => {
  const title = 'Concurrent copies'
  const answers = await Promise.all(Array.from({ length: 25 }, () => post('k-concurrent', event(title))))
  const statuses = answers.map((r) => r.statusCode)
  t.equal(countTitled(title), 1, 'exactly one record')
  t.equal(answers.filter((r) => r.statusCode === 201 && !r.headers['idempotent-replayed']).length, 1, 'one original answer')
  for (const r of answers) {
    if (r.statusCode === 201) t.equal(json(r).title, title)
    else {
      t.equal(r.statusCode, 409, 'a copy that overlaps the first is told to retry')
      t.equal(json(r).code, 'idempotency_in_progress')
      t.equal(r.headers['retry-after'], '1')
    }
  }
  t.ok(statuses.length === 25)
  const retry = await post('k-concurrent', event(title))
  t.equal(retry.statusCode, 201)
  t.equal(retry.headers['idempotent-replayed'], 'true', 'a retry gets the replay')
  const changes = (app.repos.store.sqlite.prepare("SELECT count(*) AS n FROM changes WHERE op = 'create' AND json_extract(data, '$.title') = ?").get(title) as { n: number }).n
  t.equal(changes, 1, 'one create in the change log')
})

t.test('keys are kept 24 hours, then forgotten', async (t) => {
  const first = await post('k-old', event('Yesterday'))
  t.equal(first.statusCode, 201)
  const sqlite = app.repos.store.sqlite
  const age = (hours: number) => sqlite.prepare("UPDATE idempotency_keys SET created_at = ? WHERE key = 'k-old'").run(new Date(Date.now() - hours * 3_600_000).toISOString())
  age(23.9)
  t.equal((await post('k-old', event('Yesterday'))).headers['idempotent-replayed'], 'true', 'still replayed within 24 hours')
  age(24.1)
  const later = await post('k-old', event('Yesterday'))
  t.equal(later.statusCode, 201)
  t.notOk(later.headers['idempotent-replayed'], 'after 24 hours the key starts afresh')
  t.equal(countTitled('Yesterday'), 2)
})

t.test('a malformed key, or a key where none may be stored, is a 400', async (t) => {
  for (const key of ['', 'x'.repeat(256), 'has space', 'ünïcode']) {
    const res = await app.inject({ method: 'POST', url: '/v1/events', headers: { ...AUTH, 'idempotency-key': key }, payload: event('Bad key') })
    t.equal(res.statusCode, 400, JSON.stringify(key.slice(0, 20)))
    t.equal(json(res).errors?.[0]?.in, 'header')
  }
  t.equal(countTitled('Bad key'), 0)
  const keyCreate = await app.inject({ method: 'POST', url: '/v1/keys', headers: { ...AUTH, 'idempotency-key': 'k-keys' }, payload: { name: 'n', scope: 'read' } })
  t.equal(keyCreate.statusCode, 400, 'a new key secret is never stored for replay')
})

t.test('the OpenAPI document offers the header on every POST but key creation', async (t) => {
  const doc = app.swagger() as any
  let n = 0
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    if (!item.post) continue
    const has = (item.post.parameters ?? []).some((p: any) => p.in === 'header' && p.name === 'idempotency-key')
    t.equal(has, path !== '/v1/keys', `${item.post.operationId}`)
    n++
  }
  t.ok(n >= 9)
})

t.test('an NDJSON import is fingerprinted by its bytes', async (t) => {
  const line = (title: string) => `${JSON.stringify({ type: 'source', key: `idem-${title}`, data: { url: 'https://example.org/i', title, kind: 'report' } })}\n`
  const send = (key: string, body: string) => app.inject({ method: 'POST', url: '/v1/import', headers: { ...AUTH, 'content-type': 'application/x-ndjson', 'idempotency-key': key }, payload: body })
  const first = await send('k-import', line('Imported once'))
  t.equal(first.statusCode, 200)
  t.equal(JSON.parse(first.body).created, 1)
  const again = await send('k-import', line('Imported once'))
  t.equal(again.statusCode, 200)
  t.equal(again.headers['idempotent-replayed'], 'true', 'the same bytes replay the report')
  t.equal(again.body, first.body)
  const other = await send('k-import', line('Imported twice'))
  t.equal(other.statusCode, 422, 'other bytes under the same key are refused')
  t.equal(json(other).code, 'idempotency_key_reused')
  t.match(other.headers['content-type'], /^application\/problem\+json/)
})

t.test('an import refused after some records were written keeps no entry, and runs again on retry', async (t) => {
  const bundle = {
    format: 'parley-bundle',
    format_version: 1,
    records: [
      { type: 'source', key: 'idem-partial-ok', data: { url: 'https://example.org/p', title: 'Fine', kind: 'report' } },
      { type: 'source', key: 'idem-partial-bad', data: { url: 'https://example.org/q', kind: 'report' } },
    ],
  }
  const send = () => app.inject({ method: 'POST', url: '/v1/import', headers: { ...AUTH, 'idempotency-key': 'k-partial' }, payload: bundle })
  const before = snapshot(app)
  const first = await send()
  t.equal(first.statusCode, 422)
  t.equal(json(first).code, 'import_invalid')
  t.same(snapshot(app), before, 'nothing written, the claim included')
  const again = await send()
  t.equal(again.statusCode, 422)
  t.notOk(again.headers['idempotent-replayed'], 'a failure is not replayed: the retry runs')
})

t.test('a key whose first request has not finished answers 409', async (t) => {
  const sqlite = app.repos.store.sqlite
  const owner = 'key_env_admin'
  const claim = sqlite.prepare("INSERT INTO idempotency_keys (owner, key, method, path, body_hash, status_code, headers, body, created_at) VALUES (?, ?, 'POST', '/v1/events', ?, 0, '{}', '', ?)")
  // The body hash of the request below, so only the state of the claim differs.
  const probe = await post('k-probe', event('Pending'))
  const hash = (sqlite.prepare("SELECT body_hash FROM idempotency_keys WHERE key = 'k-probe'").get() as { body_hash: string }).body_hash
  t.equal(probe.statusCode, 201)

  claim.run(owner, 'k-running', hash, new Date().toISOString())
  const running = await post('k-running', event('Pending'))
  t.equal(running.statusCode, 409)
  t.equal(json(running).code, 'idempotency_in_progress')
  t.match(json(running).detail, /being answered/)
  t.equal(running.headers['retry-after'], '1')

  claim.run(owner, 'k-cut-off', hash, new Date(Date.now() - 3_600_000).toISOString())
  const cutOff = await post('k-cut-off', event('Pending'))
  t.equal(cutOff.statusCode, 409)
  t.match(json(cutOff).detail, /cut off by a restart/, 'a claim older than this process was interrupted: the answer says so')
  t.equal(countTitled('Pending'), 1, 'neither wrote again')
})
