-- Search indexes and feed_* rows of new records, once per write transaction.
-- FTS5 writes its pending terms out at every statement savepoint, and SQLite
-- opens one for each statement that fires a trigger, so indexing a record at a
-- time by trigger wrote new index segments for every create. A writer that
-- creates many records in one transaction (a group-commit batch of HTTP
-- writes, an import) records here, per table, the largest pk at its start:
-- the triggers below skip the rows above that mark, and the writer fills their
-- derived rows set-based before COMMIT (src/repositories/deferred-indexes.ts,
-- the same derivations as these triggers). Rows at or below the mark keep
-- their triggers, so updates and deletes of older records work as before.
-- The table is empty outside such a transaction, so any other writer (raw
-- SQL, another connection) always fires every trigger. The triggers are the
-- ones of migrations 0001, 0003 and 0005 with one condition added.
CREATE TABLE `index_deferral` (
	`tbl` text PRIMARY KEY NOT NULL,
	`mark` integer NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
DROP TRIGGER `actors_fts_ai`;
--> statement-breakpoint
CREATE TRIGGER `actors_fts_ai` AFTER INSERT ON `actors`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'actors' AND d.mark < new.pk) BEGIN INSERT INTO `actors_fts`(rowid, name, aliases, description) VALUES (new.pk, new.name, new.aliases, new.description); END;
--> statement-breakpoint
DROP TRIGGER `actors_fts_ad`;
--> statement-breakpoint
CREATE TRIGGER `actors_fts_ad` AFTER DELETE ON `actors`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'actors' AND d.mark < old.pk) BEGIN INSERT INTO `actors_fts`(`actors_fts`, rowid, name, aliases, description) VALUES ('delete', old.pk, old.name, old.aliases, old.description); END;
--> statement-breakpoint
DROP TRIGGER `actors_fts_au`;
--> statement-breakpoint
CREATE TRIGGER `actors_fts_au` AFTER UPDATE OF name, aliases, description ON `actors`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'actors' AND d.mark < new.pk) BEGIN INSERT INTO `actors_fts`(`actors_fts`, rowid, name, aliases, description) VALUES ('delete', old.pk, old.name, old.aliases, old.description); INSERT INTO `actors_fts`(rowid, name, aliases, description) VALUES (new.pk, new.name, new.aliases, new.description); END;
--> statement-breakpoint
DROP TRIGGER `events_fts_ai`;
--> statement-breakpoint
CREATE TRIGGER `events_fts_ai` AFTER INSERT ON `events`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'events' AND d.mark < new.pk) BEGIN INSERT INTO `events_fts`(rowid, title, summary, location_name) VALUES (new.pk, new.title, new.summary, new.location_name); END;
--> statement-breakpoint
DROP TRIGGER `events_fts_ad`;
--> statement-breakpoint
CREATE TRIGGER `events_fts_ad` AFTER DELETE ON `events`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'events' AND d.mark < old.pk) BEGIN INSERT INTO `events_fts`(`events_fts`, rowid, title, summary, location_name) VALUES ('delete', old.pk, old.title, old.summary, old.location_name); END;
--> statement-breakpoint
DROP TRIGGER `events_fts_au`;
--> statement-breakpoint
CREATE TRIGGER `events_fts_au` AFTER UPDATE OF title, summary, location_name ON `events`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'events' AND d.mark < new.pk) BEGIN INSERT INTO `events_fts`(`events_fts`, rowid, title, summary, location_name) VALUES ('delete', old.pk, old.title, old.summary, old.location_name); INSERT INTO `events_fts`(rowid, title, summary, location_name) VALUES (new.pk, new.title, new.summary, new.location_name); END;
--> statement-breakpoint
DROP TRIGGER `quotes_fts_ai`;
--> statement-breakpoint
CREATE TRIGGER `quotes_fts_ai` AFTER INSERT ON `quotes`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'quotes' AND d.mark < new.pk) BEGIN INSERT INTO `quotes_fts`(rowid, text, setting) VALUES (new.pk, new.text, new.setting); END;
--> statement-breakpoint
DROP TRIGGER `quotes_fts_ad`;
--> statement-breakpoint
CREATE TRIGGER `quotes_fts_ad` AFTER DELETE ON `quotes`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'quotes' AND d.mark < old.pk) BEGIN INSERT INTO `quotes_fts`(`quotes_fts`, rowid, text, setting) VALUES ('delete', old.pk, old.text, old.setting); END;
--> statement-breakpoint
DROP TRIGGER `quotes_fts_au`;
--> statement-breakpoint
CREATE TRIGGER `quotes_fts_au` AFTER UPDATE OF text, setting ON `quotes`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'quotes' AND d.mark < new.pk) BEGIN INSERT INTO `quotes_fts`(`quotes_fts`, rowid, text, setting) VALUES ('delete', old.pk, old.text, old.setting); INSERT INTO `quotes_fts`(rowid, text, setting) VALUES (new.pk, new.text, new.setting); END;
--> statement-breakpoint
DROP TRIGGER `sources_fts_ai`;
--> statement-breakpoint
CREATE TRIGGER `sources_fts_ai` AFTER INSERT ON `sources`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'sources' AND d.mark < new.pk) BEGIN INSERT INTO `sources_fts`(rowid, title, publisher, body) VALUES (new.pk, new.title, new.publisher, new.body); END;
--> statement-breakpoint
DROP TRIGGER `sources_fts_ad`;
--> statement-breakpoint
CREATE TRIGGER `sources_fts_ad` AFTER DELETE ON `sources`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'sources' AND d.mark < old.pk) BEGIN INSERT INTO `sources_fts`(`sources_fts`, rowid, title, publisher, body) VALUES ('delete', old.pk, old.title, old.publisher, old.body); END;
--> statement-breakpoint
DROP TRIGGER `sources_fts_au`;
--> statement-breakpoint
CREATE TRIGGER `sources_fts_au` AFTER UPDATE OF title, publisher, body ON `sources`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'sources' AND d.mark < new.pk) BEGIN INSERT INTO `sources_fts`(`sources_fts`, rowid, title, publisher, body) VALUES ('delete', old.pk, old.title, old.publisher, old.body); INSERT INTO `sources_fts`(rowid, title, publisher, body) VALUES (new.pk, new.title, new.publisher, new.body); END;
--> statement-breakpoint
DROP TRIGGER `sources_search_ai`;
--> statement-breakpoint
CREATE TRIGGER `sources_search_ai` AFTER INSERT ON `sources`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'sources' AND d.mark < new.pk) BEGIN INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 1, new.title, concat_ws(' · ', new.publisher, new.body), 'source', new.id); END;
--> statement-breakpoint
DROP TRIGGER `sources_search_ad`;
--> statement-breakpoint
CREATE TRIGGER `sources_search_ad` AFTER DELETE ON `sources`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'sources' AND d.mark < old.pk) BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 1; END;
--> statement-breakpoint
DROP TRIGGER `sources_search_au`;
--> statement-breakpoint
CREATE TRIGGER `sources_search_au` AFTER UPDATE OF title, publisher, body ON `sources`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'sources' AND d.mark < new.pk) BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 1; INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 1, new.title, concat_ws(' · ', new.publisher, new.body), 'source', new.id); END;
--> statement-breakpoint
DROP TRIGGER `actors_search_ai`;
--> statement-breakpoint
CREATE TRIGGER `actors_search_ai` AFTER INSERT ON `actors`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'actors' AND d.mark < new.pk) BEGIN INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 2, new.name, concat_ws(' · ', (SELECT group_concat(value, ', ') FROM json_each(new.aliases)), new.description), 'actor', new.id); END;
--> statement-breakpoint
DROP TRIGGER `actors_search_ad`;
--> statement-breakpoint
CREATE TRIGGER `actors_search_ad` AFTER DELETE ON `actors`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'actors' AND d.mark < old.pk) BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 2; END;
--> statement-breakpoint
DROP TRIGGER `actors_search_au`;
--> statement-breakpoint
CREATE TRIGGER `actors_search_au` AFTER UPDATE OF name, aliases, description ON `actors`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'actors' AND d.mark < new.pk) BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 2; INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 2, new.name, concat_ws(' · ', (SELECT group_concat(value, ', ') FROM json_each(new.aliases)), new.description), 'actor', new.id); END;
--> statement-breakpoint
DROP TRIGGER `events_search_ai`;
--> statement-breakpoint
CREATE TRIGGER `events_search_ai` AFTER INSERT ON `events`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'events' AND d.mark < new.pk) BEGIN INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 3, new.title, concat_ws(' · ', new.summary, new.location_name), 'event', new.id); END;
--> statement-breakpoint
DROP TRIGGER `events_search_ad`;
--> statement-breakpoint
CREATE TRIGGER `events_search_ad` AFTER DELETE ON `events`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'events' AND d.mark < old.pk) BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 3; END;
--> statement-breakpoint
DROP TRIGGER `events_search_au`;
--> statement-breakpoint
CREATE TRIGGER `events_search_au` AFTER UPDATE OF title, summary, location_name ON `events`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'events' AND d.mark < new.pk) BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 3; INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 3, new.title, concat_ws(' · ', new.summary, new.location_name), 'event', new.id); END;
--> statement-breakpoint
DROP TRIGGER `quotes_search_ai`;
--> statement-breakpoint
CREATE TRIGGER `quotes_search_ai` AFTER INSERT ON `quotes`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'quotes' AND d.mark < new.pk) BEGIN INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 4, new.text, new.setting, 'quote', new.id); END;
--> statement-breakpoint
DROP TRIGGER `quotes_search_ad`;
--> statement-breakpoint
CREATE TRIGGER `quotes_search_ad` AFTER DELETE ON `quotes`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'quotes' AND d.mark < old.pk) BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 4; END;
--> statement-breakpoint
DROP TRIGGER `quotes_search_au`;
--> statement-breakpoint
CREATE TRIGGER `quotes_search_au` AFTER UPDATE OF text, setting ON `quotes`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'quotes' AND d.mark < new.pk) BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 4; INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 4, new.text, new.setting, 'quote', new.id); END;
--> statement-breakpoint
DROP TRIGGER `events_contexts_ai`;
--> statement-breakpoint
CREATE TRIGGER `events_contexts_ai` AFTER INSERT ON `events`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'events' AND d.mark < new.pk) BEGIN INSERT INTO `event_contexts`(event_id, context) SELECT DISTINCT new.id, value FROM json_each(new.contexts); END;
--> statement-breakpoint
DROP TRIGGER `events_contexts_au`;
--> statement-breakpoint
CREATE TRIGGER `events_contexts_au` AFTER UPDATE OF contexts ON `events`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'events' AND d.mark < new.pk) BEGIN DELETE FROM `event_contexts` WHERE event_id = old.id; INSERT INTO `event_contexts`(event_id, context) SELECT DISTINCT new.id, value FROM json_each(new.contexts); END;
--> statement-breakpoint
DROP TRIGGER `feed_events_ai`;
--> statement-breakpoint
CREATE TRIGGER `feed_events_ai` AFTER INSERT ON `events`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'events' AND d.mark < new.pk) BEGIN
	INSERT INTO `feed_activity` (actor_pk, period, category, n)
	VALUES (0, coalesce(substr(new.occurred_on, 1, 7), ''), new.category, 1)
	ON CONFLICT (actor_pk, period, category) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
