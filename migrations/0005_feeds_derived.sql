-- Derived tables behind the dashboard feeds (timeline, network, dyads, stats).
-- They hold nothing of their own: triggers keep them in step with events,
-- participants, quotes and quote subjects inside every write transaction, so a
-- rolled-back write leaves them untouched and every write path (API, importer,
-- raw SQL) is covered. Like the FTS tables they live outside drizzle-kit's
-- schema: they are WITHOUT ROWID tables keyed for one access path each.
-- Actors, events and quotes are referred to by their integer `pk` to keep the
-- rows small. A fuzzy date's first day is stored as '' when the record is
-- undated (a primary key column cannot be NULL); a period is 'YYYY-MM' for a
-- month- or day-precise date, 'YYYY' for a year-precise one, '' when undated.

-- One row per (actor, event) the actor takes part in, whatever its roles:
-- an actor's events in date order from one index range.
CREATE TABLE `feed_actor_events` (
	`actor_pk` integer NOT NULL,
	`date_start` text NOT NULL,
	`event_pk` integer NOT NULL,
	PRIMARY KEY (`actor_pk`, `date_start`, `event_pk`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `feed_actor_events_event_idx` ON `feed_actor_events` (`event_pk`, `actor_pk`);
--> statement-breakpoint
-- One row per (actor, quote) where the actor is the speaker or a subject.
CREATE TABLE `feed_actor_quotes` (
	`actor_pk` integer NOT NULL,
	`date_start` text NOT NULL,
	`quote_pk` integer NOT NULL,
	PRIMARY KEY (`actor_pk`, `date_start`, `quote_pk`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `feed_actor_quotes_quote_idx` ON `feed_actor_quotes` (`quote_pk`, `actor_pk`);
--> statement-breakpoint
-- Event counts per actor, period and category; actor_pk 0 counts every event.
CREATE TABLE `feed_activity` (
	`actor_pk` integer NOT NULL,
	`period` text NOT NULL,
	`category` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY (`actor_pk`, `period`, `category`)
) WITHOUT ROWID;
--> statement-breakpoint
-- The most active actors within a range of periods, or in some categories.
CREATE INDEX `feed_activity_period_idx` ON `feed_activity` (`period`, `category`, `actor_pk`, `n`);
--> statement-breakpoint
CREATE INDEX `feed_activity_category_idx` ON `feed_activity` (`category`, `actor_pk`, `n`);
--> statement-breakpoint
-- Events per actor over all time: the most active actors from one index.
CREATE TABLE `feed_actor_totals` (
	`actor_pk` integer PRIMARY KEY NOT NULL,
	`n` integer NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `feed_actor_totals_n_idx` ON `feed_actor_totals` (`n`, `actor_pk`);
--> statement-breakpoint
-- One row per event and unordered pair of its actors (a_pk < b_pk) that face
-- each other in it. dir: bit 1 = a is a source and b a target or beneficiary,
-- bit 2 = the reverse, bit 4 = both take part with the role `participant`.
-- Keyed so one pair's events group by period, category and mode in index order.
CREATE TABLE `feed_dyads` (
	`a_pk` integer NOT NULL,
	`b_pk` integer NOT NULL,
	`period` text NOT NULL,
	`category` text NOT NULL,
	`mode` text NOT NULL,
	`status` text NOT NULL,
	`event_pk` integer NOT NULL,
	`dir` integer NOT NULL,
	PRIMARY KEY (`a_pk`, `b_pk`, `period`, `category`, `mode`, `status`, `event_pk`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `feed_dyads_event_idx` ON `feed_dyads` (`event_pk`);
--> statement-breakpoint
-- One row per (actor, status change) that concerns the actor: changes of a deal
-- it is a party to and of that deal's terms, and of terms it would carry out
-- or gain from. Changes of deleted deals and terms are left out.
CREATE TABLE `feed_actor_status` (
	`actor_pk` integer NOT NULL,
	`date_start` text NOT NULL,
	`status_id` integer NOT NULL,
	PRIMARY KEY (`actor_pk`, `date_start`, `status_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `feed_actor_status_status_idx` ON `feed_actor_status` (`status_id`, `actor_pk`);
--> statement-breakpoint
-- Quote counts per subject, speaker and period; about_pk 0 counts every quote.
CREATE TABLE `feed_quote_counts` (
	`about_pk` integer NOT NULL,
	`speaker_pk` integer NOT NULL,
	`period` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY (`about_pk`, `speaker_pk`, `period`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `feed_quote_counts_period_idx` ON `feed_quote_counts` (`about_pk`, `period`, `speaker_pk`, `n`);
--> statement-breakpoint
-- Quotes per subject and speaker over all time: the most quoted speakers from one index.
CREATE TABLE `feed_speaker_totals` (
	`about_pk` integer NOT NULL,
	`speaker_pk` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY (`about_pk`, `speaker_pk`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `feed_speaker_totals_n_idx` ON `feed_speaker_totals` (`about_pk`, `n`, `speaker_pk`);
--> statement-breakpoint
-- Events: the tally of every event.
CREATE TRIGGER `feed_events_ai` AFTER INSERT ON `events` BEGIN
	INSERT INTO `feed_activity` (actor_pk, period, category, n)
	VALUES (0, coalesce(substr(new.occurred_on, 1, 7), ''), new.category, 1)
	ON CONFLICT (actor_pk, period, category) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
-- A new date moves the event in each of its actors' date order.
CREATE TRIGGER `feed_events_au_date` AFTER UPDATE OF span_start ON `events`
WHEN old.span_start IS NOT new.span_start BEGIN
	UPDATE `feed_actor_events` SET date_start = coalesce(new.span_start, '') WHERE event_pk = new.pk;
END;
--> statement-breakpoint
-- A new period or category moves one count, per actor and overall, from the old key to the new.
CREATE TRIGGER `feed_events_au_tally` AFTER UPDATE OF occurred_on, category ON `events`
WHEN coalesce(substr(old.occurred_on, 1, 7), '') IS NOT coalesce(substr(new.occurred_on, 1, 7), '') OR old.category IS NOT new.category BEGIN
	UPDATE `feed_activity` SET n = n - 1
	WHERE actor_pk IN (SELECT actor_pk FROM `feed_actor_events` WHERE event_pk = new.pk UNION ALL SELECT 0)
		AND period = coalesce(substr(old.occurred_on, 1, 7), '') AND category = old.category;
	INSERT INTO `feed_activity` (actor_pk, period, category, n)
	SELECT actor_pk, coalesce(substr(new.occurred_on, 1, 7), ''), new.category, 1
	FROM (SELECT actor_pk FROM `feed_actor_events` WHERE event_pk = new.pk UNION ALL SELECT 0) WHERE true
	ON CONFLICT (actor_pk, period, category) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `feed_events_au_dyads` AFTER UPDATE OF occurred_on, category, mode, status ON `events`
WHEN coalesce(substr(old.occurred_on, 1, 7), '') IS NOT coalesce(substr(new.occurred_on, 1, 7), '')
	OR old.category IS NOT new.category OR old.mode IS NOT new.mode OR old.status IS NOT new.status BEGIN
	UPDATE `feed_dyads` SET period = coalesce(substr(new.occurred_on, 1, 7), ''), category = new.category,
		mode = coalesce(new.mode, ''), status = new.status
	WHERE event_pk = new.pk;
END;
--> statement-breakpoint
-- Runs before the row goes, while its participants may still be there (a
-- cascading delete); the participant triggers then find nothing left to count.
CREATE TRIGGER `feed_events_bd` BEFORE DELETE ON `events` BEGIN
	UPDATE `feed_activity` SET n = n - 1
	WHERE actor_pk IN (SELECT actor_pk FROM `feed_actor_events` WHERE event_pk = old.pk UNION ALL SELECT 0)
		AND period = coalesce(substr(old.occurred_on, 1, 7), '') AND category = old.category;
	DELETE FROM `feed_actor_events` WHERE event_pk = old.pk;
	DELETE FROM `feed_dyads` WHERE event_pk = old.pk;
END;
--> statement-breakpoint
-- Participants: the first role an actor takes in an event makes it one of the actor's events.
CREATE TRIGGER `feed_participants_ai` AFTER INSERT ON `event_participants`
WHEN NOT EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = new.event_id AND actor_id = new.actor_id AND role <> new.role) BEGIN
	INSERT OR IGNORE INTO `feed_actor_events` (actor_pk, date_start, event_pk)
	SELECT a.pk, coalesce(e.span_start, ''), e.pk FROM `actors` a, `events` e WHERE a.id = new.actor_id AND e.id = new.event_id;
	INSERT INTO `feed_activity` (actor_pk, period, category, n)
	SELECT a.pk, coalesce(substr(e.occurred_on, 1, 7), ''), e.category, 1
	FROM `actors` a, `events` e WHERE a.id = new.actor_id AND e.id = new.event_id
	ON CONFLICT (actor_pk, period, category) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
-- The last role an actor had in an event goes: the event is no longer the actor's.
CREATE TRIGGER `feed_participants_ad` AFTER DELETE ON `event_participants`
WHEN NOT EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = old.event_id AND actor_id = old.actor_id) BEGIN
	UPDATE `feed_activity` SET n = n - 1
	WHERE (actor_pk, period, category) = (
		SELECT a.pk, coalesce(substr(e.occurred_on, 1, 7), ''), e.category
		FROM `actors` a, `events` e, `feed_actor_events` f
		WHERE a.id = old.actor_id AND e.id = old.event_id AND f.event_pk = e.pk AND f.actor_pk = a.pk);
	DELETE FROM `feed_actor_events`
	WHERE event_pk = (SELECT pk FROM `events` WHERE id = old.event_id) AND actor_pk = (SELECT pk FROM `actors` WHERE id = old.actor_id);
END;
--> statement-breakpoint
-- Any change to an actor's roles in an event recomputes that actor's pairs in it.
-- Its first role can only add pairs, and only when someone else is there already.
CREATE TRIGGER `feed_participants_dyads_ai_first` AFTER INSERT ON `event_participants`
WHEN NOT EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = new.event_id AND actor_id = new.actor_id AND role <> new.role)
	AND EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = new.event_id AND actor_id <> new.actor_id) BEGIN
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
CREATE TRIGGER `feed_participants_dyads_ai_more` AFTER INSERT ON `event_participants`
WHEN EXISTS (SELECT 1 FROM `event_participants` WHERE event_id = new.event_id AND actor_id = new.actor_id AND role <> new.role) BEGIN
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
CREATE TRIGGER `feed_participants_dyads_ad` AFTER DELETE ON `event_participants` BEGIN
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
-- Quotes: the speaker's row, kept at the quote's date.
CREATE TRIGGER `feed_quotes_ai` AFTER INSERT ON `quotes` BEGIN
	INSERT OR IGNORE INTO `feed_actor_quotes` (actor_pk, date_start, quote_pk)
	SELECT a.pk, coalesce(new.said_on_start, ''), new.pk FROM `actors` a WHERE a.id = new.speaker_id;
END;
--> statement-breakpoint
CREATE TRIGGER `feed_quotes_au_speaker` AFTER UPDATE OF speaker_id ON `quotes`
WHEN old.speaker_id IS NOT new.speaker_id BEGIN
	DELETE FROM `feed_actor_quotes`
	WHERE quote_pk = new.pk AND actor_pk = (SELECT pk FROM `actors` WHERE id = old.speaker_id)
		AND NOT EXISTS (SELECT 1 FROM `quote_actors` WHERE quote_id = new.id AND actor_id = old.speaker_id);
	INSERT OR IGNORE INTO `feed_actor_quotes` (actor_pk, date_start, quote_pk)
	SELECT a.pk, coalesce(new.said_on_start, ''), new.pk FROM `actors` a WHERE a.id = new.speaker_id;
END;
--> statement-breakpoint
CREATE TRIGGER `feed_quotes_au_date` AFTER UPDATE OF said_on_start ON `quotes`
WHEN old.said_on_start IS NOT new.said_on_start BEGIN
	UPDATE `feed_actor_quotes` SET date_start = coalesce(new.said_on_start, '') WHERE quote_pk = new.pk;
END;
--> statement-breakpoint
CREATE TRIGGER `feed_quotes_bd` BEFORE DELETE ON `quotes` BEGIN
	DELETE FROM `feed_actor_quotes` WHERE quote_pk = old.pk;
END;
--> statement-breakpoint
CREATE TRIGGER `feed_quote_actors_ai` AFTER INSERT ON `quote_actors` BEGIN
	INSERT OR IGNORE INTO `feed_actor_quotes` (actor_pk, date_start, quote_pk)
	SELECT a.pk, coalesce(q.said_on_start, ''), q.pk FROM `actors` a, `quotes` q WHERE a.id = new.actor_id AND q.id = new.quote_id;
END;
--> statement-breakpoint
CREATE TRIGGER `feed_quote_actors_ad` AFTER DELETE ON `quote_actors` BEGIN
	DELETE FROM `feed_actor_quotes`
	WHERE quote_pk = (SELECT pk FROM `quotes` WHERE id = old.quote_id) AND actor_pk = (SELECT pk FROM `actors` WHERE id = old.actor_id)
		AND NOT EXISTS (SELECT 1 FROM `quotes` WHERE id = old.quote_id AND speaker_id = old.actor_id);
END;
--> statement-breakpoint
-- Totals follow the counts they sum.
CREATE TRIGGER `feed_activity_ai` AFTER INSERT ON `feed_activity` WHEN new.actor_pk > 0 BEGIN
	INSERT INTO `feed_actor_totals` (actor_pk, n) VALUES (new.actor_pk, new.n)
	ON CONFLICT (actor_pk) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `feed_activity_au` AFTER UPDATE OF n ON `feed_activity` WHEN new.actor_pk > 0 BEGIN
	UPDATE `feed_actor_totals` SET n = n + new.n - old.n WHERE actor_pk = new.actor_pk;
END;
--> statement-breakpoint
CREATE TRIGGER `feed_quote_counts_ai` AFTER INSERT ON `feed_quote_counts` BEGIN
	INSERT INTO `feed_speaker_totals` (about_pk, speaker_pk, n) VALUES (new.about_pk, new.speaker_pk, new.n)
	ON CONFLICT (about_pk, speaker_pk) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `feed_quote_counts_au` AFTER UPDATE OF n ON `feed_quote_counts` BEGIN
	UPDATE `feed_speaker_totals` SET n = n + new.n - old.n WHERE about_pk = new.about_pk AND speaker_pk = new.speaker_pk;
END;
--> statement-breakpoint
-- Status changes: who they concern, kept at the date they happened.
CREATE TRIGGER `feed_status_ai` AFTER INSERT ON `status_history` BEGIN
	INSERT OR IGNORE INTO `feed_actor_status` (actor_pk, date_start, status_id)
	SELECT a.pk, coalesce(new.changed_on_start, ''), new.id FROM `actors` a
	WHERE a.id IN (SELECT actor_id FROM `deal_parties` WHERE deal_id = new.subject_id
		UNION SELECT dp.actor_id FROM `deal_terms` t JOIN `deal_parties` dp ON dp.deal_id = t.deal_id WHERE t.id = new.subject_id
		UNION SELECT obligor_id FROM `deal_terms` WHERE id = new.subject_id AND obligor_id IS NOT NULL
		UNION SELECT beneficiary_id FROM `deal_terms` WHERE id = new.subject_id AND beneficiary_id IS NOT NULL);
END;
--> statement-breakpoint
CREATE TRIGGER `feed_status_au_date` AFTER UPDATE OF changed_on_start ON `status_history`
WHEN old.changed_on_start IS NOT new.changed_on_start BEGIN
	UPDATE `feed_actor_status` SET date_start = coalesce(new.changed_on_start, '') WHERE status_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `feed_status_ad` AFTER DELETE ON `status_history` BEGIN
	DELETE FROM `feed_actor_status` WHERE status_id = old.id;
END;
--> statement-breakpoint
-- A new party is concerned by every change of the deal and its terms.
CREATE TRIGGER `feed_deal_parties_ai` AFTER INSERT ON `deal_parties` BEGIN
	INSERT OR IGNORE INTO `feed_actor_status` (actor_pk, date_start, status_id)
	SELECT a.pk, coalesce(s.changed_on_start, ''), s.id FROM `actors` a, `status_history` s
	WHERE a.id = new.actor_id AND s.subject_id IN (SELECT new.deal_id UNION ALL SELECT id FROM `deal_terms` WHERE deal_id = new.deal_id);
END;
--> statement-breakpoint
-- A party that leaves stays concerned only by the terms it would carry out or gain from.
CREATE TRIGGER `feed_deal_parties_ad` AFTER DELETE ON `deal_parties` BEGIN
	DELETE FROM `feed_actor_status`
	WHERE actor_pk = (SELECT pk FROM `actors` WHERE id = old.actor_id)
		AND status_id IN (SELECT id FROM `status_history` WHERE subject_id IN (
			SELECT old.deal_id UNION ALL
			SELECT id FROM `deal_terms` WHERE deal_id = old.deal_id AND obligor_id IS NOT old.actor_id AND beneficiary_id IS NOT old.actor_id));
END;
--> statement-breakpoint
CREATE TRIGGER `feed_terms_au` AFTER UPDATE OF deal_id, obligor_id, beneficiary_id ON `deal_terms`
WHEN old.deal_id IS NOT new.deal_id OR old.obligor_id IS NOT new.obligor_id OR old.beneficiary_id IS NOT new.beneficiary_id BEGIN
	DELETE FROM `feed_actor_status` WHERE status_id IN (SELECT id FROM `status_history` WHERE subject_id = new.id);
	INSERT OR IGNORE INTO `feed_actor_status` (actor_pk, date_start, status_id)
	SELECT a.pk, coalesce(s.changed_on_start, ''), s.id FROM `status_history` s, `actors` a
	WHERE s.subject_id = new.id AND a.id IN (SELECT actor_id FROM `deal_parties` WHERE deal_id = new.id
		UNION SELECT dp.actor_id FROM `deal_terms` t JOIN `deal_parties` dp ON dp.deal_id = t.deal_id WHERE t.id = new.id
		UNION SELECT obligor_id FROM `deal_terms` WHERE id = new.id AND obligor_id IS NOT NULL
		UNION SELECT beneficiary_id FROM `deal_terms` WHERE id = new.id AND beneficiary_id IS NOT NULL);
END;
--> statement-breakpoint
CREATE TRIGGER `feed_terms_bd` BEFORE DELETE ON `deal_terms` BEGIN
	DELETE FROM `feed_actor_status` WHERE status_id IN (SELECT id FROM `status_history` WHERE subject_id = old.id);
END;
--> statement-breakpoint
CREATE TRIGGER `feed_deals_bd` BEFORE DELETE ON `deals` BEGIN
	DELETE FROM `feed_actor_status` WHERE status_id IN (SELECT id FROM `status_history` WHERE subject_id = old.id);
END;
--> statement-breakpoint
-- Quote counts: a quote counts for its speaker (about_pk 0) and for each actor it is about.
CREATE TRIGGER `feed_quotes_ai_count` AFTER INSERT ON `quotes` BEGIN
	INSERT INTO `feed_quote_counts` (about_pk, speaker_pk, period, n)
	SELECT 0, a.pk, coalesce(substr(new.said_on, 1, 7), ''), 1 FROM `actors` a WHERE a.id = new.speaker_id
	ON CONFLICT (about_pk, speaker_pk, period) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `feed_quotes_au_count` AFTER UPDATE OF speaker_id, said_on ON `quotes`
WHEN old.speaker_id IS NOT new.speaker_id OR coalesce(substr(old.said_on, 1, 7), '') IS NOT coalesce(substr(new.said_on, 1, 7), '') BEGIN
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
-- Before the row goes, while its subjects may still be listed (a cascading delete);
-- the subject trigger then finds no quote and counts nothing.
CREATE TRIGGER `feed_quotes_bd_count` BEFORE DELETE ON `quotes` BEGIN
	UPDATE `feed_quote_counts` SET n = n - 1
	WHERE about_pk IN (SELECT a.pk FROM `quote_actors` qa JOIN `actors` a ON a.id = qa.actor_id WHERE qa.quote_id = old.id UNION ALL SELECT 0)
		AND speaker_pk = (SELECT pk FROM `actors` WHERE id = old.speaker_id) AND period = coalesce(substr(old.said_on, 1, 7), '');
END;
--> statement-breakpoint
CREATE TRIGGER `feed_quote_actors_ai_count` AFTER INSERT ON `quote_actors` BEGIN
	INSERT INTO `feed_quote_counts` (about_pk, speaker_pk, period, n)
	SELECT a.pk, s.pk, coalesce(substr(q.said_on, 1, 7), ''), 1
	FROM `quotes` q, `actors` a, `actors` s WHERE q.id = new.quote_id AND a.id = new.actor_id AND s.id = q.speaker_id
	ON CONFLICT (about_pk, speaker_pk, period) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `feed_quote_actors_ad_count` AFTER DELETE ON `quote_actors` BEGIN
	UPDATE `feed_quote_counts` SET n = n - 1
	WHERE (about_pk, speaker_pk, period) = (
		SELECT a.pk, s.pk, coalesce(substr(q.said_on, 1, 7), '')
		FROM `quotes` q, `actors` a, `actors` s WHERE q.id = old.quote_id AND a.id = old.actor_id AND s.id = q.speaker_id);
END;
--> statement-breakpoint
-- Existing data, for databases created before this migration.
INSERT INTO `feed_actor_events` (actor_pk, date_start, event_pk)
SELECT DISTINCT a.pk, coalesce(e.span_start, ''), e.pk
FROM `event_participants` p JOIN `actors` a ON a.id = p.actor_id JOIN `events` e ON e.id = p.event_id;
--> statement-breakpoint
INSERT INTO `feed_activity` (actor_pk, period, category, n)
SELECT 0, coalesce(substr(occurred_on, 1, 7), ''), category, count(*) FROM `events` GROUP BY 2, 3;
--> statement-breakpoint
INSERT INTO `feed_activity` (actor_pk, period, category, n)
SELECT f.actor_pk, coalesce(substr(e.occurred_on, 1, 7), ''), e.category, count(*)
FROM `feed_actor_events` f JOIN `events` e ON e.pk = f.event_pk GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO `feed_dyads` (a_pk, b_pk, period, category, mode, status, event_pk, dir)
SELECT x.a_pk, x.b_pk, coalesce(substr(e.occurred_on, 1, 7), ''), e.category, coalesce(e.mode, ''), e.status, e.pk, x.dir
FROM (
	SELECT p.event_id,
		min(ax.pk, ay.pk) AS a_pk, max(ax.pk, ay.pk) AS b_pk,
		max(CASE WHEN p.role = 'source' AND q.role IN ('target', 'beneficiary') THEN (CASE WHEN ax.pk < ay.pk THEN 1 ELSE 2 END) ELSE 0 END)
			| max(CASE WHEN q.role = 'source' AND p.role IN ('target', 'beneficiary') THEN (CASE WHEN ax.pk < ay.pk THEN 2 ELSE 1 END) ELSE 0 END)
			| max(CASE WHEN p.role = 'participant' AND q.role = 'participant' THEN 4 ELSE 0 END) AS dir
	FROM `event_participants` p
	JOIN `event_participants` q ON q.event_id = p.event_id AND q.actor_id > p.actor_id
	JOIN `actors` ax ON ax.id = p.actor_id
	JOIN `actors` ay ON ay.id = q.actor_id
	GROUP BY p.event_id, p.actor_id, q.actor_id
) x JOIN `events` e ON e.id = x.event_id
WHERE x.dir <> 0;
--> statement-breakpoint
INSERT OR IGNORE INTO `feed_actor_quotes` (actor_pk, date_start, quote_pk)
SELECT a.pk, coalesce(q.said_on_start, ''), q.pk FROM `quotes` q JOIN `actors` a ON a.id = q.speaker_id
UNION
SELECT a.pk, coalesce(q.said_on_start, ''), q.pk FROM `quote_actors` qa JOIN `quotes` q ON q.id = qa.quote_id JOIN `actors` a ON a.id = qa.actor_id;
--> statement-breakpoint
INSERT OR IGNORE INTO `feed_actor_status` (actor_pk, date_start, status_id)
SELECT a.pk, coalesce(s.changed_on_start, ''), s.id
FROM `status_history` s JOIN `deal_parties` dp ON dp.deal_id = s.subject_id JOIN `actors` a ON a.id = dp.actor_id
UNION
SELECT a.pk, coalesce(s.changed_on_start, ''), s.id
FROM `status_history` s JOIN `deal_terms` t ON t.id = s.subject_id JOIN `deal_parties` dp ON dp.deal_id = t.deal_id JOIN `actors` a ON a.id = dp.actor_id
UNION
SELECT a.pk, coalesce(s.changed_on_start, ''), s.id
FROM `status_history` s JOIN `deal_terms` t ON t.id = s.subject_id JOIN `actors` a ON a.id IN (t.obligor_id, t.beneficiary_id);
--> statement-breakpoint
INSERT INTO `feed_quote_counts` (about_pk, speaker_pk, period, n)
SELECT 0, s.pk, coalesce(substr(q.said_on, 1, 7), ''), count(*) FROM `quotes` q JOIN `actors` s ON s.id = q.speaker_id GROUP BY 2, 3;
--> statement-breakpoint
INSERT INTO `feed_quote_counts` (about_pk, speaker_pk, period, n)
SELECT a.pk, s.pk, coalesce(substr(q.said_on, 1, 7), ''), count(*)
FROM `quote_actors` qa JOIN `quotes` q ON q.id = qa.quote_id JOIN `actors` a ON a.id = qa.actor_id JOIN `actors` s ON s.id = q.speaker_id
GROUP BY 1, 2, 3;
