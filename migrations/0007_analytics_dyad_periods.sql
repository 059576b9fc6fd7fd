-- feed_dyads summed per pair of actors, period and event status: a dyad's
-- series reads one row per period and status instead of one per event (a busy
-- pair has tens of thousands of events over a few hundred periods). Like the
-- other feed_* tables it holds nothing of its own: triggers on feed_dyads keep
-- it equal to feed_dyads summed.
--
-- The quad classes and scores are src/domain/intensity.ts in tenths, written
-- out by src/repositories/dyad-sums.ts (quadSql, scoreTenthsSql):
-- test/dyad-periods.test.ts holds these triggers to the module for every
-- category and mode, so changing a score takes a migration that rewrites them
-- and recomputes this table.
--
-- events: how many; then how many per quad class; score_tenths: the sum of
-- their intensity scores times ten (whole numbers add up exactly); a_to_b,
-- b_to_a, joint: how many have dir bit 1, 2 and 4 (see feed_dyads).
CREATE TABLE `feed_dyad_periods` (
	`a_pk` integer NOT NULL,
	`b_pk` integer NOT NULL,
	`period` text NOT NULL,
	`status` text NOT NULL,
	`events` integer NOT NULL,
	`verbal_cooperation` integer NOT NULL,
	`material_cooperation` integer NOT NULL,
	`verbal_conflict` integer NOT NULL,
	`material_conflict` integer NOT NULL,
	`score_tenths` integer NOT NULL,
	`a_to_b` integer NOT NULL,
	`b_to_a` integer NOT NULL,
	`joint` integer NOT NULL,
	PRIMARY KEY (`a_pk`, `b_pk`, `period`, `status`)
) WITHOUT ROWID;
--> statement-breakpoint
-- A new pair row adds itself: one upsert, the cost a create pays.
CREATE TRIGGER `feed_dyads_ai` AFTER INSERT ON `feed_dyads` BEGIN
	INSERT INTO `feed_dyad_periods` (a_pk, b_pk, period, status, events, verbal_cooperation, material_cooperation, verbal_conflict, material_conflict, score_tenths, a_to_b, b_to_a, joint)
	VALUES (new.a_pk, new.b_pk, new.period, new.status, 1, CASE new.category WHEN 'AGREE' THEN 1 WHEN 'CONSULT' THEN 1 WHEN 'SUPPORT' THEN 1 WHEN 'CONCEDE' THEN 1 ELSE 0 END, CASE new.category WHEN 'COOPERATE' THEN 1 WHEN 'AID' THEN 1 WHEN 'RETREAT' THEN 1 ELSE 0 END, CASE new.category WHEN 'REQUEST' THEN 1 WHEN 'ACCUSE' THEN 1 WHEN 'REJECT' THEN 1 WHEN 'THREATEN' THEN 1 ELSE 0 END, CASE new.category WHEN 'PROTEST' THEN 1 WHEN 'SANCTION' THEN 1 WHEN 'MOBILIZE' THEN 1 WHEN 'COERCE' THEN 1 WHEN 'ASSAULT' THEN 1 ELSE 0 END,
		CASE new.category WHEN 'AGREE' THEN 42 WHEN 'CONSULT' THEN CASE new.mode WHEN 'phone' THEN 10 WHEN 'visit' THEN 28 WHEN 'third-party' THEN 25 WHEN 'multilateral' THEN 25 ELSE 21 END WHEN 'SUPPORT' THEN 46 WHEN 'CONCEDE' THEN 50 WHEN 'COOPERATE' THEN 68 WHEN 'AID' THEN 74 WHEN 'RETREAT' THEN CASE new.mode WHEN 'release' THEN 70 WHEN 'withdraw' THEN 75 WHEN 'disarm' THEN 80 WHEN 'ceasefire' THEN 90 WHEN 'access' THEN 65 WHEN 'resign' THEN 50 ELSE 76 END WHEN 'REQUEST' THEN CASE new.mode WHEN 'assist' THEN -30 WHEN 'meet' THEN -30 WHEN 'change' THEN -50 WHEN 'yield' THEN -50 ELSE -50 END WHEN 'ACCUSE' THEN CASE new.mode WHEN 'disapprove' THEN -20 WHEN 'investigate' THEN -20 WHEN 'allege' THEN -30 ELSE -20 END WHEN 'REJECT' THEN CASE new.mode WHEN 'assist' THEN -40 WHEN 'meet' THEN -45 WHEN 'change' THEN -40 WHEN 'yield' THEN -50 ELSE -42 END WHEN 'THREATEN' THEN -51 WHEN 'PROTEST' THEN -66 WHEN 'SANCTION' THEN CASE new.mode WHEN 'convict' THEN -50 WHEN 'expel' THEN -60 WHEN 'withdraw' THEN -45 WHEN 'discontinue' THEN -55 ELSE -52 END WHEN 'MOBILIZE' THEN -53 WHEN 'COERCE' THEN -72 WHEN 'ASSAULT' THEN -93 END,
		(new.dir & 1) > 0, (new.dir & 2) > 0, (new.dir & 4) > 0)
	ON CONFLICT (a_pk, b_pk, period, status) DO UPDATE SET events = events + excluded.events,
		verbal_cooperation = verbal_cooperation + excluded.verbal_cooperation, material_cooperation = material_cooperation + excluded.material_cooperation,
		verbal_conflict = verbal_conflict + excluded.verbal_conflict, material_conflict = material_conflict + excluded.material_conflict,
		score_tenths = score_tenths + excluded.score_tenths, a_to_b = a_to_b + excluded.a_to_b, b_to_a = b_to_a + excluded.b_to_a, joint = joint + excluded.joint;