DROP TRIGGER `feed_events_au_date`;
--> statement-breakpoint
CREATE TRIGGER `feed_events_au_date` AFTER UPDATE OF span_start ON `events`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'events' AND d.mark < new.pk)
	AND (old.span_start IS NOT new.span_start) BEGIN
	UPDATE `feed_actor_events` SET date_start = coalesce(new.span_start, '') WHERE event_pk = new.pk;
END;
--> statement-breakpoint
DROP TRIGGER `feed_events_au_tally`;
--> statement-breakpoint
CREATE TRIGGER `feed_events_au_tally` AFTER UPDATE OF occurred_on, category ON `events`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'events' AND d.mark < new.pk)
	AND (coalesce(substr(old.occurred_on, 1, 7), '') IS NOT coalesce(substr(new.occurred_on, 1, 7), '') OR old.category IS NOT new.category) BEGIN
	UPDATE `feed_activity` SET n = n - 1
	WHERE actor_pk IN (SELECT actor_pk FROM `feed_actor_events` WHERE event_pk = new.pk UNION ALL SELECT 0)
		AND period = coalesce(substr(old.occurred_on, 1, 7), '') AND category = old.category;
	INSERT INTO `feed_activity` (actor_pk, period, category, n)
	SELECT actor_pk, coalesce(substr(new.occurred_on, 1, 7), ''), new.category, 1
	FROM (SELECT actor_pk FROM `feed_actor_events` WHERE event_pk = new.pk UNION ALL SELECT 0) WHERE true
	ON CONFLICT (actor_pk, period, category) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
