// An import can take longer than the socket's idle timeout (PARLEY_CONNECTION_TIMEOUT)
// and the time a client has to send its request (PARLEY_REQUEST_TIMEOUT):
// the client is waiting for the report, not idle, so it must still get it.
import t from 'tap'
import { request } from 'node:http'
import { AUTH, makeApp } from '../helpers.js'
import { generatedLines } from '../data-helpers.js'

function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode!, body: text }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

t.test('an import that outlasts the connection timeout still answers with its report', async (t) => {
  const app = await makeApp(t, { config: { seed: false, connectionTimeout: 100, requestTimeout: 500 } })
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const body = generatedLines(3_000, 5).join('\n')
  const started = performance.now()
  const res = await post(`${base}/v1/import`, body, { ...AUTH, 'content-type': 'application/x-ndjson' })
  const ms = performance.now() - started
  t.ok(ms > 500, `the import took ${Math.round(ms)} ms, longer than the 100 ms idle and 500 ms request timeouts`)
  t.equal(res.status, 200, res.body.slice(0, 300))
  t.equal(JSON.parse(res.body).invalid, 0)
  t.ok(JSON.parse(res.body).created > 2_000, 'the report came back whole')
})
