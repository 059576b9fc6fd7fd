// The five CRUD operations of a resource, registered from its schemas and
// repository: one implementation of the API conventions for every collection.
import { Type, type TObject } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Resource } from '../resources/index.js'
import type { ListEngine, ListPage, ListQuery } from './list-query.js'
import type { Obj } from './repository.js'
import type { WriteContext } from '../db/store.js'
import { notFound } from '../lib/problem.js'
import { plainJsonSerializer } from '../plugins/serializer-cache.js'
import { ref } from '../schemas/common.js'
import { exampleOf } from '../schemas/examples.js'
import { includeQuerySchema, listQuerySchema } from './list-query-schema.js'
import { COMMON_ERRORS, EtagHeader, IfNoneMatchHeaders, NotModified, ifMatchVersion, notModified, problemResponses, recordEtag, sendJsonText, sendWithEtag, versionedRead } from '../http/http.js'

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

/** A list page: built as JSON text in SQLite when it can be, else hydrated (an include without an SQL form). */
export function sendListPage(request: FastifyRequest, reply: FastifyReply, list: ListEngine, query: ListQuery): FastifyReply | ListPage {
  const json = list.listJson(query)
  const page = json ?? list.list(query)
  if (page.next_cursor !== null) reply.header('Link', nextLink(request.url, page.next_cursor))
  return json === null ? (page as ListPage) : sendJsonText(reply, json.text)
}

/** RFC 8288 Link to the next page: this request's relative URL, its other parameters kept, with the new cursor. */
export function nextLink(url: string, cursor: string): string {
  const at = url.indexOf('?')
  const params = new URLSearchParams(at < 0 ? '' : url.slice(at + 1))
  params.set('cursor', cursor)
  return `<${at < 0 ? url : url.slice(0, at)}?${params}>; rel="next"`
}

const LinkHeader = Type.String({ description: 'On a page with a next one: `</v1/…?cursor=…>; rel="next"`, this URL with the next cursor (RFC 8288).' })

const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      description: 'An ETag from a previous read (`"v3"`), or a list of them: the write happens only if the record is still at that version (any one of a list); otherwise 412. The comparison is strong (RFC 9110 §13.1.1): a weak tag (`W/"v3"`) never matches. `*` matches any existing record.',
    }),
  ),
})

/** The path parameter of one record, described for this resource. */
function recordParams(cfg: ResourceRoutes) {
  const record = exampleOf<{ id: string; slug?: string }>(cfg.schemas.Entity.$id)
  const prefix = `\`${record?.id.split('_')[0]}_…\``
  // Actors answer to their slug: a slug example works on any seeded server, an id would not.
  const example = cfg.resolveId ? (record?.slug ?? record?.id) : record?.id
  const by = cfg.resolveId ? ` (${prefix}) or its slug` : ` (${prefix})`
  return Type.Object(
    { id: Type.String({ minLength: 1, maxLength: 200, description: `The ${cfg.resource.repo.def.what}'s id${by}.`, examples: example ? [example] : [] }) },
    { additionalProperties: false },
  )
}

