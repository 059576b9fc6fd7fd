// Managing API keys (admin scope). A key's secret is in the answer to its
// creation and nowhere else; revoking a key (DELETE) keeps its record, so the
// change log's key ids still name someone.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { notFound } from '../lib/problem.js'
import { IdParams, ref } from '../schemas/common.js'
import { ApiKey, ApiKeyCreate, ApiKeyCreated, ApiKeyList } from './schema.js'
import type { Scope } from '../lib/api-keys.js'
import { COMMON_ERRORS, problemResponses } from '../http/http.js'

const admin = { scope: 'admin' } as const

const keyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const keys = app.apiKeys

  app.get('/v1/keys', {
    config: admin,
    schema: {
      operationId: 'listApiKeys',
      tags: ['Keys'],
      summary: 'List API keys',
      description: 'Pages through every API key, revoked ones included, oldest first. Secrets are never shown; `prefix` tells keys apart.',
      querystring: Type.Object(
        {
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 25, description: 'Keys per page, 1 to 200.' })),
          cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'The `next_cursor` of the previous page.' })),
        },
        { additionalProperties: false },
      ),
      response: { 200: ref(ApiKeyList), ...problemResponses(...COMMON_ERRORS) },
    },
    handler: async (request) => {
      const { limit, cursor } = request.query
      return keys.list(limit ?? 25, cursor)
    },
  })

  app.post('/v1/keys', {
    // The answer holds the secret, so it is never stored for an Idempotency-Key replay.
    config: { ...admin, idempotency: false },
    schema: {
      operationId: 'createApiKey',
      tags: ['Keys'],
      summary: 'Create an API key',
      description: 'Creates a key with the given scope and answers with its secret. The secret is shown only in this answer: only its hash is stored.',
      body: ref(ApiKeyCreate),
      response: {
        201: { ...ref(ApiKeyCreated), headers: { Location: Type.String({ description: 'The URL of the new key.' }) } },
        ...problemResponses(413, 415, ...COMMON_ERRORS),
      },
    },
    handler: async (request, reply) => {
      const { name, scope } = request.body
      const created = keys.create(name, scope)
      request.log.info({ created_key: created.id, scope, by: request.apiKey?.id }, 'API key created')
      return reply.code(201).header('Location', `/v1/keys/${created.id}`).send(created)
    },
  })

  app.get('/v1/keys/:id', {
    config: admin,
    schema: {
      operationId: 'getApiKey',
      tags: ['Keys'],
      summary: 'Get an API key',
      description: 'Returns one API key, without its secret.',
      params: IdParams,
      response: { 200: ref(ApiKey), ...problemResponses(404, ...COMMON_ERRORS) },
    },
    handler: async (request) => {
      const { id } = request.params
      const key = keys.get(id)
      if (!key) throw notFound('API key', id)
      return key
    },
  })

  app.delete('/v1/keys/:id', {
    config: admin,
    schema: {
      operationId: 'revokeApiKey',
      tags: ['Keys'],
      summary: 'Revoke an API key',
      description: 'Revokes a key at once: requests that send it get 401 from now on. Revoking a revoked key changes nothing. PARLEY_ADMIN_KEY is not a stored key: unset the variable to retire it.',
      params: IdParams,
      response: { 204: { type: 'null', description: 'Revoked.' }, ...problemResponses(404, ...COMMON_ERRORS) },
    },
    handler: async (request, reply) => {
      const { id } = request.params
      if (!keys.revoke(id)) throw notFound('API key', id)
      request.log.info({ revoked_key: id, by: request.apiKey?.id }, 'API key revoked')
      return reply.code(204).send()
    },
  })
}
export default keyRoutes
