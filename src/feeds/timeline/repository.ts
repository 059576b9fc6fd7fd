// The timeline: events, quotes and status changes in one chronological
// stream, paged by keyset cursors in both directions.
//
// Order: (dated first) the first day an item's date covers, then its kind
// (event < quote < status_change), then its id. Each kind is one "arm": a
// query that walks an index in that order from the cursor and stops after a
// page, so a page costs a few index ranges whatever the size of the data:
// events by events_span_idx (or an actor's by feed_actor_events), quotes by
// quotes_said_idx (or feed_actor_quotes), status changes by
// status_history_changed_idx. The arms are merged by one outer ORDER BY.
// Undated items come last, by kind then id, and only when asked for.
import * as V from '../../domain/vocabulary.js'
import { parseFuzzyDate, precisionOf } from '../../lib/fuzzy-date.js'
import { enumList } from '../../lib/enum-list.js'
import { badParameter } from '../../lib/problem.js'
import type { TimelineItemT, TimelineKindT, TimelinePageT } from './schema.js'
import { TIMELINE_KINDS } from './schema.js'
import { actorFromQuery, actorSummaries } from '../../resources/actors/lookup.js'
import { decodeCursor, encodeCursor } from '../../engine/cursor.js'
import { IN_LIST } from '../../engine/list-query.js'
import type { Row } from '../../engine/repository.js'
import type { Store } from '../../db/store.js'

export interface TimelineQuery {
  actor?: string
  deal?: string
  category?: string
  kind?: string
  from?: string
  to?: string
  undated?: 'exclude' | 'include'
  cursor?: string
  limit?: number
}

/** A position in timeline order: [undated 0|1, first day ('' when undated), kind, id]. */
type Key = [0 | 1, string, TimelineKindT, string | number]
/** A cursor's position, and whether the item at it belongs to the page (after an empty page). */
type CursorKey = [...Key, 0 | 1]
type Direction = 'n' | 'p'

interface Arm {
  kind: TimelineKindT
  /** The tables read, aliased for the columns below. */
  table: string
  /** The item's first day ('' or NULL when undated) and its sort id. */
  start: string
  sid: string
  /** The item's last day, which `from` is checked against. */
  from: string
  /** Conditions besides dates and the cursor. */
  where: string[]
  /** How an undated row is told apart. */
  undatedWhen: string
}

const KIND_RANK: Record<TimelineKindT, number> = { event: 0, quote: 1, status_change: 2 }

/** Quotes tied to a deal: about one of its terms, or the ground of a stance on one. */
const DEAL_QUOTES = `(SELECT quote_id FROM quote_terms WHERE term_id IN (SELECT id FROM deal_terms WHERE deal_id = @deal)
  UNION SELECT quote_id FROM stances WHERE quote_id IS NOT NULL AND term_id IN (SELECT id FROM deal_terms WHERE deal_id = @deal))`

/** A status change whose deal or term still exists (the history of a deleted one stays behind). */
const SUBJECT_EXISTS = '(EXISTS (SELECT 1 FROM deals WHERE id = s.subject_id) OR EXISTS (SELECT 1 FROM deal_terms WHERE id = s.subject_id))'

export class TimelineRepository {
  constructor(private readonly store: Store) {}

