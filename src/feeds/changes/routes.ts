// The change feed: GET /v1/changes pages through the change log;
// GET /v1/changes/stream sends it as Server-Sent Events, backlog then live.
import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { enumList } from '../../lib/enum-list.js'
import { badParameter, ProblemError } from '../../lib/problem.js'
import { CHANGE_TYPES, ChangesRepository, changeJson, type ChangeRow } from './repository.js'
import { ref } from '../../schemas/common.js'
import { ChangeList } from './schema.js'
import { COMMON_ERRORS, problemResponses, sendJsonText } from '../../http/http.js'

/** Changes read per query while catching up a stream. */
const BATCH = 500

const typeParam = Type.Optional(
  Type.String({ minLength: 1, maxLength: 200, description: `Only these record types, comma-separated: ${CHANGE_TYPES.join(', ')}. Default: all.`, examples: ['event,quote'] }),
)

const changeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store } = app.repos
  const changes = new ChangesRepository(store)
  const types = (value: string | undefined) => (value ? [...new Set(enumList(value, CHANGE_TYPES, 'type'))] : CHANGE_TYPES)

  app.get('/v1/changes', {
    schema: {
      operationId: 'listChanges',
      tags: ['Changes'],
      summary: 'List changes since a sequence number',
      description:
        'Every create, update and delete, in commit order, after `after`. Each change carries the record as it stood after it; a delete is a tombstone with `data: null`. Start from `after=0`, then pass `next_after` back until `has_more` is false, and apply each change by `entity_type` and `entity_id`: the result equals what the collections return. Keep the last `next_after` to catch up later, or switch to streamChanges.',
      querystring: Type.Object(
        {
          after: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0, description: 'Only changes with a greater seq.' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'Changes per page, 1 to 1000.' })),
          type: typeParam,
        },
        { additionalProperties: false },
      ),
      response: { 200: ref(ChangeList), ...problemResponses(...COMMON_ERRORS) },
    },
    handler: async (request, reply) => {
      const q = request.query
      const after = q.after ?? 0
      const limit = q.limit ?? 100
      const latest = store.latestSeq()
      const rows = changes.after(after, limit + 1, types(q.type), latest)
      const more = rows.length > limit
      if (more) rows.pop()
      const next = rows.length ? rows[rows.length - 1].seq : after
      // Built as text: each record's JSON goes out as it was stored.
      const body = `{"data":[${rows.map(changeJson).join(',')}],"next_after":${next},"has_more":${more},"latest_seq":${latest}}`
      return sendJsonText(reply, body)
    },
  })

  /** Open streams, ended when the server closes so shutdown does not wait on them. */
  const open = new Set<() => void>()
  app.addHook('preClose', async () => {
    for (const end of [...open]) end()
  })

  app.get('/v1/changes/stream', {
    schema: {
      operationId: 'streamChanges',
      tags: ['Changes'],
      summary: 'Stream changes as Server-Sent Events',
      description: [
        'The change log as `text/event-stream`: first every change after `Last-Event-ID` (or `after`), then each new one as it commits. Every change is one event: `id` is its seq, `event` is `change`, `data` is the same JSON as an item of listChanges. A comment line (`: heartbeat`) keeps an idle connection open (every 15 s by default, PARLEY_SSE_HEARTBEAT).',
        '',
        'Reconnecting with the last `id` seen in `Last-Event-ID` (EventSource does this itself) resumes with nothing lost or repeated.',
      ].join('\n'),
      querystring: Type.Object(
        { after: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Start after this seq when there is no Last-Event-ID header. Default: 0, the whole log.' })), type: typeParam },
        { additionalProperties: false },
      ),
      headers: Type.Object({ 'last-event-id': Type.Optional(Type.String({ description: 'The seq of the last change received; it wins over `after`.' })) }),
      response: {
        200: { description: 'An endless stream of change events.', content: { 'text/event-stream': { schema: Type.String() } } },
        ...problemResponses(...COMMON_ERRORS),
      },
    },
    handler: async (request, reply) => {
      const q = request.query
      const header = request.headers['last-event-id']
      if (header !== undefined && !/^\d{1,15}$/.test(String(header))) {
        throw new ProblemError(400, 'validation_failed', 'Last-Event-ID must be the seq of a change (a whole number).', {
          errors: [{ in: 'header', pointer: '/last-event-id', parameter: 'last-event-id', detail: 'must be a whole number.' }],
        })
      }
      const wanted = types(q.type)
      const start = header !== undefined ? Number(header) : (q.after ?? 0)
      if (!Number.isSafeInteger(start)) throw badParameter('after', 'Too large.')

      const headers = {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      }
      // HEAD gets the headers alone: no stream is opened for a response without a body.
      if (request.method === 'HEAD') return reply.code(200).headers(headers).send('')
      reply.hijack()
      const res = reply.raw
      res.writeHead(200, headers)
      // A stream is idle between changes by design: no socket timeout, heartbeats instead.
      request.raw.socket.setTimeout(0)
      res.write('retry: 2000\n\n')

      let closed = false
      let scheduled = false
      let waiting = false
      /** Everything up to here has been read and sent (with a type filter, the changes of that type). */
      let scanned = start
      const drain = () => {
        scheduled = false
        while (!closed && !waiting) {
          const upTo = store.latestSeq()
          if (upTo <= scanned) return
          const rows: ChangeRow[] = changes.after(scanned, BATCH, wanted, upTo)
          for (const r of rows) res.write(`id: ${r.seq}\nevent: change\ndata: ${changeJson(r)}\n\n`)
          scanned = rows.length === BATCH ? rows[rows.length - 1].seq : upTo
          // The client reads slower than we write: wait for the socket before reading more.
          if (res.writableNeedDrain) {
            waiting = true
            res.once('drain', () => {
              waiting = false
              drain()
            })
          }
        }
      }
      const schedule = () => {
        if (scheduled || closed) return
        scheduled = true
        setImmediate(drain)
      }
      // Listen before reading the backlog, so a commit in between is not missed.
      const unsubscribe = store.onCommit(schedule)
      const heartbeat = app.config.sseHeartbeatMs > 0 ? setInterval(() => res.write(': heartbeat\n\n'), app.config.sseHeartbeatMs) : null
      const end = () => {
        if (closed) return
        closed = true
        unsubscribe()
        if (heartbeat) clearInterval(heartbeat)
        open.delete(end)
        res.end()
      }
      open.add(end)
      res.on('close', end)
      res.on('error', end)
      drain()
    },
  })
}
export default changeRoutes
