// An import blocks the event loop for as long as it runs (one synchronous
// transaction). The connection's idle timeout must not fire the moment it
// ends: the import has committed, and the client must get its report.
import t from 'tap'
import { makeApp } from './helpers.js'
import { NDJSON, generatedLines } from './data-helpers.js'

t.test('an import that outlasts the connection timeout still answers with its report', { timeout: 120_000 }, async (t) => {
  const connectionTimeout = 150
  const app = await makeApp(t, { config: { connectionTimeout } })
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const body = generatedLines(1_200).join('\n')
  const started = performance.now()
  const res = await fetch(`${base}/v1/import`, { method: 'POST', headers: NDJSON, body })
  const report = (await res.json()) as { created: number; records: number }
  t.ok(performance.now() - started > 2 * connectionTimeout, 'the import took longer than the timeout')
  t.equal(res.status, 200)
  t.ok(report.created > 1_100, 'the report says what was created')
  const found = await fetch(`${base}/v1/search?q=envoy&limit=1`)
  t.equal(found.status, 200, 'the server goes on answering')
  t.equal(((await found.json()) as { data: unknown[] }).data.length, 1, 'and the imported records are there')
})
