// What the derived tables behind the feeds (feed_*) should hold, recomputed
// in plain TypeScript from the base tables, independent of the triggers' SQL
// and of the set-based fills (src/db/deferred-indexes.ts); and what they
// hold. Shared by the tests of every write path that keeps them.
import type { FastifyInstance } from 'fastify'
import { AUTH, json } from './helpers.js'

export type R = Record<string, any>

export function all(app: FastifyInstance, sql: string): R[] {
  return app.repos.store.sqlite.prepare(sql).all() as R[]
}

const period = (fuzzy: string | null) => (fuzzy == null ? '' : fuzzy.slice(0, 7))

/** What the derived tables should hold, computed from the base tables. */
export function expected(app: FastifyInstance) {
  const actorPk = new Map(all(app, 'SELECT id, pk FROM actors').map((a) => [a.id, a.pk as number]))
  const events = new Map(all(app, 'SELECT * FROM events').map((e) => [e.id, e]))
  const roles = new Map<string, Map<string, Set<string>>>()
  for (const p of all(app, 'SELECT * FROM event_participants')) {
    const byActor = roles.get(p.event_id) ?? new Map<string, Set<string>>()
    byActor.set(p.actor_id, (byActor.get(p.actor_id) ?? new Set()).add(p.role))
    roles.set(p.event_id, byActor)
  }
  const actorEvents: string[] = []
  const activity = new Map<string, number>()
  const bump = (key: string) => activity.set(key, (activity.get(key) ?? 0) + 1)
  const dyads: string[] = []
  for (const e of events.values()) {
    const key = (pk: number) => `${pk}|${period(e.occurred_on)}|${e.category}`
    bump(key(0))
    const byActor = roles.get(e.id) ?? new Map()
    for (const actorId of byActor.keys()) {
      actorEvents.push(`${actorPk.get(actorId)}|${e.span_start ?? ''}|${e.pk}`)
      bump(key(actorPk.get(actorId)!))
    }
    const ids = [...byActor.keys()]
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        let [x, y] = [ids[i], ids[j]]
        if (actorPk.get(x)! > actorPk.get(y)!) [x, y] = [y, x]
        const rx = byActor.get(x)!
        const ry = byActor.get(y)!
        const acts = (a: Set<string>, b: Set<string>) => a.has('source') && (b.has('target') || b.has('beneficiary'))
        const dir = (acts(rx, ry) ? 1 : 0) | (acts(ry, rx) ? 2 : 0) | (rx.has('participant') && ry.has('participant') ? 4 : 0)
        if (dir) dyads.push(`${actorPk.get(x)}|${actorPk.get(y)}|${period(e.occurred_on)}|${e.category}|${e.mode ?? ''}|${e.status}|${e.pk}|${dir}`)
      }
    }
  }
  const actorQuotes = new Set<string>()
  const about = all(app, 'SELECT * FROM quote_actors')
  const quotes = new Map(all(app, 'SELECT * FROM quotes').map((q) => [q.id, q]))
  for (const q of quotes.values()) actorQuotes.add(`${actorPk.get(q.speaker_id)}|${q.said_on_start ?? ''}|${q.pk}`)
  for (const a of about) {
    const q = quotes.get(a.quote_id)!
    actorQuotes.add(`${actorPk.get(a.actor_id)}|${q.said_on_start ?? ''}|${q.pk}`)
  }
  const quoteCounts = new Map<string, number>()
  const count = (key: string) => quoteCounts.set(key, (quoteCounts.get(key) ?? 0) + 1)
  for (const q of quotes.values()) count(`0|${actorPk.get(q.speaker_id)}|${period(q.said_on)}`)
  for (const a of about) {
    const q = quotes.get(a.quote_id)!
    count(`${actorPk.get(a.actor_id)}|${actorPk.get(q.speaker_id)}|${period(q.said_on)}`)
  }
  const parties = all(app, 'SELECT * FROM deal_parties')
  const terms = new Map(all(app, 'SELECT * FROM deal_terms').map((x) => [x.id, x]))
  const deals = new Set(all(app, 'SELECT id FROM deals').map((d) => d.id))
  const actorStatus: string[] = []
  for (const h of all(app, 'SELECT * FROM status_history')) {
    const term = terms.get(h.subject_id)
    if (!term && !deals.has(h.subject_id)) continue
    const concerned = new Set(parties.filter((p) => p.deal_id === (term ? term.deal_id : h.subject_id)).map((p) => p.actor_id))
    if (term?.obligor_id) concerned.add(term.obligor_id)
    if (term?.beneficiary_id) concerned.add(term.beneficiary_id)
    for (const a of concerned) actorStatus.push(`${actorPk.get(a)}|${h.changed_on_start ?? ''}|${h.id}`)
  }
  const sums = (counts: Map<string, number>, keyOf: (k: string) => string) => {
    const out = new Map<string, number>()
    for (const [k, n] of counts) out.set(keyOf(k), (out.get(keyOf(k)) ?? 0) + n)
    return [...out.entries()].filter(([, n]) => n !== 0).map(([k, n]) => `${k}|${n}`).sort()
  }
  return {
    actorEvents: actorEvents.sort(),
    activity: [...activity.entries()].map(([k, n]) => `${k}|${n}`).sort(),
    actorTotals: sums(new Map([...activity].filter(([k]) => !k.startsWith('0|'))), (k) => k.split('|')[0]),
    speakerTotals: sums(quoteCounts, (k) => k.split('|').slice(0, 2).join('|')),
    dyads: dyads.sort(),
    actorQuotes: [...actorQuotes].sort(),
    actorStatus: actorStatus.sort(),
    quoteCounts: [...quoteCounts.entries()].map(([k, n]) => `${k}|${n}`).sort(),
  }
}

