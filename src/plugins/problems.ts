// Turns every error into an RFC 9457 problem document: validation failures
// name each bad field by JSON pointer; unexpected errors say nothing of their
// insides (no stack, no SQL) and are logged instead.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Socket } from 'node:net'
import { PROBLEM_TYPE_BASE, ProblemError, validationFailed, type FieldError } from '../lib/problem.js'
import { problemResponses } from '../http/http.js'

interface AjvError {
  instancePath: string
  keyword: string
  params: Record<string, unknown>
  message?: string
}

const PART: Record<string, FieldError['in']> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' }

function describe(e: AjvError): string {
  switch (e.keyword) {
    case 'required':
      return 'is required.'
    case 'additionalProperties':
      return 'is not a known field.'
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]) ?? []
      return allowed.length <= 20 ? `must be one of: ${allowed.join(', ')}.` : `must be one of the ${allowed.length} allowed values (see the schema).`
    }
    case 'pattern':
      return `must match the pattern ${e.params.pattern}.`
    default:
      return `${e.message ?? 'is invalid'}.`
  }
}

/** Ajv's errors as field errors: one per field, the most telling kept. */
export function fieldErrors(errors: AjvError[], context: string): FieldError[] {
  const where = PART[context] ?? 'body'
  const byPointer = new Map<string, FieldError>()
  for (const e of errors) {
    let pointer = e.instancePath
    if (e.keyword === 'required') pointer += `/${e.params.missingProperty}`
    if (e.keyword === 'additionalProperties') pointer += `/${e.params.additionalProperty}`
    // A nullable field fails both of its branches and then anyOf: keep the first, plainer error,
    // which may sit deeper (a nullable object's missing field).
    const branch = e.keyword === 'anyOf' || (e.keyword === 'type' && e.params.type === 'null')
    if (branch && [...byPointer.keys()].some((p) => p === pointer || p.startsWith(`${pointer}/`))) continue
    if (byPointer.has(pointer) && e.keyword !== 'additionalProperties') continue
    const fe: FieldError = { in: where, pointer: pointer || '/', detail: describe(e) }
    if (where !== 'body') fe.parameter = pointer.split('/')[1] ?? ''
    byPointer.set(pointer, fe)
  }
  return [...byPointer.values()]
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: ProblemError): FastifyReply {
  for (const [k, v] of Object.entries(problem.headers)) reply.header(k, v)
  // Sent as text: a route's documented error schema must never turn a problem
  // into a serializer failure (or strip what it says).
  return reply
    .code(problem.status)
    .type('application/problem+json; charset=utf-8')
    .send(JSON.stringify(problem.toProblem(request.url.split('?')[0])))
}

const FASTIFY_CODES: Record<string, [number, string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json', 'The body is not valid JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json', 'The body is empty; send a JSON object.'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', 'The body is larger than this server accepts.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'Send the body as application/json (or application/merge-patch+json for PATCH).'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad_request', 'The Content-Length does not match the body.'],
  FST_ERR_CTP_INVALID_TYPE: [400, 'bad_request', 'The Content-Type header is not valid.'],
  FST_ERR_REQ_INVALID_VALIDATION_INVOCATION: [400, 'validation_failed', 'The request is not valid.'],
}

function toProblem(err: FastifyError & { validation?: AjvError[]; validationContext?: string }): ProblemError | null {
  if (err instanceof ProblemError) return err
  if (err.validation) {
    return validationFailed(fieldErrors(err.validation, err.validationContext ?? 'body'))
  }
  const known = err.code ? FASTIFY_CODES[err.code] : undefined
  if (known) return new ProblemError(known[0], known[1], known[2])
  // Body parsers throw SyntaxError with statusCode 400 for bad JSON and prototype poisoning.
  if (err.statusCode === 400 && (err instanceof SyntaxError || /JSON|prototype/i.test(err.message))) {
    return new ProblemError(400, 'invalid_json', 'The body is not valid JSON.')
  }
  if (err.statusCode === 429) return new ProblemError(429, 'rate_limited', err.message)
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new ProblemError(err.statusCode, 'bad_request', err.message)
  }
  return null
}

/**
 * Errors the router raises before any route or hook runs (a badly encoded URL,
 * a path parameter past maxParamLength): problems too, with documented statuses.
 */
export function frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new ProblemError(400, 'bad_request', 'A path segment is longer than this API accepts (500 characters); no id is that long.')
      : new ProblemError(400, 'bad_request', 'The URL is not validly percent-encoded.')
  return sendProblem(reply, request, problem)
}

/** Errors Node's HTTP parser raises before a request reaches a route: status, reason phrase, code, detail. */
const CLIENT_ERRORS: Record<string, [number, string, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'headers_too_large', 'The request line and headers are larger than this server accepts (16 KiB); shorten the query string.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'request_timeout', 'The request was not received in time.'],
}
const NOT_HTTP: [number, string, string, string] = [400, 'Bad Request', 'bad_request', 'The request is not valid HTTP.']

/**
 * Fastify's clientErrorHandler: a malformed or oversized request never reaches
 * a route, but it still gets a problem document rather than a bare status line.
 */
export function clientErrors(err: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) return void socket.destroy()
  const [status, title, code, detail] = CLIENT_ERRORS[err.code ?? ''] ?? NOT_HTTP
  const body = JSON.stringify({ type: PROBLEM_TYPE_BASE + code.replace(/_/g, '-'), title, status, detail, code })
  socket.end(`HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
}

export default fp(
  async function problems(app: FastifyInstance) {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      const problem = toProblem(err)
      if (problem) return sendProblem(reply, request, problem)
      request.log.error({ err }, 'unhandled error')
      return sendProblem(reply, request, new ProblemError(500, 'internal_error', 'Something went wrong on our side. The request wrote nothing; it is safe to retry.'))
    })
    // A path parameter that matches nothing (an encoded slash, say) is a 404
    // on any route that has one: document it everywhere it can happen.
    app.addHook('onRoute', (route) => {
      const schema = route.schema as Record<string, any> | undefined
      if (!route.url.includes(':') || !schema?.response || schema.hide || schema.response['404']) return
      route.schema = { ...schema, response: { ...schema.response, ...problemResponses(404) } }
    })
    app.setNotFoundHandler((request, reply) =>
      sendProblem(reply, request, new ProblemError(404, 'not_found', `No route matches ${request.method} ${request.url.split('?')[0]}.`)),
    )
  },
  { name: 'problems' },
)
