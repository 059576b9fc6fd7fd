// Structured (pino) logs: one JSON object a line, each request's lines tied by
// its id. Credentials never reach a log line: the serializers leave headers
// out, and redaction covers them should a line ever carry them.
import { LogController, type FastifyLoggerOptions, type FastifyReply, type FastifyRequest } from 'fastify'
import pino from 'pino'

// Exact paths only: a wildcard (`*.secret`) makes pino walk every key of every
// line, about 7 µs of a 170 µs GET. Lines carry a credential only where these
// name it (keys.ts logs key ids, never secrets). Nothing under `req`: every
// `req` goes through Fastify's serializer, which keeps method, url, host and
// address and never a header, and a path under it cost each request line a
// selective clone of its req (1-4 µs).
export const REDACTED_PATHS = [
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'secret',
  'key.secret',
  'adminKey',
  'config.adminKey',
]

/**
 * Standard output written asynchronously: lines logged while a write is under
 * way go out together in the next one. (Synchronous writes measured worse on a
 * busy disk: a write(2) held up by the kernel's dirty-page throttling stalls
 * every request behind it.) Nothing waits for a buffer to fill, so a quiet
 * server's lines appear at once, and pino writes what is left synchronously on
 * exit. The waiting lines are held in chunks of at most 4 KiB: sonic-boom
 * appends each line to the last chunk and measures that chunk's bytes again,
 * which at its default 16 KiB cost a busy server ~2.5 µs a line.
 */
export function logDestination(): pino.DestinationStream {
  return pino.destination({ dest: 1, sync: false, minLength: 0, maxWrite: 4096 })
}

// Query parameters whose values are credentials (compared case-insensitively):
// a client that sends its key as `?api_key=` must not find it in the log.
const SECRET_PARAMS = new Set(['api_key', 'apikey', 'key', 'token', 'access_token', 'secret', 'password', 'auth', 'authorization'])
const QUERY_PAIR = /([?&])([^=&#]*)=([^&#]*)/g

/** The url with the values of credential-looking query parameters replaced by `[REDACTED]`. */
export function redactUrl(url: string): string {
  // The common case (no query string) costs one indexOf.
  if (url.indexOf('?') === -1) return url
  return url.replace(QUERY_PAIR, (pair, sep: string, name: string) => {
    let decoded = name
    try {
      decoded = decodeURIComponent(name.replace(/\+/g, ' '))
    } catch {}
    return SECRET_PARAMS.has(decoded.toLowerCase()) ? `${sep}${name}=[REDACTED]` : pair
  })
}

/** Fastify's request serializer, with credentials in the query string redacted. */
export function serializeRequest(req: FastifyRequest): Record<string, unknown> {
  return {
    method: req.method,
    url: redactUrl(req.url),
    version: req.headers?.['accept-version'],
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket ? req.socket.remotePort : undefined,
  }
}

export function loggerOptions(level: string): FastifyLoggerOptions & { redact: { paths: string[]; censor: string } } {
  return { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, serializers: { req: serializeRequest as never } }
}

/**
 * One line per request, written when its answer has gone out: method, url
 * and address (`req`), status (`res`), `responseTime`, the request id
 * (`reqId`) and the API key (`key_id`). Fastify's default also logs each
 * request as it arrives; that second line cost ~8 µs of a 145 µs GET. What it
 * was for (finding requests that never finish) is kept: a request whose
 * connection closes before its answer is complete (the client gave up, or the
 * idle timeout cut it off) gets its own line then, and the arrival line is
 * still written at debug level (LOG_LEVEL=debug).
 */
export class RequestLog extends LogController {
  override incomingRequest(request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return
    request.log.debug({ req: request }, 'incoming request')
    const res = reply.raw
    // An answer handed to Node whole is logged by requestCompleted (or, should sending it fail, by Fastify's error line).
    res.on('close', () => {
      if (res.writableEnded) return
      const line = { req: request, key_id: request.apiKey?.id ?? null, responseTime: reply.elapsedTime }
      // A stream (the change feed) ends this way whenever its client leaves; anything else never got its answer.
      if (reply.sent) request.log.info(line, 'connection closed while the answer was streaming')
      else request.log.warn(line, 'connection closed before the answer was sent')
    })
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return
    const line = { req: request, res: reply, responseTime: reply.elapsedTime, key_id: request.apiKey?.id ?? null }
    if (error) reply.log.error({ ...line, err: error }, 'request errored')
    else reply.log.info(line, 'request completed')
  }
}
