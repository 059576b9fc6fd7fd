// Drizzle table definitions: the single source of the relational model.
// Every enumerated column carries a CHECK built from src/domain/vocabulary.ts.
// Citable tables have an integer `pk` (the SQLite rowid alias) besides the
// public text `id`, so FTS5 external-content indexes can key on a rowid that
// VACUUM never renumbers.
import { sql, type SQL } from 'drizzle-orm'
import {
  check,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from 'drizzle-orm/sqlite-core'
import * as V from '../domain/vocabulary.js'

function oneOf(column: AnySQLiteColumn, values: readonly string[]): SQL {
  return sql`${column} IN (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`
}

/**
 * A nullable date column as the list engine sorts it (NULL as ''), for the
 * expression indexes that serve those sorts. It must read exactly as
 * sortKey() in src/repositories/list-query.ts writes it (the query-plan test
 * fails otherwise). CASE rather than coalesce(): drizzle-kit splits index
 * expressions at commas.
 */
function sortable(column: AnySQLiteColumn): SQL {
  return sql`CASE WHEN ${column} IS NULL THEN '' ELSE ${column} END`
}

/** Columns every versioned record has. */
const versioned = {
  version: integer('version').notNull().default(1),
  created_at: text('created_at').notNull(),
  updated_at: text('updated_at').notNull(),
}

/** A fuzzy date: the text as given plus the first and last day it covers. */
function fuzzyDate(name: string) {
  return {
    text: text(name),
    start: text(`${name}_start`),
    end: text(`${name}_end`),
  }
}

const published = fuzzyDate('published_on')
export const sources = sqliteTable(
  'sources',
  {
    pk: integer('pk').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    url: text('url'),
    title: text('title').notNull(),
    publisher: text('publisher'),
    published_on: published.text,
    published_on_start: published.start,
    published_on_end: published.end,
    retrieved_at: text('retrieved_at'),
    language: text('language'),
    kind: text('kind').notNull(),
    body: text('body'),
    sha256: text('sha256'),
    ...versioned,
  },
  (t) => [
    check('sources_kind', oneOf(t.kind, V.SOURCE_KINDS)),
    index('sources_kind_idx').on(t.kind, t.id),
    index('sources_publisher_idx').on(t.publisher, t.id),
    index('sources_published_idx').on(t.published_on_start, t.id),
    index('sources_published_end_idx').on(t.published_on_end),
    index('sources_published_sort_idx').on(sortable(t.published_on_start), t.id),
    index('sources_title_idx').on(t.title, t.id),
  ],
)

export const actors = sqliteTable(
  'actors',
  {
    pk: integer('pk').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    aliases: text('aliases', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    kind: text('kind').notNull(),
    country: text('country'),
    sector: text('sector'),
    description: text('description'),
    wikidata_id: text('wikidata_id'),
    ...versioned,
  },
  (t) => [
    check('actors_kind', oneOf(t.kind, V.ACTOR_KINDS)),
    check('actors_sector', sql`${t.sector} IS NULL OR ${oneOf(t.sector, V.SECTORS)}`),
    check('actors_country', sql`${t.country} IS NULL OR ${t.country} GLOB '[A-Z][A-Z][A-Z]'`),
    check('actors_wikidata', sql`${t.wikidata_id} IS NULL OR ${t.wikidata_id} GLOB 'Q[1-9]*'`),
    index('actors_kind_idx').on(t.kind, t.id),
    index('actors_country_idx').on(t.country, t.id),
    index('actors_sector_idx').on(t.sector, t.id),
    index('actors_name_idx').on(t.name, t.id),
  ],
)

const posStart = fuzzyDate('started_on')
const posEnd = fuzzyDate('ended_on')
/** An actor holding a post in another actor over a span of time. */
export const positions = sqliteTable(
  'positions',
  {
    pk: integer('pk').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    holder_id: text('holder_id').notNull().references(() => actors.id),
    organization_id: text('organization_id').references(() => actors.id),
    title: text('title').notNull(),
    started_on: posStart.text,
    started_on_start: posStart.start,
    started_on_end: posStart.end,
    ended_on: posEnd.text,
    ended_on_start: posEnd.start,
    ended_on_end: posEnd.end,
    ...versioned,
  },
  (t) => [
    index('positions_holder_idx').on(t.holder_id),
    index('positions_org_idx').on(t.organization_id),
    index('positions_started_sort_idx').on(sortable(t.started_on_start), t.id),
  ],
)

const relStart = fuzzyDate('started_on')
const relEnd = fuzzyDate('ended_on')
/** A typed, dated relation from one actor to another. */
export const relations = sqliteTable(
  'relations',
  {
    pk: integer('pk').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    subject_id: text('subject_id').notNull().references(() => actors.id),
    object_id: text('object_id').notNull().references(() => actors.id),
    type: text('type').notNull(),
    started_on: relStart.text,
    started_on_start: relStart.start,
    started_on_end: relStart.end,
    ended_on: relEnd.text,
    ended_on_start: relEnd.start,
    ended_on_end: relEnd.end,
    description: text('description'),
    ...versioned,
  },
  (t) => [
    check('relations_type', oneOf(t.type, V.RELATION_TYPES)),
    check('relations_distinct', sql`${t.subject_id} <> ${t.object_id}`),
    index('relations_subject_idx').on(t.subject_id),
    index('relations_object_idx').on(t.object_id),
    index('relations_type_idx').on(t.type),
    index('relations_started_sort_idx').on(sortable(t.started_on_start), t.id),
  ],
)

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

const said = fuzzyDate('said_on')
export const quotes = sqliteTable(
  'quotes',
  {
    pk: integer('pk').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    text: text('text').notNull(),
    kind: text('kind').notNull(),
    speaker_id: text('speaker_id').notNull().references(() => actors.id),
    speaker_position_id: text('speaker_position_id').references(() => positions.id),
    said_on: said.text,
    said_on_start: said.start,
    said_on_end: said.end,
    setting: text('setting'),
    event_id: text('event_id').references(() => events.id),
    language: text('language'),
    ...versioned,
  },
  (t) => [
    check('quotes_kind', oneOf(t.kind, V.QUOTE_KINDS)),
    index('quotes_speaker_idx').on(t.speaker_id, t.said_on_start),
    index('quotes_event_idx').on(t.event_id),
    index('quotes_said_idx').on(t.said_on_start, t.id),
    index('quotes_position_idx').on(t.speaker_position_id),
    index('quotes_created_idx').on(t.created_at, t.id),
    index('quotes_said_end_idx').on(t.said_on_end),
    index('quotes_said_sort_idx').on(sortable(t.said_on_start), t.id),
    index('quotes_kind_idx').on(t.kind),
  ],
)

const firstReported = fuzzyDate('first_reported_on')
export const deals = sqliteTable(
  'deals',
  {
    pk: integer('pk').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    title: text('title').notNull(),
    summary: text('summary'),
    status: text('status').notNull(),
    first_reported_on: firstReported.text,
    first_reported_on_start: firstReported.start,
    first_reported_on_end: firstReported.end,
    ...versioned,
  },
  (t) => [
    check('deals_status', oneOf(t.status, V.DEAL_STATUSES)),
    index('deals_status_idx').on(t.status, t.id),
    index('deals_reported_idx').on(t.first_reported_on_start, t.id),
    index('deals_reported_sort_idx').on(sortable(t.first_reported_on_start), t.id),
    index('deals_title_idx').on(t.title, t.id),
  ],
)

export const dealParties = sqliteTable(
  'deal_parties',
  {
    deal_id: text('deal_id').notNull().references(() => deals.id, { onDelete: 'cascade' }),
    actor_id: text('actor_id').notNull().references(() => actors.id),
    side: text('side').notNull(),
  },
  (t) => [primaryKey({ columns: [t.deal_id, t.actor_id] }), index('deal_parties_actor_idx').on(t.actor_id)],
)

export const dealTerms = sqliteTable(
  'deal_terms',
  {
    pk: integer('pk').primaryKey({ autoIncrement: true }),
    id: text('id').notNull().unique(),
    deal_id: text('deal_id').notNull().references(() => deals.id),
    obligor_id: text('obligor_id').references(() => actors.id),
    beneficiary_id: text('beneficiary_id').references(() => actors.id),
    action_category: text('action_category').notNull(),
    action_mode: text('action_mode'),
    description: text('description').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    ...versioned,
  },
  (t) => [
    check('terms_category', oneOf(t.action_category, V.CATEGORIES)),
    check('terms_mode', sql`${t.action_mode} IS NULL OR ${oneOf(t.action_mode, V.MODES)}`),
    check('terms_kind', oneOf(t.kind, V.TERM_KINDS)),
    check('terms_status', oneOf(t.status, V.TERM_STATUSES)),
    index('terms_deal_idx').on(t.deal_id, t.id),
    index('terms_obligor_idx').on(t.obligor_id),
    index('terms_beneficiary_idx').on(t.beneficiary_id),
    index('terms_action_idx').on(t.action_category, t.action_mode),
    index('terms_status_idx').on(t.status),
    index('terms_kind_idx').on(t.kind),
  ],
)

/** A directed link from one term to another: `term_id` <type> `target_term_id`. */
export const termLinks = sqliteTable(
  'term_links',
  {
    term_id: text('term_id').notNull().references(() => dealTerms.id, { onDelete: 'cascade' }),
    target_term_id: text('target_term_id').notNull().references(() => dealTerms.id),
    type: text('type').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.term_id, t.target_term_id, t.type] }),
    check('term_links_type', oneOf(t.type, V.TERM_LINK_TYPES)),
    check('term_links_distinct', sql`${t.term_id} <> ${t.target_term_id}`),
    index('term_links_target_idx').on(t.target_term_id),
  ],
)

