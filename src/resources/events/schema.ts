import { Type, type Static } from '@sinclair/typebox'
import * as V from '../../domain/vocabulary.js'
import { ActorRef, CountryCode, FuzzyDate, IdOf, Nullable, StringEnum, Text, ref } from '../../schemas/common.js'
import { resourceSchemas } from '../../engine/resource-schemas.js'
import { ActorSchemas } from '../actors/schema.js'

export const Category = StringEnum(V.CATEGORIES, { $id: 'Category', title: 'Category', description: 'A PLOVER event category.' })
export const Mode = StringEnum(V.MODES, {
  $id: 'Mode',
  title: 'Mode',
  description: 'A PLOVER mode; each is valid only for some categories (CONSULT: visit, third-party, multilateral, phone; RETREAT: withdraw, release, disarm, ceasefire, access, resign; REQUEST and REJECT: assist, change, yield, meet; ACCUSE: disapprove, investigate, allege; SANCTION: convict, expel, withdraw, discontinue).',
})
export const Context = StringEnum(V.CONTEXTS, { $id: 'Context', title: 'Context', description: 'A PLOVER context.' })
export const EventStatus = StringEnum(V.EVENT_STATUSES, { $id: 'EventStatus', title: 'EventStatus' })
export const ParticipantRole = StringEnum(V.PARTICIPANT_ROLES, { $id: 'ParticipantRole', title: 'ParticipantRole' })

export const Location = Type.Object(
  {
    name: Text(300),
    country: Type.Optional(Nullable(ref(CountryCode))),
    latitude: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
    longitude: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
  },
  { $id: 'Location', title: 'Location', additionalProperties: false },
)

/** A merge patch of a location: it is merged into the one held, so any field may be left out. */
export const LocationPatch = Type.Partial(Location, {
  $id: 'LocationPatch',
  title: 'LocationPatch',
  additionalProperties: false,
  description: 'Fields of the location to change; those left out stay, null clears one. A location must end up with a name.',
})

export const Participant = Type.Object(
  {
    actor_id: ActorRef,
    role: ref(ParticipantRole),
    actor: Type.Optional(ref(ActorSchemas.Entity)),
  },
  { $id: 'Participant', title: 'Participant', additionalProperties: false, description: 'An actor taking part in an event. `actor` is embedded with `include=participants`.' },
)

export const EventSchemas = resourceSchemas(
  'Event',
  IdOf('evt', 'The event id.'),
  {
    required: { title: Text(500), category: ref(Category), status: ref(EventStatus) },
    optional: {
      summary: Nullable(Text(10000)),
      mode: Nullable(ref(Mode)),
      contexts: Type.Array(ref(Context), { maxItems: 20, uniqueItems: true }),
      occurred_on: Nullable(ref(FuzzyDate)),
      ended_on: Nullable(ref(FuzzyDate)),
      location: Nullable(ref(Location)),
      parent_event_id: Nullable(IdOf('evt', 'The event this one is part of (a meeting inside a visit).')),
      quantity: Nullable(Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'A count the event is about (3 detainees released).' })),
      participants: Type.Array(ref(Participant), { maxItems: 200, description: 'Who took part, in which role. Replaced as a whole on update.' }),
    },
  },
  {
    description: 'Something that happened, or is reported, planned or denied, coded with PLOVER.',
    patch: { location: Nullable(ref(LocationPatch)) },
    // A reference by name: quotes.ts imports this module, so the Quote schema cannot be imported here.
    embeds: { quotes: Type.Array(Type.Unsafe(Type.Ref('Quote')), { description: 'The quotes said at or about the event, with `include=quotes`.' }) },
  },
)
export type Event = Static<typeof EventSchemas.Entity>
