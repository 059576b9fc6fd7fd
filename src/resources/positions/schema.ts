import { type Static } from '@sinclair/typebox'
import { ActorRef, FuzzyDate, IdOf, Nullable, Text, ref } from '../../schemas/common.js'
import { resourceSchemas } from '../../engine/resource-schemas.js'

export const PositionSchemas = resourceSchemas(
  'Position',
  IdOf('pos', 'The position id.'),
  {
    required: { holder_id: ActorRef, title: Text(300, 'The post, as the source names it.') },
    optional: {
      organization_id: Nullable(ActorRef),
      started_on: Nullable(ref(FuzzyDate)),
      ended_on: Nullable(ref(FuzzyDate)),
    },
  },
  { description: 'An actor holding a post in another actor over a span of time.' },
)
export type Position = Static<typeof PositionSchemas.Entity>
