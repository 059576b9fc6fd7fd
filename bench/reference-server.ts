// The hand-tuned reference: what Fastify and better-sqlite3 can do for the
// benchmarked endpoints with nothing in between. One prepared statement per
// endpoint that builds the response JSON inside SQLite, no plugins, no
// validation, no ETags, no logging. It answers the same URLs with the same
// records as Parley, so the two can be driven with the same requests.
// POST /v1/import (the bulk job) is its own file, bench/reference-import.ts.
//
// PARLEY_DB=bench/data/parley-1m.db PORT=3001 node --import tsx bench/reference-server.ts
import Database from 'better-sqlite3'
import Fastify from 'fastify'
import { parseFuzzyDate } from '../src/lib/fuzzy-date.js'
import { newId } from '../src/lib/ids.js'
import { referenceImporter } from './reference-import.js'

const db = new Database(process.env.PARLEY_DB ?? 'bench/data/parley-1m.db', { fileMustExist: true })
// The same pragmas as Parley's src/db/client.ts, so both read the file alike.
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.pragma('busy_timeout = 5000')
db.pragma('foreign_keys = ON')
db.pragma('cache_size = -32000')
db.pragma('temp_store = MEMORY')

const citationsOf = (subject: string) =>
  `(SELECT json_group_array(json_object('source_id', source_id, 'excerpt', excerpt, 'start_offset', start_offset, 'end_offset', end_offset, 'basis', basis))
     FROM (SELECT * FROM citations WHERE subject_id = ${subject} ORDER BY id))`

const actorJson = (a: string) =>
  `json_object('id', ${a}.id, 'slug', ${a}.slug, 'name', ${a}.name, 'kind', ${a}.kind, 'aliases', json(${a}.aliases), 'country', ${a}.country,
     'sector', ${a}.sector, 'description', ${a}.description, 'wikidata_id', ${a}.wikidata_id, 'citations', ${citationsOf(`${a}.id`)},
     'version', ${a}.version, 'created_at', ${a}.created_at, 'updated_at', ${a}.updated_at)`

/** An event as Parley serves it; with `withActors`, each participant embeds its actor (include=participants). */
const eventJson = (withActors: boolean) =>
  `json_object('id', e.id, 'title', e.title, 'category', e.category, 'status', e.status, 'summary', e.summary, 'mode', e.mode,
     'contexts', json(e.contexts), 'occurred_on', e.occurred_on, 'ended_on', e.ended_on,
     'location', CASE WHEN e.location_name IS NULL THEN NULL ELSE json_object('name', e.location_name, 'country', e.location_country, 'latitude', e.latitude, 'longitude', e.longitude) END,
     'parent_event_id', e.parent_event_id, 'quantity', e.quantity,
     'participants', (SELECT json_group_array(${withActors ? `json_object('actor_id', p.actor_id, 'role', p.role, 'actor', (SELECT ${actorJson('a')} FROM actors a WHERE a.id = p.actor_id))` : `json_object('actor_id', p.actor_id, 'role', p.role)`})
                      FROM (SELECT * FROM event_participants WHERE event_id = e.id ORDER BY rowid) p),
     'citations', ${citationsOf('e.id')},
     'version', e.version, 'created_at', e.created_at, 'updated_at', e.updated_at)`

const quoteJson = `json_object('id', q.id, 'text', q.text, 'kind', q.kind, 'speaker_id', q.speaker_id, 'speaker_position_id', q.speaker_position_id,
   'said_on', q.said_on, 'setting', q.setting, 'event_id', q.event_id, 'language', q.language,
   'about_actor_ids', (SELECT json_group_array(actor_id) FROM (SELECT actor_id FROM quote_actors WHERE quote_id = q.id ORDER BY rowid)),
   'about_term_ids', (SELECT json_group_array(term_id) FROM (SELECT term_id FROM quote_terms WHERE quote_id = q.id ORDER BY rowid)),
   'citations', ${citationsOf('q.id')}, 'version', q.version, 'created_at', q.created_at, 'updated_at', q.updated_at)`

const getEvent = db.prepare(`SELECT ${eventJson(false)} FROM events e WHERE e.id = ?`).pluck()
const listSql = (withActors: boolean) =>
  `SELECT ${eventJson(withActors)} AS json, e.span_start AS s, e.id AS id FROM events e
   WHERE e.category = ? AND e.span_end >= ? AND e.span_start <= ? ORDER BY e.span_start DESC, e.id DESC LIMIT ?`
const listEvents = db.prepare(listSql(false)).raw()
const listEventsWithActors = db.prepare(listSql(true)).raw()
const searchQuotes = db
  .prepare(`SELECT ${quoteJson}, q.id FROM quotes q WHERE q.pk IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?) ORDER BY q.id LIMIT ?`)
  .raw()

