import type { FastifyInstance } from 'fastify'
import { resolveActorId } from '../repositories/checker.js'
import { ActorSchemas } from '../schemas/actors.js'
import { DealSchemas, TermSchemas } from '../schemas/deals.js'
import { EventSchemas } from '../schemas/events.js'
import { PositionSchemas } from '../schemas/positions.js'
import { QuoteSchemas } from '../schemas/quotes.js'
import { RelationSchemas } from '../schemas/relations.js'
import { SourceSchemas } from '../schemas/sources.js'
import dataRoutes from './data.js'
import dealTermRoutes from './deal-terms.js'
import keyRoutes from './keys.js'
import operationRoutes from './operations.js'
import timelineRoutes from './timeline.js'
import networkRoutes from './network.js'
import statsRoutes from './stats.js'
import dealBoardRoutes from './deal-board.js'
import changeRoutes from './changes.js'
import { registerResourceRoutes } from './resource-routes.js'
import searchRoutes from './search.js'

export default async function routes(app: FastifyInstance) {
  const r = app.repos
  registerResourceRoutes(app, { path: '/v1/sources', tag: 'Sources', singular: 'Source', plural: 'Sources', article: 'a source', schemas: SourceSchemas, resource: r.sources })
  registerResourceRoutes(app, {
    path: '/v1/actors',
    tag: 'Actors',
    singular: 'Actor',
    plural: 'Actors',
    article: 'an actor',
    schemas: ActorSchemas,
    resource: r.actors,
    resolveId: (id) => resolveActorId(r.store, id),
  })
  registerResourceRoutes(app, { path: '/v1/positions', tag: 'Positions', singular: 'Position', plural: 'Positions', article: 'a position', schemas: PositionSchemas, resource: r.positions })
  registerResourceRoutes(app, { path: '/v1/relations', tag: 'Relations', singular: 'Relation', plural: 'Relations', article: 'a relation', schemas: RelationSchemas, resource: r.relations })
  registerResourceRoutes(app, { path: '/v1/events', tag: 'Events', singular: 'Event', plural: 'Events', article: 'an event', schemas: EventSchemas, resource: r.events })
  registerResourceRoutes(app, { path: '/v1/quotes', tag: 'Quotes', singular: 'Quote', plural: 'Quotes', article: 'a quote', schemas: QuoteSchemas, resource: r.quotes })
  registerResourceRoutes(app, { path: '/v1/deals', tag: 'Deals', singular: 'Deal', plural: 'Deals', article: 'a deal', schemas: DealSchemas, resource: r.deals })
  registerResourceRoutes(app, { path: '/v1/terms', tag: 'Terms', singular: 'Term', plural: 'Terms', article: 'a deal term', schemas: TermSchemas, resource: r.terms })
  await app.register(dealTermRoutes)
  await app.register(searchRoutes)
  await app.register(dataRoutes)
  await app.register(keyRoutes)
  await app.register(operationRoutes)
  await app.register(timelineRoutes)
  await app.register(networkRoutes)
  await app.register(statsRoutes)
  await app.register(dealBoardRoutes)
  await app.register(changeRoutes)
}
