// Inside an import's transaction, the search indexes and feed_* tables of the
// big tables are filled once, set-based, after the records are written,
// rather than by triggers a row at a time (the triggers were most of an
// import's cost). The triggers are dropped inside the transaction and created
// again from their own text before it commits, so a rollback restores them,
// and other connections never see the schema without them.
//
// The derived rows are a function of the final state of the new records, so
// the backfill must only cover records that did not exist before: while
// deferred, the import only creates records, or updates records it created.
// The first update of an older record ends the deferral (backfill, triggers
// back) and the rest of the import runs with the triggers.
import type { Store } from '../repositories/store.js'

/** The tables whose triggers are deferred; each parent's children are written only with it. */
const PARENTS = ['sources', 'actors', 'events', 'quotes'] as const
const CHILDREN = ['event_participants', 'quote_actors']
type Parent = (typeof PARENTS)[number]

const period = (col: string) => `coalesce(substr(${col}, 1, 7), '')`

/**
 * What the dropped triggers would have written, for the rows with pk above
 * each table's mark. The same derivations as the triggers and the backfill
 * in migrations 0001, 0003 and 0005; test/import-bulk.test.ts compares both.
 */
const BACKFILL: Record<Parent, string[]> = {
  sources: [
    'INSERT INTO sources_fts (rowid, title, publisher, body) SELECT pk, title, publisher, body FROM sources WHERE pk > :mark',
    `INSERT INTO search_fts (rowid, title, body, kind, record_id)
     SELECT pk * 8 + 1, title, concat_ws(' · ', publisher, body), 'source', id FROM sources WHERE pk > :mark`,
  ],
  actors: [
    'INSERT INTO actors_fts (rowid, name, aliases, description) SELECT pk, name, aliases, description FROM actors WHERE pk > :mark',
    `INSERT INTO search_fts (rowid, title, body, kind, record_id)
     SELECT pk * 8 + 2, name, concat_ws(' · ', (SELECT group_concat(value, ', ') FROM json_each(aliases)), description), 'actor', id FROM actors WHERE pk > :mark`,
  ],
  events: [
    'INSERT INTO events_fts (rowid, title, summary, location_name) SELECT pk, title, summary, location_name FROM events WHERE pk > :mark',
    `INSERT INTO search_fts (rowid, title, body, kind, record_id)
     SELECT pk * 8 + 3, title, concat_ws(' · ', summary, location_name), 'event', id FROM events WHERE pk > :mark`,
    // OR IGNORE rather than DISTINCT: a DISTINCT on e.id would scan every event in id order.
    'INSERT OR IGNORE INTO event_contexts (event_id, context) SELECT e.id, c.value FROM events e CROSS JOIN json_each(e.contexts) c WHERE e.pk > :mark',
    // Every event counts once overall (actor 0), and once for each actor taking part, whatever its roles.
    `INSERT INTO feed_activity (actor_pk, period, category, n)
     SELECT 0, ${period('occurred_on')}, category, count(*) FROM events WHERE pk > :mark GROUP BY 2, 3
     ON CONFLICT (actor_pk, period, category) DO UPDATE SET n = n + excluded.n`,
    `INSERT OR IGNORE INTO feed_actor_events (actor_pk, date_start, event_pk)
     SELECT DISTINCT a.pk, coalesce(e.span_start, ''), e.pk
     FROM events e CROSS JOIN event_participants p ON p.event_id = e.id JOIN actors a ON a.id = p.actor_id WHERE e.pk > :mark`,
    `INSERT INTO feed_activity (actor_pk, period, category, n)
     SELECT f.actor_pk, ${period('e.occurred_on')}, e.category, count(*)
     FROM events e CROSS JOIN feed_actor_events f ON f.event_pk = e.pk WHERE e.pk > :mark GROUP BY 1, 2, 3
     ON CONFLICT (actor_pk, period, category) DO UPDATE SET n = n + excluded.n`,
    `INSERT INTO feed_dyads (a_pk, b_pk, period, category, mode, status, event_pk, dir)
     SELECT x.a_pk, x.b_pk, ${period('e.occurred_on')}, e.category, coalesce(e.mode, ''), e.status, e.pk, x.dir
     FROM (
       SELECT e.pk AS event_pk, min(ax.pk, ay.pk) AS a_pk, max(ax.pk, ay.pk) AS b_pk,
         max(CASE WHEN p.role = 'source' AND q.role IN ('target', 'beneficiary') THEN (CASE WHEN ax.pk < ay.pk THEN 1 ELSE 2 END) ELSE 0 END)
           | max(CASE WHEN q.role = 'source' AND p.role IN ('target', 'beneficiary') THEN (CASE WHEN ax.pk < ay.pk THEN 2 ELSE 1 END) ELSE 0 END)
           | max(CASE WHEN p.role = 'participant' AND q.role = 'participant' THEN 4 ELSE 0 END) AS dir
       FROM events e
       CROSS JOIN event_participants p ON p.event_id = e.id
       CROSS JOIN event_participants q ON q.event_id = p.event_id AND q.actor_id > p.actor_id
       JOIN actors ax ON ax.id = p.actor_id
       JOIN actors ay ON ay.id = q.actor_id
       WHERE e.pk > :mark
       GROUP BY e.pk, p.actor_id, q.actor_id
     ) x CROSS JOIN events e ON e.pk = x.event_pk
     WHERE x.dir <> 0`,
  ],
  quotes: [
    'INSERT INTO quotes_fts (rowid, text, setting) SELECT pk, text, setting FROM quotes WHERE pk > :mark',
    `INSERT INTO search_fts (rowid, title, body, kind, record_id) SELECT pk * 8 + 4, text, setting, 'quote', id FROM quotes WHERE pk > :mark`,
    `INSERT OR IGNORE INTO feed_actor_quotes (actor_pk, date_start, quote_pk)
     SELECT a.pk, coalesce(q.said_on_start, ''), q.pk FROM quotes q JOIN actors a ON a.id = q.speaker_id WHERE q.pk > :mark
     UNION
     SELECT a.pk, coalesce(q.said_on_start, ''), q.pk FROM quotes q CROSS JOIN quote_actors qa ON qa.quote_id = q.id JOIN actors a ON a.id = qa.actor_id WHERE q.pk > :mark`,
    // A quote counts for its speaker (about 0) and for each actor it is about.
    `INSERT INTO feed_quote_counts (about_pk, speaker_pk, period, n)
     SELECT 0, s.pk, ${period('q.said_on')}, count(*) FROM quotes q JOIN actors s ON s.id = q.speaker_id WHERE q.pk > :mark GROUP BY 2, 3
     ON CONFLICT (about_pk, speaker_pk, period) DO UPDATE SET n = n + excluded.n`,
    `INSERT INTO feed_quote_counts (about_pk, speaker_pk, period, n)
     SELECT a.pk, s.pk, ${period('q.said_on')}, count(*)
     FROM quotes q CROSS JOIN quote_actors qa ON qa.quote_id = q.id JOIN actors a ON a.id = qa.actor_id JOIN actors s ON s.id = q.speaker_id
     WHERE q.pk > :mark GROUP BY 1, 2, 3
     ON CONFLICT (about_pk, speaker_pk, period) DO UPDATE SET n = n + excluded.n`,
  ],
}

