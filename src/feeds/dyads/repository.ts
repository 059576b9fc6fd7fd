// Relations over time between two actors (a dyad): per interval, how many of
// their events fall in each PLOVER quad class, and a net cooperation score.
//
// An event counts for the dyad when one actor is a source and the other a
// target or beneficiary (in either direction), or when both take part with
// the role `participant` (a call, a meeting coded without direction).
// Mediators are not a side. Each event counts once, however many roles link
// the two. The counts come from feed_dyad_periods (feed_dyads summed per
// pair, period and status: one index range of a row per period and status),
// or, when only some categories count, from feed_dyads itself.
import * as V from '../../domain/vocabulary.js'
import { bucketOf, coarseBucketOf, nextBucket, periodRange, periodRangeSql, type Bucket, type Interval } from '../../lib/periods.js'
import { badParameter } from '../../lib/problem.js'
import { enumList } from '../../lib/enum-list.js'
import type { DyadCountsT, DyadPeriodT, DyadRelationsT } from './schema.js'
import { summarize, type ActorRow } from '../../resources/actors/lookup.js'
import { DYAD_SUM_COLUMNS, DYAD_SUMS } from './sums.js'
import type { Store } from '../../db/store.js'

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

/** A period and its sums (DYAD_SUM_COLUMNS), as the queries below give them. */
const ROW_COLUMNS = ['period', ...DYAD_SUM_COLUMNS]
type Row = [period: string, events: number, vc: number, mc: number, vk: number, mk: number, scoreTenths: number, ab: number, ba: number, joint: number]

/** Per period, from the sums kept per pair, period and status. */
const PERIODS_SQL = `SELECT period, ${DYAD_SUM_COLUMNS.map((c) => `sum(${c}) AS ${c}`).join(', ')} FROM feed_dyad_periods`

/** The same from the events themselves, for a series within some categories. */
const EVENTS_SQL = `SELECT d.period, ${DYAD_SUMS} FROM feed_dyads d`

function zero(): DyadCountsT {
  return { events: 0, verbal_cooperation: 0, material_cooperation: 0, verbal_conflict: 0, material_conflict: 0, net_cooperation: 0, mean_score: null, a_to_b: 0, b_to_a: 0, joint: 0 }
}

export class DyadRepository {
  constructor(private readonly store: Store) {}

  relations(a: ActorRow, b: ActorRow, query: DyadQuery): DyadRelationsT {
    if (a.id === b.id) throw badParameter('b', 'A dyad needs two different actors.')
    const interval = query.interval ?? 'month'
    const statuses = query.status ? enumList(query.status, V.EVENT_STATUSES, 'status') : [...DEFAULT_DYAD_STATUSES]
    const categories = query.category ? enumList(query.category, V.CATEGORIES, 'category') : null
    const ranged = !!(query.from || query.to)
    const [lo, hi] = a.pk < b.pk ? [a, b] : [b, a]
    // Both tables are keyed (a_pk, b_pk, period, ...): one index range, grouped in index order.
    // Within some categories only feed_dyads can answer (d: its alias in EVENTS_SQL).
    const col = (name: string) => (categories ? `d.${name}` : name)
    const conds = [`${col('a_pk')} = ?`, `${col('b_pk')} = ?`, `${col('status')} IN (SELECT value FROM json_each(?))`]
    const params: unknown[] = [lo.pk, hi.pk, JSON.stringify(statuses)]
    if (categories) {
      conds.push('d.category IN (SELECT value FROM json_each(?))')
      params.push(JSON.stringify(categories))
    }
    if (ranged) {
      conds.push(periodRangeSql(col('period')))
      params.push(...periodRange(query.from, query.to))
    }
    const sql = `${categories ? EVENTS_SQL : PERIODS_SQL} WHERE ${conds.join(' AND ')} GROUP BY ${col('period')}`
    const rows = this.store.tuples<Row>(sql, ROW_COLUMNS, ...params)
    // Directions are stored for the pair in pk order; turn them to the order asked.
    const swapped = a.pk > b.pk

    const series = new Map<string, { bucket: Bucket; counts: DyadCountsT }>()
    const coarser = new Map<string, { bucket: Bucket; counts: DyadCountsT }>()
    const undated = zero()
    const total = zero()
    for (const [period, events, vc, mc, vk, mk, scoreTenths, ab, ba, joint] of rows) {
      const bucket = bucketOf(period, interval)
      const coarse = bucket ? null : coarseBucketOf(period)
      let counts = undated
      const into = bucket ? series : coarse ? coarser : null
      if (into) {
        const b = (bucket ?? coarse)!
        const slot = into.get(b.period) ?? { bucket: b, counts: zero() }
        into.set(b.period, slot)
        counts = slot.counts
      }
      for (const c of [counts, total]) {
        c.events += events
        c.verbal_cooperation += vc
        c.material_cooperation += mc
        c.verbal_conflict += vk
        c.material_conflict += mk
        c.net_cooperation += scoreTenths
        c.a_to_b += swapped ? ba : ab
        c.b_to_a += swapped ? ab : ba
        c.joint += joint
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

/** Counts summed with net_cooperation in tenths (whole numbers add up exactly), as the API gives them. */
function finishCounts(c: DyadCountsT): DyadCountsT {
  return { ...c, net_cooperation: c.net_cooperation / 10, mean_score: c.events ? Math.round(c.net_cooperation / c.events) / 10 : null }
}

function finish({ bucket, counts }: { bucket: Bucket; counts: DyadCountsT }): DyadPeriodT {
  return { period: bucket.period, start: bucket.start, end: bucket.end, ...finishCounts(counts) }
}

