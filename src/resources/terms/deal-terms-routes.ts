// A deal's terms as a sub-collection: /v1/deals/{id}/terms lists and creates
// the terms of one deal (the same records as /v1/terms).
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { notFound } from '../../lib/problem.js'
import type { Obj } from '../../engine/repository.js'
import { ref } from '../../schemas/common.js'
import { DealSchemas, DealTermCreate as TermInDeal, TermSchemas } from '../deals/schema.js'
import { exampleOf } from '../../schemas/examples.js'
import { listQuerySchema } from '../../engine/list-query-schema.js'
import { COMMON_ERRORS, EtagHeader, IfNoneMatchHeaders, NotModified, problemResponses, recordEtag, versionedRead } from '../../http/http.js'
import { sendListPage, writeContext } from '../../engine/resource-routes.js'

const DealParams = Type.Object(
  {
    id: Type.String({
      minLength: 1,
      maxLength: 200,
      description: "The deal's id (`deal_…`).",
      examples: [exampleOf<{ id: string }>(DealSchemas.Entity.$id)?.id].filter(Boolean),
    }),
  },
  { additionalProperties: false },
)

export default async function dealTermRoutes(app: FastifyInstance) {
  const { deals, terms } = app.repos
  const { deal: _deal, ...filters } = terms.list.spec.filters
  const query = listQuerySchema({ ...terms.list.spec, filters })

  const requireDeal = (id: string) => {
    if (!deals.repo.findRow(id)) throw notFound('deal', id)
  }

  app.get('/v1/deals/:id/terms', {
    schema: {
      operationId: 'listDealTerms',
      tags: ['Terms'],
      summary: "List a deal's terms",
      description: 'The terms of one deal, with the same filters, sorting, paging and conditional requests as /v1/terms. A deal that does not exist is a 404.',
      params: DealParams,
      querystring: query,
      headers: IfNoneMatchHeaders,
      response: { 200: { ...ref(TermSchemas.List), headers: { ETag: EtagHeader } }, 304: NotModified, ...problemResponses(404, ...COMMON_ERRORS) },
    },
    handler: async (request, reply) => {
      const { id } = request.params as { id: string }
      requireDeal(id)
      return versionedRead(request, reply, () => sendListPage(request, reply, terms.list, { ...(request.query as Record<string, unknown>), deal: id }))
    },
  })

  app.post('/v1/deals/:id/terms', {
    schema: {
      operationId: 'createDealTerm',
      tags: ['Terms'],
      summary: 'Create a term in a deal',
      description: 'Creates a term inside the deal named in the path and answers 201 with the record, its ETag and its Location (under /v1/terms). The body is a term without `deal_id`. A deal that does not exist is a 404.',
      params: DealParams,
      body: ref(TermInDeal),
      response: {
        201: { ...ref(TermSchemas.Entity), headers: { ETag: EtagHeader, Location: Type.String({ description: 'The URL of the new term.' }) } },
        ...problemResponses(401, 403, 404, 413, 415, 422, ...COMMON_ERRORS),
      },
    },
    handler: async (request, reply) => {
      const { id } = request.params as { id: string }
      requireDeal(id)
      const record = await terms.repo.createGrouped({ ...(request.body as Obj), deal_id: id }, writeContext(request))
      reply.header('Location', `/v1/terms/${record.id}`).header('ETag', recordEtag(record))
      return reply.code(201).send(record)
    },
  })
}
