// The OpenAPI 3.1 document, generated from the route schemas, served at
// /openapi.json and rendered at /docs.
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import pkg from '../../package.json' with { type: 'json' }

/** Where the docs UI's HTML pages are served (browser-security.ts gives them a page's headers). */
export const DOCS_PREFIX = '/docs'

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
  { name: 'Timeline', description: 'Events, quotes and status changes in one chronological stream.' },
  { name: 'Network', description: 'Actors as a graph: typed, weighted edges from relations, shared events and quotes.' },
  { name: 'Stats', description: 'Counts over time and by kind, relations between two actors, and the intensity scale they use.' },
  { name: 'Changes', description: 'Every create, update and delete in commit order, as a page or a live stream: enough to keep a local copy in sync.' },
]

const INFO_DESCRIPTION = `A structured, sourced record of diplomacy: actors, events, quotes and proposed deal terms. Every record cites the exact words of its source; dates say how precise they are.

**Lists** answer \`{ "data": [...], "next_cursor": "…" | null, "has_more": bool }\`: pass \`next_cursor\` back as \`cursor\` until \`has_more\` is false. Filters are typed query parameters (comma lists for several values), \`q\` searches the text, \`sort\` and \`include\` take enumerated values. An unknown parameter is a 400.

**Writes**: POST answers 201 with \`Location\`; PATCH takes a JSON merge patch (RFC 7396); DELETE answers 204, or 409 naming the records that still refer to the one you asked to delete.

**Versions**: every record has a \`version\` and GET returns it as an \`ETag\`. Send it back in \`If-None-Match\` for a 304, or in \`If-Match\` on a write, which then fails with 412 if someone else changed the record first.

**Errors** are RFC 9457 problem documents (\`application/problem+json\`) with a stable \`code\` and, for bad input, \`errors[]\` naming each field by JSON pointer.

**Compatibility**: the API follows semantic versioning (\`info.version\`); see the README's versioning policy. Clients should ignore fields and enum values they do not know.`

export default fp(
  async function openapi(app: FastifyInstance) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Parley API',
          version: pkg.version,
          description: INFO_DESCRIPTION,
          license: { name: 'MIT', identifier: 'MIT' },
          contact: { name: 'Parley maintainers', url: 'https://parley.dev' },
        },
        servers: [{ url: 'http://127.0.0.1:3000', description: 'A local Parley server (`npm start`)' }],
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
    await app.register(swaggerUi, {
      routePrefix: DOCS_PREFIX,
      // Operation ids are the SDK's function names: show them.
      uiConfig: { deepLinking: true, docExpansion: 'list', displayOperationId: true },
      // "Try it out" calls the server that serves the page, whatever its host and port.
      transformSpecification: (doc, request) => ({
        ...doc,
        servers: [{ url: `${request.protocol}://${request.host}`, description: 'This server' }, ...((doc as { servers?: unknown[] }).servers ?? [])],
      }),
    })
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  },
  { name: 'openapi' },
)
