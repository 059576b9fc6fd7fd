import { Type, type Static } from '@sinclair/typebox'
import { ActorSummary } from '../../resources/actors/summary-schema.js'
import { Nullable, StringEnum, ref } from '../../schemas/common.js'
import { DealStatus } from '../../resources/deals/schema.js'
import { Interval } from '../dyads/schema.js'
import { Category } from '../../resources/events/schema.js'

export const StatsGroup = StringEnum(['category', 'interval', 'actor', 'deal_status', 'speaker'] as const, { $id: 'StatsGroup', title: 'StatsGroup' })

export const StatsRow = Type.Object(
  {
    period: Type.Optional(Type.String({ description: 'The interval (`2025-02`, `2025-Q1`, `2025`), when grouped by interval.' })),
    start: Type.Optional(Type.String({ format: 'date', description: 'The first day of the period.' })),
    end: Type.Optional(Type.String({ format: 'date', description: 'The last day of the period.' })),
    category: Type.Optional(ref(Category)),
    actor: Type.Optional(ref(ActorSummary)),
    deal_status: Type.Optional(ref(DealStatus)),
    speaker: Type.Optional(ref(ActorSummary)),
    count: Type.Integer({ minimum: 0 }),
  },
  { $id: 'StatsRow', title: 'StatsRow', additionalProperties: false, description: 'One group and its count; only the fields of the asked groups are present.' },
)

export const Stats = Type.Object(
  {
    group_by: Type.Array(ref(StatsGroup)),
    interval: Nullable(ref(Interval)),
    actor: Nullable(ref(ActorSummary)),
    rows: Type.Array(ref(StatsRow)),
    coarser: Type.Array(ref(StatsRow), { description: 'Grouped by interval: events dated less precisely than the interval, by their year.' }),
    undated: Type.Array(ref(StatsRow), { description: 'Grouped by interval: events with no date.' }),
    total: Type.Integer({ minimum: 0, description: 'Everything counted: events (for category, interval and actor), deals, or quotes.' }),
  },
  { $id: 'Stats', title: 'Stats', additionalProperties: false, description: 'Counts grouped as asked.' },
)

export type StatsRowT = Static<typeof StatsRow>
export type StatsT = Static<typeof Stats>

export const statsSchemas = [StatsGroup, StatsRow, Stats]
