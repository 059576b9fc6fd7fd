// Sheds load when the event loop lags (@fastify/under-pressure): past
// PARLEY_MAX_EVENT_LOOP_DELAY every request gets a 503 problem with
// Retry-After, rather than all of them timing out together. Registered before
// the other plugins so its check is the first thing a request meets.
import underPressure from '@fastify/under-pressure'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { lastCompileAt } from '../lib/first-use-compiles.js'
import { ProblemError } from '../lib/problem.js'

/** Seconds a client is asked to wait when the server sheds load. */
export const OVERLOAD_RETRY_AFTER = 5

export default fp(
  async function loadShedding(app: FastifyInstance) {
    const maxDelay = app.config.maxEventLoopDelay
    // The delay is a mean over one sample; a sample as long as the limit keeps one
    // short stall from counting as overload.
    const sampleInterval = Math.min(1000, Math.max(10, maxDelay))
    // Start-up itself (compiling every route's schemas) stalls the loop: judge
    // the load only from samples taken once the app is ready.
    let judgeFrom = Infinity
    app.addHook('onReady', async () => {
      judgeFrom = Date.now() + 2 * sampleInterval
    })
    await app.register(underPressure, {
      maxEventLoopDelay: maxDelay,
      sampleInterval,
      retryAfter: OVERLOAD_RETRY_AFTER,
      // A route may opt out (the liveness probe) with its own config.pressureHandler.
      pressureHandler: (_request, _reply, _type, value) => {
        // The monitor reports Infinity when a stall left it no measurement at
        // all; that says the loop was stuck once, not that it is overloaded now.
        // Nor is a schema compiled on its first use (see lib/first-use-compiles.ts).
        if (Date.now() < Math.max(judgeFrom, lastCompileAt() + 2 * sampleInterval) || value === Infinity) return undefined
        // A rejected promise reaches the error handler, which answers with the problem.
        return Promise.reject(
          new ProblemError(503, 'overloaded', 'The server is overloaded; retry after the number of seconds in Retry-After.', {
            headers: { 'Retry-After': String(OVERLOAD_RETRY_AFTER) },
          }),
        )
      },
    })
  },
  { name: 'load-shedding', dependencies: ['problems'] },
)
