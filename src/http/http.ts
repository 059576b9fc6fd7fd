// HTTP conventions shared by every route: ETags, conditional requests and
// the problem responses each operation documents.
import { createHash } from 'node:crypto'
import { Type } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ProblemError } from '../lib/problem.js'
import { Problem, ref } from '../schemas/common.js'
import { problemExample } from '../schemas/examples.js'

const PROBLEM_TEXT: Record<number, string> = {
  400: 'The request is not valid; `errors` names each bad field.',
  401: 'No valid API key was given.',
  403: 'The API key lacks the scope this operation needs.',
  404: 'No such record or route.',
  409: 'The change conflicts with other records; `references` names them.',
  412: 'The record changed since the version in If-Match; `current_version` says what it is now.',
  413: 'The body is too large.',
  415: 'The body is not JSON.',
  422: 'The Idempotency-Key was used before with another body.',
  428: 'This operation needs an If-Match header.',
  429: 'Too many requests; wait for Retry-After seconds.',
  500: 'An unexpected error; nothing was written.',
  503: 'The server is overloaded; retry after Retry-After seconds.',
}

/**
 * Response schemas for the given error statuses: the Problem component, sent
 * as application/problem+json, with a real example where one exists.
 */
export function problemResponses(...codes: number[]) {
  const out: Record<number, unknown> = {}
  for (const c of codes) {
    const example = problemExample(c)
    out[c] = {
      description: PROBLEM_TEXT[c] ?? 'An error.',
      content: { 'application/problem+json': { schema: ref(Problem), ...(example ? { example } : {}) } },
    }
  }
  return out
}

export const COMMON_ERRORS = [400, 429, 500, 503]

export function recordEtag(record: { version?: unknown }, variant = ''): string {
  return `"v${record.version}${variant}"`
}

/** A list's ETag: any write moves the change-log sequence, so the pair is a sound validator. */
export function listEtag(latestSeq: number, url: string): string {
  const h = createHash('sha1').update(url).digest('base64url').slice(0, 12)
  return `W/"${latestSeq}-${h}"`
}

/**
 * Answers a read that any write may change: its ETag from the change log, a 304
 * when If-None-Match already holds it, else what build() returns. Both are read
 * in one snapshot (Store.read), so the ETag versions the very answer sent with it.
 */
export function versionedRead<T>(request: FastifyRequest, reply: FastifyReply, build: () => T): T | FastifyReply {
  const { store } = request.server.repos
  let fresh = true
  const answer = store.read(() => {
    const etag = listEtag(store.latestSeq(), request.url)
    reply.header('ETag', etag)
    fresh = !notModified(request, etag)
    return fresh ? build() : undefined
  })
  return fresh ? (answer as T) : reply.code(304).send()
}

/** True when the client's If-None-Match already holds this ETag; the caller answers 304. */
export function notModified(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match']
  if (!header) return false
  const weak = (t: string) => t.trim().replace(/^W\//, '')
  return header === '*' || header.split(',').some((t) => weak(t) === weak(etag))
}

/** One entity-tag of an If-Match list: weak (`W/"v3"`), or strong (`"v3"`, `"v3-77"` from a read with includes). */
const IF_MATCH_TAG = /^(W\/)?"?v?(\d+)[^",]*"?$/

/**
 * The versions an If-Match header accepts, or undefined when there is none or
 * it is `*` (any existing record). If-Match compares strongly (RFC 9110
 * §13.1.1): a weak tag matches nothing, so a header of weak tags alone gives
 * an empty list (the write is a 412); a list of tags matches any of them.
 */
export function ifMatchVersion(request: FastifyRequest): readonly number[] | undefined {
  const header = request.headers['if-match']
  if (header === undefined || header.trim() === '*') return undefined
  const versions: number[] = []
  for (const tag of header.split(',')) {
    const m = IF_MATCH_TAG.exec(tag.trim())
    if (!m) {
      throw new ProblemError(400, 'validation_failed', 'If-Match must be an ETag from this API, such as "v3".', {
        errors: [{ in: 'header', pointer: '/if-match', parameter: 'if-match', detail: 'must be an ETag such as "v3".' }],
      })
    }
    if (!m[1]) versions.push(Number(m[2]))
  }
  return versions
}

export function sendWithEtag<T>(request: FastifyRequest, reply: FastifyReply, etag: string, body: T): T | FastifyReply {
  reply.header('ETag', etag)
  if (notModified(request, etag)) return reply.code(304).send()
  return body
}

/**
 * Sends JSON text built elsewhere (in SQLite) as it is: the documented shape, already
 * serialized, so the route's serializer is skipped (Fastify sends a string with a JSON type as is).
 */
export function sendJsonText(reply: FastifyReply, text: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(text)
}

export const EtagHeader = Type.String({ description: 'The version of the representation; send it back in If-None-Match or If-Match.' })

export const IfNoneMatchHeaders = Type.Object({
  'if-none-match': Type.Optional(
    Type.String({ description: 'The ETag of the representation you hold: the answer is 304 with no body when it is still current.' }),
  ),
})

/** The 304 answer to a conditional GET. */
export const NotModified = { type: 'null', description: 'Not modified: the representation with the ETag in If-None-Match is still current.', headers: { ETag: EtagHeader } }
