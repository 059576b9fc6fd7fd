import { Type, type Static } from '@sinclair/typebox'
import { ActorSummary } from '../../resources/actors/summary-schema.js'
import { FuzzyDate, IdOf, Nullable, StringEnum, ref } from '../../schemas/common.js'
import { Category, EventStatus, Mode, Participant } from '../../resources/events/schema.js'
import { QuoteKind } from '../../resources/quotes/schema.js'

export const TIMELINE_KINDS = ['event', 'quote', 'status_change'] as const
export type TimelineKindT = (typeof TIMELINE_KINDS)[number]

export const DatePrecision = StringEnum(['year', 'month', 'day'] as const, {
  $id: 'DatePrecision',
  title: 'DatePrecision',
  description: 'How precise a fuzzy date is: `2025` is a year, `2025-02` a month, `2025-02-12` a day.',
})

const Day = Type.String({ format: 'date' })

/** Fields every timeline item has: what it is and when, as precisely as known. */
const dated = {
  id: Type.String({ description: 'The record id (for a status change, the number of the history entry).' }),
  title: Type.String({ description: "The event's title, the quote's words, or a line naming the status change." }),
  date: Nullable(ref(FuzzyDate)),
  date_precision: Nullable(ref(DatePrecision)),
  date_start: Nullable({ ...Day, description: 'The first day the date covers; items sort by it.' }),
  date_end: Nullable({ ...Day, description: 'The last day the date covers.' }),
}

export const TimelineEvent = Type.Object(
  {
    kind: Type.Literal('event'),
    ...dated,
    category: ref(Category),
    mode: Nullable(ref(Mode)),
    status: ref(EventStatus),
    summary: Nullable(Type.String()),
    ended_on: Nullable(ref(FuzzyDate)),
    location_name: Nullable(Type.String()),
    parent_event_id: Nullable(IdOf('evt', 'The event this one is part of.')),
    participants: Type.Array(ref(Participant)),
  },
  { $id: 'TimelineEvent', title: 'TimelineEvent', additionalProperties: false, description: 'An event on the timeline, dated by `occurred_on`.' },
)

export const TimelineQuote = Type.Object(
  {
    kind: Type.Literal('quote'),
    ...dated,
    quote_kind: ref(QuoteKind),
    speaker_id: IdOf('act', 'Who said it.'),
    event_id: Nullable(IdOf('evt', 'The event it was said at or about.')),
    setting: Nullable(Type.String()),
    about_actor_ids: Type.Array(IdOf('act', 'An actor the quote is about.')),
  },
  { $id: 'TimelineQuote', title: 'TimelineQuote', additionalProperties: false, description: 'A quote on the timeline, dated by `said_on`; `title` holds its words.' },
)

export const TimelineStatusChange = Type.Object(
  {
    kind: Type.Literal('status_change'),
    ...dated,
    subject_type: StringEnum(['deal', 'term'] as const),
    subject_id: Type.String({ description: 'The deal or term whose status changed.' }),
    deal_id: IdOf('deal', 'The deal, or the deal the term belongs to.'),
    status: Type.String(),
    previous_status: Nullable(Type.String()),
    source_id: Nullable(IdOf('src', 'The source that reports the change.')),
    recorded_at: Type.String({ format: 'date-time', description: 'When Parley recorded the change.' }),
  },
  {
    $id: 'TimelineStatusChange',
    title: 'TimelineStatusChange',
    additionalProperties: false,
    description: 'A status change of a deal or a term, dated by when it happened (not when it was recorded).',
  },
)

export const TimelineItem = Type.Union([ref(TimelineEvent), ref(TimelineQuote), ref(TimelineStatusChange)], {
  $id: 'TimelineItem',
  title: 'TimelineItem',
  description: 'One item of the timeline; `kind` says which.',
  discriminator: { propertyName: 'kind', mapping: { event: '#/components/schemas/TimelineEvent', quote: '#/components/schemas/TimelineQuote', status_change: '#/components/schemas/TimelineStatusChange' } },
})

export const TimelinePage = Type.Object(
  {
    data: Type.Array(ref(TimelineItem)),
    next_cursor: Nullable(Type.String({ description: 'Pass as `cursor` for the items after this page; null at the end.' })),
    prev_cursor: Nullable(Type.String({ description: 'Pass as `cursor` for the items before this page; null at the start.' })),
    has_more: Type.Boolean({ description: 'True when items follow this page (next_cursor is set).' }),
    actors: Type.Array(ref(ActorSummary), { description: 'Every actor the items on this page name, once.' }),
  },
  { $id: 'TimelinePage', title: 'TimelinePage', additionalProperties: false, description: 'A page of the timeline, in timeline order.' },
)
export type TimelinePageT = Static<typeof TimelinePage>
export type TimelineItemT = Static<typeof TimelineEvent> | Static<typeof TimelineQuote> | Static<typeof TimelineStatusChange>

export const timelineSchemas = [DatePrecision, TimelineEvent, TimelineQuote, TimelineStatusChange, TimelineItem, TimelinePage]