END;
--> statement-breakpoint
-- A pair row that goes or changes: its groups are summed again from
-- feed_dyads (one index range each), so no group is left at zero or drifts.
CREATE TRIGGER `feed_dyads_ad` AFTER DELETE ON `feed_dyads` BEGIN
	DELETE FROM `feed_dyad_periods` WHERE a_pk = old.a_pk AND b_pk = old.b_pk AND period = old.period AND status = old.status;
	INSERT INTO `feed_dyad_periods` (a_pk, b_pk, period, status, events, verbal_cooperation, material_cooperation, verbal_conflict, material_conflict, score_tenths, a_to_b, b_to_a, joint)
	SELECT d.a_pk, d.b_pk, d.period, d.status, count(*) AS events, sum(CASE d.category WHEN 'AGREE' THEN 1 WHEN 'CONSULT' THEN 1 WHEN 'SUPPORT' THEN 1 WHEN 'CONCEDE' THEN 1 ELSE 0 END) AS verbal_cooperation, sum(CASE d.category WHEN 'COOPERATE' THEN 1 WHEN 'AID' THEN 1 WHEN 'RETREAT' THEN 1 ELSE 0 END) AS material_cooperation, sum(CASE d.category WHEN 'REQUEST' THEN 1 WHEN 'ACCUSE' THEN 1 WHEN 'REJECT' THEN 1 WHEN 'THREATEN' THEN 1 ELSE 0 END) AS verbal_conflict, sum(CASE d.category WHEN 'PROTEST' THEN 1 WHEN 'SANCTION' THEN 1 WHEN 'MOBILIZE' THEN 1 WHEN 'COERCE' THEN 1 WHEN 'ASSAULT' THEN 1 ELSE 0 END) AS material_conflict, sum(CASE d.category WHEN 'AGREE' THEN 42 WHEN 'CONSULT' THEN CASE d.mode WHEN 'phone' THEN 10 WHEN 'visit' THEN 28 WHEN 'third-party' THEN 25 WHEN 'multilateral' THEN 25 ELSE 21 END WHEN 'SUPPORT' THEN 46 WHEN 'CONCEDE' THEN 50 WHEN 'COOPERATE' THEN 68 WHEN 'AID' THEN 74 WHEN 'RETREAT' THEN CASE d.mode WHEN 'release' THEN 70 WHEN 'withdraw' THEN 75 WHEN 'disarm' THEN 80 WHEN 'ceasefire' THEN 90 WHEN 'access' THEN 65 WHEN 'resign' THEN 50 ELSE 76 END WHEN 'REQUEST' THEN CASE d.mode WHEN 'assist' THEN -30 WHEN 'meet' THEN -30 WHEN 'change' THEN -50 WHEN 'yield' THEN -50 ELSE -50 END WHEN 'ACCUSE' THEN CASE d.mode WHEN 'disapprove' THEN -20 WHEN 'investigate' THEN -20 WHEN 'allege' THEN -30 ELSE -20 END WHEN 'REJECT' THEN CASE d.mode WHEN 'assist' THEN -40 WHEN 'meet' THEN -45 WHEN 'change' THEN -40 WHEN 'yield' THEN -50 ELSE -42 END WHEN 'THREATEN' THEN -51 WHEN 'PROTEST' THEN -66 WHEN 'SANCTION' THEN CASE d.mode WHEN 'convict' THEN -50 WHEN 'expel' THEN -60 WHEN 'withdraw' THEN -45 WHEN 'discontinue' THEN -55 ELSE -52 END WHEN 'MOBILIZE' THEN -53 WHEN 'COERCE' THEN -72 WHEN 'ASSAULT' THEN -93 END) AS score_tenths, sum((d.dir & 1) > 0) AS a_to_b, sum((d.dir & 2) > 0) AS b_to_a, sum((d.dir & 4) > 0) AS joint
	FROM `feed_dyads` d WHERE d.a_pk = old.a_pk AND d.b_pk = old.b_pk AND d.period = old.period AND d.status = old.status GROUP BY d.a_pk, d.b_pk, d.period, d.status;
