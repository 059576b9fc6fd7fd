import { Type, type Static } from '@sinclair/typebox'
import { QUAD_CLASSES } from '../../domain/intensity.js'
import { INTERVALS } from '../../lib/periods.js'
import { ActorSummary } from '../../resources/actors/summary-schema.js'
import { Nullable, StringEnum, ref } from '../../schemas/common.js'
import { Category, EventStatus } from '../../resources/events/schema.js'

export const Interval = StringEnum(INTERVALS, { $id: 'Interval', title: 'Interval', description: 'A calendar interval: `2025-02`, `2025-Q1` or `2025`.' })

export const QuadClass = StringEnum(QUAD_CLASSES, {
  $id: 'QuadClass',
  title: 'QuadClass',
  description: 'PLOVER’s four classes of event: verbal or material, cooperation or conflict.',
})

const count = (description: string) => Type.Integer({ minimum: 0, description })

export const DyadCounts = Type.Object(
  {
    events: count('Events counted.'),
    verbal_cooperation: count('Events of AGREE, CONSULT, SUPPORT or CONCEDE.'),
    material_cooperation: count('Events of COOPERATE, AID or RETREAT.'),
    verbal_conflict: count('Events of REQUEST, ACCUSE, REJECT or THREATEN.'),
    material_conflict: count('Events of PROTEST, SANCTION, MOBILIZE, COERCE or ASSAULT.'),
    net_cooperation: Type.Number({ description: 'The sum of the events’ intensity scores (GET /v1/reference/intensity): above zero, cooperation outweighs conflict.' }),
    mean_score: Nullable(Type.Number({ description: 'net_cooperation per event; null with no events.' })),
    a_to_b: count('Events where actor a is a source and b a target or beneficiary.'),
    b_to_a: count('Events where b is a source and a a target or beneficiary.'),
    joint: count('Events both take part in with the role `participant`.'),
  },
  { $id: 'DyadCounts', title: 'DyadCounts', additionalProperties: false, description: 'Counts of a dyad’s events by quad class and direction, with their net score. An event can count in both directions.' },
)

const Day = Type.String({ format: 'date' })

export const DyadPeriod = Type.Composite(
  [Type.Object({ period: Type.String({ description: 'The interval: `2025-02`, `2025-Q1` or `2025`.' }), start: Day, end: Day }), DyadCounts],
  { $id: 'DyadPeriod', title: 'DyadPeriod', additionalProperties: false, description: 'A dyad’s counts in one interval.' },
)

export const DyadRelations = Type.Object(
  {
    a: ref(ActorSummary),
    b: ref(ActorSummary),
    interval: ref(Interval),
    statuses: Type.Array(ref(EventStatus), { description: 'The event statuses counted.' }),
    series: Type.Array(ref(DyadPeriod), { description: 'One entry per interval, in order, from the first to the last with events (or across from..to when both are given); intervals without events count zero.' }),
    coarser: Type.Array(ref(DyadPeriod), { description: 'Events dated less precisely than the interval (a year, when the interval is a month or a quarter), by their year: Parley does not guess their month.' }),
    undated: ref(DyadCounts),
    total: ref(DyadCounts),
  },
  {
    $id: 'DyadRelations',
    title: 'DyadRelations',
    additionalProperties: false,
    description: 'How two actors’ relations went over time: their events by quad class and net cooperation score, per interval.',
  },
)

export const IntensityMode = Type.Object({ mode: Type.String(), score: Type.Number() }, { $id: 'IntensityMode', title: 'IntensityMode', additionalProperties: false })

export const IntensityEntry = Type.Object(
  {
    category: ref(Category),
    quad_class: ref(QuadClass),
    score: Type.Number({ minimum: -10, maximum: 10, description: 'The score of an event of this category with no mode, or with a mode not listed.' }),
    modes: Type.Array(ref(IntensityMode), { description: 'The score of each mode valid for the category.' }),
  },
  { $id: 'IntensityEntry', title: 'IntensityEntry', additionalProperties: false },
)

export const IntensityScale = Type.Object(
  {
    description: Type.String(),
    quad_classes: Type.Array(ref(QuadClass)),
    categories: Type.Array(ref(IntensityEntry)),
  },
  { $id: 'IntensityScale', title: 'IntensityScale', additionalProperties: false, description: 'The quad class and cooperation score of every PLOVER category and mode.' },
)

export type DyadCountsT = Static<typeof DyadCounts>
export type DyadPeriodT = Static<typeof DyadPeriod>
export type DyadRelationsT = Static<typeof DyadRelations>
export type IntensityScaleT = Static<typeof IntensityScale>

export const dyadSchemas = [Interval, QuadClass, DyadCounts, DyadPeriod, DyadRelations, IntensityMode, IntensityEntry, IntensityScale]
