// Actors as a graph. Edges come from three kinds of record:
// - relation: a relation of some type from its subject to its object;
// - co_participation: two actors in the same event, oriented from the
//   acting side to the receiving side (source → participant → mediator →
//   beneficiary → target), one edge per pair of roles, weighted by events;
// - quote_about: a speaker to each actor a quote is about, weighted by quotes.
// Work is bounded: only the most recent records of each scanned actor (or of
// the whole data set) are read, at most the caps below, and `meta` says when
// a cap was reached.
import * as V from '../../domain/vocabulary.js'
import { parseFuzzyDate } from '../../lib/fuzzy-date.js'
import { enumList } from '../../lib/enum-list.js'
import { badParameter } from '../../lib/problem.js'
import type { NetworkEdgeT, NetworkNodeT, NetworkT } from './schema.js'
import type { ActorRow } from '../../resources/actors/lookup.js'
import { IN_LIST } from '../../engine/list-query.js'
import type { Row } from '../../engine/repository.js'
import type { Store } from '../../db/store.js'

export const EDGE_TYPES = ['relation', 'co_participation', 'quote_about'] as const
export type EdgeType = (typeof EDGE_TYPES)[number]

/** Records read for the whole graph, or for the actor at the centre. */
export const CAP = { events: 1000, quotes: 500, relations: 1000 }
/** At depth 2: how many neighbours are expanded, and records read for each. */
export const EXPAND = 10
const CAP2 = { events: 100, quotes: 50, relations: 100 }

const ROLE_RANK: Record<string, number> = { source: 0, participant: 1, mediator: 2, beneficiary: 3, target: 4 }

export interface NetworkQuery {
  from?: string
  to?: string
  category?: string
  edge_types?: string
  limit?: number
  edge_limit?: number
}

interface Scope {
  params: Record<string, unknown>
  ranged: boolean
  categories: string[] | null
  types: Set<EdgeType>
}

interface Scan {
  edges: Map<string, NetworkEdgeT>
  events: Set<string>
  quotes: Set<string>
  relations: Set<string>
  truncated: boolean
}

export class NetworkRepository {
  constructor(private readonly store: Store) {}

  /** The whole graph, from the most recent records that match. */
  whole(query: NetworkQuery): NetworkT {
    const scope = this.scope(query)
    const scan = this.newScan()
    if (scope.types.has('co_participation')) {
      const recent = `SELECT e.pk FROM events e WHERE ${this.dateRange(scope, 'e.span_start', 'e.occurred_on_end')} ${scope.categories ? 'AND e.category IN (SELECT value FROM json_each(@cats))' : ''}
        ORDER BY e.span_start DESC, e.id DESC LIMIT @cap`
      this.addEvents(scan, this.rows(EVENT_ROWS(recent), scope, CAP.events), CAP.events)
    }
    if (scope.types.has('quote_about')) {
      const recent = `SELECT q.pk FROM quotes q WHERE ${this.dateRange(scope, 'q.said_on_start', 'q.said_on_end')} ORDER BY q.said_on_start DESC, q.id DESC LIMIT @cap`
      this.addQuotes(scan, this.rows(QUOTE_ROWS(recent), scope, CAP.quotes), CAP.quotes)
    }
    if (scope.types.has('relation')) {
      const sql = `SELECT r.id, r.subject_id, r.object_id, r.type FROM relations r WHERE ${RELATION_OVERLAP} ORDER BY r.id DESC LIMIT @cap`
      this.addRelations(scan, this.rows(sql, scope, CAP.relations), CAP.relations)
    }
    return this.graph(scan, null, 0, query)
  }

