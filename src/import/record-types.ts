// The record types bulk data carries, in dependency order, with the
// collection and schemas of each: the one table import and export share.
import type { TObject } from '@sinclair/typebox'
import { ID_PREFIX } from '../lib/ids.js'
import type { ResourceName } from '../resources/index.js'
import { ActorSchemas } from '../resources/actors/schema.js'
import { RECORD_TYPES } from '../schemas/data.js'
import { DealSchemas, TermSchemas } from '../resources/deals/schema.js'
import { EventSchemas } from '../resources/events/schema.js'
import { PositionSchemas } from '../resources/positions/schema.js'
import { QuoteSchemas } from '../resources/quotes/schema.js'
import { RelationSchemas } from '../resources/relations/schema.js'
import { SourceSchemas } from '../resources/sources/schema.js'

export type RecordType = (typeof RECORD_TYPES)[number]

export interface RecordTypeInfo {
  type: RecordType
  collection: ResourceName
  schemas: { Entity: TObject; Create: TObject; Update: TObject }
  /** The fields an export writes (those of the create body), in schema order so output is stable. */
  fields: string[]
}

function info(type: RecordType, collection: ResourceName, schemas: RecordTypeInfo['schemas']): RecordTypeInfo {
  return { type, collection, schemas, fields: Object.keys(schemas.Create.properties) }
}

/** Every record type, in the order a file must hold them (references point up the file). */
export const RECORD_TYPE_INFO: Record<RecordType, RecordTypeInfo> = {
  source: info('source', 'sources', SourceSchemas),
  actor: info('actor', 'actors', ActorSchemas),
  position: info('position', 'positions', PositionSchemas),
  relation: info('relation', 'relations', RelationSchemas),
  event: info('event', 'events', EventSchemas),
  quote: info('quote', 'quotes', QuoteSchemas),
  deal: info('deal', 'deals', DealSchemas),
  term: info('term', 'terms', TermSchemas),
}

export const TYPE_OF_COLLECTION = Object.fromEntries(Object.values(RECORD_TYPE_INFO).map((i) => [i.collection, i.type])) as Record<ResourceName, RecordType>

const TYPE_OF_PREFIX = new Map<string, RecordType>(RECORD_TYPES.map((t) => [ID_PREFIX[t], t]))
const ID_SHAPE = /^([a-z]+)_[0-7][0-9a-hjkmnp-tv-z]{25}$/

/** The record type whose id `value` is shaped like, or null for anything else (a key or a slug). */
export function idType(value: string): RecordType | null {
  const m = ID_SHAPE.exec(value)
  return m ? (TYPE_OF_PREFIX.get(m[1]) ?? null) : null
}
