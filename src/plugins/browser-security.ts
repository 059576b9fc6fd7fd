// What browsers need: security headers (helmet) and CORS for the
// origins in PARLEY_CORS_ORIGINS (@fastify/cors; none by default, so only
// same-origin pages can read answers). /docs must keep working under the CSP.
//
// The pages under /docs get helmet's whole set. Every other answer is data
// (JSON, problems, CSV, NDJSON, an event stream), never a document a browser
// renders, and gets the headers that protect data (OWASP's REST cheat sheet
// lists them for every API answer): nosniff, so nothing is read as HTML or
// script; a CSP that allows nothing and no framing, and X-Frame-Options to
// match, should a browser ever render one; CORP, so other sites cannot pull it
// in as a script or image; HSTS. The rest of helmet's set governs what a
// document does (opener windows, agent clusters, referrers of its links, DNS
// prefetch of its links, IE's download prompt, Flash policy files, the retired
// XSS filter): on data they do nothing, and writing them cost ~3 µs a request
// (Node validates and formats every header) and 420 bytes.
import cors from '@fastify/cors'
import helmet from 'helmet'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { DOCS_PREFIX } from './openapi.js'

/** Headers a browser script may read from a cross-origin answer. */
const EXPOSED = ['ETag', 'Link', 'Location', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Idempotent-Replayed', 'X-Request-Id', 'WWW-Authenticate']
const ALLOWED = ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'X-Request-Id']

/** Helmet's headers that every answer keeps (see above). */
const KEPT_FOR_DATA = ['cross-origin-resource-policy', 'strict-transport-security', 'x-content-type-options']

/** The security headers of an answer that is data, not a page: some of helmet's, and a policy that allows nothing. */
function dataHeaders(documentHeaders: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { 'content-security-policy': "default-src 'none'; frame-ancestors 'none'", 'x-frame-options': 'DENY' }
  for (const name of KEPT_FOR_DATA) headers[name] = documentHeaders[name]
  return headers
}

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
    const documentHeaders = helmetHeaders(securityHeaders)
    const forData = dataHeaders(documentHeaders)
    app.addHook('onRequest', (request, reply, done) => {
      reply.headers(request.url.startsWith(DOCS_PREFIX) ? documentHeaders : forData)
      done()
    })
    const origins = app.config.corsOrigins
    // With no origin allowed, @fastify/cors would still run its hook on every
    // request (2-3 µs of a GET) to add nothing: a preflight then meets the
    // same 404 problem as any other unrouted OPTIONS.
    if (origins.length === 0) return
    await app.register(cors, {
      origin: origins.includes('*') ? '*' : origins,
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
