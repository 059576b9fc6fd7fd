// The five CRUD operations of a resource, registered from its schemas and
// repository: one implementation of the API conventions for every collection.
import { Type, type TObject } from '@sinclair/typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Resource } from '../repositories/index.js'
import type { Obj } from '../repositories/resource-repository.js'
import type { WriteContext } from '../repositories/store.js'
import { notFound } from '../lib/problem.js'
import { IdParams, ref } from '../schemas/common.js'
import { includeQuerySchema, listQuerySchema } from '../schemas/list-query.js'
import { COMMON_ERRORS, EtagHeader, ifMatchVersion, listEtag, notModified, problemResponses, recordEtag, sendWithEtag } from './http.js'

export interface ResourceRoutes {
  path: string
  tag: string
  singular: string
  plural: string
  /** "an event", for summaries. */
  article: string
  schemas: { Entity: TObject; Create: TObject; Update: TObject; List: TObject }
  resource: Resource
  /** Maps a path id to the record id (actors answer to their slug too). */
  resolveId?: (id: string) => string | null
}

export function writeContext(request: FastifyRequest): WriteContext {
  return { keyId: request.apiKey?.id ?? null, idempotency: request.idempotency }
}

const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'An ETag from a previous GET: the write happens only if the record is still at that version.' })),
})

export function registerResourceRoutes(app: FastifyInstance, cfg: ResourceRoutes): void {
  const { resource, schemas, tag, singular, plural, article } = cfg
  const store = resource.repo.store
  const resolve = (id: string) => cfg.resolveId?.(id) ?? id
  const what = resource.repo.def.what

  app.get(cfg.path, {
    schema: {
      operationId: `list${plural}`,
      tags: [tag],
      summary: `List ${plural.toLowerCase()}`,
      description: `Pages through ${plural.toLowerCase()} with typed filters, sorting and cursors. Follow \`next_cursor\` until \`has_more\` is false; pages stay stable while records are added or removed.`,
      querystring: listQuerySchema(resource.list.spec),
      response: { 200: { ...ref(schemas.List), headers: { ETag: EtagHeader } }, 304: { type: 'null', description: 'Not modified.' }, ...problemResponses(...COMMON_ERRORS) },
    },
    handler: async (request, reply) => {
      const etag = listEtag(store.latestSeq(), request.url)
      reply.header('ETag', etag)
      if (notModified(request, etag)) return reply.code(304).send()
      return resource.list.list(request.query as Record<string, unknown>)
    },
  })

  app.get(`${cfg.path}/:id`, {
    schema: {
      operationId: `get${singular}`,
      tags: [tag],
      summary: `Get ${article}`,
      description: `Returns one ${what} with its ETag; send If-None-Match to get 304 when it has not changed.`,
      params: IdParams,
      querystring: includeQuerySchema(resource.list.spec),
      response: { 200: { ...ref(schemas.Entity), headers: { ETag: EtagHeader } }, 304: { type: 'null', description: 'Not modified.' }, ...problemResponses(404, ...COMMON_ERRORS) },
    },
    handler: async (request, reply) => {
      const { id } = request.params as { id: string }
      const { include } = request.query as { include?: string }
      const record = resource.repo.get(resolve(id))
      if (!record) throw notFound(what, id)
      // Embedded records change without this one's version moving: tie the tag to the change log too.
      const etag = recordEtag(record, include ? `-${store.latestSeq()}` : '')
      if (include) resource.list.embed([record], include)
      return sendWithEtag(request, reply, etag, record)
    },
  })

  app.post(cfg.path, {
    schema: {
      operationId: `create${singular}`,
      tags: [tag],
      summary: `Create ${article}`,
      description: `Creates ${article} and answers 201 with its Location. References may name actors by slug; they are stored as ids.`,
      body: ref(schemas.Create),
      response: {
        201: { ...ref(schemas.Entity), headers: { ETag: EtagHeader, Location: Type.String({ description: 'The URL of the new record.' }) } },
        ...problemResponses(401, 403, 409, 413, 415, 422, ...COMMON_ERRORS),
      },
    },
    handler: async (request, reply) => {
      const record = resource.repo.create(request.body as Obj, writeContext(request))
      reply.header('Location', `${cfg.path}/${record.id}`).header('ETag', recordEtag(record))
      return reply.code(201).send(record)
    },
  })

  app.patch(`${cfg.path}/:id`, {
    schema: {
      operationId: `update${singular}`,
      tags: [tag],
      summary: `Update ${article}`,
      description: `Applies a JSON merge patch (RFC 7396): fields left out stay, null clears, lists are replaced whole. Send If-Match with the ETag you read to avoid overwriting someone else's change.`,
      params: IdParams,
      headers: IfMatchHeaders,
      body: ref(schemas.Update),
      response: { 200: { ...ref(schemas.Entity), headers: { ETag: EtagHeader } }, ...problemResponses(401, 403, 404, 409, 412, 413, 415, ...COMMON_ERRORS) },
    },
    handler: async (request, reply) => {
      const { id } = request.params as { id: string }
      const record = resource.repo.update(resolve(id), request.body as Obj, writeContext(request), ifMatchVersion(request))
      reply.header('ETag', recordEtag(record))
      return record
    },
  })

  app.delete(`${cfg.path}/:id`, {
    schema: {
      operationId: `delete${singular}`,
      tags: [tag],
      summary: `Delete ${article}`,
      description: `Deletes ${article}. A record that others still refer to is not deleted: the answer is 409 and names them.`,
      params: IdParams,
      headers: IfMatchHeaders,
      response: { 204: { type: 'null', description: 'Deleted.' }, ...problemResponses(401, 403, 404, 409, 412, ...COMMON_ERRORS) },
    },
    handler: async (request, reply) => {
      const { id } = request.params as { id: string }
      resource.repo.delete(resolve(id), writeContext(request), ifMatchVersion(request))
      return reply.code(204).send()
    },
  })
}