export function actual(app: FastifyInstance) {
  return {
    actorEvents: all(app, 'SELECT * FROM feed_actor_events').map((r) => `${r.actor_pk}|${r.date_start}|${r.event_pk}`).sort(),
    activity: all(app, 'SELECT * FROM feed_activity WHERE n <> 0').map((r) => `${r.actor_pk}|${r.period}|${r.category}|${r.n}`).sort(),
    actorTotals: all(app, 'SELECT * FROM feed_actor_totals WHERE n <> 0').map((r) => `${r.actor_pk}|${r.n}`).sort(),
    speakerTotals: all(app, 'SELECT * FROM feed_speaker_totals WHERE n <> 0').map((r) => `${r.about_pk}|${r.speaker_pk}|${r.n}`).sort(),
    dyads: all(app, 'SELECT * FROM feed_dyads').map((r) => `${r.a_pk}|${r.b_pk}|${r.period}|${r.category}|${r.mode}|${r.status}|${r.event_pk}|${r.dir}`).sort(),
    actorQuotes: all(app, 'SELECT * FROM feed_actor_quotes').map((r) => `${r.actor_pk}|${r.date_start}|${r.quote_pk}`).sort(),
    actorStatus: all(app, 'SELECT * FROM feed_actor_status').map((r) => `${r.actor_pk}|${r.date_start}|${r.status_id}`).sort(),
    quoteCounts: all(app, 'SELECT * FROM feed_quote_counts WHERE n <> 0').map((r) => `${r.about_pk}|${r.speaker_pk}|${r.period}|${r.n}`).sort(),
  }
}

/** SQLite's concat_ws(' · ', ...): NULLs skipped, '' when every part is NULL. */
const concatWs = (...parts: (string | null)[]) => parts.filter((p): p is string => p != null).join(' · ')

