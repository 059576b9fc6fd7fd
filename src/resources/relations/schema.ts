import { type Static } from '@sinclair/typebox'
import * as V from '../../domain/vocabulary.js'
import { ActorRef, FuzzyDate, IdOf, Nullable, StringEnum, Text, ref } from '../../schemas/common.js'
import { resourceSchemas } from '../../engine/resource-schemas.js'

export const RelationType = StringEnum(V.RELATION_TYPES, { $id: 'RelationType', title: 'RelationType' })

export const RelationSchemas = resourceSchemas(
  'Relation',
  IdOf('rel', 'The relation id.'),
  {
    required: { subject_id: ActorRef, object_id: ActorRef, type: ref(RelationType) },
    optional: {
      started_on: Nullable(ref(FuzzyDate)),
      ended_on: Nullable(ref(FuzzyDate)),
      description: Nullable(Text(5000)),
    },
  },
  { description: 'A typed, dated relation from one actor (subject) to another (object).' },
)
export type Relation = Static<typeof RelationSchemas.Entity>
