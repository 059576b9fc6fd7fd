import type { Repositories } from '../repositories/index.js'
import type { KeysRepository } from '../repositories/keys-repository.js'
import type { AppConfig } from '../config.js'
import type { Requirement, Scope } from '../lib/api-keys.js'
import type { IdempotencyClaim } from '../plugins/idempotency.js'

declare module 'fastify' {
  interface FastifyInstance {
    repos: Repositories
    config: AppConfig
    /** API keys (the auth plugin's store). */
    apiKeys: KeysRepository
  }
  interface FastifyRequest {
    /** The API key that authenticated the request, if any. */
    apiKey: { id: string; name: string; scope: Scope } | null
    /** Set on a POST that carries an Idempotency-Key; the write claims it inside its transaction. */
    idempotency: IdempotencyClaim | null
  }
  interface FastifyContextConfig {
    /** The scope a route needs; left out, it follows from the method (see plugins/auth.ts). */
    scope?: Requirement
    /** false: the route refuses Idempotency-Key (its answer must not be stored). */
    idempotency?: boolean
  }
}