DROP TRIGGER `feed_events_au_dyads`;
--> statement-breakpoint
CREATE TRIGGER `feed_events_au_dyads` AFTER UPDATE OF occurred_on, category, mode, status ON `events`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'events' AND d.mark < new.pk)
	AND (coalesce(substr(old.occurred_on, 1, 7), '') IS NOT coalesce(substr(new.occurred_on, 1, 7), '')
	OR old.category IS NOT new.category OR old.mode IS NOT new.mode OR old.status IS NOT new.status) BEGIN
	UPDATE `feed_dyads` SET period = coalesce(substr(new.occurred_on, 1, 7), ''), category = new.category,
		mode = coalesce(new.mode, ''), status = new.status
	WHERE event_pk = new.pk;
END;
--> statement-breakpoint
DROP TRIGGER `feed_events_bd`;
--> statement-breakpoint
CREATE TRIGGER `feed_events_bd` BEFORE DELETE ON `events`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'events' AND d.mark < old.pk) BEGIN
	UPDATE `feed_activity` SET n = n - 1
	WHERE actor_pk IN (SELECT actor_pk FROM `feed_actor_events` WHERE event_pk = old.pk UNION ALL SELECT 0)
		AND period = coalesce(substr(old.occurred_on, 1, 7), '') AND category = old.category;
	DELETE FROM `feed_actor_events` WHERE event_pk = old.pk;
	DELETE FROM `feed_dyads` WHERE event_pk = old.pk;
