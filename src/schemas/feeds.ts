// The named schemas of the dashboard feeds, in registration order.
import type { TSchema } from '@sinclair/typebox'
import { ActorSummary } from './actor-summary.js'
import { changeSchemas } from './changes.js'
import { dealBoardSchemas } from './deal-board.js'
import { dyadSchemas } from './dyads.js'
import { networkSchemas } from './network.js'
import { statsSchemas } from './stats.js'
import { timelineSchemas } from './timeline.js'

export const feedSchemas: TSchema[] = [ActorSummary, ...timelineSchemas, ...networkSchemas, ...dyadSchemas, ...statsSchemas, ...dealBoardSchemas, ...changeSchemas]
