import type { FastifyInstance } from 'fastify'
import { resolveActorId } from '../engine/checker.js'
import { ActorSchemas } from '../resources/actors/schema.js'
import { DealSchemas, TermSchemas } from '../resources/deals/schema.js'
import { EventSchemas } from '../resources/events/schema.js'
import { PositionSchemas } from '../resources/positions/schema.js'
import { QuoteSchemas } from '../resources/quotes/schema.js'
import { RelationSchemas } from '../resources/relations/schema.js'
import { SourceSchemas } from '../resources/sources/schema.js'
import dataRoutes from './data.js'
import dealTermRoutes from '../resources/terms/deal-terms-routes.js'
import keyRoutes from '../keys/routes.js'
import operationRoutes from './operations.js'
import timelineRoutes from '../feeds/timeline/routes.js'
import networkRoutes from '../feeds/network/routes.js'
import statsRoutes from '../feeds/stats/routes.js'
import dealBoardRoutes from '../feeds/deal-board/routes.js'
import changeRoutes from '../feeds/changes/routes.js'
import { registerResourceRoutes } from '../engine/resource-routes.js'
import searchRoutes from '../search/routes.js'

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
