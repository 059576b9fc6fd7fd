// The search indexes and feed_* tables of the records a transaction creates,
// filled once, set-based, before it commits, rather than by triggers a row at
// a time: FTS5 writes its pending terms out at every statement savepoint, so
// per-row triggers wrote index segments for every record (most of the cost of
// a create and of an import). Used by every write transaction that creates
// many records: a group-commit batch of HTTP writes (Store) and an import.
//
// begin() records in `index_deferral`, per table, the largest pk at that
// moment; the triggers (migrations 0006 and 0009) skip the rows above that mark, and
// finish() derives those rows' index and feed rows from their final state,
// then empties the table. Rows at or below the mark keep their triggers, so a
// transaction may update or delete older records as it likes; a record it
// created and then changed or deleted is derived from what is left of it.
// All of it happens inside the transaction: a rollback undoes it, and no
// other connection ever sees `index_deferral` non-empty.
import type { Statement } from 'better-sqlite3'

/** What the fills need: prepared statements (the store's cache, or the bench's reference importer's own). */
export interface StatementSource {
  stmt<R = unknown>(sql: string): Statement<unknown[], R>
}

const PARENTS = ['sources', 'actors', 'events', 'quotes', 'deals', 'deal_terms'] as const
type Parent = (typeof PARENTS)[number]

const period = (col: string) => `coalesce(substr(${col}, 1, 7), '')`

/**
 * What the triggers of `table` and of its children (participants, quote
 * subjects) would have written for its rows with pk above the mark: the same
 * derivations as the triggers and the backfills in migrations 0001, 0003 and
 * 0005 (test/import-bulk.test.ts and test/group-commit.test.ts compare them).
 */
interface Family {
  table: Parent
  backfill: string[]
}

const FAMILIES: Family[] = [
  { table: 'sources', backfill: [
    'INSERT INTO sources_fts (rowid, title, publisher, body) SELECT pk, title, publisher, body FROM sources WHERE pk > :mark',
  ] },
  { table: 'sources', backfill: [
    `INSERT INTO search_fts (rowid, title, body, kind, record_id)
     SELECT pk * 8 + 1, title, concat_ws(' · ', publisher, body), 'source', id FROM sources WHERE pk > :mark`,
  ] },
  { table: 'actors', backfill: [
    'INSERT INTO actors_fts (rowid, name, aliases, description) SELECT pk, name, aliases, description FROM actors WHERE pk > :mark',
  ] },
  { table: 'actors', backfill: [
    `INSERT INTO search_fts (rowid, title, body, kind, record_id)
     SELECT pk * 8 + 2, name, concat_ws(' · ', (SELECT group_concat(value, ', ') FROM json_each(aliases)), description), 'actor', id FROM actors WHERE pk > :mark`,
  ] },
  { table: 'events', backfill: [
    'INSERT INTO events_fts (rowid, title, summary, location_name) SELECT pk, title, summary, location_name FROM events WHERE pk > :mark',
  ] },
  { table: 'events', backfill: [
    `INSERT INTO search_fts (rowid, title, body, kind, record_id)
     SELECT pk * 8 + 3, title, concat_ws(' · ', summary, location_name), 'event', id FROM events WHERE pk > :mark`,
  ] },
  // OR IGNORE rather than DISTINCT: a DISTINCT on e.id would scan every event in id order.
  { table: 'events', backfill: [
    'INSERT OR IGNORE INTO event_contexts (event_id, context) SELECT e.id, c.value FROM events e CROSS JOIN json_each(e.contexts) c WHERE e.pk > :mark',
  ] },
  // Every event counts once overall (actor 0), and once for each actor taking part, whatever its roles; and its pairs of actors.
  { table: 'events', backfill: [
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
  ] },
  { table: 'quotes', backfill: [
    'INSERT INTO quotes_fts (rowid, text, setting) SELECT pk, text, setting FROM quotes WHERE pk > :mark',
  ] },
  { table: 'quotes', backfill: [
    `INSERT INTO search_fts (rowid, title, body, kind, record_id) SELECT pk * 8 + 4, text, setting, 'quote', id FROM quotes WHERE pk > :mark`,
  ] },
  // A quote is in its speaker's and subjects' feeds, and counts for its speaker (about 0) and for each actor it is about.
  { table: 'quotes', backfill: [
    `INSERT OR IGNORE INTO feed_actor_quotes (actor_pk, date_start, quote_pk)
     SELECT a.pk, coalesce(q.said_on_start, ''), q.pk FROM quotes q JOIN actors a ON a.id = q.speaker_id WHERE q.pk > :mark
     UNION
     SELECT a.pk, coalesce(q.said_on_start, ''), q.pk FROM quotes q CROSS JOIN quote_actors qa ON qa.quote_id = q.id JOIN actors a ON a.id = qa.actor_id WHERE q.pk > :mark`,
    `INSERT INTO feed_quote_counts (about_pk, speaker_pk, period, n)
     SELECT 0, s.pk, ${period('q.said_on')}, count(*) FROM quotes q JOIN actors s ON s.id = q.speaker_id WHERE q.pk > :mark GROUP BY 2, 3
     ON CONFLICT (about_pk, speaker_pk, period) DO UPDATE SET n = n + excluded.n`,
    `INSERT INTO feed_quote_counts (about_pk, speaker_pk, period, n)
     SELECT a.pk, s.pk, ${period('q.said_on')}, count(*)
     FROM quotes q CROSS JOIN quote_actors qa ON qa.quote_id = q.id JOIN actors a ON a.id = qa.actor_id JOIN actors s ON s.id = q.speaker_id
     WHERE q.pk > :mark GROUP BY 1, 2, 3
     ON CONFLICT (about_pk, speaker_pk, period) DO UPDATE SET n = n + excluded.n`,
  ] },
  { table: 'deals', backfill: [
    'INSERT INTO deals_fts (rowid, title, summary) SELECT pk, title, summary FROM deals WHERE pk > :mark',
  ] },
  { table: 'deals', backfill: [
    `INSERT INTO search_fts (rowid, title, body, kind, record_id) SELECT pk * 8 + 5, title, summary, 'deal', id FROM deals WHERE pk > :mark`,
  ] },
  { table: 'deal_terms', backfill: [
    'INSERT INTO deal_terms_fts (rowid, description) SELECT pk, description FROM deal_terms WHERE pk > :mark',
  ] },
  { table: 'deal_terms', backfill: [
    `INSERT INTO search_fts (rowid, title, body, kind, record_id) SELECT pk * 8 + 6, description, NULL, 'term', id FROM deal_terms WHERE pk > :mark`,
  ] },
]

