// Every named schema, in the order they must be registered (dependencies first).
import type { TSchema } from '@sinclair/typebox'
import { ActorKind, ActorSchemas, Sector } from './actors.js'
import { sharedSchemas } from './common.js'
import { dataSchemas } from './data.js'
import { DealParty, DealSchemas, DealStatus, DealTermCreate, Stance, StanceValue, StatusChange, TermKind, TermLink, TermLinkType, TermSchemas, TermStatus } from './deals.js'
import { Category, Context, EventSchemas, EventStatus, Location, LocationPatch, Mode, Participant, ParticipantRole } from './events.js'
import { attachExamples } from './examples.js'
import { keySchemas } from './keys.js'
import { operationSchemas } from './operations.js'
import { PositionSchemas } from './positions.js'
import { QuoteKind, QuoteSchemas } from './quotes.js'
import { SearchHit, SearchResults, SearchType } from './search.js'
import { RelationSchemas, RelationType } from './relations.js'
import { SourceKind, SourceSchemas } from './sources.js'
import { feedSchemas } from './feeds.js'

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
