import { Type, type Static } from '@sinclair/typebox'
import { ActorSummary } from '../../resources/actors/summary-schema.js'
import { FuzzyDate, IdOf, Nullable, StringEnum, Timestamp, ref } from '../../schemas/common.js'
import { DealSchemas, StanceValue, TermKind, TermLinkType, TermSchemas, TermStatus } from '../../resources/deals/schema.js'
import { QuoteKind } from '../../resources/quotes/schema.js'

export const BoardParty = Type.Object(
  { actor_id: IdOf('act', 'The party.'), side: Type.String(), actor: ref(ActorSummary) },
  { $id: 'BoardParty', title: 'BoardParty', additionalProperties: false },
)

export const BoardSide = Type.Object(
  { side: Type.String(), actor_ids: Type.Array(IdOf('act', 'A party on this side.')) },
  { $id: 'BoardSide', title: 'BoardSide', additionalProperties: false, description: 'One side of the table and the parties on it, in the order the deal lists them.' },
)

export const TermNode = Type.Object(
  {
    id: IdOf('term', 'The term.'),
    label: Type.String({ description: 'The term’s description.' }),
    kind: ref(TermKind),
    status: ref(TermStatus),
    action: Type.String({ description: 'A PLOVER category, with its mode: `RETREAT:release`.' }),
    obligor_id: Nullable(IdOf('act', 'Who would act.')),
    beneficiary_id: Nullable(IdOf('act', 'Who would gain.')),
  },
  { $id: 'TermNode', title: 'TermNode', additionalProperties: false },
)

export const TermEdge = Type.Object(
  {
    id: Type.String({ description: 'Stable: `type:source:target`.' }),
    source: IdOf('term', 'The linking term.'),
    target: IdOf('term', 'The term it is linked to.'),
    type: ref(TermLinkType),
  },
  { $id: 'TermEdge', title: 'TermEdge', additionalProperties: false, description: 'source `type` target: offered in exchange for it, conditional on it, or superseding it.' },
)

export const TermGraph = Type.Object(
  { nodes: Type.Array(ref(TermNode)), edges: Type.Array(ref(TermEdge)) },
  { $id: 'TermGraph', title: 'TermGraph', additionalProperties: false, description: 'The deal’s terms and the links between them (links to terms of other deals are in `terms[].links`).' },
)

export const StanceQuote = Type.Object(
  {
    id: IdOf('qte', 'The quote.'),
    text: Type.String(),
    kind: ref(QuoteKind),
    said_on: Nullable(ref(FuzzyDate)),
    setting: Nullable(Type.String()),
    event_id: Nullable(IdOf('evt', 'The event it was said at.')),
    speaker: ref(ActorSummary),
  },
  { $id: 'StanceQuote', title: 'StanceQuote', additionalProperties: false, description: 'The quote a stance rests on, with its speaker.' },
)

export const BoardStance = Type.Object(
  {
    term_id: IdOf('term', 'The term.'),
    actor: ref(ActorSummary),
    stance: ref(StanceValue),
    condition: Nullable(Type.String()),
    stated_on: Nullable(ref(FuzzyDate)),
    quote: Nullable(ref(StanceQuote)),
  },
  { $id: 'BoardStance', title: 'BoardStance', additionalProperties: false, description: 'An actor’s stance on a term, and the words it rests on.' },
)

export const SourceSummary = Type.Object(
  {
    id: IdOf('src', 'The source.'),
    title: Type.String(),
    url: Nullable(Type.String()),
    publisher: Nullable(Type.String()),
    published_on: Nullable(ref(FuzzyDate)),
  },
  { $id: 'SourceSummary', title: 'SourceSummary', additionalProperties: false },
)

export const BoardStatusChange = Type.Object(
  {
    subject_type: StringEnum(['deal', 'term'] as const),
    subject_id: Type.String(),
    status: Type.String(),
    previous_status: Nullable(Type.String()),
    changed_on: Nullable(ref(FuzzyDate)),
    recorded_at: Timestamp,
    source: Nullable(ref(SourceSummary)),
  },
  { $id: 'BoardStatusChange', title: 'BoardStatusChange', additionalProperties: false, description: 'A status the deal or one of its terms took, when, and on whose word.' },
)

export const DealBoard = Type.Object(
  {
    deal: ref(DealSchemas.Entity),
    parties: Type.Array(ref(BoardParty)),
    sides: Type.Array(ref(BoardSide)),
    terms: Type.Array(ref(TermSchemas.Entity)),
    graph: ref(TermGraph),
    stances: Type.Array(ref(BoardStance)),
    status_history: Type.Array(ref(BoardStatusChange), { description: 'The deal’s and its terms’ status changes, in the order they were recorded.' }),
  },
  { $id: 'DealBoard', title: 'DealBoard', additionalProperties: false, description: 'Everything one deal’s card shows, in one answer.' },
)
export type DealBoardT = Static<typeof DealBoard>

export const dealBoardSchemas = [BoardParty, BoardSide, TermNode, TermEdge, TermGraph, StanceQuote, BoardStance, SourceSummary, BoardStatusChange, DealBoard]