END;
--> statement-breakpoint
DROP TRIGGER `feed_participants_ai`;
--> statement-breakpoint
CREATE TRIGGER `feed_participants_ai` AFTER INSERT ON `event_participants`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d, `events` p WHERE d.tbl = 'events' AND p.id = new.event_id AND p.pk > d.mark)
	AND (NOT EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = new.event_id AND actor_id = new.actor_id AND role <> new.role)) BEGIN
	INSERT OR IGNORE INTO `feed_actor_events` (actor_pk, date_start, event_pk)
	SELECT a.pk, coalesce(e.span_start, ''), e.pk FROM `actors` a, `events` e WHERE a.id = new.actor_id AND e.id = new.event_id;
	INSERT INTO `feed_activity` (actor_pk, period, category, n)
	SELECT a.pk, coalesce(substr(e.occurred_on, 1, 7), ''), e.category, 1
	FROM `actors` a, `events` e WHERE a.id = new.actor_id AND e.id = new.event_id
	ON CONFLICT (actor_pk, period, category) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
DROP TRIGGER `feed_participants_ad`;
--> statement-breakpoint
CREATE TRIGGER `feed_participants_ad` AFTER DELETE ON `event_participants`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d, `events` p WHERE d.tbl = 'events' AND p.id = old.event_id AND p.pk > d.mark)
	AND (NOT EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = old.event_id AND actor_id = old.actor_id)) BEGIN
	UPDATE `feed_activity` SET n = n - 1
	WHERE (actor_pk, period, category) = (
		SELECT a.pk, coalesce(substr(e.occurred_on, 1, 7), ''), e.category
		FROM `actors` a, `events` e, `feed_actor_events` f
		WHERE a.id = old.actor_id AND e.id = old.event_id AND f.event_pk = e.pk AND f.actor_pk = a.pk);
	DELETE FROM `feed_actor_events`
	WHERE event_pk = (SELECT pk FROM `events` WHERE id = old.event_id) AND actor_pk = (SELECT pk FROM `actors` WHERE id = old.actor_id);
