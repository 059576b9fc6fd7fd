-- feed_dyads summed per pair of actors, period and event status: a dyad's
-- series reads one row per period and status instead of one per event (a busy
-- pair has tens of thousands of events over a few hundred periods). Like the
-- other feed_* tables it holds nothing of its own: triggers on feed_dyads keep
-- it equal to feed_dyads summed (test/dyad-periods.test.ts checks it against
-- a recomputation).

-- The intensity scale of src/domain/intensity.ts, in tenths, so SQL can score
-- an event: a category's row has mode '', a mode scored apart has its own row.
-- test/dyad-periods.test.ts holds this table to the module: changing a score
-- takes a migration that rewrites it and recomputes feed_dyad_periods.
CREATE TABLE `feed_intensity` (
	`category` text NOT NULL,
	`mode` text NOT NULL,
	`quad_class` text NOT NULL,
	`score_tenths` integer NOT NULL,
	PRIMARY KEY (`category`, `mode`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `feed_intensity` (category, mode, quad_class, score_tenths) VALUES
	('AGREE', '', 'verbal_cooperation', 42),
	('CONSULT', '', 'verbal_cooperation', 21),
	('CONSULT', 'phone', 'verbal_cooperation', 10),
	('CONSULT', 'visit', 'verbal_cooperation', 28),
	('CONSULT', 'third-party', 'verbal_cooperation', 25),
	('CONSULT', 'multilateral', 'verbal_cooperation', 25),
	('SUPPORT', '', 'verbal_cooperation', 46),
	('CONCEDE', '', 'verbal_cooperation', 50),
	('COOPERATE', '', 'material_cooperation', 68),
	('AID', '', 'material_cooperation', 74),
	('RETREAT', '', 'material_cooperation', 76),
	('RETREAT', 'release', 'material_cooperation', 70),
	('RETREAT', 'withdraw', 'material_cooperation', 75),
	('RETREAT', 'disarm', 'material_cooperation', 80),
	('RETREAT', 'ceasefire', 'material_cooperation', 90),
	('RETREAT', 'access', 'material_cooperation', 65),
	('RETREAT', 'resign', 'material_cooperation', 50),
	('REQUEST', '', 'verbal_conflict', -50),
	('REQUEST', 'assist', 'verbal_conflict', -30),
	('REQUEST', 'meet', 'verbal_conflict', -30),
	('REQUEST', 'change', 'verbal_conflict', -50),
	('REQUEST', 'yield', 'verbal_conflict', -50),
	('ACCUSE', '', 'verbal_conflict', -20),
	('ACCUSE', 'disapprove', 'verbal_conflict', -20),
	('ACCUSE', 'investigate', 'verbal_conflict', -20),
	('ACCUSE', 'allege', 'verbal_conflict', -30),
	('REJECT', '', 'verbal_conflict', -42),
	('REJECT', 'assist', 'verbal_conflict', -40),
	('REJECT', 'meet', 'verbal_conflict', -45),
	('REJECT', 'change', 'verbal_conflict', -40),
	('REJECT', 'yield', 'verbal_conflict', -50),
	('THREATEN', '', 'verbal_conflict', -51),
	('PROTEST', '', 'material_conflict', -66),
	('SANCTION', '', 'material_conflict', -52),
	('SANCTION', 'convict', 'material_conflict', -50),
	('SANCTION', 'expel', 'material_conflict', -60),
	('SANCTION', 'withdraw', 'material_conflict', -45),
	('SANCTION', 'discontinue', 'material_conflict', -55),
	('MOBILIZE', '', 'material_conflict', -53),
	('COERCE', '', 'material_conflict', -72),
	('ASSAULT', '', 'material_conflict', -93);
--> statement-breakpoint
-- events: how many; then per quad class; score_tenths: the sum of their
-- intensity scores times ten (integers add up exactly); a_to_b, b_to_a, joint:
-- how many have dir bit 1, 2 and 4 (see feed_dyads).
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
	SELECT new.a_pk, new.b_pk, new.period, new.status, 1, c.quad_class = 'verbal_cooperation', c.quad_class = 'material_cooperation', c.quad_class = 'verbal_conflict', c.quad_class = 'material_conflict',
		coalesce((SELECT score_tenths FROM `feed_intensity` WHERE category = new.category AND mode = new.mode AND new.mode <> ''), c.score_tenths),
		(new.dir & 1) > 0, (new.dir & 2) > 0, (new.dir & 4) > 0
	FROM `feed_intensity` c WHERE c.category = new.category AND c.mode = ''
	ON CONFLICT (a_pk, b_pk, period, status) DO UPDATE SET events = events + excluded.events,
		verbal_cooperation = verbal_cooperation + excluded.verbal_cooperation, material_cooperation = material_cooperation + excluded.material_cooperation,
		verbal_conflict = verbal_conflict + excluded.verbal_conflict, material_conflict = material_conflict + excluded.material_conflict,
		score_tenths = score_tenths + excluded.score_tenths, a_to_b = a_to_b + excluded.a_to_b, b_to_a = b_to_a + excluded.b_to_a, joint = joint + excluded.joint;
END;
--> statement-breakpoint
-- A pair row that goes or changes: its sums are worked out again from
-- feed_dyads (one index range), so no group is left at zero or drifts.
CREATE TRIGGER `feed_dyads_ad` AFTER DELETE ON `feed_dyads` BEGIN
	DELETE FROM `feed_dyad_periods` WHERE a_pk = old.a_pk AND b_pk = old.b_pk AND period = old.period AND status = old.status;
	INSERT INTO `feed_dyad_periods` (a_pk, b_pk, period, status, events, verbal_cooperation, material_cooperation, verbal_conflict, material_conflict, score_tenths, a_to_b, b_to_a, joint)
	SELECT d.a_pk, d.b_pk, d.period, d.status, count(*), sum(c.quad_class = 'verbal_cooperation'), sum(c.quad_class = 'material_cooperation'), sum(c.quad_class = 'verbal_conflict'), sum(c.quad_class = 'material_conflict'),
			sum(coalesce(m.score_tenths, c.score_tenths)), sum((d.dir & 1) > 0), sum((d.dir & 2) > 0), sum((d.dir & 4) > 0)
		FROM `feed_dyads` d
		JOIN `feed_intensity` c ON c.category = d.category AND c.mode = ''
		LEFT JOIN `feed_intensity` m ON m.category = d.category AND m.mode = d.mode AND d.mode <> ''
		WHERE d.a_pk = old.a_pk AND d.b_pk = old.b_pk AND d.period = old.period AND d.status = old.status
		GROUP BY d.a_pk, d.b_pk, d.period, d.status;
END;
--> statement-breakpoint
CREATE TRIGGER `feed_dyads_au` AFTER UPDATE ON `feed_dyads` BEGIN
	DELETE FROM `feed_dyad_periods` WHERE a_pk = old.a_pk AND b_pk = old.b_pk AND period = old.period AND status = old.status;
	INSERT INTO `feed_dyad_periods` (a_pk, b_pk, period, status, events, verbal_cooperation, material_cooperation, verbal_conflict, material_conflict, score_tenths, a_to_b, b_to_a, joint)
	SELECT d.a_pk, d.b_pk, d.period, d.status, count(*), sum(c.quad_class = 'verbal_cooperation'), sum(c.quad_class = 'material_cooperation'), sum(c.quad_class = 'verbal_conflict'), sum(c.quad_class = 'material_conflict'),
			sum(coalesce(m.score_tenths, c.score_tenths)), sum((d.dir & 1) > 0), sum((d.dir & 2) > 0), sum((d.dir & 4) > 0)
		FROM `feed_dyads` d
		JOIN `feed_intensity` c ON c.category = d.category AND c.mode = ''
		LEFT JOIN `feed_intensity` m ON m.category = d.category AND m.mode = d.mode AND d.mode <> ''
		WHERE d.a_pk = old.a_pk AND d.b_pk = old.b_pk AND d.period = old.period AND d.status = old.status
		GROUP BY d.a_pk, d.b_pk, d.period, d.status;
	DELETE FROM `feed_dyad_periods` WHERE a_pk = new.a_pk AND b_pk = new.b_pk AND period = new.period AND status = new.status;
	INSERT INTO `feed_dyad_periods` (a_pk, b_pk, period, status, events, verbal_cooperation, material_cooperation, verbal_conflict, material_conflict, score_tenths, a_to_b, b_to_a, joint)
	SELECT d.a_pk, d.b_pk, d.period, d.status, count(*), sum(c.quad_class = 'verbal_cooperation'), sum(c.quad_class = 'material_cooperation'), sum(c.quad_class = 'verbal_conflict'), sum(c.quad_class = 'material_conflict'),
			sum(coalesce(m.score_tenths, c.score_tenths)), sum((d.dir & 1) > 0), sum((d.dir & 2) > 0), sum((d.dir & 4) > 0)
		FROM `feed_dyads` d
		JOIN `feed_intensity` c ON c.category = d.category AND c.mode = ''
		LEFT JOIN `feed_intensity` m ON m.category = d.category AND m.mode = d.mode AND d.mode <> ''
		WHERE d.a_pk = new.a_pk AND d.b_pk = new.b_pk AND d.period = new.period AND d.status = new.status
		GROUP BY d.a_pk, d.b_pk, d.period, d.status;
END;
--> statement-breakpoint
-- Existing data.
INSERT INTO `feed_dyad_periods` (a_pk, b_pk, period, status, events, verbal_cooperation, material_cooperation, verbal_conflict, material_conflict, score_tenths, a_to_b, b_to_a, joint)
SELECT d.a_pk, d.b_pk, d.period, d.status, count(*), sum(c.quad_class = 'verbal_cooperation'), sum(c.quad_class = 'material_cooperation'), sum(c.quad_class = 'verbal_conflict'), sum(c.quad_class = 'material_conflict'),
		sum(coalesce(m.score_tenths, c.score_tenths)), sum((d.dir & 1) > 0), sum((d.dir & 2) > 0), sum((d.dir & 4) > 0)
	FROM `feed_dyads` d
	JOIN `feed_intensity` c ON c.category = d.category AND c.mode = ''
	LEFT JOIN `feed_intensity` m ON m.category = d.category AND m.mode = d.mode AND d.mode <> ''
	WHERE true
	GROUP BY d.a_pk, d.b_pk, d.period, d.status;
