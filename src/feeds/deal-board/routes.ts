// GET /v1/deals/{id}/board: everything one deal's card needs, in one call.
import type { FastifyInstance } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DealBoardRepository } from './repository.js'
import { IdParams, ref } from '../../schemas/common.js'
import { DealBoard } from './schema.js'
import { feedGet } from '../feed-http.js'

const dealBoardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const boards = new DealBoardRepository(app.repos)
  app.get('/v1/deals/:id/board', {
    schema: {
      operationId: 'getDealBoard',
      tags: ['Deals'],
      summary: "A deal's board",
      description:
        'The deal; its parties (with their actors) grouped by side; its terms, and the exchange, condition and supersession links between them as a graph (nodes are terms); each actor’s stance on each term with the quote it rests on (its words and speaker); and the status history of the deal and its terms with the source of each change. One call, a fixed number of queries.',
      params: IdParams,
      response: feedGet.responses(ref(DealBoard), 404),
    },
    handler: async (request, reply) => {
      const { id } = request.params
      return feedGet.send(request, reply, () => boards.board(id))
    },
  })
}
export default dealBoardRoutes
