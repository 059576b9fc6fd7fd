// What browsers need: security headers (helmet) and CORS for the
// origins in PARLEY_CORS_ORIGINS (@fastify/cors; none by default, so only
// same-origin pages can read answers). /docs must keep working under the CSP.
import cors from '@fastify/cors'
import helmet from 'helmet'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/** Headers a browser script may read from a cross-origin answer. */
const EXPOSED = ['ETag', 'Location', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Idempotent-Replayed', 'X-Request-Id', 'WWW-Authenticate']
const ALLOWED = ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'X-Request-Id']

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void

/** The headers a helmet middleware sets, read by running it once against a recording response. */
function helmetHeaders(middleware: Middleware): Record<string, string> {
  const headers: Record<string, string> = {}
  const recorder = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  }
  let failure: unknown
  middleware({ method: 'GET', url: '/', headers: {} } as IncomingMessage, recorder as unknown as ServerResponse, (err) => (failure = err))
  if (failure) throw failure
  return headers
}

export default fp(
  async function browserSecurity(app: FastifyInstance) {
    // Helmet itself, built once: @fastify/helmet rebuilds every middleware (and
    // re-parses the CSP) on each request, about a tenth of a GET's CPU.
    const securityHeaders = helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          // The API may be served over plain HTTP on a private network; upgrading
          // /docs' own assets to https would break it there.
          'upgrade-insecure-requests': null,
          // swagger-ui's "Try it out" calls this same server.
          'connect-src': ["'self'"],
        },
      },
    })
    // Its headers depend on nothing in the request (no nonces in this policy):
    // they are worked out once and copied onto each reply, instead of running
    // eleven middlewares that each validate and set a header.
    const headers = helmetHeaders(securityHeaders)
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers)
      done()
    })
    const origins = app.config.corsOrigins
    await app.register(cors, {
      origin: origins.length === 0 ? false : origins.includes('*') ? '*' : origins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ALLOWED,
      exposedHeaders: EXPOSED,
      maxAge: 600,
      // A bare OPTIONS (no Origin) is answered, not refused with a text/plain 400.
      strictPreflight: false,
    })
  },
  { name: 'browser-security' },
)
