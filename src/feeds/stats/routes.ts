// Relations over time between two actors, counts for dashboards, and the
// intensity scale both use.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { intensityTable, QUAD_CLASSES } from '../../domain/intensity.js'
import { actorFromPath, actorFromQuery } from '../../resources/actors/lookup.js'
import { DyadRepository, DEFAULT_DYAD_STATUSES, type DyadQuery } from '../dyads/repository.js'
import { StatsRepository, type StatsQuery } from './repository.js'
import { ActorRef, ref } from '../../schemas/common.js'
import { DyadRelations, IntensityScale, type IntensityScaleT } from '../dyads/schema.js'
import { Stats } from './schema.js'
import { INTERVALS } from '../../lib/periods.js'
import { COMMON_ERRORS, problemResponses } from '../../http/http.js'
import { feedGet } from '../feed-http.js'

/** Counts are by calendar month at the finest, so ranges are whole months or years. */
const MONTH_PATTERN = '^\\d{4}(-(0[1-9]|1[0-2]))?$'
const range = {
  from: Type.Optional(Type.String({ pattern: MONTH_PATTERN, description: 'First month or year counted (YYYY or YYYY-MM); records dated by overlap.', examples: ['2025-01'] })),
  to: Type.Optional(Type.String({ pattern: MONTH_PATTERN, description: 'Last month or year counted (YYYY or YYYY-MM).', examples: ['2025-12'] })),
}
const interval = Type.Union(
  INTERVALS.map((i) => Type.Literal(i)),
  { description: 'month (the default), quarter or year. An event counts in the interval of its date’s first day, and only when its date is at least that precise; less precise ones are listed under `coarser`.' },
)

const INTENSITY_TEXT =
  'Scores run from -10 (most conflictual) to +10 (most cooperative), in the spirit of the Goldstein scale. A category scores the PLOVER codebook’s numeric conflict-cooperation score for it; modes refine it where they say something about intensity (a release scores below a ceasefire, asking for a meeting is milder than demanding a change of policy), a mode not listed scoring as its category. Quad classes follow the PLOVER codebook.'

const statsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store } = app.repos
  const dyads = new DyadRepository(store)
  const stats = new StatsRepository(store)

  app.get('/v1/dyads/:a/:b/relations', {
    schema: {
      operationId: 'getDyadRelations',
      tags: ['Stats'],
      summary: 'Relations between two actors over time',
      description: [
        'Per month, quarter or year: how many events between actors `a` and `b` (ids or slugs) fall in each PLOVER quad class, and their net cooperation score (the sum of their intensity scores, see getIntensityScale).',
        '',
        'An event counts when one of the two is a `source` and the other a `target` or `beneficiary`, in either direction, or when both take part with the role `participant`. Mediators are not a side, and each event counts once. By default only events that occurred, were reported or claimed count; planned, hypothetical and denied ones do not.',
      ].join('\n'),
      params: Type.Object(
        { a: { ...ActorRef, description: 'One actor (id or slug).' }, b: { ...ActorRef, description: 'The other actor (id or slug).' } },
        { additionalProperties: false },
      ),
      querystring: Type.Object(
        {
          interval: Type.Optional(interval),
          ...range,
          status: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: `Event statuses to count, comma-separated. Default: ${DEFAULT_DYAD_STATUSES.join(',')}.` })),
          category: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'Only these PLOVER categories, comma-separated.' })),
        },
        { additionalProperties: false },
      ),
      response: feedGet.responses(ref(DyadRelations), 404),
    },
    handler: async (request, reply) => {
      const { a, b } = request.params
      const actorA = actorFromPath(store, a)
      const actorB = actorFromPath(store, b)
      // Hundreds of periods: JSON.stringify writes them for less than the schema's serializer, in the same order.
      return feedGet.sendJson(request, reply, () => dyads.relations(actorA, actorB, request.query))
    },
  })

  app.get('/v1/stats', {
    schema: {
      operationId: 'getStats',
      tags: ['Stats'],
      summary: 'Counts by category, interval, actor, deal status or speaker',
      description: [
        'Counts for dashboard panels, overall or for one actor (`actor=`):',
        '- `group_by=category`, `interval`, or `category,interval`: events (those the actor takes part in), whatever their status;',
        '- `group_by=actor`: the most active actors, by events taken part in (overall only: an actor’s partners are its network, getActorNetwork). Over all time this reads one index; with `from`, `to` or `category` it sums every actor’s monthly counts in range, which costs more on long ranges;',
        '- `group_by=deal_status`: deals by status (those the actor is a party to), every status listed;',
        '- `group_by=speaker`: quotes per speaker (with `actor=`, quotes about the actor, by who said them).',
        '',
        'Grouped by interval, an event counts in the interval of its date’s first day when its date is at least as precise as the interval; events dated only to a coarser precision go under `coarser`, undated ones under `undated`. `from` and `to` keep records whose date overlaps the range; undated ones never do.',
      ].join('\n'),
      querystring: Type.Object(
        {
          group_by: Type.String({ minLength: 1, maxLength: 100, description: 'category, interval, actor, deal_status or speaker; category and interval combine (`category,interval`).', examples: ['category,interval'] }),
          actor: Type.Optional({ ...ActorRef, description: 'Count only what concerns this actor (id or slug).' }),
          interval: Type.Optional(interval),
          ...range,
          category: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'Events of these PLOVER categories only, comma-separated.' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 25, description: 'Rows for group_by=actor or speaker, the largest first.' })),
        },
        { additionalProperties: false },
      ),
      response: feedGet.responses(ref(Stats)),
    },
    handler: async (request, reply) => {
      const { actor, ...query } = request.query
      const who = actor ? actorFromQuery(store, actor, 'actor') : null
      // Thousands of rows by month and category: JSON.stringify writes them for less than the schema's serializer.
      return feedGet.sendJson(request, reply, () => stats.stats(query, who))
    },
  })

  const scale: IntensityScaleT = { description: INTENSITY_TEXT, quad_classes: [...QUAD_CLASSES], categories: intensityTable() as IntensityScaleT['categories'] }
  app.get('/v1/reference/intensity', {
    schema: {
      operationId: 'getIntensityScale',
      tags: ['Stats'],
      summary: 'The intensity scale: quad class and score of each category and mode',
      description: `The table behind net cooperation scores. ${INTENSITY_TEXT}`,
      response: { 200: ref(IntensityScale), ...problemResponses(...COMMON_ERRORS) },
    },
    handler: async () => scale,
  })
}
export default statsRoutes