  page(query: TimelineQuery): TimelinePageT {
    const limit = query.limit ?? 25
    const params: Record<string, unknown> = { lim: limit + 1 }
    const kinds = new Set<TimelineKindT>(query.kind ? enumList(query.kind, TIMELINE_KINDS, 'kind') : TIMELINE_KINDS)
    const categories = query.category ? enumList(query.category, V.CATEGORIES, 'category') : null
    if (categories) {
      // Quotes carry no category: a category filter keeps events and the status changes of terms with that action.
      kinds.delete('quote')
      params.cats = JSON.stringify(categories)
    }
    let actorPk: number | null = null
    if (query.actor) {
      const actor = actorFromQuery(this.store, query.actor, 'actor')
      actorPk = actor.pk
      params.actor_pk = actor.pk
      params.actor_id = actor.id
    }
    if (query.deal) {
      if (!this.store.stmt('SELECT 1 FROM deals WHERE id = ?').get(query.deal)) throw badParameter('deal', `No deal has the id ${JSON.stringify(query.deal)}.`)
      params.deal = query.deal
    }
    const from = query.from ? parseFuzzyDate(query.from) : null
    const to = query.to ? parseFuzzyDate(query.to) : null
    if ((query.from && !from) || (query.to && !to)) throw badParameter(from ? 'to' : 'from', 'Not a real date (YYYY, YYYY-MM or YYYY-MM-DD).')
    if (from && to && to.end < from.start) throw badParameter('to', `to (${to.text}) is before from (${from.text}).`)
    // An undated item overlaps no range.
    const undated = query.undated === 'include' && !from && !to

    const arms = [...kinds].sort((a, b) => KIND_RANK[a] - KIND_RANK[b]).map((k) => this.arm(k, actorPk !== null, !!query.deal, !!categories))
    let dir: Direction = 'n'
    let cursor: CursorKey | null = null
    if (query.cursor) {
      const state = decodeCursor(query.cursor)
      if (state.s !== 'timeline' || state.k.length !== 5 || !((state.k[2] as string) in KIND_RANK)) throw badParameter('cursor', 'The cursor is not a timeline cursor.')
      cursor = state.k as CursorKey
      dir = state.d ?? 'n'
    }
    // Items on or after `from` start no earlier than the first day of its year:
    // a fuzzy date that reaches into a day starts on that day, its month's first or its year's first.
    const floor = from ? `${from.start.slice(0, 4)}-01-01` : '0000-01-01'
    params.from = from?.start ?? '0000-01-01'
    params.to = to?.end ?? '9999-12-31'
    const [u0, d0, k0, i0, incl] = cursor ?? [0, '', 'event', '', 0]
    params.d0 = d0
    params.i0 = i0
    params.incl = incl
    if (dir === 'n') {
      params.lo = d0 > floor ? d0 : floor
      params.hi = params.to
    } else {
      params.lo = floor
      params.hi = u0 === 1 || d0 > (params.to as string) ? params.to : d0
    }

    const parts: string[] = []
    for (const arm of arms) {
      // The sign of this arm's kind against the cursor's: -1 before, 0 same, 1 after.
      params[`kc_${arm.kind}`] = Math.sign(KIND_RANK[arm.kind] - KIND_RANK[k0])
      const datedWanted = dir === 'n' ? u0 === 0 : true
      const undatedWanted = undated && (dir === 'n' ? true : u0 === 1)
      if (datedWanted) parts.push(this.datedSql(arm, dir, cursor !== null && u0 === 0))
      if (undatedWanted) parts.push(this.undatedSql(arm, dir, cursor !== null && u0 === 1))
    }
    if (parts.length === 0) return { data: [], next_cursor: null, prev_cursor: null, has_more: false, actors: [] }
    const desc = dir === 'p' ? ' DESC' : ''
    const sql = `${parts.map((p) => `SELECT * FROM (${p})`).join(' UNION ALL ')} ORDER BY u${desc}, d${desc}, k${desc}, sid${desc} LIMIT @lim`
    const rows = this.store.stmt<{ u: 0 | 1; d: string; k: TimelineKindT; sid: string | number }>(sql).all(params)
    const more = rows.length > limit
    if (more) rows.pop()
    if (dir === 'p') rows.reverse()
    const keys: Key[] = rows.map((r) => [r.u, r.d, r.k, r.sid])
    const first = keys[0]
    const last = keys[keys.length - 1]
    // Going forward there is something before whenever we started from a cursor; going back, something after.
    const hasAfter = dir === 'n' ? more : true
    const hasBefore = dir === 'p' ? more : cursor !== null
    // After an empty page (rows deleted meanwhile) the way back starts at the cursor's own item.
    const at = (key: Key | undefined, d: Direction) =>
      key ? encodeCursor({ s: 'timeline', k: [...key, 0], d }) : cursor ? encodeCursor({ s: 'timeline', k: [...(cursor.slice(0, 4) as Key), 1], d }) : null
    const page: TimelinePageT = {
      data: [],
      next_cursor: hasAfter ? at(last, 'n') : null,
      prev_cursor: hasBefore ? at(first, 'p') : null,
      has_more: false,
      actors: [],
    }
    page.has_more = page.next_cursor !== null
    const { items, actorIds } = this.load(keys)
    page.data = items
    page.actors = [...actorSummaries(this.store, actorIds).values()].sort((a, b) => (a.id < b.id ? -1 : 1))
    return page
  }