const insertEvent = db.prepare(
  `INSERT INTO events (id, title, summary, category, mode, status, parent_event_id, quantity, contexts, occurred_on, occurred_on_start, occurred_on_end,
     ended_on, ended_on_start, ended_on_end, location_name, location_country, latitude, longitude, span_start, span_end, version, created_at, updated_at)
   VALUES (@id, @title, @summary, @category, @mode, @status, @parent_event_id, @quantity, @contexts, @occurred_on, @occurred_on_start, @occurred_on_end,
     @ended_on, @ended_on_start, @ended_on_end, @location_name, @location_country, @latitude, @longitude, @span_start, @span_end, 1, @now, @now)`,
)
const insertParticipant = db.prepare('INSERT INTO event_participants (event_id, actor_id, role) VALUES (?, ?, ?)')
const insertCitation = db.prepare('INSERT INTO citations (subject_type, subject_id, source_id, excerpt, start_offset, end_offset, basis) VALUES (?, ?, ?, ?, ?, ?, ?)')
const insertChange = db.prepare("INSERT INTO changes (entity_type, entity_id, op, version, changed_at, key_id, data) VALUES ('event', ?, 'create', 1, ?, NULL, ?)")

type Body = Record<string, any>

const createEvent = db.transaction((b: Body): string => {
  const id = newId('event')
  const now = new Date().toISOString()
  const occurred = b.occurred_on ? parseFuzzyDate(b.occurred_on) : null
  const ended = b.ended_on ? parseFuzzyDate(b.ended_on) : null
  const loc = b.location ?? null
  insertEvent.run({
    id, now, title: b.title, summary: b.summary ?? null, category: b.category, mode: b.mode ?? null, status: b.status,
    parent_event_id: b.parent_event_id ?? null, quantity: b.quantity ?? null, contexts: JSON.stringify(b.contexts ?? []),
    occurred_on: occurred?.text ?? null, occurred_on_start: occurred?.start ?? null, occurred_on_end: occurred?.end ?? null,
    ended_on: ended?.text ?? null, ended_on_start: ended?.start ?? null, ended_on_end: ended?.end ?? null,
    location_name: loc?.name ?? null, location_country: loc?.country ?? null, latitude: loc?.latitude ?? null, longitude: loc?.longitude ?? null,
    span_start: occurred?.start ?? null, span_end: ended?.end ?? occurred?.end ?? null,
  })
  for (const p of b.participants ?? []) insertParticipant.run(id, p.actor_id, p.role)
  for (const c of b.citations ?? []) insertCitation.run('event', id, c.source_id, c.excerpt, c.start_offset ?? null, c.end_offset ?? null, c.basis)
  const json = getEvent.get(id) as string
  insertChange.run(id, now, json)
  return json
})

function page(rows: unknown[][], limit: number, keyCols: number): string {
  const more = rows.length > limit
  const data = (more ? rows.slice(0, limit) : rows).map((r) => r[0] as string)
  const last = rows[Math.min(rows.length, limit) - 1]
  const cursor = more && last ? JSON.stringify(Buffer.from(JSON.stringify(last.slice(1, 1 + keyCols))).toString('base64url')) : 'null'
  return `{"data":[${data.join(',')}],"next_cursor":${cursor},"has_more":${more}}`
}

const app = Fastify({ logger: false })

app.get('/v1/events/:id', (req, reply) => {
  const json = getEvent.get((req.params as { id: string }).id) as string | undefined
  if (!json) return reply.code(404).type('application/json').send('{"code":"not_found"}')
  return reply.type('application/json').send(json)
})

app.get('/v1/events', (req, reply) => {
  const q = req.query as Record<string, string>
  const from = parseFuzzyDate(q.occurred_from)
  const to = parseFuzzyDate(q.occurred_to)
  const limit = Number(q.limit ?? 25)
  if (!from || !to || !q.category) return reply.code(400).type('application/json').send('{"code":"validation_failed"}')
  const stmt = q.include === 'participants' ? listEventsWithActors : listEvents
  return reply.type('application/json').send(page(stmt.all(q.category, from.start, to.end, limit + 1) as unknown[][], limit, 2))
})

app.get('/v1/quotes', (req, reply) => {
  const q = req.query as Record<string, string>
  const limit = Number(q.limit ?? 25)
  return reply.type('application/json').send(page(searchQuotes.all(q.q, limit + 1) as unknown[][], limit, 1))
})

app.post('/v1/events', (req, reply) => {
  const json = createEvent(req.body as Body)
  return reply.code(201).type('application/json').send(json)
})

// The bench sends ~40 MB of NDJSON in one body: read it whole (Parley spools it to a file).
const importNdjson = referenceImporter(db)
app.addContentTypeParser('application/x-ndjson', { parseAs: 'string', bodyLimit: 1 << 30 }, (_req, body, done) => done(null, body))
app.post('/v1/import', { bodyLimit: 1 << 30 }, (req, reply) => reply.send(importNdjson(req.body as string)))

await app.listen({ port: Number(process.env.PORT ?? 3001), host: process.env.HOST ?? '127.0.0.1' })
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void app.close().then(() => {
      db.close()
      process.exit(0)
    })
  })
}
