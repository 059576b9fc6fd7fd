// Wires every resource's repository and list engine to one store, and the
// embeddable relations that cross resources.
import type { DatabaseHandle } from '../db/client.js'
import { actorDef, actorList } from './actors/repository.js'
import { dealDef, dealList } from './deals/repository.js'
import { eventDef, eventList } from './events/repository.js'
import { ListEngine, type Include, type ListSpec } from '../engine/list-query.js'
import { recordSql } from '../engine/record-sql.js'
import { positionDef, positionList } from './positions/repository.js'
import { quoteDef, quoteList } from './quotes/repository.js'
import { relationDef, relationList } from './relations/repository.js'
import { ResourceRepository, type Obj, type ResourceDef } from '../engine/repository.js'
import { sourceDef, sourceList } from './sources/repository.js'
import { Store } from '../db/store.js'
import { termDef, termList } from './terms/repository.js'

export interface Resource {
  repo: ResourceRepository
  list: ListEngine
}

function resource(store: Store, def: ResourceDef, spec: ListSpec): Resource {
  const repo = new ResourceRepository(store, def)
  // A spec of its own: the includes set below read through these repositories, and an
  // export builds a second set over a snapshot connection that it closes when done.
  return { repo, list: new ListEngine(repo, { ...spec }) }
}

/** Attaches records of `target` to each record, by the id found at `from`. */
function embedOne(target: () => Resource, from: (r: Obj) => unknown[], put: (r: Obj, byId: Map<string, Obj>) => void) {
  return (records: Obj[]) => {
    const ids = [...new Set(records.flatMap(from).filter((v): v is string => typeof v === 'string'))]
    const byId = new Map(target().repo.getMany(ids).map((e) => [e.id as string, e]))
    for (const r of records) put(r, byId)
  }
}

/** Attaches the records of `target` whose `column` holds each record's id. */
function embedMany(target: () => Resource, table: string, column: string, field: string) {
  return (records: Obj[]) => {
    const t = target()
    const rows = t.repo.store
      .stmt<Record<string, unknown>>(`SELECT * FROM ${table} WHERE ${column} IN (SELECT value FROM json_each(?)) ORDER BY id`)
      .all(JSON.stringify(records.map((r) => r.id)))
    const grouped = new Map<string, Obj[]>()
    for (const e of t.repo.hydrate(rows)) {
      const key = e[column] as string
      grouped.set(key, [...(grouped.get(key) ?? []), e])
    }
    for (const r of records) r[field] = grouped.get(r.id as string) ?? []
  }
}

export function createRepositories(handle: DatabaseHandle) {
  const store = new Store(handle)
  const r = {
    store,
    sources: resource(store, sourceDef, sourceList),
    actors: resource(store, actorDef, actorList),
    positions: resource(store, positionDef, positionList),
    relations: resource(store, relationDef, relationList),
    events: resource(store, eventDef, eventList),
    quotes: resource(store, quoteDef, quoteList),
    deals: resource(store, dealDef, dealList),
    terms: resource(store, termDef, termList),
  }
  /** Each item of the list `field` (actor_id, ...) gets `actor`, the actor's record. */
  const withActors = (owner: Resource, field: string, description: string): Include => ({
    description,
    load: embedOne(
      () => r.actors,
      (rec) => (rec[field] as Obj[]).map((p) => p.actor_id),
      (rec, byId) => {
        for (const p of rec[field] as Obj[]) p.actor = byId.get(p.actor_id as string)
      },
    ),
    // The item's row is `c`; the actor's record is built over its own row `t` (the inner name wins).
    // An item's actor always exists: a referenced actor cannot be deleted.
    sql: () => {
      const actor = recordSql(store, r.actors.repo.def)
      const child = owner.repo.def.children!.find((c) => c.field === field)!
      return { [field]: child.jsonSql!('t.id', `'actor', (SELECT ${actor} FROM actors t WHERE t.id = c.actor_id)`) }
    },
  })
  r.events.list.spec.includes = {
    participants: withActors(r.events, 'participants', "Each participant's actor record."),
    quotes: { description: 'The quotes said at or about the event.', load: embedMany(() => r.quotes, 'quotes', 'event_id', 'quotes') },
  }
  r.quotes.list.spec.includes = {
    speaker: { description: "The speaker's actor record.", load: embedOne(() => r.actors, (q) => [q.speaker_id], (q, m) => (q.speaker = m.get(q.speaker_id as string))) },
    speaker_position: {
      description: "The speaker's position when speaking.",
      load: embedOne(() => r.positions, (q) => [q.speaker_position_id], (q, m) => (q.speaker_position = m.get(q.speaker_position_id as string) ?? null)),
    },
    event: { description: 'The event it was said at or about.', load: embedOne(() => r.events, (q) => [q.event_id], (q, m) => (q.event = m.get(q.event_id as string) ?? null)) },
  }
  r.deals.list.spec.includes = {
    ...r.deals.list.spec.includes,
    parties: withActors(r.deals, 'parties', "Each party's actor record."),
    terms: { description: "The deal's terms, with their links and stances.", load: embedMany(() => r.terms, 'deal_terms', 'deal_id', 'terms') },
  }
  return r
}

export type Repositories = ReturnType<typeof createRepositories>
export type ResourceName = Exclude<keyof Repositories, 'store'>
