// Events, their participants, and the index of their contexts.
import { sql } from 'drizzle-orm'
import { check, index, integer, primaryKey, real, sqliteTable, text, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import * as V from '../../domain/vocabulary.js'
import { oneOf, sortable, versioned, fuzzyDate } from '../../db/columns.js'
import { actors } from '../actors/table.js'

const occurred = fuzzyDate('occurred_on')
const ended = fuzzyDate('ended_on')
export const events = sqliteTable(
  'events',
  {
    pk: integer('pk').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    title: text('title').notNull(),
    summary: text('summary'),
    category: text('category').notNull(),
    mode: text('mode'),
    contexts: text('contexts', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    /** Null when no source dates the event (a hypothetical release, say). */
    occurred_on: occurred.text,
    occurred_on_start: occurred.start,
    occurred_on_end: occurred.end,
    ended_on: ended.text,
    ended_on_start: ended.start,
    ended_on_end: ended.end,
    /** First and last day the event as a whole may cover (occurred_on through ended_on). */
    span_start: text('span_start'),
    span_end: text('span_end'),
    location_name: text('location_name'),
    location_country: text('location_country'),
    latitude: real('latitude'),
    longitude: real('longitude'),
    status: text('status').notNull(),
    parent_event_id: text('parent_event_id').references((): AnySQLiteColumn => events.id),
    quantity: integer('quantity'),
    ...versioned,
  },
  (t) => [
    check('events_category', oneOf(t.category, V.CATEGORIES)),
    check('events_mode', sql`${t.mode} IS NULL OR ${oneOf(t.mode, V.MODES)}`),
    check('events_status', oneOf(t.status, V.EVENT_STATUSES)),
    check('events_span', sql`${t.span_start} <= ${t.span_end}`),
    check('events_quantity', sql`${t.quantity} IS NULL OR ${t.quantity} >= 0`),
    check('events_lat', sql`${t.latitude} IS NULL OR ${t.latitude} BETWEEN -90 AND 90`),
    check('events_lon', sql`${t.longitude} IS NULL OR ${t.longitude} BETWEEN -180 AND 180`),
    index('events_span_idx').on(t.span_start, t.id),
    index('events_category_span_idx').on(t.category, t.span_start, t.id),
    index('events_status_idx').on(t.status, t.span_start),
    index('events_parent_idx').on(t.parent_event_id),
    index('events_title_idx').on(t.title, t.id),
    index('events_created_idx').on(t.created_at, t.id),
    index('events_span_end_idx').on(t.span_end),
    index('events_span_sort_idx').on(sortable(t.span_start), t.id),
    index('events_mode_idx').on(t.mode),
  ],
)

/**
 * One row per context of an event: a mirror of events.contexts kept by
 * triggers (migrations/0003_search_all.sql), so the context filter can use an index.
 */
export const eventContexts = sqliteTable(
  'event_contexts',
  {
    event_id: text('event_id').notNull().references(() => events.id, { onDelete: 'cascade' }),
    context: text('context').notNull(),
  },
  (t) => [primaryKey({ columns: [t.context, t.event_id] }), index('event_contexts_event_idx').on(t.event_id)],
)

export const eventParticipants = sqliteTable(
  'event_participants',
  {
    event_id: text('event_id').notNull().references(() => events.id, { onDelete: 'cascade' }),
    actor_id: text('actor_id').notNull().references(() => actors.id),
    role: text('role').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.event_id, t.actor_id, t.role] }),
    check('participants_role', oneOf(t.role, V.PARTICIPANT_ROLES)),
    index('participants_actor_idx').on(t.actor_id, t.role, t.event_id),
  ],
)
