// Relations over time between two actors (a dyad): per interval, how many of
// their events fall in each PLOVER quad class, and a net cooperation score.
//
// An event counts for the dyad when one actor is a source and the other a
// target or beneficiary (in either direction), or when both take part with
// the role `participant` (a call, a meeting coded without direction).
// Mediators are not a side. Each event counts once, however many roles link
// the two. The counts come from feed_dyads, one index range per pair.
import { INTENSITY, QUAD_CLASSES } from '../domain/intensity.js'
import * as V from '../domain/vocabulary.js'
import { bucketOf, coarseBucketOf, nextBucket, periodRange, periodRangeSql, type Bucket, type Interval } from '../lib/periods.js'
import { badParameter } from '../lib/problem.js'
import { enumList } from '../lib/enum-list.js'
import type { DyadCountsT, DyadPeriodT, DyadRelationsT } from '../schemas/dyads.js'
import { summarize, type ActorRow } from './actor-lookup.js'
import type { Store } from './store.js'

/** Events that happened or are said to have: not planned, hypothetical or denied ones. */
export const DEFAULT_DYAD_STATUSES = ['occurred', 'reported', 'claimed'] as const

/** Zero-filled series longer than this are not filled beyond the data. */
const MAX_FILL = 600

export interface DyadQuery {
  interval?: Interval
  from?: string
  to?: string
  status?: string
  category?: string
}

interface Row {
  period: string
  n: number
  verbal_cooperation: number
  material_cooperation: number
  verbal_conflict: number
  material_conflict: number
  score: number
  ab: number
  ba: number
  joint: number
}

const q = (text: string) => `'${text.replace(/'/g, "''")}'`

/** The intensity table as SQL over feed_dyads' category and mode ('' for none), so one pass sums the scores. */
const SCORE_SQL = `CASE category ${Object.entries(INTENSITY)
  .map(([category, entry]) => {
    const modes = Object.entries(entry.modes ?? {})
    const score = modes.length ? `CASE mode ${modes.map(([mode, value]) => `WHEN ${q(mode)} THEN ${value}`).join(' ')} ELSE ${entry.score} END` : String(entry.score)
    return `WHEN ${q(category)} THEN ${score}`
  })
  .join(' ')} END`

/** One count per quad class. */
const QUAD_SQL = QUAD_CLASSES.map((quad) => {
  const categories = Object.entries(INTENSITY).filter(([, e]) => e.quad_class === quad).map(([c]) => q(c))
  return `sum(category IN (${categories.join(', ')})) AS ${quad}`
}).join(', ')

function zero(): DyadCountsT {
  return { events: 0, verbal_cooperation: 0, material_cooperation: 0, verbal_conflict: 0, material_conflict: 0, net_cooperation: 0, mean_score: null, a_to_b: 0, b_to_a: 0, joint: 0 }
}

const round1 = (x: number) => Math.round(x * 10) / 10

export class DyadRepository {
  constructor(private readonly store: Store) {}