export class DeferredIndexes {
  private marks: Map<Parent, number> | null = null
  /** Whether migration 0006 ran: on a database migrated part-way (a test of old databases) the triggers do it all. */
  private available: boolean | undefined

  /** Only prepared statements are needed (the bench's reference importer passes its own). */
  constructor(private readonly store: StatementSource) {}

  /**
   * Defers the indexes of the records created from now on, until finish().
   * Call inside the write transaction. Does nothing when this or another
   * DeferredIndexes already defers in it (an import inside a batch): that one
   * fills them.
   */
  begin(): void {
    if (this.marks) return
    const { store } = this
    this.available ??= store.stmt("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'index_deferral'").get() !== undefined
    if (!this.available) return
    if (store.stmt('SELECT 1 FROM index_deferral LIMIT 1').get()) return
    const rows = store
      .stmt<{ tbl: Parent; mark: number }>(
        `INSERT INTO index_deferral (tbl, mark) VALUES ${PARENTS.map((t) => `('${t}', (SELECT coalesce(max(pk), 0) FROM ${t}))`).join(', ')} RETURNING tbl, mark`,
      )
      .all()
    this.marks = new Map(rows.map((r) => [r.tbl, r.mark]))
  }

  /** Fills the derived rows of the records created since begin() and ends the deferral. Call before COMMIT. */
  finish(): void {
    const marks = this.marks
    if (!marks) return
    const { store } = this
    const top = store.stmt<Record<Parent, number | null>>(`SELECT ${PARENTS.map((t) => `(SELECT max(pk) FROM ${t}) AS ${t}`).join(', ')}`).get()!
    for (const f of FAMILIES) {
      const mark = marks.get(f.table)!
      if ((top[f.table] ?? 0) <= mark) continue
      for (const sql of f.backfill) store.stmt(sql).run({ mark })
    }
    store.stmt('DELETE FROM index_deferral').run()
    this.marks = null
  }

  /** Forgets the deferral without filling anything: the transaction holding it was rolled back. */
  abandon(): void {
    this.marks = null
  }
}
