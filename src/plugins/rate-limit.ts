// A rate limit per API key, or per client address for calls without one
// (@fastify/rate-limit), with the IETF draft's RateLimit-* headers and a 429
// problem carrying Retry-After. PARLEY_RATE_LIMIT sets requests per minute.
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { ProblemError } from '../lib/problem.js'

export default fp(
  async function rateLimits(app: FastifyInstance) {
    await app.register(rateLimit, {
      global: true,
      max: app.config.rateLimit,
      timeWindow: 60_000,
      enableDraftSpec: true,
      // The limiter's hook is per route, so it runs after the auth plugin's
      // onRequest hook has identified the key (or found a bad one: then the address counts).
      keyGenerator: (request: FastifyRequest) => (request.apiKey ? `key:${request.apiKey.id}` : `ip:${request.ip}`),
      errorResponseBuilder: (_request, context) => {
        const seconds = Math.max(1, Math.ceil(context.ttl / 1000))
        return new ProblemError(429, 'rate_limited', `Too many requests: this client may make ${context.max} per minute. Retry after ${seconds} seconds.`, {
          headers: { 'Retry-After': String(seconds) },
        })
      },
    })
  },
  { name: 'rate-limit', dependencies: ['problems', 'auth'] },
)
