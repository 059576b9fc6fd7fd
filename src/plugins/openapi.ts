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
  { name: 'Search', description: 'Full-text search across every kind of record, ranked by relevance.' },
  { name: 'Data', description: 'Bulk import (with a dry run and a report of every bad record) and streamed export as NDJSON or CSV.' },
  { name: 'Keys', description: 'API keys and their scopes (read, write, admin). Managing keys needs the admin scope.' },
  { name: 'Operations', description: 'Health probes for process managers and load balancers.' },
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
        components: {
          securitySchemes: {
            bearerAuth: {
              type: 'http',
              scheme: 'bearer',
              description:
                'An API key, sent as `Authorization: Bearer <key>`. Reads are open unless the server sets PARLEY_REQUIRE_READ_KEY; writes need the write scope; managing keys needs admin.',
            },
          },
        },
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
