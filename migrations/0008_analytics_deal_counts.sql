-- Deals per actor, period and status, for /v1/stats?group_by=deal_status: a
-- party to thousands of deals is counted from a few rows, not a lookup per
-- deal. actor_pk 0 counts every deal; a period is the month (or year) of
-- first_reported_on, '' when it has none. Like the other feed_* tables it
-- holds nothing of its own: triggers keep it in step with deals and
-- deal_parties (test/deal-counts.test.ts checks it against a recomputation).
CREATE TABLE `feed_deal_counts` (
	`actor_pk` integer NOT NULL,
	`period` text NOT NULL,
	`status` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY (`actor_pk`, `period`, `status`)
) WITHOUT ROWID;
--> statement-breakpoint
-- A new deal counts overall; its parties, written after it, count for themselves.
CREATE TRIGGER `feed_deal_counts_deals_ai` AFTER INSERT ON `deals` BEGIN
	INSERT INTO `feed_deal_counts` (actor_pk, period, status, n)
	VALUES (0, coalesce(substr(new.first_reported_on, 1, 7), ''), new.status, 1)
	ON CONFLICT (actor_pk, period, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
-- A new status or date moves one count, overall and for each party, from the old key to the new.
CREATE TRIGGER `feed_deal_counts_deals_au` AFTER UPDATE OF status, first_reported_on ON `deals`
WHEN old.status IS NOT new.status OR coalesce(substr(old.first_reported_on, 1, 7), '') IS NOT coalesce(substr(new.first_reported_on, 1, 7), '') BEGIN
	UPDATE `feed_deal_counts` SET n = n - 1
	WHERE actor_pk IN (SELECT a.pk FROM `deal_parties` dp JOIN `actors` a ON a.id = dp.actor_id WHERE dp.deal_id = new.id UNION ALL SELECT 0)
		AND period = coalesce(substr(old.first_reported_on, 1, 7), '') AND status = old.status;
	INSERT INTO `feed_deal_counts` (actor_pk, period, status, n)
	SELECT pk, coalesce(substr(new.first_reported_on, 1, 7), ''), new.status, 1
	FROM (SELECT a.pk FROM `deal_parties` dp JOIN `actors` a ON a.id = dp.actor_id WHERE dp.deal_id = new.id UNION ALL SELECT 0) WHERE true
	ON CONFLICT (actor_pk, period, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
-- Runs before the row goes, while its parties are still there (they cascade);
-- the party trigger then finds no deal and counts nothing.
CREATE TRIGGER `feed_deal_counts_deals_bd` BEFORE DELETE ON `deals` BEGIN
	UPDATE `feed_deal_counts` SET n = n - 1
	WHERE actor_pk IN (SELECT a.pk FROM `deal_parties` dp JOIN `actors` a ON a.id = dp.actor_id WHERE dp.deal_id = old.id UNION ALL SELECT 0)
		AND period = coalesce(substr(old.first_reported_on, 1, 7), '') AND status = old.status;
END;
--> statement-breakpoint
CREATE TRIGGER `feed_deal_counts_parties_ai` AFTER INSERT ON `deal_parties` BEGIN
	INSERT INTO `feed_deal_counts` (actor_pk, period, status, n)
	SELECT a.pk, coalesce(substr(d.first_reported_on, 1, 7), ''), d.status, 1
	FROM `deals` d, `actors` a WHERE d.id = new.deal_id AND a.id = new.actor_id
	ON CONFLICT (actor_pk, period, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `feed_deal_counts_parties_ad` AFTER DELETE ON `deal_parties` BEGIN
	UPDATE `feed_deal_counts` SET n = n - 1
	WHERE (actor_pk, period, status) = (
		SELECT a.pk, coalesce(substr(d.first_reported_on, 1, 7), ''), d.status
		FROM `deals` d, `actors` a WHERE d.id = old.deal_id AND a.id = old.actor_id);
END;
--> statement-breakpoint
-- A party row pointed at another deal or actor: out of the old, into the new.
CREATE TRIGGER `feed_deal_counts_parties_au` AFTER UPDATE OF deal_id, actor_id ON `deal_parties`
WHEN old.deal_id IS NOT new.deal_id OR old.actor_id IS NOT new.actor_id BEGIN
	UPDATE `feed_deal_counts` SET n = n - 1
	WHERE (actor_pk, period, status) = (
		SELECT a.pk, coalesce(substr(d.first_reported_on, 1, 7), ''), d.status
		FROM `deals` d, `actors` a WHERE d.id = old.deal_id AND a.id = old.actor_id);
	INSERT INTO `feed_deal_counts` (actor_pk, period, status, n)
	SELECT a.pk, coalesce(substr(d.first_reported_on, 1, 7), ''), d.status, 1
	FROM `deals` d, `actors` a WHERE d.id = new.deal_id AND a.id = new.actor_id
	ON CONFLICT (actor_pk, period, status) DO UPDATE SET n = n + 1;
END;
--> statement-breakpoint
-- Existing data.
INSERT INTO `feed_deal_counts` (actor_pk, period, status, n)
SELECT 0, coalesce(substr(first_reported_on, 1, 7), ''), status, count(*) FROM `deals` GROUP BY 2, 3;
--> statement-breakpoint
INSERT INTO `feed_deal_counts` (actor_pk, period, status, n)
SELECT a.pk, coalesce(substr(d.first_reported_on, 1, 7), ''), d.status, count(*)
FROM `deal_parties` dp JOIN `deals` d ON d.id = dp.deal_id JOIN `actors` a ON a.id = dp.actor_id
GROUP BY 1, 2, 3;