/** What /v1/search's index (search_fts) should hold, from the base tables as migration 0003 derives it; and what it holds. */
export function searchIndex(app: FastifyInstance): { expected: string[]; actual: string[] } {
  const row = (rowid: number, title: string | null, body: string | null, kind: string, id: string) => JSON.stringify([rowid, title, body, kind, id])
  const want: string[] = []
  for (const s of all(app, 'SELECT * FROM sources')) want.push(row(s.pk * 8 + 1, s.title, concatWs(s.publisher, s.body), 'source', s.id))
  for (const a of all(app, 'SELECT * FROM actors')) {
    const aliases = JSON.parse(a.aliases ?? '[]') as string[]
    want.push(row(a.pk * 8 + 2, a.name, concatWs(aliases.length ? aliases.join(', ') : null, a.description), 'actor', a.id))
  }
  for (const e of all(app, 'SELECT * FROM events')) want.push(row(e.pk * 8 + 3, e.title, concatWs(e.summary, e.location_name), 'event', e.id))
  for (const q of all(app, 'SELECT * FROM quotes')) want.push(row(q.pk * 8 + 4, q.text, q.setting, 'quote', q.id))
  for (const d of all(app, 'SELECT * FROM deals')) want.push(row(d.pk * 8 + 5, d.title, d.summary, 'deal', d.id))
  for (const x of all(app, 'SELECT * FROM deal_terms')) want.push(row(x.pk * 8 + 6, x.description, null, 'term', x.id))
  const got = all(app, 'SELECT rowid, title, body, kind, record_id FROM search_fts').map((r) => row(r.rowid, r.title, r.body, r.kind, r.record_id))
  return { expected: want.sort(), actual: got.sort() }
}

/** event_contexts mirrors each event's contexts: what it should hold, and what it holds. */
export function eventContexts(app: FastifyInstance): { expected: string[]; actual: string[] } {
  const want = all(app, 'SELECT id, contexts FROM events').flatMap((e) => [...new Set(JSON.parse(e.contexts) as string[])].map((c) => `${e.id}|${c}`))
  const got = all(app, 'SELECT event_id, context FROM event_contexts').map((r) => `${r.event_id}|${r.context}`)
  return { expected: want.sort(), actual: got.sort() }
}

/** The per-table indexes (external content) that disagree with their tables: FTS5's integrity-check throws for those. */
export function brokenFtsIndexes(app: FastifyInstance): string[] {
  return ['sources_fts', 'actors_fts', 'events_fts', 'quotes_fts', 'deals_fts', 'deal_terms_fts'].filter((table) => {
    try {
      app.repos.store.sqlite.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`).run()
      return false
    } catch {
      return true
    }
  })
}

/** A generated write to one collection: create a record, or patch or delete one made earlier (by `pick`). */
export type RandomWrite = { op: 'create'; body: object } | { op: 'patch'; pick: number; patch: object } | { op: 'delete'; pick: number }

/**
 * Sends one generated write to `collection` over HTTP; `ids` holds the records the run
 * has made (a create adds to it, a delete takes from it). Every generated write is
 * valid, so a refusal throws: a run that wrote nothing would check nothing.
 */
export async function applyRandomWrite(app: FastifyInstance, collection: string, ids: string[], o: RandomWrite): Promise<void> {
  const url = `/v1/${collection}`
  let res
  if (o.op === 'create') {
    res = await app.inject({ method: 'POST', url, headers: AUTH, payload: o.body })
    if (res.statusCode === 201) ids.push(json(res).id)
  } else if (o.op === 'patch' && ids.length) {
    res = await app.inject({ method: 'PATCH', url: `${url}/${ids[o.pick % ids.length]}`, headers: AUTH, payload: o.patch })
  } else if (o.op === 'delete' && ids.length) {
    res = await app.inject({ method: 'DELETE', url: `${url}/${ids.splice(o.pick % ids.length, 1)[0]}`, headers: AUTH })
  }
  if (res && res.statusCode >= 300) throw new Error(`${o.op} answered ${res.statusCode}: ${res.body}`)
}
