// GET /v1/timeline: events, quotes and status changes in one chronological stream.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { TimelineRepository, type TimelineQuery } from './repository.js'
import { ActorRef, FUZZY_DATE_PATTERN, ref } from '../../schemas/common.js'
import { TimelinePage } from './schema.js'
import { feedGet } from '../feed-http.js'

const TimelineQuerySchema = Type.Object(
  {
    actor: Type.Optional({ ...ActorRef, description: 'Only items about this actor (id or slug): events it takes part in, quotes it said or is the subject of, status changes of deals it is a party to and of their terms, and of terms it would carry out or gain from.' }),
    deal: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only items about this deal: its and its terms’ status changes, the quotes about its terms or that its stances rest on, and the events those quotes were said at.' })),
    category: Type.Optional(
      Type.String({ minLength: 1, maxLength: 2000, description: 'PLOVER categories, comma-separated: events of those categories and status changes of terms whose action is one of them. Quotes carry no category and are left out.', examples: ['RETREAT'] }),
    ),
    kind: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Kinds of item, comma-separated: event, quote, status_change. Default: all.', examples: ['event,quote'] })),
    from: Type.Optional(Type.String({ pattern: FUZZY_DATE_PATTERN, description: "Items whose date overlaps this fuzzy date or comes later (an item dated `2025-02` matches `from=2025-02-15`).", examples: ['2025-02'] })),
    to: Type.Optional(Type.String({ pattern: FUZZY_DATE_PATTERN, description: 'Items whose date overlaps this fuzzy date or comes earlier.', examples: ['2025'] })),
    undated: Type.Optional(
      Type.Union([Type.Literal('exclude'), Type.Literal('include')], { default: 'exclude', description: '`include` appends the undated items after every dated one (by kind, then id). Ignored with from or to: an undated item overlaps no range.' }),
    ),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'A `next_cursor` or `prev_cursor` from a previous page; it says which way to go.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 25, description: 'Items per page, 1 to 200.' })),
  },
  { additionalProperties: false },
)

const timelineRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const timeline = new TimelineRepository(app.repos.store)
  app.get('/v1/timeline', {
    schema: {
      operationId: 'getTimeline',
      tags: ['Timeline'],
      summary: 'A chronological stream of events, quotes and status changes',
      description: [
        'Events (dated by `occurred_on`), quotes (by `said_on`) and status changes of deals and terms (by when they happened) in one stream, filtered by actor, deal, category, kind and date range.',
        '',
        '**Order.** Items sort by the first day their date covers, then by kind (`event`, `quote`, `status_change`), then by id. A date keeps its precision: a month-precise item (`2025-02`) sorts by its first day, 2025-02-01, so it comes before a day-precise `2025-02-12` of the same month, and says `date_precision: "month"`; a year-precise `2025` sorts as 2025-01-01. Undated items (no source dates them) are left out unless `undated=include`, which puts them after every dated item.',
        '',
        '**Paging.** Follow `next_cursor` forwards and `prev_cursor` backwards, with the same filters; each cursor carries its direction. Pages are keyset-based, so they stay stable while records come and go.',
      ].join('\n'),
      querystring: TimelineQuerySchema,
      response: feedGet.responses(ref(TimelinePage)),
    },
    handler: async (request, reply) => feedGet.sendJson(request, reply, () => timeline.page(request.query)),
  })
}
export default timelineRoutes
