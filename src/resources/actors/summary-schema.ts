import { Type, type Static } from '@sinclair/typebox'
import { ActorKind } from './schema.js'
import { IdOf, Nullable, ref } from '../../schemas/common.js'

/** The few fields of an actor a chart or card needs to label it. */
export const ActorSummary = Type.Object(
  {
    id: IdOf('act', 'The actor id.'),
    slug: Type.String(),
    name: Type.String(),
    kind: ref(ActorKind),
    country: Nullable(Type.String({ description: 'ISO 3166-1 alpha-3.' })),
  },
  { $id: 'ActorSummary', title: 'ActorSummary', additionalProperties: false, description: 'An actor, summarised: enough to label it.' },
)
export type ActorSummaryT = Static<typeof ActorSummary>
