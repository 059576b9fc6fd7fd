import { Type, type Static } from '@sinclair/typebox'
import { CHANGE_TYPES } from './repository.js'
import * as V from '../../domain/vocabulary.js'
import { ActorSchemas } from '../../resources/actors/schema.js'
import { Nullable, StringEnum, Timestamp, ref } from '../../schemas/common.js'
import { DealSchemas, TermSchemas } from '../../resources/deals/schema.js'
import { EventSchemas } from '../../resources/events/schema.js'
import { PositionSchemas } from '../../resources/positions/schema.js'
import { QuoteSchemas } from '../../resources/quotes/schema.js'
import { RelationSchemas } from '../../resources/relations/schema.js'
import { SourceSchemas } from '../../resources/sources/schema.js'

export const ChangeEntityType = StringEnum(CHANGE_TYPES, { $id: 'ChangeEntityType', title: 'ChangeEntityType', description: 'The type of record changed.' })
export const ChangeOp = StringEnum(V.CHANGE_OPS, { $id: 'ChangeOp', title: 'ChangeOp' })

export const Change = Type.Object(
  {
    seq: Type.Integer({ minimum: 1, description: 'Its place in the change log: changes are numbered in commit order and numbers are never reused (a page filtered by type skips the others).' }),
    entity_type: ref(ChangeEntityType),
    entity_id: Type.String({ description: 'The id of the record changed.' }),
    op: ref(ChangeOp),
    version: Type.Integer({ minimum: 1, description: 'The record’s version after the change (for a delete, one past the last).' }),
    changed_at: Timestamp,
    data: Nullable(
      Type.Union(
        [SourceSchemas, ActorSchemas, PositionSchemas, RelationSchemas, EventSchemas, QuoteSchemas, DealSchemas, TermSchemas].map((s) => ref(s.Entity)),
        { description: 'The record as it stood after the change, shaped as GET returns it (the schema of `entity_type`); null for a delete.' },
      ),
    ),
  },
  { $id: 'Change', title: 'Change', additionalProperties: false, description: 'One create, update or delete. A delete is a tombstone: `data` is null.' },
)

export const ChangeList = Type.Object(
  {
    data: Type.Array(ref(Change)),
    next_after: Type.Integer({ minimum: 0, description: 'The seq of the last change on this page (or `after` when it is empty): pass it as `after` for the next page.' }),
    has_more: Type.Boolean({ description: 'True when more changes follow right away.' }),
    latest_seq: Type.Integer({ minimum: 0, description: 'The newest seq in the log when this page was read.' }),
  },
  { $id: 'ChangeList', title: 'ChangeList', additionalProperties: false, description: 'A page of the change log, in commit order.' },
)
export type ChangeListT = Static<typeof ChangeList>

export const changeSchemas = [ChangeEntityType, ChangeOp, Change, ChangeList]
