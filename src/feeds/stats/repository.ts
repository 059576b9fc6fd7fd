// Counts for dashboards, overall or for one actor:
// - events by category and/or interval (from feed_activity, so the cost is the
//   number of periods × categories, not the number of events);
// - the most active actors (events taken part in);
// - deals by status;
// - quotes per speaker.
import * as V from '../../domain/vocabulary.js'
import { bucketFromKey, bucketKeySql, coarseBucketOf, periodRange, periodRangeSql, type Bucket, type Interval } from '../../lib/periods.js'
import { enumList } from '../../lib/enum-list.js'
import { badParameter } from '../../lib/problem.js'
import type { StatsRowT, StatsT } from './schema.js'
import { actorsByPk, summarize, type ActorRow } from '../../resources/actors/lookup.js'
import type { Store } from '../../db/store.js'

/** Categories in vocabulary order, the order rows of one period are listed in. */
const CATEGORY_RANK = new Map<string, number>(V.CATEGORIES.map((c, i) => [c, i]))

export const GROUPS = ['category', 'interval', 'actor', 'deal_status', 'speaker'] as const
type Group = (typeof GROUPS)[number]

export interface StatsQuery {
  group_by: string
  interval?: Interval
  from?: string
  to?: string
  category?: string
  limit?: number
}

export class StatsRepository {
  constructor(private readonly store: Store) {}

  stats(query: StatsQuery, actor: ActorRow | null): StatsT {
    const groups = enumList(query.group_by, GROUPS, 'group_by')
    if (new Set(groups).size !== groups.length) throw badParameter('group_by', 'A group is named twice.')
    const eventGroups = groups.every((g) => g === 'category' || g === 'interval')
    if (groups.length > 1 && !eventGroups) throw badParameter('group_by', 'Only category and interval can be combined; actor, deal_status and speaker stand alone.')
    if (query.interval && !groups.includes('interval')) throw badParameter('interval', 'interval applies only with group_by=interval.')
    const countsEvents = eventGroups || groups[0] === 'actor'
    if (!countsEvents && query.category) throw badParameter('category', `category filters events; it does not apply to group_by=${groups[0]}.`)
    const base: StatsT = {
      group_by: groups,
      interval: groups.includes('interval') ? (query.interval ?? 'month') : null,
      actor: actor ? summarize(actor) : null,
      rows: [],
      coarser: [],
      undated: [],
      total: 0,
    }
    if (eventGroups) return this.events(base, groups, query, actor)
    if (groups[0] === 'actor') {
      if (actor) throw badParameter('actor', 'group_by=actor ranks every actor; for the actors one actor deals with most, see GET /v1/actors/{id}/network.')
      return this.topActors(base, query)
    }
    if (groups[0] === 'deal_status') return this.deals(base, query, actor)
    return this.speakers(base, query, actor)
  }

  /** Conditions on feed_activity shared by the event counts. */
  private activityFilter(query: StatsQuery): { conds: string[]; params: unknown[] } {
    const conds: string[] = []
    const params: unknown[] = []
    if (query.category) {
      conds.push('category IN (SELECT value FROM json_each(?))')
      params.push(JSON.stringify(enumList(query.category, V.CATEGORIES, 'category')))
    }
    if (query.from || query.to) {
      conds.push(periodRangeSql('period'))
      params.push(...periodRange(query.from, query.to))
    }
    return { conds, params }
  }

  private events(out: StatsT, groups: Group[], query: StatsQuery, actor: ActorRow | null): StatsT {
    const { conds, params } = this.activityFilter(query)
    const byCategory = groups.includes('category')
    const interval = out.interval
    const bucket = interval ? bucketKeySql('period', interval) : "''"
    const category = byCategory ? 'category' : "''"
    const where = `actor_pk = ?${conds.map((c) => ` AND ${c}`).join('')}`
    // Grouped in SQL by what the answer shows, so the rows read are the rows sent. By month and
    // category the groups are feed_activity's own rows; by month alone, grouping by the stored
    // period (what a month is) follows the primary key's order.
    const keys = interval === 'month' ? ['period', byCategory ? 'category' : null] : [interval ? '1' : null, byCategory ? '2' : null]
    const sql =
      interval === 'month' && byCategory
        ? `SELECT ${bucket} AS bucket, category, n FROM feed_activity WHERE ${where} AND n > 0`
        : `SELECT ${bucket} AS bucket, ${category} AS category, sum(n) AS n FROM feed_activity WHERE ${where} GROUP BY ${keys.filter((k) => k !== null).join(', ')} HAVING sum(n) > 0`
    const rows = this.store.tuples<[string, string, number]>(sql, ['bucket', 'category', 'n'], actor?.pk ?? 0, ...params)
    if (!interval) {
      // By category alone: the largest first.
      for (const [, category, n] of rows) {
        out.total += n
        out.rows.push({ count: n, category: category as StatsRowT['category'] })
      }
      out.rows.sort((a, b) => b.count - a.count || CATEGORY_RANK.get(a.category!)! - CATEGORY_RANK.get(b.category!)!)
      return out
    }
    // By interval: periods in order, and within each the categories in vocabulary order.
    // Each bucket is worked out once (a few hundred buckets for thousands of rows).
    const buckets = new Map<string, [StatsRowT['category'], number][]>()
    for (const [key, category, n] of rows) {
      out.total += n
      let slots = buckets.get(key)
      if (!slots) buckets.set(key, (slots = []))
      slots[byCategory ? CATEGORY_RANK.get(category)! : 0] = [category as StatsRowT['category'], n]
    }
    // Fields in the order the schema's serializer writes them (required first), so JSON.stringify writes the same.
    for (const key of [...buckets.keys()].sort()) {
      const coarse = key.startsWith('~')
      const b = key === '' ? null : coarse ? coarseBucketOf(key.slice(1))! : bucketFromKey(key, interval)
      const list = b ? out[coarse ? 'coarser' : 'rows'] : out.undated
      for (const slot of buckets.get(key)!) {
        if (!slot) continue
        const [category, count] = slot
        if (b) list.push(byCategory ? { count, period: b.period, start: b.start, end: b.end, category } : { count, period: b.period, start: b.start, end: b.end })
        else list.push(byCategory ? { count, category } : { count })
      }
    }
    return out
  }