const stated = fuzzyDate('stated_on')
/** An actor's position on a term, resting on a quote where one exists. */
export const stances = sqliteTable(
  'stances',
  {
    term_id: text('term_id').notNull().references(() => dealTerms.id, { onDelete: 'cascade' }),
    actor_id: text('actor_id').notNull().references(() => actors.id),
    stance: text('stance').notNull(),
    condition: text('condition'),
    quote_id: text('quote_id').references(() => quotes.id),
    stated_on: stated.text,
    stated_on_start: stated.start,
    stated_on_end: stated.end,
  },
  (t) => [
    primaryKey({ columns: [t.term_id, t.actor_id] }),
    check('stances_stance', oneOf(t.stance, V.STANCES)),
    index('stances_actor_idx').on(t.actor_id),
    index('stances_quote_idx').on(t.quote_id),
  ],
)

export const quoteActors = sqliteTable(
  'quote_actors',
  {
    quote_id: text('quote_id').notNull().references(() => quotes.id, { onDelete: 'cascade' }),
    actor_id: text('actor_id').notNull().references(() => actors.id),
  },
  (t) => [primaryKey({ columns: [t.quote_id, t.actor_id] }), index('quote_actors_actor_idx').on(t.actor_id)],
)

export const quoteTerms = sqliteTable(
  'quote_terms',
  {
    quote_id: text('quote_id').notNull().references(() => quotes.id, { onDelete: 'cascade' }),
    term_id: text('term_id').notNull().references(() => dealTerms.id),
  },
  (t) => [primaryKey({ columns: [t.quote_id, t.term_id] }), index('quote_terms_term_idx').on(t.term_id)],
)