  /** The tables, columns and conditions one kind is read from under the given filters. */
  private arm(kind: TimelineKindT, byActor: boolean, byDeal: boolean, byCategory: boolean): Arm {
    if (kind === 'event') {
      const where: string[] = []
      if (byDeal) where.push(`e.id IN (SELECT event_id FROM quotes WHERE event_id IS NOT NULL AND id IN ${DEAL_QUOTES})`)
      if (byCategory) where.push(`e.category IN (SELECT value FROM json_each(@cats))`)
      return byActor
        ? { kind, table: 'feed_actor_events f JOIN events e ON e.pk = f.event_pk', start: 'f.date_start', sid: 'e.id', from: 'e.occurred_on_end', where: ['f.actor_pk = @actor_pk', ...where], undatedWhen: "f.date_start = ''" }
        : { kind, table: 'events e', start: 'e.span_start', sid: 'e.id', from: 'e.occurred_on_end', where, undatedWhen: 'e.span_start IS NULL' }
    }
    if (kind === 'quote') {
      const where = byDeal ? [`q.id IN ${DEAL_QUOTES}`] : []
      return byActor
        ? { kind, table: 'feed_actor_quotes f JOIN quotes q ON q.pk = f.quote_pk', start: 'f.date_start', sid: 'q.id', from: 'q.said_on_end', where: ['f.actor_pk = @actor_pk', ...where], undatedWhen: "f.date_start = ''" }
        : { kind, table: 'quotes q', start: 'q.said_on_start', sid: 'q.id', from: 'q.said_on_end', where, undatedWhen: 'q.said_on_start IS NULL' }
    }
    const where: string[] = []
    if (byDeal) where.push(`s.subject_id IN (SELECT @deal UNION ALL SELECT id FROM deal_terms WHERE deal_id = @deal)`)
    if (byCategory) where.push(`s.subject_type = 'term' AND s.subject_id IN (SELECT id FROM deal_terms WHERE action_category IN (SELECT value FROM json_each(@cats)))`)
    // Status changes concerning an actor (of deals it is party to, their terms, and terms it would carry out or gain from) are indexed by date in feed_actor_status.
    if (byActor) return { kind, table: 'feed_actor_status f JOIN status_history s ON s.id = f.status_id', start: 'f.date_start', sid: 's.id', from: 's.changed_on_end', where: ['f.actor_pk = @actor_pk', ...where], undatedWhen: "f.date_start = ''" }
    if (!byDeal && !byCategory) where.push(SUBJECT_EXISTS)
    return { kind, table: 'status_history s', start: 's.changed_on_start', sid: 's.id', from: 's.changed_on_end', where, undatedWhen: 's.changed_on_start IS NULL' }
  }

  /** One arm's dated items from the cursor on, in the page's direction, at most a page of them. */
  private datedSql(arm: Arm, dir: Direction, fromCursor: boolean): string {
    const { start, sid } = arm
    const kc = `@kc_${arm.kind}`
    const conds = [`${start} >= @lo`, `${start} <= @hi`, `${arm.from} >= @from`, ...arm.where]
    if (fromCursor) {
      conds.push(
        dir === 'n'
          ? `(${start} > @d0 OR (${start} = @d0 AND (${kc} > 0 OR (${kc} = 0 AND (${sid} > @i0 OR (@incl AND ${sid} = @i0))))))`
          : `(${start} < @d0 OR (${start} = @d0 AND (${kc} < 0 OR (${kc} = 0 AND (${sid} < @i0 OR (@incl AND ${sid} = @i0))))))`,
      )
    }
    const desc = dir === 'p' ? ' DESC' : ''
    return `SELECT 0 AS u, ${start} AS d, '${arm.kind}' AS k, ${sid} AS sid FROM ${arm.table} WHERE ${conds.join(' AND ')} ORDER BY ${start}${desc}, ${sid}${desc} LIMIT @lim`
  }

  private undatedSql(arm: Arm, dir: Direction, fromCursor: boolean): string {
    const kc = `@kc_${arm.kind}`
    const conds = [arm.undatedWhen, ...arm.where]
    if (fromCursor) {
      const op = dir === 'n' ? '>' : '<'
      conds.push(`(${kc} ${op} 0 OR (${kc} = 0 AND (${arm.sid} ${op} @i0 OR (@incl AND ${arm.sid} = @i0))))`)
    }
    const desc = dir === 'p' ? ' DESC' : ''
    return `SELECT 1 AS u, '' AS d, '${arm.kind}' AS k, ${arm.sid} AS sid FROM ${arm.table} WHERE ${conds.join(' AND ')} ORDER BY ${arm.sid}${desc} LIMIT @lim`
  }

