// API keys: who is calling, and may they? One rule decides the scope every
// route needs, including routes this file has never heard of: a route may
// declare `config: { scope }`; otherwise reads under /v1 need `read` (open
// unless PARLEY_REQUIRE_READ_KEY), other methods under /v1 need `write`, and
// anything outside /v1 (health checks, docs) is public.
//
// The key is identified in onRequest, so the rate limiter can count per key;
// the verdict comes in preParsing, after the rate limiter and before any body
// is read, so guessing keys is rate-limited too and costs no parsing.
import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { ENV_ADMIN_KEY_ID, hashSecret, scopeAllows, type Requirement, type Scope } from '../lib/api-keys.js'
import { ProblemError } from '../lib/problem.js'
import { KeysRepository } from '../keys/repository.js'
import { problemResponses } from '../http/http.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** API keys (this plugin's store). */
    apiKeys: KeysRepository
  }
  interface FastifyRequest {
    /** The API key that authenticated the request, if any. */
    apiKey: { id: string; name: string; scope: Scope } | null
  }
  interface FastifyContextConfig {
    /** The scope a route needs; left out, it follows from the method. */
    scope?: Requirement
  }
}

const READ_METHODS = new Set(['GET', 'HEAD'])
const REALM = 'Bearer realm="parley"'

/** The scope a route needs when it does not say: decided by its method and path. */
export function defaultRequirement(method: string | string[], url: string): Requirement {
  if (!(url === '/v1' || url.startsWith('/v1/'))) return 'none'
  const methods = Array.isArray(method) ? method : [method]
  if (methods.every((m) => m === 'OPTIONS')) return 'none'
  return methods.every((m) => READ_METHODS.has(m) || m === 'OPTIONS') ? 'read' : 'write'
}

/** OpenAPI `security` for a requirement: open reads list the empty requirement too. */
function securityFor(need: Requirement, requireReadKey: boolean): Record<string, string[]>[] {
  if (need === 'none') return [{}]
  if (need === 'read' && !requireReadKey) return [{}, { bearerAuth: [] }]
  return [{ bearerAuth: [] }]
}

const unauthorized = (detail: string, error?: string) =>
  new ProblemError(401, 'unauthorized', detail, { headers: { 'WWW-Authenticate': error ? `${REALM}, error="${error}"` : REALM } })

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i

export default fp(
  async function auth(app: FastifyInstance) {
    const { config } = app
    const keys = new KeysRepository(app.repos.store)
    app.decorate('apiKeys', keys)
    app.decorateRequest('apiKey', null)
    const envAdminHash = config.adminKey ? Buffer.from(hashSecret(config.adminKey), 'hex') : null
    const failures = new WeakMap<FastifyRequest, ProblemError>()
    // The hash of each recently sent secret: a client sends the same key on every
    // call, and hashing it each time was a few per cent of a GET. Only the hash is
    // kept, never a verdict (a stored key is still read, so revoking works at
    // once); cleared when full, so a stream of guessed keys cannot grow it.
    const hashes = new Map<string, { hex: string; bytes: Buffer }>()
    const hashOf = (secret: string) => {
      let h = hashes.get(secret)
      if (!h) {
        if (hashes.size >= 1024) hashes.clear()
        const hex = hashSecret(secret)
        hashes.set(secret, (h = { hex, bytes: Buffer.from(hex, 'hex') }))
      }
      return h
    }

    const declared = (request: FastifyRequest): Requirement =>
      request.routeOptions.config?.scope ?? defaultRequirement(request.method, request.routeOptions.url ?? request.url.split('?')[0])
    const effective = (need: Requirement): Requirement => (need === 'read' && !config.requireReadKey ? 'none' : need)

    app.addHook('onRoute', (route: RouteOptions) => {
      const need = route.config?.scope ?? defaultRequirement(route.method, route.url)
      route.config = { ...route.config, scope: need }
      const schema = route.schema as Record<string, any> | undefined
      if (!schema || schema.hide) return
      // Document what the rule decided: the scheme on the operation and the answers it can cause.
      const responses = { ...(schema.response ?? {}) }
      const extra = need === 'none' ? [] : need === 'read' && !config.requireReadKey ? [401] : [401, 403]
      for (const [code, doc] of Object.entries(problemResponses(...extra))) responses[code] ??= doc
      route.schema = { ...schema, security: schema.security ?? securityFor(need, config.requireReadKey), ...(schema.response ? { response: responses } : {}) }
    })

    // Callback hooks: they do no asynchronous work, and an async hook costs a
    // promise and a microtask on every request.
    const identify = (request: FastifyRequest): void => {
      if (declared(request) === 'none') return
      const header = request.headers.authorization
      if (header === undefined) return
      const secret = BEARER.exec(header)?.[1]
      if (!secret) {
        failures.set(request, unauthorized('The Authorization header must be "Bearer <key>".', 'invalid_token'))
        return
      }
      // The admin key and stored keys are compared by this hash.
      const { hex, bytes } = hashOf(secret)
      if (envAdminHash && timingSafeEqual(bytes, envAdminHash)) {
        request.apiKey = { id: ENV_ADMIN_KEY_ID, name: 'PARLEY_ADMIN_KEY', scope: 'admin' }
        return
      }
      // Looked up on every request, never cached: a revoked key (by the API or the CLI) fails at once.
      const key = keys.findActiveByHash(hex)
      if (!key) {
        failures.set(request, unauthorized('The API key is not valid: it is unknown or has been revoked.', 'invalid_token'))
        return
      }
      request.apiKey = { id: key.id, name: key.name, scope: key.scope as Scope }
      try {
        keys.touch(key.id)
      } catch (err) {
        // Noting the time of use is a courtesy; it must not fail the request.
        request.log.warn({ err }, 'could not record when an API key was used')
      }
    }
    app.addHook('onRequest', (request, _reply, done) => {
      identify(request)
      done()
    })

    const verdict = (request: FastifyRequest): void => {
      const failure = failures.get(request)
      if (failure) throw failure
      const need = effective(declared(request))
      if (need === 'none') return
      if (!request.apiKey) throw unauthorized('This operation needs an API key: send "Authorization: Bearer <key>".')
      if (!scopeAllows(request.apiKey.scope, need)) {
        throw new ProblemError(403, 'forbidden', `This operation needs a key with the ${need} scope; this key has the ${request.apiKey.scope} scope.`, {
          headers: { 'WWW-Authenticate': `${REALM}, error="insufficient_scope", scope="${need}"` },
        })
      }
    }
    app.addHook('preParsing', (request, _reply, payload, done) => {
      try {
        verdict(request)
      } catch (err) {
        return done(err as Error)
      }
      done(null, payload)
    })
  },
  { name: 'auth', dependencies: ['problems'] },
)