  /** The actors within `depth` steps of one actor, over the edges found in its records (and, at depth 2, its closest neighbours'). */
  around(actor: ActorRow, depth: 1 | 2, query: NetworkQuery): NetworkT {
    const scope = this.scope(query)
    const scan = this.newScan()
    this.scanActor(scan, actor, scope, CAP)
    if (depth === 2) {
      const strength = new Map<string, number>()
      for (const e of scan.edges.values()) {
        for (const [a, b] of [[e.source, e.target], [e.target, e.source]]) if (a === actor.id) strength.set(b, (strength.get(b) ?? 0) + e.weight)
      }
      const closest = [...strength.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, EXPAND)
      if (strength.size > EXPAND) scan.truncated = true
      const rows = this.store.stmt<ActorRow>(`SELECT pk, id FROM actors WHERE id IN ${IN_LIST}`).all(JSON.stringify(closest.map(([id]) => id)))
      for (const neighbour of rows) this.scanActor(scan, neighbour, scope, CAP2)
    }
    return this.graph(scan, actor.id, depth, query)
  }

  private scope(query: NetworkQuery): Scope {
    const from = query.from ? parseFuzzyDate(query.from) : null
    const to = query.to ? parseFuzzyDate(query.to) : null
    if ((query.from && !from) || (query.to && !to)) throw badParameter(query.from && !from ? 'from' : 'to', 'Not a real date (YYYY, YYYY-MM or YYYY-MM-DD).')
    if (from && to && to.end < from.start) throw badParameter('to', `to (${to.text}) is before from (${from.text}).`)
    const categories = query.category ? enumList(query.category, V.CATEGORIES, 'category') : null
    const types = new Set<EdgeType>(query.edge_types ? enumList(query.edge_types, EDGE_TYPES, 'edge_types') : EDGE_TYPES)
    const params: Record<string, unknown> = {
      // Like the timeline, a record is in range when its own fuzzy date overlaps it; dates reaching into
      // `from` start no earlier than the first day of its year, which bounds the index range.
      floor: from ? `${from.start.slice(0, 4)}-01-01` : null,
      from: from?.start ?? null,
      to: to?.end ?? null,
    }
    if (categories) params.cats = JSON.stringify(categories)
    return { params, categories, types, ranged: !!(from || to) }
  }

  /**
   * Dated within range (an index range on `start`); without a range, anything,
   * dated or not, most recent first. Two shapes, so each query keeps its index.
   */
  private dateRange(scope: Scope, start: string, end: string): string {
    return scope.ranged ? `${start} >= coalesce(@floor, '0000') AND ${start} <= coalesce(@to, '9999') AND ${end} >= coalesce(@from, '0000')` : '1'
  }

  private rows(sql: string, scope: Scope, cap: number, extra: Record<string, unknown> = {}): Row[] {
    return this.store.stmt<Row>(sql).all({ ...scope.params, ...extra, cap })
  }

  private scanActor(scan: Scan, actor: Pick<ActorRow, 'pk' | 'id'>, scope: Scope, cap: typeof CAP): void {
    const who = { actor_pk: actor.pk, actor_id: actor.id }
    if (scope.types.has('co_participation')) {
      // The event table is joined only when a filter needs its columns.
      const filtered = scope.ranged || scope.categories
      const recent = `SELECT f.event_pk AS pk FROM feed_actor_events f ${filtered ? 'JOIN events e ON e.pk = f.event_pk' : ''}
        WHERE f.actor_pk = @actor_pk AND ${this.dateRange(scope, 'f.date_start', 'e.occurred_on_end')} ${scope.categories ? 'AND e.category IN (SELECT value FROM json_each(@cats))' : ''}
        ORDER BY f.date_start DESC LIMIT @cap`
      this.addEvents(scan, this.rows(EVENT_ROWS(recent), scope, cap.events, who), cap.events)
    }
    if (scope.types.has('quote_about')) {
      const recent = `SELECT f.quote_pk AS pk FROM feed_actor_quotes f ${scope.ranged ? 'JOIN quotes q ON q.pk = f.quote_pk' : ''}
        WHERE f.actor_pk = @actor_pk AND ${this.dateRange(scope, 'f.date_start', 'q.said_on_end')} ORDER BY f.date_start DESC LIMIT @cap`
      this.addQuotes(scan, this.rows(QUOTE_ROWS(recent), scope, cap.quotes, who), cap.quotes)
    }
    if (scope.types.has('relation')) {
      const sql = `SELECT r.id, r.subject_id, r.object_id, r.type FROM relations r
        WHERE r.id IN (SELECT id FROM relations WHERE subject_id = @actor_id UNION SELECT id FROM relations WHERE object_id = @actor_id)
        AND ${RELATION_OVERLAP} ORDER BY r.id DESC LIMIT @cap`
      this.addRelations(scan, this.rows(sql, scope, cap.relations, who), cap.relations)
    }
  }

