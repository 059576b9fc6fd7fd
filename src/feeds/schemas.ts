// The named schemas of the dashboard feeds, in registration order.
import type { TSchema } from '@sinclair/typebox'
import { ActorSummary } from '../resources/actors/summary-schema.js'
import { changeSchemas } from './changes/schema.js'
import { dealBoardSchemas } from './deal-board/schema.js'
import { dyadSchemas } from './dyads/schema.js'
import { networkSchemas } from './network/schema.js'
import { statsSchemas } from './stats/schema.js'
import { timelineSchemas } from './timeline/schema.js'

export const feedSchemas: TSchema[] = [ActorSummary, ...timelineSchemas, ...networkSchemas, ...dyadSchemas, ...statsSchemas, ...dealBoardSchemas, ...changeSchemas]
