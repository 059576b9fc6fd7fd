import { Type, type Static } from '@sinclair/typebox'
import * as V from '../../domain/vocabulary.js'
import { FuzzyDate, IdOf, Nullable, StringEnum, Text, Timestamp, ref } from '../../schemas/common.js'
import { resourceSchemas } from '../../engine/resource-schemas.js'

export const SourceKind = StringEnum(V.SOURCE_KINDS, { $id: 'SourceKind', title: 'SourceKind', description: 'What kind of document the source is.' })

export const SourceSchemas = resourceSchemas(
  'Source',
  IdOf('src', 'The source id.'),
  {
    required: { title: Text(1000, 'The headline or title.'), kind: ref(SourceKind) },
    optional: {
      url: Nullable(Type.String({ format: 'uri', maxLength: 2000 })),
      publisher: Nullable(Text(300)),
      published_on: Nullable(ref(FuzzyDate)),
      retrieved_at: Nullable(Timestamp),
      language: Nullable(Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', description: 'A BCP 47 language tag.' })),
      body: Nullable(Type.String({ maxLength: 2_000_000, description: 'The full text, so citations can point into it.' })),
      sha256: Nullable(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the body, computed by the server.', readOnly: true })),
    },
  },
  { description: 'A document that claims come from.', citations: false },
)
export type Source = Static<typeof SourceSchemas.Entity>
export type SourceCreate = Static<typeof SourceSchemas.Create>
