import { Type, type Static } from '@sinclair/typebox'
import * as V from '../../domain/vocabulary.js'
import { ActorRef, FuzzyDate, IdOf, Nullable, StringEnum, Text, Timestamp, ref } from '../../schemas/common.js'
import { resourceSchemas } from '../../engine/resource-schemas.js'
import { ActorSchemas } from '../actors/schema.js'

export const DealStatus = StringEnum(V.DEAL_STATUSES, { $id: 'DealStatus', title: 'DealStatus' })
export const TermKind = StringEnum(V.TERM_KINDS, { $id: 'TermKind', title: 'TermKind' })
export const TermStatus = StringEnum(V.TERM_STATUSES, { $id: 'TermStatus', title: 'TermStatus' })
export const TermLinkType = StringEnum(V.TERM_LINK_TYPES, { $id: 'TermLinkType', title: 'TermLinkType' })
export const StanceValue = StringEnum(V.STANCES, { $id: 'StanceValue', title: 'StanceValue' })

export const DealParty = Type.Object(
  {
    actor_id: ActorRef,
    side: Type.String({ minLength: 1, maxLength: 100, description: 'Which side of the table the actor sits on, e.g. `united_states`.' }),
    actor: Type.Optional(ref(ActorSchemas.Entity)),
  },
  { $id: 'DealParty', title: 'DealParty', additionalProperties: false, description: 'A party to a deal. `actor` is embedded with `include=parties`.' },
)

/** Status changes are written by the server; these fields only say when and on whose word. */
const statusProvenance = {
  status_as_of: Nullable(ref(FuzzyDate)),
  status_source_id: Nullable(IdOf('src', 'The source that reports the status.')),
}

export const StatusChange = Type.Object(
  {
    status: Type.String(),
    previous_status: Nullable(Type.String()),
    changed_on: Nullable(ref(FuzzyDate)),
    recorded_at: Timestamp,
    source_id: Nullable(Type.String()),
  },
  { $id: 'StatusChange', title: 'StatusChange', additionalProperties: false, description: 'One status a deal or term took, when it happened (as precisely as known), when Parley recorded it, and on whose word.' },
)

export const DealSchemas = resourceSchemas(
  'Deal',
  IdOf('deal', 'The deal id.'),
  {
    required: { title: Text(500), status: ref(DealStatus) },
    optional: {
      summary: Nullable(Text(10000)),
      first_reported_on: Nullable(ref(FuzzyDate)),
      parties: Type.Array(ref(DealParty), { maxItems: 100, description: 'The parties and their sides. Replaced as a whole on update.' }),
      ...statusProvenance,
    },
  },
  {
    description: 'A negotiation or agreement between sides.',
    embeds: {
      status_history: Type.Array(ref(StatusChange)),
      terms: Type.Array(Type.Unsafe(Type.Ref('Term'))),
    },
  },
)
export type Deal = Static<typeof DealSchemas.Entity>

export const TermLink = Type.Object(
  {
    type: ref(TermLinkType),
    target_term_id: IdOf('term', 'The term this one is linked to.'),
  },
  { $id: 'TermLink', title: 'TermLink', additionalProperties: false, description: 'This term `type` the target: it is offered in exchange for it, conditional on it, or supersedes it.' },
)

export const Stance = Type.Object(
  {
    actor_id: ActorRef,
    stance: ref(StanceValue),
    condition: Type.Optional(Nullable(Text(2000, 'For a conditional stance, the condition.'))),
    quote_id: Type.Optional(Nullable(IdOf('qte', 'The quote the stance rests on.'))),
    stated_on: Type.Optional(Nullable(ref(FuzzyDate))),
  },
  { $id: 'Stance', title: 'Stance', additionalProperties: false, description: "An actor's position on a term." },
)

export const ACTION_PATTERN = `^(${V.CATEGORIES.join('|')})(:[a-z-]+)?$`

export const TermSchemas = resourceSchemas(
  'Term',
  IdOf('term', 'The term id.'),
  {
    required: {
      deal_id: IdOf('deal', 'The deal the term belongs to.'),
      action: Type.String({ pattern: ACTION_PATTERN, description: 'A PLOVER category, optionally with a mode valid for it: `RETREAT:release`.', examples: ['RETREAT:release'] }),
      description: Text(5000),
      kind: ref(TermKind),
      status: ref(TermStatus),
    },
    optional: {
      obligor_id: Nullable(ActorRef),
      beneficiary_id: Nullable(ActorRef),
      links: Type.Array(ref(TermLink), { maxItems: 100, description: 'Links to other terms. Replaced as a whole on update.' }),
      stances: Type.Array(ref(Stance), { maxItems: 100, description: "Actors' stances on this term, one per actor. Replaced as a whole on update." }),
      ...statusProvenance,
    },
  },
  {
    description: 'One give or get inside a deal.',
    embeds: { status_history: Type.Array(ref(StatusChange)) },
  },
)
export type Term = Static<typeof TermSchemas.Entity>

export const DealTermCreate = Type.Omit(TermSchemas.Create, ['deal_id'], {
  $id: 'DealTermCreate',
  title: 'DealTermCreate',
  additionalProperties: false,
  description: 'The body that creates a term inside the deal named in the path.',
})
