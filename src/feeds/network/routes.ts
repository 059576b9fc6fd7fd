// Actor networks: around one actor, and the whole graph.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorFromPath } from '../../resources/actors/lookup.js'
import { NetworkRepository, type NetworkQuery } from './repository.js'
import { FUZZY_DATE_PATTERN, ref } from '../../schemas/common.js'
import { Network } from './schema.js'
import { feedGet } from '../feed-http.js'

const filters = {
  from: Type.Optional(Type.String({ pattern: FUZZY_DATE_PATTERN, description: 'Only records whose date overlaps this fuzzy date or comes later: events by occurred_on, quotes by said_on, relations that had not ended.', examples: ['2025'] })),
  to: Type.Optional(Type.String({ pattern: FUZZY_DATE_PATTERN, description: 'Only records whose date overlaps this fuzzy date or comes earlier (relations that had started).', examples: ['2025-12'] })),
  category: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'PLOVER categories, comma-separated: only events of these categories make co_participation edges. Relations and quotes have no category and are not filtered by it.', examples: ['CONSULT,RETREAT'] })),
  edge_types: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Edge types to include, comma-separated: relation, co_participation, quote_about. Default: all.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'At most this many nodes, the strongest first (the centre always stays).' })),
  edge_limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 200, description: 'At most this many edges, the heaviest first.' })),
}

const bounded =
  'Built from the most recent matching records (up to 1,000 events, 500 quotes and 1,000 relations for the actor at the centre or for the whole graph, and 100 events, 50 quotes and 100 relations for each neighbour expanded at depth 2); `meta.truncated` says when a cap or limit cut something. Undated records count only when no date range is given.'

const networkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const networks = new NetworkRepository(app.repos.store)

  app.get('/v1/actors/:id/network', {
    schema: {
      operationId: 'getActorNetwork',
      tags: ['Network'],
      summary: "An actor's network",
      description: `The actors within \`depth\` steps of this one (id or slug) and the edges among them. Depth 1 reads the actor's own relations, events and quotes; depth 2 also reads those of its 10 closest neighbours. ${bounded}`,
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, description: 'The actor id or slug.' }) }, { additionalProperties: false }),
      querystring: Type.Object(
        { depth: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)], { default: 1, description: 'How many steps from the actor: 1 or 2.' })), ...filters },
        { additionalProperties: false },
      ),
      response: feedGet.responses(ref(Network), 404),
    },
    handler: async (request, reply) => {
      const { id } = request.params
      const { depth, ...query } = request.query
      const actor = actorFromPath(app.repos.store, id)
      return feedGet.send(request, reply, () => networks.around(actor, depth ?? 1, query))
    },
  })

  app.get('/v1/network', {
    schema: {
      operationId: 'getNetwork',
      tags: ['Network'],
      summary: 'The whole actor network',
      description: `Every actor and edge found in the most recent matching records, the strongest kept. ${bounded}`,
      querystring: Type.Object(filters, { additionalProperties: false }),
      response: feedGet.responses(ref(Network)),
    },
    handler: async (request, reply) => feedGet.send(request, reply, () => networks.whole(request.query)),
  })
}
export default networkRoutes