  /** The page's items, each kind loaded with one query (plus one for its lists). */
  private load(keys: Key[]): { items: TimelineItemT[]; actorIds: Set<string> } {
    const ids = (kind: TimelineKindT) => JSON.stringify(keys.filter((k) => k[2] === kind).map((k) => k[3]))
    const actorIds = new Set<string>()
    const byKey = new Map<string, TimelineItemT>()
    const dates = (text: string | null) => {
      const span = text ? parseFuzzyDate(text) : null
      return { date: text, date_precision: precisionOf(text), date_start: span?.start ?? null, date_end: span?.end ?? null }
    }
    if (keys.some((k) => k[2] === 'event')) {
      const list = ids('event')
      const participants = new Map<string, { actor_id: string; role: string }[]>()
      for (const p of this.store.stmt<Row>(`SELECT event_id, actor_id, role FROM event_participants WHERE event_id IN ${IN_LIST} ORDER BY rowid`).all(list)) {
        const entry = { actor_id: p.actor_id as string, role: p.role as string }
        actorIds.add(entry.actor_id)
        participants.set(p.event_id as string, [...(participants.get(p.event_id as string) ?? []), entry])
      }
      const sql = `SELECT id, title, summary, category, mode, status, occurred_on, ended_on, location_name, parent_event_id FROM events WHERE id IN ${IN_LIST}`
      for (const e of this.store.stmt<Row>(sql).all(list)) {
        byKey.set(`event/${e.id}`, {
          kind: 'event',
          id: e.id as string,
          title: e.title as string,
          ...dates(e.occurred_on as string | null),
          category: e.category,
          mode: e.mode,
          status: e.status,
          summary: e.summary,
          ended_on: e.ended_on,
          location_name: e.location_name,
          parent_event_id: e.parent_event_id,
          participants: participants.get(e.id as string) ?? [],
        } as TimelineItemT)
      }
    }
    if (keys.some((k) => k[2] === 'quote')) {
      const list = ids('quote')
      const about = new Map<string, string[]>()
      for (const a of this.store.stmt<Row>(`SELECT quote_id, actor_id FROM quote_actors WHERE quote_id IN ${IN_LIST} ORDER BY rowid`).all(list)) {
        actorIds.add(a.actor_id as string)
        about.set(a.quote_id as string, [...(about.get(a.quote_id as string) ?? []), a.actor_id as string])
      }
      const sql = `SELECT id, text, kind, speaker_id, said_on, setting, event_id FROM quotes WHERE id IN ${IN_LIST}`
      for (const q of this.store.stmt<Row>(sql).all(list)) {
        actorIds.add(q.speaker_id as string)
        byKey.set(`quote/${q.id}`, {
          kind: 'quote',
          id: q.id as string,
          title: q.text as string,
          ...dates(q.said_on as string | null),
          quote_kind: q.kind,
          speaker_id: q.speaker_id as string,
          event_id: q.event_id,
          setting: q.setting,
          about_actor_ids: about.get(q.id as string) ?? [],
        } as TimelineItemT)
      }
    }
    if (keys.some((k) => k[2] === 'status_change')) {
      const sql = `SELECT s.id, s.subject_type, s.subject_id, s.status, s.previous_status, s.changed_on, s.recorded_at, s.source_id,
          coalesce(d.title, t.description) AS subject_title, coalesce(d.id, t.deal_id) AS deal_id
        FROM status_history s LEFT JOIN deals d ON d.id = s.subject_id LEFT JOIN deal_terms t ON t.id = s.subject_id
        WHERE s.id IN ${IN_LIST}`
      for (const s of this.store.stmt<Row>(sql).all(ids('status_change'))) {
        const what = s.subject_type === 'deal' ? 'Deal' : 'Term'
        byKey.set(`status_change/${s.id}`, {
          kind: 'status_change',
          id: String(s.id),
          title: s.previous_status == null ? `${what} “${s.subject_title}” recorded as ${s.status}` : `${what} “${s.subject_title}”: ${s.previous_status} → ${s.status}`,
          ...dates(s.changed_on as string | null),
          subject_type: s.subject_type,
          subject_id: s.subject_id as string,
          deal_id: s.deal_id as string,
          status: s.status as string,
          previous_status: s.previous_status,
          source_id: s.source_id,
          recorded_at: s.recorded_at as string,
        } as TimelineItemT)
      }
    }
    const items = keys.map((k) => byKey.get(`${k[2]}/${k[3]}`)).filter((i): i is TimelineItemT => i !== undefined)
    return { items, actorIds }
  }
}
