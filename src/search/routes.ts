// GET /v1/search: one ranked list of hits across actors, events, quotes,
// deals, terms and sources.
import type { FastifyInstance } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { SEARCH_PLANNING, SearchRepository, type SearchQuery } from './repository.js'
import { ref } from '../schemas/common.js'
import { SearchQuerystring, SearchResults } from './schema.js'
import { COMMON_ERRORS, EtagHeader, problemResponses, versionedRead } from '../http/http.js'

/** How many matches are ranked at most, as the description says it. */
const RANKED = SEARCH_PLANNING.candidates.toLocaleString('en-US')

const searchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const search = new SearchRepository(app.repos.store)
  app.get('/v1/search', {
    schema: {
      operationId: 'searchAll',
      tags: ['Search'],
      summary: 'Search every kind of record',
      description:
        `Full-text search over actors (names, aliases, descriptions), events, quotes, deals, deal terms and sources, best hit first. Each hit has its kind, id, title, a highlighted snippet and a score. Case and accents are ignored (viacorka finds Viačorka); \`luka*\` matches a prefix. A malformed query is a 400 naming \`q\`. Relevance is Okapi BM25 as SQLite FTS5 computes it (a match in a title weighs four times one elsewhere; short records with more matches rank higher), with one IDF for the whole query, so the words of a query with several (a OR b, a prefix standing for several words) weigh alike. When more than ${RANKED} records match, only the ${RANKED} with the highest index numbers are ranked and paged (within a kind the newest; across kinds those of the largest collections, such as events, come first) and the IDF is estimated, so a very common word costs a bounded ranking: narrow the query, or use \`types\` to rank other kinds. \`total=true\` still counts every match. Ranks shift as records change, so for an exhaustive, stable walk use a collection with \`q\` and a \`sort\`.`,
      querystring: SearchQuerystring,
      response: { 200: { ...ref(SearchResults), headers: { ETag: EtagHeader } }, 304: { type: 'null', description: 'Not modified.' }, ...problemResponses(...COMMON_ERRORS) },
    },
    handler: async (request, reply) => {
      return versionedRead(request, reply, () => search.search(request.query))
    },
  })
}
export default searchRoutes