END;
--> statement-breakpoint
DROP TRIGGER `feed_participants_dyads_ai_first`;
--> statement-breakpoint
CREATE TRIGGER `feed_participants_dyads_ai_first` AFTER INSERT ON `event_participants`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d, `events` p WHERE d.tbl = 'events' AND p.id = new.event_id AND p.pk > d.mark)
	AND (NOT EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = new.event_id AND actor_id = new.actor_id AND role <> new.role)
	AND EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = new.event_id AND actor_id <> new.actor_id)) BEGIN
	INSERT INTO `feed_dyads` (a_pk, b_pk, period, category, mode, status, event_pk, dir)
	SELECT min(x.pk, y.pk), max(x.pk, y.pk), coalesce(substr(e.occurred_on, 1, 7), ''), e.category, coalesce(e.mode, ''), e.status, e.pk,
		CASE WHEN x.pk < y.pk THEN f.fwd + 2 * f.back ELSE f.back + 2 * f.fwd END + 4 * f.joint
	FROM `events` e, `actors` x, `actors` y, (
		SELECT o.actor_id AS other,
			(EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = new.event_id AND actor_id = new.actor_id AND role = 'source')
				AND EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = new.event_id AND actor_id = o.actor_id AND role IN ('target', 'beneficiary'))) AS fwd,
			(EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = new.event_id AND actor_id = o.actor_id AND role = 'source')
				AND EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = new.event_id AND actor_id = new.actor_id AND role IN ('target', 'beneficiary'))) AS back,
			(EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = new.event_id AND actor_id = new.actor_id AND role = 'participant')
				AND EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = new.event_id AND actor_id = o.actor_id AND role = 'participant')) AS joint
		FROM (SELECT DISTINCT actor_id FROM `event_participants` WHERE event_id = new.event_id AND actor_id <> new.actor_id) o
	) f
	WHERE e.id = new.event_id AND x.id = new.actor_id AND y.id = f.other AND (f.fwd OR f.back OR f.joint);
END;
--> statement-breakpoint
DROP TRIGGER `feed_participants_dyads_ai_more`;
--> statement-breakpoint
CREATE TRIGGER `feed_participants_dyads_ai_more` AFTER INSERT ON `event_participants`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d, `events` p WHERE d.tbl = 'events' AND p.id = new.event_id AND p.pk > d.mark)
	AND (EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = new.event_id AND actor_id = new.actor_id AND role <> new.role)) BEGIN
	DELETE FROM `feed_dyads`
	WHERE event_pk = (SELECT pk FROM `events` WHERE id = new.event_id)
		AND (SELECT pk FROM `actors` WHERE id = new.actor_id) IN (a_pk, b_pk);
	INSERT INTO `feed_dyads` (a_pk, b_pk, period, category, mode, status, event_pk, dir)
	SELECT min(x.pk, y.pk), max(x.pk, y.pk), coalesce(substr(e.occurred_on, 1, 7), ''), e.category, coalesce(e.mode, ''), e.status, e.pk,
		CASE WHEN x.pk < y.pk THEN f.fwd + 2 * f.back ELSE f.back + 2 * f.fwd END + 4 * f.joint
	FROM `events` e, `actors` x, `actors` y, (
		SELECT o.actor_id AS other,
			(EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = new.event_id AND actor_id = new.actor_id AND role = 'source')
				AND EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = new.event_id AND actor_id = o.actor_id AND role IN ('target', 'beneficiary'))) AS fwd,
			(EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = new.event_id AND actor_id = o.actor_id AND role = 'source')
				AND EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = new.event_id AND actor_id = new.actor_id AND role IN ('target', 'beneficiary'))) AS back,
			(EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = new.event_id AND actor_id = new.actor_id AND role = 'participant')
				AND EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = new.event_id AND actor_id = o.actor_id AND role = 'participant')) AS joint
		FROM (SELECT DISTINCT actor_id FROM `event_participants` WHERE event_id = new.event_id AND actor_id <> new.actor_id) o
	) f
	WHERE e.id = new.event_id AND x.id = new.actor_id AND y.id = f.other AND (f.fwd OR f.back OR f.joint);
END;
--> statement-breakpoint
DROP TRIGGER `feed_participants_dyads_ad`;
--> statement-breakpoint
CREATE TRIGGER `feed_participants_dyads_ad` AFTER DELETE ON `event_participants`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d, `events` p WHERE d.tbl = 'events' AND p.id = old.event_id AND p.pk > d.mark) BEGIN
	DELETE FROM `feed_dyads`
	WHERE event_pk = (SELECT pk FROM `events` WHERE id = old.event_id)
		AND (SELECT pk FROM `actors` WHERE id = old.actor_id) IN (a_pk, b_pk);
	INSERT INTO `feed_dyads` (a_pk, b_pk, period, category, mode, status, event_pk, dir)
	SELECT min(x.pk, y.pk), max(x.pk, y.pk), coalesce(substr(e.occurred_on, 1, 7), ''), e.category, coalesce(e.mode, ''), e.status, e.pk,
		CASE WHEN x.pk < y.pk THEN f.fwd + 2 * f.back ELSE f.back + 2 * f.fwd END + 4 * f.joint
	FROM `events` e, `actors` x, `actors` y, (
		SELECT o.actor_id AS other,
			(EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = old.event_id AND actor_id = old.actor_id AND role = 'source')
				AND EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = old.event_id AND actor_id = o.actor_id AND role IN ('target', 'beneficiary'))) AS fwd,
			(EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = old.event_id AND actor_id = o.actor_id AND role = 'source')
				AND EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = old.event_id AND actor_id = old.actor_id AND role IN ('target', 'beneficiary'))) AS back,
			(EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = old.event_id AND actor_id = old.actor_id AND role = 'participant')
				AND EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = old.event_id AND actor_id = o.actor_id AND role = 'participant')) AS joint
		FROM (SELECT DISTINCT actor_id FROM `event_participants` WHERE event_id = old.event_id AND actor_id <> old.actor_id) o
	) f
	WHERE e.id = old.event_id AND x.id = old.actor_id AND y.id = f.other AND (f.fwd OR f.back OR f.joint);