END;
--> statement-breakpoint
CREATE TRIGGER `feed_dyads_au` AFTER UPDATE ON `feed_dyads` BEGIN
	DELETE FROM `feed_dyad_periods` WHERE a_pk = old.a_pk AND b_pk = old.b_pk AND period = old.period AND status = old.status;
	INSERT INTO `feed_dyad_periods` (a_pk, b_pk, period, status, events, verbal_cooperation, material_cooperation, verbal_conflict, material_conflict, score_tenths, a_to_b, b_to_a, joint)
	SELECT d.a_pk, d.b_pk, d.period, d.status, count(*) AS events, sum(CASE d.category WHEN 'AGREE' THEN 1 WHEN 'CONSULT' THEN 1 WHEN 'SUPPORT' THEN 1 WHEN 'CONCEDE' THEN 1 ELSE 0 END) AS verbal_cooperation, sum(CASE d.category WHEN 'COOPERATE' THEN 1 WHEN 'AID' THEN 1 WHEN 'RETREAT' THEN 1 ELSE 0 END) AS material_cooperation, sum(CASE d.category WHEN 'REQUEST' THEN 1 WHEN 'ACCUSE' THEN 1 WHEN 'REJECT' THEN 1 WHEN 'THREATEN' THEN 1 ELSE 0 END) AS verbal_conflict, sum(CASE d.category WHEN 'PROTEST' THEN 1 WHEN 'SANCTION' THEN 1 WHEN 'MOBILIZE' THEN 1 WHEN 'COERCE' THEN 1 WHEN 'ASSAULT' THEN 1 ELSE 0 END) AS material_conflict, sum(CASE d.category WHEN 'AGREE' THEN 42 WHEN 'CONSULT' THEN CASE d.mode WHEN 'phone' THEN 10 WHEN 'visit' THEN 28 WHEN 'third-party' THEN 25 WHEN 'multilateral' THEN 25 ELSE 21 END WHEN 'SUPPORT' THEN 46 WHEN 'CONCEDE' THEN 50 WHEN 'COOPERATE' THEN 68 WHEN 'AID' THEN 74 WHEN 'RETREAT' THEN CASE d.mode WHEN 'release' THEN 70 WHEN 'withdraw' THEN 75 WHEN 'disarm' THEN 80 WHEN 'ceasefire' THEN 90 WHEN 'access' THEN 65 WHEN 'resign' THEN 50 ELSE 76 END WHEN 'REQUEST' THEN CASE d.mode WHEN 'assist' THEN -30 WHEN 'meet' THEN -30 WHEN 'change' THEN -50 WHEN 'yield' THEN -50 ELSE -50 END WHEN 'ACCUSE' THEN CASE d.mode WHEN 'disapprove' THEN -20 WHEN 'investigate' THEN -20 WHEN 'allege' THEN -30 ELSE -20 END WHEN 'REJECT' THEN CASE d.mode WHEN 'assist' THEN -40 WHEN 'meet' THEN -45 WHEN 'change' THEN -40 WHEN 'yield' THEN -50 ELSE -42 END WHEN 'THREATEN' THEN -51 WHEN 'PROTEST' THEN -66 WHEN 'SANCTION' THEN CASE d.mode WHEN 'convict' THEN -50 WHEN 'expel' THEN -60 WHEN 'withdraw' THEN -45 WHEN 'discontinue' THEN -55 ELSE -52 END WHEN 'MOBILIZE' THEN -53 WHEN 'COERCE' THEN -72 WHEN 'ASSAULT' THEN -93 END) AS score_tenths, sum((d.dir & 1) > 0) AS a_to_b, sum((d.dir & 2) > 0) AS b_to_a, sum((d.dir & 4) > 0) AS joint
	FROM `feed_dyads` d WHERE d.a_pk = old.a_pk AND d.b_pk = old.b_pk AND d.period = old.period AND d.status = old.status GROUP BY d.a_pk, d.b_pk, d.period, d.status;
	DELETE FROM `feed_dyad_periods` WHERE a_pk = new.a_pk AND b_pk = new.b_pk AND period = new.period AND status = new.status;
	INSERT INTO `feed_dyad_periods` (a_pk, b_pk, period, status, events, verbal_cooperation, material_cooperation, verbal_conflict, material_conflict, score_tenths, a_to_b, b_to_a, joint)
	SELECT d.a_pk, d.b_pk, d.period, d.status, count(*) AS events, sum(CASE d.category WHEN 'AGREE' THEN 1 WHEN 'CONSULT' THEN 1 WHEN 'SUPPORT' THEN 1 WHEN 'CONCEDE' THEN 1 ELSE 0 END) AS verbal_cooperation, sum(CASE d.category WHEN 'COOPERATE' THEN 1 WHEN 'AID' THEN 1 WHEN 'RETREAT' THEN 1 ELSE 0 END) AS material_cooperation, sum(CASE d.category WHEN 'REQUEST' THEN 1 WHEN 'ACCUSE' THEN 1 WHEN 'REJECT' THEN 1 WHEN 'THREATEN' THEN 1 ELSE 0 END) AS verbal_conflict, sum(CASE d.category WHEN 'PROTEST' THEN 1 WHEN 'SANCTION' THEN 1 WHEN 'MOBILIZE' THEN 1 WHEN 'COERCE' THEN 1 WHEN 'ASSAULT' THEN 1 ELSE 0 END) AS material_conflict, sum(CASE d.category WHEN 'AGREE' THEN 42 WHEN 'CONSULT' THEN CASE d.mode WHEN 'phone' THEN 10 WHEN 'visit' THEN 28 WHEN 'third-party' THEN 25 WHEN 'multilateral' THEN 25 ELSE 21 END WHEN 'SUPPORT' THEN 46 WHEN 'CONCEDE' THEN 50 WHEN 'COOPERATE' THEN 68 WHEN 'AID' THEN 74 WHEN 'RETREAT' THEN CASE d.mode WHEN 'release' THEN 70 WHEN 'withdraw' THEN 75 WHEN 'disarm' THEN 80 WHEN 'ceasefire' THEN 90 WHEN 'access' THEN 65 WHEN 'resign' THEN 50 ELSE 76 END WHEN 'REQUEST' THEN CASE d.mode WHEN 'assist' THEN -30 WHEN 'meet' THEN -30 WHEN 'change' THEN -50 WHEN 'yield' THEN -50 ELSE -50 END WHEN 'ACCUSE' THEN CASE d.mode WHEN 'disapprove' THEN -20 WHEN 'investigate' THEN -20 WHEN 'allege' THEN -30 ELSE -20 END WHEN 'REJECT' THEN CASE d.mode WHEN 'assist' THEN -40 WHEN 'meet' THEN -45 WHEN 'change' THEN -40 WHEN 'yield' THEN -50 ELSE -42 END WHEN 'THREATEN' THEN -51 WHEN 'PROTEST' THEN -66 WHEN 'SANCTION' THEN CASE d.mode WHEN 'convict' THEN -50 WHEN 'expel' THEN -60 WHEN 'withdraw' THEN -45 WHEN 'discontinue' THEN -55 ELSE -52 END WHEN 'MOBILIZE' THEN -53 WHEN 'COERCE' THEN -72 WHEN 'ASSAULT' THEN -93 END) AS score_tenths, sum((d.dir & 1) > 0) AS a_to_b, sum((d.dir & 2) > 0) AS b_to_a, sum((d.dir & 4) > 0) AS joint
	FROM `feed_dyads` d WHERE d.a_pk = new.a_pk AND d.b_pk = new.b_pk AND d.period = new.period AND d.status = new.status GROUP BY d.a_pk, d.b_pk, d.period, d.status;
