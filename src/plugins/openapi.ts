// The OpenAPI 3.1 document, generated from the route schemas, served at
// /openapi.json and rendered at /docs.
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import pkg from '../../package.json' with { type: 'json' }

export const TAGS = [
  { name: 'Sources', description: 'Documents that claims come from.' },
  { name: 'Actors', description: 'People, states, governments, bodies, organizations and groups. Actors answer to their slug as well as their id.' },
  { name: 'Positions', description: 'Posts actors hold in other actors over time.' },
  { name: 'Relations', description: 'Typed, dated relations between actors.' },
  { name: 'Events', description: 'Things that happened, or are reported, planned or denied, coded with PLOVER.' },
  { name: 'Quotes', description: 'Words attributed to actors, direct or paraphrased.' },
  { name: 'Deals', description: 'Negotiations and agreements between sides.' },
  { name: 'Terms', description: 'The gives and gets inside a deal, their links and the stances taken on them.' },
  { name: 'Timeline', description: 'Events, quotes and status changes in one chronological stream.' },
  { name: 'Network', description: 'Actors as a graph: typed, weighted edges from relations, shared events and quotes.' },
  { name: 'Stats', description: 'Counts over time and by kind, relations between two actors, and the intensity scale they use.' },
  { name: 'Changes', description: 'Every create, update and delete in commit order, as a page or a live stream: enough to keep a local copy in sync.' },
]

export default fp(
  async function openapi(app: FastifyInstance) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Parley API',
          version: pkg.version,
          description:
            'A structured, sourced record of diplomacy: actors, events, quotes and proposed deal terms. Every record cites the exact words of its source; dates say how precise they are.',
          license: { name: 'MIT', identifier: 'MIT' },
          contact: { name: 'Parley maintainers', url: 'https://parley.dev' },
        },
        servers: [{ url: 'http://127.0.0.1:3000', description: 'A local Parley server' }],
        tags: TAGS,
      },
      // Name components after their schema's $id, never def-N.
      refResolver: {
        buildLocalReference(json, _baseUri, _fragment, i) {
          return typeof json.$id === 'string' ? json.$id : `Schema${i}`
        },
      },
    })
    await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true, docExpansion: 'list' } })
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  },
  { name: 'openapi' },
)
