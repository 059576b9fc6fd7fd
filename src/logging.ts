// Structured (pino) logs: one JSON object a line, each request's lines tied by
// its id. Credentials never reach a log line: the serializers leave headers
// out, and redaction covers them should a line ever carry them.
import type { FastifyLoggerOptions } from 'fastify'

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'secret',
  '*.secret',
  'adminKey',
  '*.adminKey',
]

export function loggerOptions(level: string): FastifyLoggerOptions & { redact: { paths: string[]; censor: string } } {
  return { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }
}