/** What a list operation offers, in words, from its list spec. */
function listDescription(cfg: ResourceRoutes): string {
  const spec = cfg.resource.list.spec
  const filters = Object.keys(spec.filters).filter((f) => f !== 'q')
  const plural = cfg.plural.toLowerCase()
  return [
    `Pages through ${plural}, ordered by \`${spec.defaultSort}\` unless \`sort\` says otherwise (ties are broken by id).`,
    filters.length ? `Filter with ${filters.map((f) => `\`${f}\``).join(', ')}: filters combine with AND, and a comma-separated list inside one filter matches any of its values.` : '',
    spec.filters.q ? '`q` searches the text (SQLite FTS5).' : '',
    'Follow `next_cursor` (or the `Link: <…>; rel="next"` header, RFC 8288) until `has_more` is false; pages stay stable while records are added or removed. Ask `total=true` for a count.',
    'Send If-None-Match with the ETag of a page to get 304 when nothing has changed. An unknown parameter is a 400, never silently ignored.',
  ]
    .filter(Boolean)
    .join(' ')
}

export function registerResourceRoutes(app: FastifyInstance, cfg: ResourceRoutes): void {
  const { resource, schemas, tag, singular, plural, article } = cfg
  const store = resource.repo.store
  const resolve = (id: string) => cfg.resolveId?.(id) ?? id
  const what = resource.repo.def.what
  resource.list.prepareReads()

  app.get(cfg.path, {
    schema: {
      operationId: `list${plural}`,
      tags: [tag],
      summary: `List ${plural.toLowerCase()}`,
      description: listDescription(cfg),
      querystring: listQuerySchema(resource.list.spec),
      headers: IfNoneMatchHeaders,
      response: { 200: { ...ref(schemas.List), headers: { ETag: EtagHeader, Link: LinkHeader } }, 304: NotModified, ...problemResponses(...COMMON_ERRORS) },
    },
    serializerCompiler: plainJsonSerializer,
    handler: async (request, reply) => {
      return versionedRead(request, reply, () => sendListPage(request, reply, resource.list, request.query as ListQuery))
    },
  })

  app.get(`${cfg.path}/:id`, {
    schema: {
      operationId: `get${singular}`,
      tags: [tag],
      summary: `Get ${article}`,
      description: `Returns one ${what} with its ETag (\`"v3"\` for version 3). Send If-None-Match with that ETag to get 304 when it has not changed.${cfg.resolveId ? ` The path takes the ${what}'s id or its slug.` : ''}${Object.keys(resource.list.spec.includes ?? {}).length ? ' `include` embeds related records.' : ''} An id that names nothing is a 404.`,
      params: recordParams(cfg),
      querystring: includeQuerySchema(resource.list.spec),
      headers: IfNoneMatchHeaders,
      response: { 200: { ...ref(schemas.Entity), headers: { ETag: EtagHeader } }, 304: NotModified, ...problemResponses(404, ...COMMON_ERRORS) },
    },
    serializerCompiler: plainJsonSerializer,
    handler: async (request, reply) => {
      const { id } = request.params as { id: string }
      const { include } = request.query as { include?: string }
      // Embedded records change without this one's version moving: tie the tag to the change log too.
      const variant = () => (include ? `-${store.latestSeq()}` : '')
      const built = resource.list.getJson(resolve(id), include)
      if (built === undefined) throw notFound(what, id)
      if (built !== null) {
        const etag = recordEtag(built, variant())
        reply.header('ETag', etag)
        return notModified(request, etag) ? reply.code(304).send() : sendJsonText(reply, built.json)
      }
      // An include without an SQL form: the record hydrated, the relations embedded in JavaScript.
      const record = resource.repo.get(resolve(id))
      if (!record) throw notFound(what, id)
      const etag = recordEtag(record, variant())
      if (include) resource.list.embed([record], include)
      return sendWithEtag(request, reply, etag, record)
    },
  })

  app.post(cfg.path, {
    schema: {
      operationId: `create${singular}`,
      tags: [tag],
      summary: `Create ${article}`,
      description: `Creates ${article} and answers 201 with the record, its ETag and its Location. Fields that refer to actors take an id or a slug (stored as the id); every citation's excerpt must be the exact words of its source. A bad field is a 400 naming it by JSON pointer, and nothing is written.`,
      body: ref(schemas.Create),
      response: {
        201: { ...ref(schemas.Entity), headers: { ETag: EtagHeader, Location: Type.String({ description: 'The URL of the new record.' }) } },
        ...problemResponses(401, 403, 409, 413, 415, 422, ...COMMON_ERRORS),
      },
    },
    serializerCompiler: plainJsonSerializer,
    handler: async (request, reply) => {
      const record = await resource.repo.createGrouped(request.body as Obj, writeContext(request))
      reply.header('Location', `${cfg.path}/${record.id}`).header('ETag', recordEtag(record))
      return reply.code(201).send(record)
    },
  })

  app.patch(`${cfg.path}/:id`, {
    schema: {
      operationId: `update${singular}`,
      tags: [tag],
      summary: `Update ${article}`,
      description: `Applies a JSON merge patch (RFC 7396) to ${article}: fields left out stay, null clears, lists are replaced whole. The body may be sent as application/json or application/merge-patch+json. Send If-Match with the ETag you read: if someone else changed the record since, the answer is 412 and \`current_version\` says where it is now.`,
      params: recordParams(cfg),
      headers: IfMatchHeaders,
      body: ref(schemas.Update),
      response: { 200: { ...ref(schemas.Entity), headers: { ETag: EtagHeader } }, ...problemResponses(401, 403, 404, 409, 412, 413, 415, ...COMMON_ERRORS) },
    },
    serializerCompiler: plainJsonSerializer,
    handler: async (request, reply) => {
      const { id } = request.params as { id: string }
      const record = await resource.repo.updateGrouped(resolve(id), request.body as Obj, writeContext(request), ifMatchVersion(request))
      reply.header('ETag', recordEtag(record))
      return record
    },
  })

  app.delete(`${cfg.path}/:id`, {
    schema: {
      operationId: `delete${singular}`,
      tags: [tag],
      summary: `Delete ${article}`,
      description: `Deletes ${article}. A record that others still refer to is not deleted: the answer is 409 and \`references\` names them. Send If-Match to delete only the version you read.`,
      params: recordParams(cfg),
      headers: IfMatchHeaders,
      response: { 204: { type: 'null', description: 'Deleted.' }, ...problemResponses(401, 403, 404, 409, 412, ...COMMON_ERRORS) },
    },
    handler: async (request, reply) => {
      const { id } = request.params as { id: string }
      await resource.repo.deleteGrouped(resolve(id), writeContext(request), ifMatchVersion(request))
      return reply.code(204).send()
    },
  })
}