  private newScan(): Scan {
    return { edges: new Map(), events: new Set(), quotes: new Set(), relations: new Set(), truncated: false }
  }

  private bump(scan: Scan, type: EdgeType, source: string, target: string, sub: string | null, extra: Partial<NetworkEdgeT>): void {
    const id = `${type}:${source}:${target}${sub ? `:${sub}` : ''}`
    const edge = scan.edges.get(id)
    if (edge) edge.weight++
    else scan.edges.set(id, { id, source, target, type, weight: 1, relation_type: null, source_role: null, target_role: null, ...extra })
  }

  /** Participant rows of the scanned events; events already counted by an earlier scan are skipped. */
  private addEvents(scan: Scan, rows: Row[], cap: number): void {
    const byEvent = new Map<string, { actor_id: string; role: string }[]>()
    for (const p of rows) {
      const list = byEvent.get(p.event_id as string) ?? []
      if (p.actor_id != null) list.push({ actor_id: p.actor_id as string, role: p.role as string })
      byEvent.set(p.event_id as string, list)
    }
    scan.truncated ||= byEvent.size >= cap
    for (const [eventId, parts] of byEvent) {
      if (scan.events.has(eventId)) continue
      scan.events.add(eventId)
      for (let i = 0; i < parts.length; i++) {
        for (let j = i + 1; j < parts.length; j++) {
          let [x, y] = [parts[i], parts[j]]
          if (x.actor_id === y.actor_id) continue
          const rx = ROLE_RANK[x.role] ?? 9
          const ry = ROLE_RANK[y.role] ?? 9
          if (rx > ry || (rx === ry && x.actor_id > y.actor_id)) [x, y] = [y, x]
          this.bump(scan, 'co_participation', x.actor_id, y.actor_id, `${x.role}-${y.role}`, { source_role: x.role as NetworkEdgeT['source_role'], target_role: y.role as NetworkEdgeT['target_role'] })
        }
      }
    }
  }

  /** Speaker and subject rows of the scanned quotes; quotes already counted by an earlier scan are skipped. */
  private addQuotes(scan: Scan, rows: Row[], cap: number): void {
    const byQuote = new Map<string, { speaker: string; about: string[] }>()
    for (const r of rows) {
      const quote = byQuote.get(r.quote_id as string) ?? { speaker: r.speaker_id as string, about: [] }
      if (r.actor_id != null && r.actor_id !== r.speaker_id) quote.about.push(r.actor_id as string)
      byQuote.set(r.quote_id as string, quote)
    }
    scan.truncated ||= byQuote.size >= cap
    for (const [quoteId, quote] of byQuote) {
      if (scan.quotes.has(quoteId)) continue
      scan.quotes.add(quoteId)
      for (const about of quote.about) this.bump(scan, 'quote_about', quote.speaker, about, null, {})
    }
  }

  private addRelations(scan: Scan, rows: Row[], cap: number): void {
    scan.truncated ||= rows.length >= cap
    for (const r of rows) {
      if (scan.relations.has(r.id as string)) continue
      scan.relations.add(r.id as string)
      this.bump(scan, 'relation', r.subject_id as string, r.object_id as string, r.type as string, { relation_type: r.type as NetworkEdgeT['relation_type'] })
    }
  }