const DEFERRED_TABLES: readonly string[] = [...PARENTS, ...CHILDREN]

export class DeferredIndexes {
  private triggers: { name: string; sql: string }[] = []
  private marks = new Map<Parent, number>()
  private state: 'idle' | 'deferred' | 'done' = 'idle'

  constructor(private readonly store: Store) {}

  /** Drops the triggers (once per import; not again after `finish`). Call inside the import's transaction. */
  begin(): void {
    if (this.state !== 'idle') return
    const { sqlite } = this.store
    for (const table of PARENTS) this.marks.set(table, sqlite.prepare(`SELECT coalesce(max(pk), 0) AS m FROM ${table}`).pluck().get() as number)
    // In creation order, so they are created again in the order they fire.
    this.triggers = sqlite
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (SELECT value FROM json_each(?)) ORDER BY rowid`)
      .all(JSON.stringify(DEFERRED_TABLES)) as { name: string; sql: string }[]
    for (const t of this.triggers) sqlite.exec(`DROP TRIGGER "${t.name.replaceAll('"', '""')}"`)
    this.state = 'deferred'
  }

  /** True when writing to this record would need the triggers: it is in a deferred table and older than the import. */
  needsTriggers(table: string, pk: number): boolean {
    if (this.state !== 'deferred') return false
    if (CHILDREN.includes(table)) return true
    const mark = this.marks.get(table as Parent)
    return mark !== undefined && pk <= mark
  }

  /** Fills the derived rows of the records written since `begin` and creates the triggers again. */
  finish(): void {
    if (this.state !== 'deferred') return
    const { sqlite } = this.store
    for (const table of PARENTS) {
      const mark = this.marks.get(table)!
      for (const sql of BACKFILL[table]) sqlite.prepare(sql).run({ mark })
    }
    for (const t of this.triggers) sqlite.exec(t.sql)
    this.state = 'done'
  }
}
