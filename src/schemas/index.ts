// Every named schema, in the order they must be registered (dependencies first).
import type { TSchema } from '@sinclair/typebox'
import { ActorKind, ActorSchemas, Sector } from '../resources/actors/schema.js'
import { sharedSchemas } from './common.js'
import { dataSchemas } from './data.js'
import { DealParty, DealSchemas, DealStatus, DealTermCreate, Stance, StanceValue, StatusChange, TermKind, TermLink, TermLinkType, TermSchemas, TermStatus } from '../resources/deals/schema.js'
import { Category, Context, EventSchemas, EventStatus, Location, LocationPatch, Mode, Participant, ParticipantRole } from '../resources/events/schema.js'
import { attachExamples } from './examples.js'
import { keySchemas } from '../keys/schema.js'
import { operationSchemas } from './operations.js'
import { PositionSchemas } from '../resources/positions/schema.js'
import { QuoteKind, QuoteSchemas } from '../resources/quotes/schema.js'
import { SearchHit, SearchResults, SearchType } from '../search/schema.js'
import { RelationSchemas, RelationType } from '../resources/relations/schema.js'
import { SourceKind, SourceSchemas } from '../resources/sources/schema.js'
import { feedSchemas } from '../feeds/schemas.js'

const four = (s: { Entity: TSchema; Create: TSchema; Update: TSchema; List: TSchema }) => [s.Entity, s.Create, s.Update, s.List]

export const namedSchemas: TSchema[] = [
  ...sharedSchemas,
  SourceKind,
  ActorKind,
  Sector,
  RelationType,
  Category,
  Mode,
  Context,
  EventStatus,
  ParticipantRole,
  Location,
  LocationPatch,
  QuoteKind,
  DealStatus,
  TermKind,
  TermStatus,
  TermLinkType,
  StanceValue,
  StatusChange,
  TermLink,
  Stance,
  ...four(SourceSchemas),
  ...four(ActorSchemas),
  Participant,
  DealParty,
  ...four(PositionSchemas),
  ...four(RelationSchemas),
  ...four(EventSchemas),
  ...four(QuoteSchemas),
  ...four(DealSchemas),
  ...four(TermSchemas),
  DealTermCreate,
  SearchType,
  SearchHit,
  SearchResults,
  ...dataSchemas,
  ...keySchemas,
  ...operationSchemas,
  ...feedSchemas,
]

attachExamples(namedSchemas)
