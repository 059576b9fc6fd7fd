// Cache-Control on successful reads under /v1 (JSON, CSV, NDJSON): `no-cache`,
// so a cache may keep an answer but must revalidate it (ETag / If-None-Match)
// before reuse; the data changes with any write. When reads need a key
// (PARLEY_REQUIRE_READ_KEY) answers are per caller: `private, no-cache`, so no
// shared cache stores them. A 304 repeats the header (RFC 9111 §4.3.4). An
// answer that set its own (the change stream) keeps it.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

const API_PREFIX = '/v1'

export default fp(
  async function cacheControl(app: FastifyInstance) {
    const value = app.config.requireReadKey ? 'private, no-cache' : 'no-cache'
    // A callback hook: an async one costs a promise and a microtask on every request.
    app.addHook('onSend', (request, reply, payload, done) => {
      const method = request.method
      const status = reply.statusCode
      if (
        (method === 'GET' || method === 'HEAD') &&
        ((status >= 200 && status < 300) || status === 304) &&
        (request.url === API_PREFIX || request.url.startsWith(API_PREFIX + '/') || request.url.startsWith(API_PREFIX + '?')) &&
        !reply.hasHeader('cache-control')
      ) {
        reply.header('Cache-Control', value)
      }
      done(null, payload)
    })
  },
  { name: 'cache-control' },
)
