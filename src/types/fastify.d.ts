import type { Repositories } from '../repositories/index.js'
import type { AppConfig } from '../config.js'

declare module 'fastify' {
  interface FastifyInstance {
    repos: Repositories
    config: AppConfig
  }
  interface FastifyRequest {
    /** The API key that authenticated the request, if any. */
    apiKey: { id: string; name: string; scope: 'read' | 'write' | 'admin' } | null
  }
}