END;
--> statement-breakpoint
DROP TRIGGER `feed_quotes_ai`;
--> statement-breakpoint
CREATE TRIGGER `feed_quotes_ai` AFTER INSERT ON `quotes`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'quotes' AND d.mark < new.pk) BEGIN
	INSERT OR IGNORE INTO `feed_actor_quotes` (actor_pk, date_start, quote_pk)
	SELECT a.pk, coalesce(new.said_on_start, ''), new.pk FROM `actors` a WHERE a.id = new.speaker_id;
END;
--> statement-breakpoint
DROP TRIGGER `feed_quotes_au_speaker`;
--> statement-breakpoint
CREATE TRIGGER `feed_quotes_au_speaker` AFTER UPDATE OF speaker_id ON `quotes`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'quotes' AND d.mark < new.pk)
	AND (old.speaker_id IS NOT new.speaker_id) BEGIN
	DELETE FROM `feed_actor_quotes`
	WHERE quote_pk = new.pk AND actor_pk = (SELECT pk FROM `actors` WHERE id = old.speaker_id)
		AND NOT EXISTS (SELECT 1 FROM `quote_actors` WHERE quote_id = new.id AND actor_id = old.speaker_id);
	INSERT OR IGNORE INTO `feed_actor_quotes` (actor_pk, date_start, quote_pk)
	SELECT a.pk, coalesce(new.said_on_start, ''), new.pk FROM `actors` a WHERE a.id = new.speaker_id;
END;
--> statement-breakpoint
DROP TRIGGER `feed_quotes_au_date`;
--> statement-breakpoint
CREATE TRIGGER `feed_quotes_au_date` AFTER UPDATE OF said_on_start ON `quotes`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'quotes' AND d.mark < new.pk)
	AND (old.said_on_start IS NOT new.said_on_start) BEGIN
	UPDATE `feed_actor_quotes` SET date_start = coalesce(new.said_on_start, '') WHERE quote_pk = new.pk;
END;
--> statement-breakpoint
DROP TRIGGER `feed_quotes_bd`;
--> statement-breakpoint
CREATE TRIGGER `feed_quotes_bd` BEFORE DELETE ON `quotes`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'quotes' AND d.mark < old.pk) BEGIN
	DELETE FROM `feed_actor_quotes` WHERE quote_pk = old.pk;
END;
--> statement-breakpoint
DROP TRIGGER `feed_quote_actors_ai`;
--> statement-breakpoint
CREATE TRIGGER `feed_quote_actors_ai` AFTER INSERT ON `quote_actors`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d, `quotes` p WHERE d.tbl = 'quotes' AND p.id = new.quote_id AND p.pk > d.mark) BEGIN
	INSERT OR IGNORE INTO `feed_actor_quotes` (actor_pk, date_start, quote_pk)
	SELECT a.pk, coalesce(q.said_on_start, ''), q.pk FROM `actors` a, `quotes` q WHERE a.id = new.actor_id AND q.id = new.quote_id;
END;
--> statement-breakpoint
DROP TRIGGER `feed_quote_actors_ad`;
--> statement-breakpoint
CREATE TRIGGER `feed_quote_actors_ad` AFTER DELETE ON `quote_actors`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d, `quotes` p WHERE d.tbl = 'quotes' AND p.id = old.quote_id AND p.pk > d.mark) BEGIN
	DELETE FROM `feed_actor_quotes`
	WHERE quote_pk = (SELECT pk FROM `quotes` WHERE id = old.quote_id) AND actor_pk = (SELECT pk FROM `actors` WHERE id = old.actor_id)
		AND NOT EXISTS (SELECT 1 FROM `quotes` WHERE id = old.quote_id AND speaker_id = old.actor_id);
