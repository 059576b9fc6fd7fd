import { Type, type Static } from '@sinclair/typebox'
import * as V from '../../domain/vocabulary.js'
import { CountryCode, IdOf, Nullable, Slug, StringEnum, Text, ref } from '../../schemas/common.js'
import { resourceSchemas } from '../../engine/resource-schemas.js'

export const ActorKind = StringEnum(V.ACTOR_KINDS, { $id: 'ActorKind', title: 'ActorKind' })
export const Sector = StringEnum(V.SECTORS, {
  $id: 'Sector',
  title: 'Sector',
  description: 'GOV government, MIL military, OPP opposition, JRN journalist, ELI former or exiled official, IGO intergovernmental, NGO, BUS business, CVL civilian, ANA analyst.',
})

export const ActorSchemas = resourceSchemas(
  'Actor',
  IdOf('act', 'The actor id.'),
  {
    required: { slug: Slug, name: Text(300), kind: ref(ActorKind) },
    optional: {
      aliases: Type.Array(Text(300), { maxItems: 50, description: 'Other names and spellings; searchable.' }),
      country: Nullable(ref(CountryCode)),
      sector: Nullable(ref(Sector)),
      description: Nullable(Text(5000)),
      wikidata_id: Nullable(Type.String({ pattern: '^Q[1-9][0-9]*$', description: 'A Wikidata item id.', examples: ['Q184'] })),
    },
  },
  { description: 'A person, state, government body, organization or group.' },
)
export type Actor = Static<typeof ActorSchemas.Entity>
