// Reads what the scenarios need from a generated database: ids to fetch,
// filters that match data, actors that are often in the news, sources whose
// words can be cited. Seeded, so every server gets the same request list.
import Database from 'better-sqlite3'
import { CATEGORIES } from '../../src/domain/vocabulary.js'
import { Rng } from '../generator/random.js'

export interface ListFilter {
  category: string
  /** Fuzzy dates, `YYYY-MM`. */
  from: string
  to: string
}

export interface Sample {
  events: number
  /** Random event ids. */
  eventIds: string[]
  /** Category plus a one-year window, over the whole period. */
  listFilters: ListFilter[]
  /** The actors in the most events, most first (the dashboards' usual subjects). */
  topActorIds: string[]
  /** Random actor ids. */
  actorIds: string[]
  /** Sources that keep their body, with a sentence of it (a valid citation excerpt). */
  citable: { sourceId: string; excerpt: string }[]
  /** Surnames of well-covered people, for name searches. */
  names: string[]
}

export function readSample(dbPath: string, seed = 7): Sample {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true })
  try {
    const rng = new Rng(seed)
    const maxPk = (db.prepare('SELECT max(pk) AS n FROM events').get() as { n: number }).n
    const events = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n
    const byPk = db.prepare('SELECT id FROM events WHERE pk >= ? ORDER BY pk LIMIT 1').pluck()
    const eventIds = Array.from({ length: 1000 }, () => byPk.get(rng.int(1, maxPk)) as string)

    const listFilters: ListFilter[] = []
    for (let i = 0; i < 400; i++) {
      const month = rng.int(0, 19 * 12 - 1) // windows start 2006-01 .. 2024-12
      const ym = (m: number) => `${2006 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`
      listFilters.push({ category: rng.pick(CATEGORIES), from: ym(month), to: ym(month + 11) })
    }

    // A sample of participations is enough to rank actors by coverage.
    const topActorIds = db
      .prepare('SELECT actor_id FROM (SELECT actor_id FROM event_participants LIMIT 200000) GROUP BY actor_id ORDER BY count(*) DESC LIMIT 50')
      .pluck()
      .all() as string[]
    const actorMax = (db.prepare('SELECT max(pk) AS n FROM actors').get() as { n: number }).n
    const actorByPk = db.prepare('SELECT id FROM actors WHERE pk >= ? ORDER BY pk LIMIT 1').pluck()
    const actorIds = Array.from({ length: 200 }, () => actorByPk.get(rng.int(1, actorMax)) as string)

    const bodies = db.prepare('SELECT id, body FROM sources WHERE body IS NOT NULL ORDER BY pk DESC LIMIT 50').all() as { id: string; body: string }[]
    const citable = bodies.flatMap(({ id, body }) => {
      const sentence = body.split('\n\n')[1]?.split(/(?<=\.) /)[0]
      return sentence ? [{ sourceId: id, excerpt: sentence }] : []
    })

    const names = (
      db
        .prepare(`SELECT name FROM actors WHERE kind = 'person' AND id IN (SELECT value FROM json_each(?))`)
        .pluck()
        .all(JSON.stringify(topActorIds)) as string[]
    ).map((n) => n.split(' ').pop()!)
    return { events, eventIds, listFilters, topActorIds, actorIds, citable, names }
  } finally {
    db.close()
  }
}
