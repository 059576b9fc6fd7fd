// Idempotency-Key on POST (draft-ietf-httpapi-idempotency-key-header): the
// first successful answer is remembered per API key for at least 24 hours and
// replayed, marked `Idempotent-Replayed: true`, when the same request comes
// again; the same key with another body is a 422.
//
// Two copies of a request may arrive at once. The key is claimed by the write
// itself, inside its transaction (Store.logChange calls claimInTransaction),
// so only one copy can commit; the other gets a 409 and, on retry, the replay.
import { createHash, type Hash } from 'node:crypto'
import { pipeline, Transform } from 'node:stream'
import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest, onSendAsyncHookHandler, preParsingAsyncHookHandler, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { ProblemError } from '../lib/problem.js'
import { IdempotencyRepository, type IdempotencyEntry } from './idempotency-store.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on a POST that carries an Idempotency-Key; the write claims it inside its transaction. */
    idempotency: IdempotencyClaim | null
  }
  interface FastifyContextConfig {
    /** false: the route refuses Idempotency-Key (its answer must not be stored). */
    idempotency?: boolean
  }
}

const HEADER = 'idempotency-key'
const KEY_PATTERN = '^[\\x21-\\x7e]{1,255}$'
const KEY = new RegExp(KEY_PATTERN)
const REPLAYED_HEADERS = ['content-type', 'location', 'etag']
const PRUNE_EVERY_MS = 60_000

const IdempotencyKeyHeader = Type.String({
  pattern: KEY_PATTERN,
  description:
    'A unique value (a UUID, say) that makes retrying this POST safe: the same key with the same body within 24 hours answers with the first response, marked `Idempotent-Replayed: true`, instead of creating again.',
})

/** JSON with object keys sorted, so two bodies that differ only in key order or spacing hash alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** A key of one request, claimed by the first write the request makes. */
export class IdempotencyClaim {
  claimed = false

  constructor(
    readonly entry: IdempotencyEntry,
    private readonly repo: IdempotencyRepository,
    private readonly since: () => string,
  ) {}

  claimInTransaction(): void {
    if (this.claimed) return
    if (!this.repo.claim(this.entry, this.since())) throw inProgress()
    this.claimed = true
  }
}

const inProgress = (detail = 'Another request with this Idempotency-Key is being answered; retry in a moment to get its response.') =>
  new ProblemError(409, 'idempotency_in_progress', detail, { headers: { 'Retry-After': '1' } })

function headerError(detail: string): ProblemError {
  return new ProblemError(400, 'validation_failed', `Idempotency-Key ${detail}`, {
    errors: [{ in: 'header', pointer: `/${HEADER}`, parameter: HEADER, detail }],
  })
}

export default fp(
  async function idempotency(app: FastifyInstance) {
    const repo = new IdempotencyRepository(app.repos.store)
    const ttlMs = app.config.idempotencyTtlHours * 3_600_000
    const since = () => new Date(Date.now() - ttlMs).toISOString()
    const bootedAt = new Date().toISOString()
    let prunedAt = 0
    const rawHashes = new WeakMap<FastifyRequest, Hash>()
    app.decorateRequest('idempotency', null)

    // Bodies that are not parsed into JSON (NDJSON imports are spooled to a
    // file) are fingerprinted by their bytes, hashed as they stream in.
    const tapBody: preParsingAsyncHookHandler = async (request, _reply, payload) => {
      if (request.method !== 'POST' || request.headers[HEADER] === undefined) return payload
      const hash = createHash('sha256')
      rawHashes.set(request, hash)
      const tap = new Transform({
        transform(chunk, _encoding, done) {
          hash.update(chunk)
          done(null, chunk)
        },
      })
      return pipeline(payload, tap, () => {})
    }

    const replayOrClaim = async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.method !== 'POST') return
      const key = request.headers[HEADER]
      if (key === undefined) return
      if (request.routeOptions.config?.idempotency === false) {
        throw headerError('is not accepted here: this answer cannot be stored for replay.')
      }
      if (typeof key !== 'string' || !KEY.test(key)) throw headerError('must be 1 to 255 visible ASCII characters.')
      if (Date.now() - prunedAt > PRUNE_EVERY_MS) {
        prunedAt = Date.now()
        repo.prune(since())
      }
      const path = request.url
      const entry: IdempotencyEntry = {
        // Keys are private to their API key: one client can never replay another's answer.
        owner: request.apiKey?.id ?? `anonymous:${request.ip}`,
        key,
        method: request.method,
        path,
        bodyHash: createHash('sha256')
          .update(`${request.method} ${path}\n`)
          .update(request.body !== null && typeof request.body === 'object' ? canonical(request.body) : `bytes:${rawHashes.get(request)?.digest('hex') ?? ''}`)
          .digest('hex'),
      }
      const seen = repo.find(entry.owner, key, since())
      if (seen) {
        if (seen.body_hash !== entry.bodyHash) {
          throw new ProblemError(422, 'idempotency_key_reused', 'This Idempotency-Key was used with a different request (another body or path); use a new key for a new request.')
        }
        if (seen.status_code === 0) {
          throw seen.created_at < bootedAt
            ? inProgress('The first request with this Idempotency-Key was cut off by a restart after it was written; its answer is lost. Check the records it made before sending it with a new key.')
            : inProgress()
        }
        reply.code(seen.status_code).headers(JSON.parse(seen.headers)).header('Idempotent-Replayed', 'true')
        return reply.send(seen.status_code === 204 ? undefined : seen.body)
      }
      request.idempotency = new IdempotencyClaim(entry, repo, since)
    }

    const remember: onSendAsyncHookHandler = async (request, reply, payload) => {
      const claim = request.idempotency
      if (!claim) return payload
      request.idempotency = null
      const ok = reply.statusCode >= 200 && reply.statusCode < 300 && (typeof payload === 'string' || payload == null)
      if (ok) {
        const headers: Record<string, string> = {}
        for (const h of REPLAYED_HEADERS) {
          const v = reply.getHeader(h)
          if (v !== undefined) headers[h] = String(v)
        }
        try {
          repo.complete(claim.entry, reply.statusCode, headers, (payload as string | null) ?? '')
        } catch (err) {
          // The write itself committed; a retry will get 409 rather than a second write.
          request.log.error({ err }, 'could not store the response for its Idempotency-Key')
        }
      } else if (claim.claimed) {
        repo.release(claim.entry)
      }
      return payload
    }

    // Only POST routes get the hooks (every other request would pay three
    // promises for nothing), and the header is documented on those that accept it.
    app.addHook('onRoute', (route: RouteOptions) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method]
      if (!methods.includes('POST')) return
      const withHook = <T>(existing: T | T[] | undefined, hook: T): T[] => [...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]), hook]
      route.preParsing = withHook(route.preParsing, tapBody as never)
      route.preHandler = withHook(route.preHandler, replayOrClaim as never)
      route.onSend = withHook(route.onSend, remember as never)
      const schema = route.schema as Record<string, any> | undefined
      if (route.config?.idempotency === false || !schema || schema.hide) return
      const headers = schema.headers ?? Type.Object({})
      if (headers.type !== 'object' || headers.properties?.[HEADER]) return
      route.schema = { ...schema, headers: { ...headers, properties: { ...headers.properties, [HEADER]: IdempotencyKeyHeader } } }
    })
  },
  { name: 'idempotency', dependencies: ['auth'] },
)