const changedOn = fuzzyDate('changed_on')
/** Every status a deal or a term has had, written in the same transaction as the change. */
export const statusHistory = sqliteTable(
  'status_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subject_type: text('subject_type').notNull(),
    subject_id: text('subject_id').notNull(),
    status: text('status').notNull(),
    previous_status: text('previous_status'),
    changed_on: changedOn.text,
    changed_on_start: changedOn.start,
    changed_on_end: changedOn.end,
    recorded_at: text('recorded_at').notNull(),
    source_id: text('source_id').references(() => sources.id),
  },
  (t) => [
    check('status_history_subject', oneOf(t.subject_type, ['deal', 'term'])),
    index('status_history_subject_idx').on(t.subject_id, t.id),
    index('status_history_source_idx').on(t.source_id),
    // The timeline walks status changes in date order.
    index('status_history_changed_idx').on(t.changed_on_start, t.id),
  ],
)

/** Provenance of any record: which source says so, in which exact words. */
export const citations = sqliteTable(
  'citations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subject_type: text('subject_type').notNull(),
    subject_id: text('subject_id').notNull(),
    source_id: text('source_id').notNull().references(() => sources.id),
    excerpt: text('excerpt').notNull(),
    start_offset: integer('start_offset'),
    end_offset: integer('end_offset'),
    basis: text('basis').notNull(),
  },
  (t) => [
    check('citations_basis', oneOf(t.basis, V.CITATION_BASES)),
    check(
      'citations_offsets',
      sql`(${t.start_offset} IS NULL AND ${t.end_offset} IS NULL) OR (${t.start_offset} >= 0 AND ${t.end_offset} >= ${t.start_offset})`,
    ),
    index('citations_subject_idx').on(t.subject_id),
    index('citations_source_idx').on(t.source_id),
  ],
)

/** Append-only log of every write: the change feed, the audit trail. */
export const changes = sqliteTable(
  'changes',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    entity_type: text('entity_type').notNull(),
    entity_id: text('entity_id').notNull(),
    op: text('op').notNull(),
    version: integer('version').notNull(),
    changed_at: text('changed_at').notNull(),
    key_id: text('key_id'),
    /** The record as it stands after the change; null for a delete (a tombstone). */
    data: text('data'),
  },
  (t) => [
    check('changes_op', oneOf(t.op, V.CHANGE_OPS)),
    index('changes_entity_idx').on(t.entity_id, t.seq),
    // The change feed filtered by type pages through one type in seq order.
    index('changes_type_idx').on(t.entity_type, t.seq),
  ],
)

export const API_SCOPES = ['read', 'write', 'admin'] as const
/** API keys, stored only as a SHA-256 hash of the secret. */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    scope: text('scope').notNull(),
    hash: text('hash').notNull().unique(),
    /** The first characters of the secret, so a user can tell keys apart. */
    prefix: text('prefix').notNull(),
    created_at: text('created_at').notNull(),
    revoked_at: text('revoked_at'),
    last_used_at: text('last_used_at'),
  },
  (t) => [check('api_keys_scope', oneOf(t.scope, API_SCOPES))],
)

/** Responses remembered per Idempotency-Key, replayed when the same POST comes again. */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    owner: text('owner').notNull(),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    body_hash: text('body_hash').notNull(),
    status_code: integer('status_code').notNull(),
    headers: text('headers').notNull(),
    body: text('body').notNull(),
    created_at: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.owner, t.key] }), index('idempotency_created_idx').on(t.created_at)],
)

/** Client-chosen keys of imported records, so importing a file twice updates in place. */
export const importKeys = sqliteTable('import_keys', {
  key: text('key').primaryKey(),
  entity_type: text('entity_type').notNull(),
  entity_id: text('entity_id').notNull(),
})
