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
// back) and the rest of the import runs with the triggers. Only the triggers
// named below are deferred (on a database migrated part-way, those present);
// a trigger added later by a migration keeps running until it is added here.
import { DYAD_SUM_COLUMNS, DYAD_SUMS } from '../repositories/dyad-sums.js'
import type { Store } from '../repositories/store.js'

const PARENTS = ['sources', 'actors', 'events', 'quotes'] as const
type Parent = (typeof PARENTS)[number]

const period = (col: string) => `coalesce(substr(${col}, 1, 7), '')`
const fts = (name: string) => [`${name}_ai`, `${name}_ad`, `${name}_au`]

/**
 * A set of triggers and what they would have written for the rows of
 * `table` with pk above the mark: the same derivations as the triggers and
 * the backfills in migrations 0001, 0003, 0005 and 0006 (test/import-bulk.test.ts
 * compares them). A family is deferred only when all its triggers exist;
 * any other trigger stays in place.
 */
interface Family {
  table: Parent
  triggers: string[]
  backfill: string[]
}

const FAMILIES: Family[] = [
  { table: 'sources', triggers: fts('sources_fts'), backfill: [
    'INSERT INTO sources_fts (rowid, title, publisher, body) SELECT pk, title, publisher, body FROM sources WHERE pk > :mark',
  ] },
  { table: 'sources', triggers: fts('sources_search'), backfill: [
    `INSERT INTO search_fts (rowid, title, body, kind, record_id)
     SELECT pk * 8 + 1, title, concat_ws(' · ', publisher, body), 'source', id FROM sources WHERE pk > :mark`,
  ] },
  { table: 'actors', triggers: fts('actors_fts'), backfill: [
    'INSERT INTO actors_fts (rowid, name, aliases, description) SELECT pk, name, aliases, description FROM actors WHERE pk > :mark',
  ] },
  { table: 'actors', triggers: fts('actors_search'), backfill: [
    `INSERT INTO search_fts (rowid, title, body, kind, record_id)
     SELECT pk * 8 + 2, name, concat_ws(' · ', (SELECT group_concat(value, ', ') FROM json_each(aliases)), description), 'actor', id FROM actors WHERE pk > :mark`,
  ] },
  { table: 'events', triggers: fts('events_fts'), backfill: [
    'INSERT INTO events_fts (rowid, title, summary, location_name) SELECT pk, title, summary, location_name FROM events WHERE pk > :mark',
  ] },
  { table: 'events', triggers: fts('events_search'), backfill: [
    `INSERT INTO search_fts (rowid, title, body, kind, record_id)
     SELECT pk * 8 + 3, title, concat_ws(' · ', summary, location_name), 'event', id FROM events WHERE pk > :mark`,
  ] },
  // OR IGNORE rather than DISTINCT: a DISTINCT on e.id would scan every event in id order.
  { table: 'events', triggers: ['events_contexts_ai', 'events_contexts_au'], backfill: [
    'INSERT OR IGNORE INTO event_contexts (event_id, context) SELECT e.id, c.value FROM events e CROSS JOIN json_each(e.contexts) c WHERE e.pk > :mark',
  ] },
  // Every event counts once overall (actor 0), and once for each actor taking part, whatever its roles; and its pairs of actors.
  { table: 'events', triggers: [
    'feed_events_ai', 'feed_events_au_date', 'feed_events_au_tally', 'feed_events_au_dyads', 'feed_events_bd',
    'feed_participants_ai', 'feed_participants_ad', 'feed_participants_dyads_ai_first', 'feed_participants_dyads_ai_more', 'feed_participants_dyads_ad',
  ], backfill: [
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
  // The pairs' sums per period and status (migration 0006), from the feed_dyads rows of the new
  // events: after the family above, which writes those rows. A group may already hold older events.
  { table: 'events', triggers: ['feed_dyads_ai', 'feed_dyads_ad', 'feed_dyads_au'], backfill: [
    `INSERT INTO feed_dyad_periods (a_pk, b_pk, period, status, ${DYAD_SUM_COLUMNS.join(', ')})
     SELECT d.a_pk, d.b_pk, d.period, d.status, ${DYAD_SUMS} FROM feed_dyads d
     WHERE d.event_pk > :mark GROUP BY d.a_pk, d.b_pk, d.period, d.status
     ON CONFLICT (a_pk, b_pk, period, status) DO UPDATE SET ${DYAD_SUM_COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
  ] },
  { table: 'quotes', triggers: fts('quotes_fts'), backfill: [
    'INSERT INTO quotes_fts (rowid, text, setting) SELECT pk, text, setting FROM quotes WHERE pk > :mark',
  ] },
  { table: 'quotes', triggers: fts('quotes_search'), backfill: [
    `INSERT INTO search_fts (rowid, title, body, kind, record_id) SELECT pk * 8 + 4, text, setting, 'quote', id FROM quotes WHERE pk > :mark`,
  ] },
  // A quote is in its speaker's and subjects' feeds, and counts for its speaker (about 0) and for each actor it is about.
  { table: 'quotes', triggers: [
    'feed_quotes_ai', 'feed_quotes_au_speaker', 'feed_quotes_au_date', 'feed_quotes_bd', 'feed_quote_actors_ai', 'feed_quote_actors_ad',
    'feed_quotes_ai_count', 'feed_quotes_au_count', 'feed_quotes_bd_count', 'feed_quote_actors_ai_count', 'feed_quote_actors_ad_count',
  ], backfill: [
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
]

export class DeferredIndexes {
  private families: Family[] = []
  private triggers: { name: string; sql: string }[] = []
  private marks = new Map<Parent, number>()
  private state: 'idle' | 'deferred' | 'done' = 'idle'

  constructor(private readonly store: Store) {}

  /** Drops the triggers of every family present (once per import; not again after `finish`). Call inside the import's transaction. */
  begin(): void {
    if (this.state !== 'idle') return
    const { sqlite } = this.store
    for (const table of PARENTS) this.marks.set(table, sqlite.prepare(`SELECT coalesce(max(pk), 0) AS m FROM ${table}`).pluck().get() as number)
    // In creation order, so they are created again in the order they fire.
    const present = sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY rowid").all() as { name: string; sql: string }[]
    const names = new Set(present.map((t) => t.name))
    this.families = FAMILIES.filter((f) => f.triggers.every((name) => names.has(name)))
    const deferred = new Set(this.families.flatMap((f) => f.triggers))
    this.triggers = present.filter((t) => deferred.has(t.name))
    for (const t of this.triggers) sqlite.exec(`DROP TRIGGER "${t.name}"`)
    this.state = 'deferred'
  }

  /** True when writing to this record would need the triggers: its table's are deferred and it is older than the import. */
  needsTriggers(table: string, pk: number): boolean {
    if (this.state !== 'deferred') return false
    const mark = this.marks.get(table as Parent)
    return mark !== undefined && pk <= mark
  }

  /** Fills the derived rows of the records written since `begin` and creates the triggers again. */
  finish(): void {
    if (this.state !== 'deferred') return
    const { sqlite } = this.store
    for (const f of this.families) {
      const mark = this.marks.get(f.table)!
      for (const sql of f.backfill) sqlite.prepare(sql).run({ mark })
    }
    for (const t of this.triggers) sqlite.exec(t.sql)
    this.state = 'done'
  }
}
