// Quotes, and the actors and deal terms each is about.
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import * as V from '../../domain/vocabulary.js'
import { oneOf, sortable, versioned, fuzzyDate } from '../../db/columns.js'
import { actors } from '../actors/table.js'
import { events } from '../events/table.js'
import { positions } from '../positions/table.js'
import { dealTerms } from '../terms/table.js'

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