END;
--> statement-breakpoint
-- Existing data.
INSERT INTO `feed_dyad_periods` (a_pk, b_pk, period, status, events, verbal_cooperation, material_cooperation, verbal_conflict, material_conflict, score_tenths, a_to_b, b_to_a, joint)
SELECT d.a_pk, d.b_pk, d.period, d.status, count(*) AS events, sum(CASE d.category WHEN 'AGREE' THEN 1 WHEN 'CONSULT' THEN 1 WHEN 'SUPPORT' THEN 1 WHEN 'CONCEDE' THEN 1 ELSE 0 END) AS verbal_cooperation, sum(CASE d.category WHEN 'COOPERATE' THEN 1 WHEN 'AID' THEN 1 WHEN 'RETREAT' THEN 1 ELSE 0 END) AS material_cooperation, sum(CASE d.category WHEN 'REQUEST' THEN 1 WHEN 'ACCUSE' THEN 1 WHEN 'REJECT' THEN 1 WHEN 'THREATEN' THEN 1 ELSE 0 END) AS verbal_conflict, sum(CASE d.category WHEN 'PROTEST' THEN 1 WHEN 'SANCTION' THEN 1 WHEN 'MOBILIZE' THEN 1 WHEN 'COERCE' THEN 1 WHEN 'ASSAULT' THEN 1 ELSE 0 END) AS material_conflict, sum(CASE d.category WHEN 'AGREE' THEN 42 WHEN 'CONSULT' THEN CASE d.mode WHEN 'phone' THEN 10 WHEN 'visit' THEN 28 WHEN 'third-party' THEN 25 WHEN 'multilateral' THEN 25 ELSE 21 END WHEN 'SUPPORT' THEN 46 WHEN 'CONCEDE' THEN 50 WHEN 'COOPERATE' THEN 68 WHEN 'AID' THEN 74 WHEN 'RETREAT' THEN CASE d.mode WHEN 'release' THEN 70 WHEN 'withdraw' THEN 75 WHEN 'disarm' THEN 80 WHEN 'ceasefire' THEN 90 WHEN 'access' THEN 65 WHEN 'resign' THEN 50 ELSE 76 END WHEN 'REQUEST' THEN CASE d.mode WHEN 'assist' THEN -30 WHEN 'meet' THEN -30 WHEN 'change' THEN -50 WHEN 'yield' THEN -50 ELSE -50 END WHEN 'ACCUSE' THEN CASE d.mode WHEN 'disapprove' THEN -20 WHEN 'investigate' THEN -20 WHEN 'allege' THEN -30 ELSE -20 END WHEN 'REJECT' THEN CASE d.mode WHEN 'assist' THEN -40 WHEN 'meet' THEN -45 WHEN 'change' THEN -40 WHEN 'yield' THEN -50 ELSE -42 END WHEN 'THREATEN' THEN -51 WHEN 'PROTEST' THEN -66 WHEN 'SANCTION' THEN CASE d.mode WHEN 'convict' THEN -50 WHEN 'expel' THEN -60 WHEN 'withdraw' THEN -45 WHEN 'discontinue' THEN -55 ELSE -52 END WHEN 'MOBILIZE' THEN -53 WHEN 'COERCE' THEN -72 WHEN 'ASSAULT' THEN -93 END) AS score_tenths, sum((d.dir & 1) > 0) AS a_to_b, sum((d.dir & 2) > 0) AS b_to_a, sum((d.dir & 4) > 0) AS joint
	FROM `feed_dyads` d WHERE true GROUP BY d.a_pk, d.b_pk, d.period, d.status;