  /**
   * Over all time, from feed_actor_totals' index; within a range or some
   * categories, from feed_activity's covering indexes.
   */
  private topActors(out: StatsT, query: StatsQuery): StatsT {
    const limit = query.limit ?? 25
    const { conds, params } = this.activityFilter(query)
    const where = conds.map((c) => ` AND ${c}`).join('')
    const rows = conds.length
      ? this.store
          .stmt<{ actor_pk: number; n: number }>(`SELECT actor_pk, sum(n) AS n FROM feed_activity WHERE actor_pk > 0${where} GROUP BY actor_pk HAVING sum(n) > 0 ORDER BY sum(n) DESC, actor_pk LIMIT ?`)
          .all(...params, limit)
      : this.store.stmt<{ actor_pk: number; n: number }>('SELECT actor_pk, n FROM feed_actor_totals WHERE n > 0 ORDER BY n DESC, actor_pk LIMIT ?').all(limit)
    const actors = actorsByPk(this.store, rows.map((r) => r.actor_pk))
    out.rows = rows.filter((r) => actors.has(r.actor_pk)).map((r) => ({ count: r.n, actor: summarize(actors.get(r.actor_pk)!) }))
    out.total = this.store.stmt<{ n: number | null }>(`SELECT sum(n) AS n FROM feed_activity WHERE actor_pk = 0${where}`).get(...params)!.n ?? 0
    return out
  }

  /** From feed_deal_counts (actor_pk 0: every deal; else the deals the actor is a party to), a few rows per period. */
  private deals(out: StatsT, query: StatsQuery, actor: ActorRow | null): StatsT {
    const ranged = !!(query.from || query.to)
    const sql = `SELECT status, sum(n) AS n FROM feed_deal_counts WHERE actor_pk = ?${ranged ? ` AND ${periodRangeSql('period')}` : ''} GROUP BY status`
    const counts = new Map(this.store.stmt<{ status: string; n: number }>(sql).all(actor?.pk ?? 0, ...(ranged ? periodRange(query.from, query.to) : [])).map((r) => [r.status, r.n]))
    // Every status, in the order a deal moves through them, so a chart has a stable axis.
    out.rows = V.DEAL_STATUSES.map((status) => ({ count: counts.get(status) ?? 0, deal_status: status }))
    out.total = out.rows.reduce((sum, r) => sum + r.count, 0)
    return out
  }

  /** Quotes per speaker (about_pk 0: every quote; else those about the actor): over all time from feed_speaker_totals, within a range from feed_quote_counts. */
  private speakers(out: StatsT, query: StatsQuery, actor: ActorRow | null): StatsT {
    const about = actor?.pk ?? 0
    const limit = query.limit ?? 25
    const ranged = !!(query.from || query.to)
    const range = ranged ? periodRange(query.from, query.to) : []
    const rows = ranged
      ? this.store
          .stmt<{ speaker_pk: number; n: number }>(`SELECT speaker_pk, sum(n) AS n FROM feed_quote_counts WHERE about_pk = ? AND ${periodRangeSql('period')} GROUP BY speaker_pk HAVING sum(n) > 0 ORDER BY sum(n) DESC, speaker_pk LIMIT ?`)
          .all(about, ...range, limit)
      : this.store.stmt<{ speaker_pk: number; n: number }>('SELECT speaker_pk, n FROM feed_speaker_totals WHERE about_pk = ? AND n > 0 ORDER BY n DESC, speaker_pk LIMIT ?').all(about, limit)
    const speakers = actorsByPk(this.store, rows.map((r) => r.speaker_pk))
    out.rows = rows.filter((r) => speakers.has(r.speaker_pk)).map((r) => ({ count: r.n, speaker: summarize(speakers.get(r.speaker_pk)!) }))
    out.total = ranged
      ? (this.store.stmt<{ n: number | null }>(`SELECT sum(n) AS n FROM feed_quote_counts WHERE about_pk = ? AND ${periodRangeSql('period')}`).get(about, ...range)!.n ?? 0)
      : (this.store.stmt<{ n: number | null }>('SELECT sum(n) AS n FROM feed_speaker_totals WHERE about_pk = ?').get(about)!.n ?? 0)
    return out
  }
}