END;
--> statement-breakpoint
DROP TRIGGER `feed_quotes_ai_count`;
--> statement-breakpoint
CREATE TRIGGER `feed_quotes_ai_count` AFTER INSERT ON `quotes`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'quotes' AND d.mark < new.pk) BEGIN
	INSERT INTO `feed_quote_counts` (about_pk, speaker_pk, period, n)
	SELECT 0, a.pk, coalesce(substr(new.said_on, 1, 7), ''), 1 FROM `actors` a WHERE a.id = new.speaker_id
	ON CONFLICT (about_pk, speaker_pk, period) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
DROP TRIGGER `feed_quotes_au_count`;
--> statement-breakpoint
CREATE TRIGGER `feed_quotes_au_count` AFTER UPDATE OF speaker_id, said_on ON `quotes`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'quotes' AND d.mark < new.pk)
	AND (old.speaker_id IS NOT new.speaker_id OR coalesce(substr(old.said_on, 1, 7), '') IS NOT coalesce(substr(new.said_on, 1, 7), '')) BEGIN
	UPDATE `feed_quote_counts` SET n = n - 1
	WHERE about_pk IN (SELECT a.pk FROM `quote_actors` qa JOIN `actors` a ON a.id = qa.actor_id WHERE qa.quote_id = new.id UNION ALL SELECT 0)
		AND speaker_pk = (SELECT pk FROM `actors` WHERE id = old.speaker_id) AND period = coalesce(substr(old.said_on, 1, 7), '');
	INSERT INTO `feed_quote_counts` (about_pk, speaker_pk, period, n)
	SELECT about.pk, s.pk, coalesce(substr(new.said_on, 1, 7), ''), 1
	FROM (SELECT a.pk FROM `quote_actors` qa JOIN `actors` a ON a.id = qa.actor_id WHERE qa.quote_id = new.id UNION ALL SELECT 0) about, `actors` s
	WHERE s.id = new.speaker_id
	ON CONFLICT (about_pk, speaker_pk, period) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
DROP TRIGGER `feed_quotes_bd_count`;
--> statement-breakpoint
CREATE TRIGGER `feed_quotes_bd_count` BEFORE DELETE ON `quotes`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'quotes' AND d.mark < old.pk) BEGIN
	UPDATE `feed_quote_counts` SET n = n - 1
	WHERE about_pk IN (SELECT a.pk FROM `quote_actors` qa JOIN `actors` a ON a.id = qa.actor_id WHERE qa.quote_id = old.id UNION ALL SELECT 0)
		AND speaker_pk = (SELECT pk FROM `actors` WHERE id = old.speaker_id) AND period = coalesce(substr(old.said_on, 1, 7), '');
END;
--> statement-breakpoint
DROP TRIGGER `feed_quote_actors_ai_count`;
--> statement-breakpoint
CREATE TRIGGER `feed_quote_actors_ai_count` AFTER INSERT ON `quote_actors`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d, `quotes` p WHERE d.tbl = 'quotes' AND p.id = new.quote_id AND p.pk > d.mark) BEGIN
	INSERT INTO `feed_quote_counts` (about_pk, speaker_pk, period, n)
	SELECT a.pk, s.pk, coalesce(substr(q.said_on, 1, 7), ''), 1
	FROM `quotes` q, `actors` a, `actors` s WHERE q.id = new.quote_id AND a.id = new.actor_id AND s.id = q.speaker_id
	ON CONFLICT (about_pk, speaker_pk, period) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
DROP TRIGGER `feed_quote_actors_ad_count`;
--> statement-breakpoint
CREATE TRIGGER `feed_quote_actors_ad_count` AFTER DELETE ON `quote_actors`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d, `quotes` p WHERE d.tbl = 'quotes' AND p.id = old.quote_id AND p.pk > d.mark) BEGIN
	UPDATE `feed_quote_counts` SET n = n - 1
	WHERE (about_pk, speaker_pk, period) = (
		SELECT a.pk, s.pk, coalesce(substr(q.said_on, 1, 7), '')
		FROM `quotes` q, `actors` a, `actors` s WHERE q.id = old.quote_id AND a.id = old.actor_id AND s.id = q.speaker_id);
END;
