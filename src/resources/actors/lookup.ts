// Actors as the feeds name them: found by id or slug, summarised for embedding.
import { badParameter, notFound } from '../../lib/problem.js'
import type { ActorSummaryT } from './summary-schema.js'
import type { Store } from '../../db/store.js'

export interface ActorRow extends ActorSummaryT {
  pk: number
}

const COLUMNS = 'pk, id, slug, name, kind, country'

export function findActor(store: Store, idOrSlug: string): ActorRow | null {
  const sql = idOrSlug.startsWith('act_') ? `SELECT ${COLUMNS} FROM actors WHERE id = ?` : `SELECT ${COLUMNS} FROM actors WHERE slug = ?`
  return store.stmt<ActorRow>(sql).get(idOrSlug) ?? null
}

/** The actor named in the path, or a 404. */
export function actorFromPath(store: Store, idOrSlug: string): ActorRow {
  const actor = findActor(store, idOrSlug)
  if (!actor) throw notFound('actor', idOrSlug)
  return actor
}

/** The actor named by a query parameter, or a 400 naming the parameter. */
export function actorFromQuery(store: Store, idOrSlug: string, parameter: string): ActorRow {
  const actor = findActor(store, idOrSlug)
  if (!actor) throw badParameter(parameter, `No actor has the id or slug ${JSON.stringify(idOrSlug)}.`)
  return actor
}

export function summarize({ pk: _pk, ...summary }: ActorRow): ActorSummaryT {
  return summary
}

/** Summaries of the actors with these ids, in one query. */
export function actorSummaries(store: Store, ids: Iterable<string>): Map<string, ActorSummaryT> {
  const list = [...new Set(ids)]
  const out = new Map<string, ActorSummaryT>()
  if (list.length === 0) return out
  const rows = store.stmt<ActorRow>(`SELECT ${COLUMNS} FROM actors WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(list))
  for (const r of rows) out.set(r.id, summarize(r))
  return out
}

/** The same, by integer key (the derived feed tables store actors by pk). */
export function actorsByPk(store: Store, pks: Iterable<number>): Map<number, ActorRow> {
  const list = [...new Set(pks)]
  const out = new Map<number, ActorRow>()
  if (list.length === 0) return out
  const rows = store.stmt<ActorRow>(`SELECT ${COLUMNS} FROM actors WHERE pk IN (SELECT value FROM json_each(?))`).all(JSON.stringify(list))
  for (const r of rows) out.set(r.pk, r)
  return out
}
