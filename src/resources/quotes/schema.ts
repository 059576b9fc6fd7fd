import { Type, type Static } from '@sinclair/typebox'
import * as V from '../../domain/vocabulary.js'
import { ActorRef, FuzzyDate, IdOf, Nullable, StringEnum, Text, ref } from '../../schemas/common.js'
import { resourceSchemas } from '../../engine/resource-schemas.js'
import { ActorSchemas } from '../actors/schema.js'
import { EventSchemas } from '../events/schema.js'
import { PositionSchemas } from '../positions/schema.js'

export const QuoteKind = StringEnum(V.QUOTE_KINDS, { $id: 'QuoteKind', title: 'QuoteKind', description: '`direct` for verbatim words, `paraphrase` for reported speech.' })

export const QuoteSchemas = resourceSchemas(
  'Quote',
  IdOf('qte', 'The quote id.'),
  {
    required: { text: Text(20000, 'The words, verbatim for a direct quote.'), kind: ref(QuoteKind), speaker_id: ActorRef },
    optional: {
      speaker_position_id: Nullable(IdOf('pos', "The speaker's position when speaking.")),
      said_on: Nullable(ref(FuzzyDate)),
      setting: Nullable(Text(1000, 'Where or how it was said ("outside the U.S. Embassy in Vilnius").')),
      event_id: Nullable(IdOf('evt', 'The event it was said at or about.')),
      language: Nullable(Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' })),
      about_actor_ids: Type.Array(ActorRef, { maxItems: 100, uniqueItems: true, description: 'Actors the quote is about.' }),
      about_term_ids: Type.Array(IdOf('term', 'A deal term.'), { maxItems: 100, uniqueItems: true, description: 'Deal terms the quote is about.' }),
    },
  },
  {
    description: 'Words attributed to an actor.',
    embeds: {
      speaker: ref(ActorSchemas.Entity),
      speaker_position: Nullable(ref(PositionSchemas.Entity)),
      event: Nullable(ref(EventSchemas.Entity)),
    },
  },
)
export type Quote = Static<typeof QuoteSchemas.Entity>