  /** Picks the nodes (within depth of the centre, strongest first) and the edges among them. */
  private graph(scan: Scan, centre: string | null, depth: number, query: NetworkQuery): NetworkT {
    const nodeLimit = query.limit ?? 50
    const edgeLimit = query.edge_limit ?? 200
    let edges = [...scan.edges.values()]
    if (centre) {
      const reach = new Map<string, number>([[centre, 0]])
      const adjacent = new Map<string, Set<string>>()
      for (const e of edges) {
        for (const [a, b] of [[e.source, e.target], [e.target, e.source]]) {
          const set = adjacent.get(a) ?? new Set<string>()
          set.add(b)
          adjacent.set(a, set)
        }
      }
      let frontier = [centre]
      for (let d = 1; d <= depth; d++) {
        const next: string[] = []
        for (const a of frontier) for (const b of adjacent.get(a) ?? []) if (!reach.has(b)) reach.set(b, d), next.push(b)
        frontier = next
      }
      edges = edges.filter((e) => reach.has(e.source) && reach.has(e.target))
    }
    const strength = new Map<string, number>()
    for (const e of edges) for (const a of [e.source, e.target]) strength.set(a, (strength.get(a) ?? 0) + e.weight)
    if (centre) strength.set(centre, Infinity)
    const ranked = [...strength.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    const kept = new Set(ranked.slice(0, nodeLimit).map(([id]) => id))
    let truncated = scan.truncated || ranked.length > nodeLimit
    const inside = edges.filter((e) => kept.has(e.source) && kept.has(e.target)).sort((a, b) => b.weight - a.weight || (a.id < b.id ? -1 : 1))
    if (inside.length > edgeLimit) truncated = true
    const chosen = inside.slice(0, edgeLimit)
    const neighbours = new Map<string, Set<string>>()
    const weights = new Map<string, number>()
    for (const e of chosen) {
      for (const [a, b] of [[e.source, e.target], [e.target, e.source]]) {
        neighbours.set(a, (neighbours.get(a) ?? new Set()).add(b))
        weights.set(a, (weights.get(a) ?? 0) + e.weight)
      }
    }
    const ids = [...kept].filter((id) => neighbours.has(id) || id === centre)
    const rows = this.store.stmt<ActorRow>(`SELECT pk, id, slug, name, kind, country FROM actors WHERE id IN ${IN_LIST}`).all(JSON.stringify(ids))
    const nodes: NetworkNodeT[] = rows
      .map((a) => ({ id: a.id, slug: a.slug, name: a.name, kind: a.kind, country: a.country, degree: neighbours.get(a.id)?.size ?? 0, strength: weights.get(a.id) ?? 0 }))
      .sort((a, b) => b.strength - a.strength || (a.id < b.id ? -1 : 1))
    return {
      nodes,
      edges: chosen,
      meta: {
        actor_id: centre,
        depth: centre ? depth : null,
        events_scanned: scan.events.size,
        quotes_scanned: scan.quotes.size,
        relations_scanned: scan.relations.size,
        truncated,
      },
    }
  }
}

/** The participants of the events a query picks (by pk): one row each, or one empty row for an event with none. */
const EVENT_ROWS = (recent: string) =>
  `SELECT e.id AS event_id, p.actor_id, p.role FROM (${recent}) x JOIN events e ON e.pk = x.pk LEFT JOIN event_participants p ON p.event_id = e.id`

/** The speaker and each subject of the quotes a query picks (by pk). */
const QUOTE_ROWS = (recent: string) =>
  `SELECT q.id AS quote_id, q.speaker_id, qa.actor_id FROM (${recent}) x JOIN quotes q ON q.pk = x.pk LEFT JOIN quote_actors qa ON qa.quote_id = q.id`

/** A relation holds over [from, to] unless it ended before or started after; undated ends are open. */
const RELATION_OVERLAP = `(@to IS NULL OR r.started_on_start IS NULL OR r.started_on_start <= @to) AND (@from IS NULL OR r.ended_on_end IS NULL OR r.ended_on_end >= @from)`