  relations(a: ActorRow, b: ActorRow, query: DyadQuery): DyadRelationsT {
    if (a.id === b.id) throw badParameter('b', 'A dyad needs two different actors.')
    const interval = query.interval ?? 'month'
    const statuses = query.status ? enumList(query.status, V.EVENT_STATUSES, 'status') : [...DEFAULT_DYAD_STATUSES]
    const categories = query.category ? enumList(query.category, V.CATEGORIES, 'category') : null
    const ranged = !!(query.from || query.to)
    const [lo, hi] = a.pk < b.pk ? [a, b] : [b, a]
    const conds = ['a_pk = ?', 'b_pk = ?', 'status IN (SELECT value FROM json_each(?))']
    const params: unknown[] = [lo.pk, hi.pk, JSON.stringify(statuses)]
    if (categories) {
      conds.push('category IN (SELECT value FROM json_each(?))')
      params.push(JSON.stringify(categories))
    }
    if (ranged) {
      conds.push(periodRangeSql('period'))
      params.push(...periodRange(query.from, query.to))
    }
    // Scored in SQL and grouped by stored period, in index order: a busy pair has tens of
    // thousands of events but a few hundred periods, merged into intervals below.
    const sql = `SELECT period, count(*) AS n, ${QUAD_SQL}, sum(${SCORE_SQL}) AS score,
        sum((dir & 1) > 0) AS ab, sum((dir & 2) > 0) AS ba, sum((dir & 4) > 0) AS joint
      FROM feed_dyads WHERE ${conds.join(' AND ')} GROUP BY period`
    const rows = this.store.stmt<Row>(sql).all(...params)
    // Directions are stored for the pair in pk order; turn them to the order asked.
    const swapped = a.pk > b.pk

    const series = new Map<string, { bucket: Bucket; counts: DyadCountsT }>()
    const coarser = new Map<string, { bucket: Bucket; counts: DyadCountsT }>()
    const undated = zero()
    const total = zero()
    for (const r of rows) {
      const bucket = bucketOf(r.period, interval)
      const coarse = bucket ? null : coarseBucketOf(r.period)
      let counts = undated
      const into = bucket ? series : coarse ? coarser : null
      if (into) {
        const b = (bucket ?? coarse)!
        const slot = into.get(b.period) ?? { bucket: b, counts: zero() }
        into.set(b.period, slot)
        counts = slot.counts
      }
      for (const c of [counts, total]) {
        c.events += r.n
        for (const quad of QUAD_CLASSES) c[quad] += r[quad]
        c.net_cooperation += r.score
        c.a_to_b += swapped ? r.ba : r.ab
        c.b_to_a += swapped ? r.ab : r.ba
        c.joint += r.joint
      }
    }
    return {
      a: summarize(a),
      b: summarize(b),
      interval,
      statuses: statuses as DyadRelationsT['statuses'],
      series: this.fill(series, interval, query).map(finish),
      coarser: [...coarser.values()].sort((x, y) => (x.bucket.start < y.bucket.start ? -1 : 1)).map(finish),
      undated: finishCounts(undated),
      total: finishCounts(total),
    }
  }

  /** Buckets in order, with the empty intervals between them (or across from..to) counted as zero. */
  private fill(series: Map<string, { bucket: Bucket; counts: DyadCountsT }>, interval: Interval, query: DyadQuery) {
    const present = [...series.values()].sort((x, y) => (x.bucket.start < y.bucket.start ? -1 : 1))
    let first = present[0]?.bucket ?? null
    let last = present[present.length - 1]?.bucket ?? null
    if (query.from && query.to) {
      // from and to are YYYY or YYYY-MM: the intervals holding their first and last months.
      const from = bucketOf(query.from.length === 4 ? `${query.from}-01` : query.from, interval)!
      const to = bucketOf(query.to.length === 4 ? `${query.to}-12` : query.to, interval)!
      first = first && first.start < from.start ? first : from
      last = last && last.start > to.start ? last : to
    }
    if (!first || !last) return []
    const out: { bucket: Bucket; counts: DyadCountsT }[] = []
    for (let b = first; b.start <= last.start; b = nextBucket(b, interval)) {
      // Too long to fill: only the intervals with data.
      if (out.length === MAX_FILL) return present
      out.push(series.get(b.period) ?? { bucket: b, counts: zero() })
    }
    return out
  }
}

function finishCounts(c: DyadCountsT): DyadCountsT {
  return { ...c, net_cooperation: round1(c.net_cooperation), mean_score: c.events ? round1(c.net_cooperation / c.events) : null }
}

function finish({ bucket, counts }: { bucket: Bucket; counts: DyadCountsT }): DyadPeriodT {
  return { period: bucket.period, start: bucket.start, end: bucket.end, ...finishCounts(counts) }
}

