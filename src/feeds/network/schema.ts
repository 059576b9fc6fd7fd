import { Type, type Static } from '@sinclair/typebox'
import { ActorKind } from '../../resources/actors/schema.js'
import { IdOf, Nullable, StringEnum, ref } from '../../schemas/common.js'
import { ParticipantRole } from '../../resources/events/schema.js'
import { RelationType } from '../../resources/relations/schema.js'

export const NetworkEdgeType = StringEnum(['relation', 'co_participation', 'quote_about'] as const, {
  $id: 'NetworkEdgeType',
  title: 'NetworkEdgeType',
  description:
    '`relation`: a relation of `relation_type` from its subject (source) to its object (target). `co_participation`: both actors take part in the same events, the source in `source_role` and the target in `target_role`; oriented from the acting side to the receiving side (source, participant, mediator, beneficiary, target). `quote_about`: the source said quotes about the target.',
})

export const NetworkNode = Type.Object(
  {
    id: IdOf('act', 'The actor id; edges name nodes by it.'),
    slug: Type.String(),
    name: Type.String(),
    kind: ref(ActorKind),
    country: Nullable(Type.String()),
    degree: Type.Integer({ minimum: 0, description: 'How many other nodes of this graph it has an edge with.' }),
    strength: Type.Integer({ minimum: 0, description: 'The sum of the weights of its edges in this graph.' }),
  },
  { $id: 'NetworkNode', title: 'NetworkNode', additionalProperties: false, description: 'An actor in the graph.' },
)

export const NetworkEdge = Type.Object(
  {
    id: Type.String({ description: 'Stable: `type:source:target[:subtype]`, the subtype being the relation type or the pair of roles.', examples: ['co_participation:act_01…:act_01…:source-target'] }),
    source: IdOf('act', 'The node the edge starts from.'),
    target: IdOf('act', 'The node the edge goes to.'),
    type: ref(NetworkEdgeType),
    weight: Type.Integer({ minimum: 1, description: 'How many relations, shared events or quotes the edge stands for.' }),
    relation_type: Nullable(ref(RelationType)),
    source_role: Nullable(ref(ParticipantRole)),
    target_role: Nullable(ref(ParticipantRole)),
  },
  { $id: 'NetworkEdge', title: 'NetworkEdge', additionalProperties: false, description: 'A typed, weighted, directed edge between two actors.' },
)

export const NetworkMeta = Type.Object(
  {
    actor_id: Nullable(IdOf('act', 'The actor at the centre, for an actor network.')),
    depth: Nullable(Type.Integer({ minimum: 1, maximum: 2 })),
    events_scanned: Type.Integer({ minimum: 0 }),
    quotes_scanned: Type.Integer({ minimum: 0 }),
    relations_scanned: Type.Integer({ minimum: 0 }),
    truncated: Type.Boolean({ description: 'True when a limit cut nodes or edges, or only the most recent records were read.' }),
  },
  { $id: 'NetworkMeta', title: 'NetworkMeta', additionalProperties: false, description: 'What the graph was built from.' },
)

export const Network = Type.Object(
  { nodes: Type.Array(ref(NetworkNode)), edges: Type.Array(ref(NetworkEdge)), meta: ref(NetworkMeta) },
  { $id: 'Network', title: 'Network', additionalProperties: false, description: 'A graph of actors, shaped as graph libraries take it: nodes, and edges naming their source and target node ids.' },
)

export type NetworkNodeT = Static<typeof NetworkNode>
export type NetworkEdgeT = Static<typeof NetworkEdge>
export type NetworkT = Static<typeof Network>

export const networkSchemas = [NetworkEdgeType, NetworkNode, NetworkEdge, NetworkMeta, Network]
