// Probes for process managers and load balancers: /healthz says the process
// is up (liveness), /readyz that it can serve, its database answering (readiness).
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import pkg from '../../package.json' with { type: 'json' }
import { ProblemError } from '../lib/problem.js'
import { ref } from '../schemas/common.js'
import { Health, Readiness } from '../schemas/operations.js'
import { problemResponses } from '../http/http.js'

// Probes are neither rate-limited nor, for liveness, turned away under load:
// a busy process is still alive.
const probeConfig = { rateLimit: false } as const
// Like every operation, a probe refuses parameters it does not know.
const NoQuery = Type.Object({}, { additionalProperties: false })

const operationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', {
    config: { ...probeConfig, pressureHandler: () => undefined },
    schema: {
      operationId: 'getHealth',
      tags: ['Operations'],
      summary: 'Liveness',
      description: 'Answers 200 while the process is up. It checks nothing else, so a restart is the cure only when this fails.',
      querystring: NoQuery,
      response: { 200: ref(Health), ...problemResponses(400) },
    },
    handler: async () => ({ status: 'ok' as const, version: pkg.version, uptime_seconds: Math.round(process.uptime() * 1000) / 1000 }),
  })

  app.get('/readyz', {
    config: probeConfig,
    schema: {
      operationId: 'getReadiness',
      tags: ['Operations'],
      summary: 'Readiness',
      description: 'Answers 200 when the database answers a query, and 503 when it does not or the server is overloaded: send no traffic until it is 200 again.',
      querystring: NoQuery,
      response: { 200: ref(Readiness), ...problemResponses(400, 503) },
    },
    handler: async (request) => {
      try {
        return { status: 'ready' as const, checks: { database: 'ok' as const }, latest_change_seq: app.repos.store.latestSeq() }
      } catch (err) {
        request.log.error({ err }, 'readiness check: the database did not answer')
        throw new ProblemError(503, 'not_ready', 'The database is not answering; retry later.', { headers: { 'Retry-After': '5' } })
      }
    },
  })
}
export default operationRoutes
