// Every request has an id: the caller's X-Request-Id when it is a sane token
// (so ids can be traced across services), else a fresh UUID. It appears on
// every log line of the request and in the X-Request-Id of the answer.
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

const SANE = /^[A-Za-z0-9._:-]{1,128}$/

export function genReqId(req: IncomingMessage): string {
  const given = req.headers['x-request-id']
  return typeof given === 'string' && SANE.test(given) ? given : randomUUID()
}

export default fp(
  async function requestId(app: FastifyInstance) {
    // A callback hook: an async one costs a promise and a microtask on every request.
    app.addHook('onRequest', (request, reply, done) => {
      reply.header('X-Request-Id', request.id)
      done()
    })
  },
  { name: 'request-id' },
)
