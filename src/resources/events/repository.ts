import * as V from '../../domain/vocabulary.js'
import { parseFuzzyDate } from '../../lib/fuzzy-date.js'
import { checkCitations, citationsChild } from '../citations/child.js'
import { jsonNumberSql } from '../../db/json-number.js'
import { IN_LIST, type ListSpec } from '../../engine/list-query.js'
import { linkTableChild, type Obj, type ResourceDef, type Row } from '../../engine/repository.js'
import type { Store } from '../../db/store.js'

export const participantsChild = linkTableChild({
  field: 'participants',
  table: 'event_participants',
  parentColumn: 'event_id',
  columns: ['actor_id', 'role'],
  orderBy: 'rowid',
})

export const eventDef: ResourceDef = {
  type: 'event',
  table: 'events',
  what: 'event',
  columns: ['title', 'summary', 'category', 'mode', 'status', 'parent_event_id', 'quantity'],
  json: ['contexts'],
  fuzzyDates: ['occurred_on', 'ended_on'],
  children: [participantsChild, citationsChild('event')],
  toRow(obj, row) {
    const loc = obj.location as Obj | null | undefined
    row.location_name = loc?.name ?? null
    row.location_country = loc?.country ?? null
    row.latitude = loc?.latitude ?? null
    row.longitude = loc?.longitude ?? null
    // The whole span the event may cover, for overlap filters and the timeline.
    const start = obj.occurred_on == null ? null : parseFuzzyDate(String(obj.occurred_on))
    const end = obj.ended_on == null ? null : parseFuzzyDate(String(obj.ended_on))
    row.span_start = start?.start ?? null
    row.span_end = end?.end ?? start?.end ?? null
  },
  fromRow(row, e) {
    e.location =
      row.location_name == null
        ? null
        : { name: row.location_name, country: row.location_country, latitude: row.latitude, longitude: row.longitude }
  },
  fieldSql: {
    location:
      `CASE WHEN t.location_name IS NULL THEN NULL ELSE json_object('name', t.location_name, 'country', t.location_country, ` +
      `'latitude', ${jsonNumberSql('t.latitude')}, 'longitude', ${jsonNumberSql('t.longitude')}) END`,
  },
  check(obj, checker, store, existingId) {
    checker.mode(String(obj.category), obj.mode, '/mode')
    // A patch merges into the location held, so only the merged whole shows a missing name.
    if (obj.location != null && (obj.location as Obj).name == null) checker.fail('/location/name', 'is required: a location needs a name.')
    if (obj.ended_on != null && obj.occurred_on == null) checker.fail('/ended_on', 'An event with an end date needs occurred_on too.')
    checker.order(obj, 'occurred_on', 'ended_on', '/ended_on')
    if (obj.parent_event_id != null) {
      if (obj.parent_event_id === existingId) checker.fail('/parent_event_id', 'An event cannot be its own parent.')
      else {
        checker.exists(obj, 'parent_event_id', 'events', 'event', '/parent_event_id')
        if (existingId && isAncestor(store, existingId, String(obj.parent_event_id))) checker.fail('/parent_event_id', 'That parent is inside this event: the events would form a loop.')
      }
    }
    const seen = new Set<string>()
    ;((obj.participants as Obj[]) ?? []).forEach((p, i) => {
      checker.actor(p, 'actor_id', `/participants/${i}/actor_id`)
      const key = `${p.actor_id}/${p.role}`
      if (seen.has(key)) checker.fail(`/participants/${i}`, `The actor ${p.actor_id} is already listed as ${p.role}.`)
      seen.add(key)
    })
    checkCitations(obj, checker, store)
  },
  references: [
    { type: 'event', sql: 'SELECT id FROM events WHERE parent_event_id = ? LIMIT 100' },
    { type: 'quote', sql: 'SELECT id FROM quotes WHERE event_id = ? LIMIT 100' },
  ],
}

/** True when `ancestorId` is `id` or one of the events that `id` sits inside. */
function isAncestor(store: Store, ancestorId: string, id: string): boolean {
  const row = store
    .stmt<Row>(
      `WITH RECURSIVE up(id) AS (SELECT ? UNION SELECT e.parent_event_id FROM events e JOIN up ON e.id = up.id WHERE e.parent_event_id IS NOT NULL)
       SELECT 1 FROM up WHERE id = ? LIMIT 1`,
    )
    .get(id, ancestorId)
  return row !== undefined
}

const byRole = (role: string) => `t.id IN (SELECT event_id FROM event_participants WHERE role = '${role}' AND actor_id IN ${IN_LIST})`

export const eventList: ListSpec = {
  filters: {
    category: { kind: 'enum', column: 't.category', values: V.CATEGORIES, description: 'PLOVER categories, comma-separated.' },
    mode: { kind: 'enum', column: 't.mode', values: V.MODES, description: 'PLOVER modes, comma-separated.' },
    context: {
      kind: 'enum',
      values: V.CONTEXTS,
      // event_contexts mirrors events.contexts (kept by triggers) so this filter can use an index.
      sql: `t.id IN (SELECT event_id FROM event_contexts WHERE context IN ${IN_LIST})`,
      description: 'PLOVER contexts, comma-separated; an event matches when it has any of them.',
    },
    actor: { kind: 'actor', sql: `t.id IN (SELECT event_id FROM event_participants WHERE actor_id IN ${IN_LIST})`, description: 'Actors taking part in any role (ids or slugs), comma-separated.' },
    source_actor: { kind: 'actor', sql: byRole('source'), description: 'Actors in the source role (ids or slugs), comma-separated.' },
    target_actor: { kind: 'actor', sql: byRole('target'), description: 'Actors in the target role (ids or slugs), comma-separated.' },
    status: { kind: 'enum', column: 't.status', values: V.EVENT_STATUSES, description: 'Event statuses, comma-separated.' },
    parent: { kind: 'ids', sql: `t.parent_event_id IN ${IN_LIST}`, prefix: 'evt', description: 'Parent event ids, comma-separated: the events inside them.' },
    occurred_from: { kind: 'from', column: 't.span_end', description: 'Events whose span reaches this fuzzy date or later (overlap: `2020-08` matches `occurred_from=2020-08-15`).' },
    occurred_to: { kind: 'to', column: 't.span_start', description: 'Events whose span starts on or before the end of this fuzzy date.' },
    q: { kind: 'fts', table: 'events_fts', description: 'Full-text search over title, summary and location; `visit*` for a prefix.' },
  },
  sorts: {
    id: { column: 't.id' },
    occurred_on: { column: 't.span_start', nullable: true },
    title: { column: 't.title' },
    created_at: { column: 't.created_at' },
  },
  defaultSort: 'id',
}
