-- One full-text index over every searchable kind, for GET /v1/search. A single
-- index gives every hit a bm25 score from the same corpus statistics, so scores
-- compare across kinds. Each record's rowid is pk * 8 + a code for its kind
-- (1 source, 2 actor, 3 event, 4 quote, 5 deal, 6 term), so triggers find it
-- again without a scan. `title` is what a hit is called; `body` is the rest of
-- its searchable text. The triggers run inside the writer's transaction: a
-- rolled-back write leaves the index as it was.
CREATE VIRTUAL TABLE `search_fts` USING fts5(title, body, kind UNINDEXED, record_id UNINDEXED, tokenize='unicode61 remove_diacritics 2', prefix='2 3');
--> statement-breakpoint
-- `rank` is bm25 with a match in the title weighing four times one in the body.
INSERT INTO `search_fts`(`search_fts`, rank) VALUES ('rank', 'bm25(4.0, 1.0)');
--> statement-breakpoint
CREATE TRIGGER `sources_search_ai` AFTER INSERT ON `sources` BEGIN INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 1, new.title, concat_ws(' · ', new.publisher, new.body), 'source', new.id); END;
--> statement-breakpoint
CREATE TRIGGER `sources_search_ad` AFTER DELETE ON `sources` BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 1; END;
--> statement-breakpoint
CREATE TRIGGER `sources_search_au` AFTER UPDATE OF title, publisher, body ON `sources` BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 1; INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 1, new.title, concat_ws(' · ', new.publisher, new.body), 'source', new.id); END;
--> statement-breakpoint
INSERT INTO `search_fts`(rowid, title, body, kind, record_id) SELECT r.pk * 8 + 1, r.title, concat_ws(' · ', r.publisher, r.body), 'source', r.id FROM `sources` r;
--> statement-breakpoint
CREATE TRIGGER `actors_search_ai` AFTER INSERT ON `actors` BEGIN INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 2, new.name, concat_ws(' · ', (SELECT group_concat(value, ', ') FROM json_each(new.aliases)), new.description), 'actor', new.id); END;
--> statement-breakpoint
CREATE TRIGGER `actors_search_ad` AFTER DELETE ON `actors` BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 2; END;
--> statement-breakpoint
CREATE TRIGGER `actors_search_au` AFTER UPDATE OF name, aliases, description ON `actors` BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 2; INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 2, new.name, concat_ws(' · ', (SELECT group_concat(value, ', ') FROM json_each(new.aliases)), new.description), 'actor', new.id); END;
--> statement-breakpoint
INSERT INTO `search_fts`(rowid, title, body, kind, record_id) SELECT r.pk * 8 + 2, r.name, concat_ws(' · ', (SELECT group_concat(value, ', ') FROM json_each(r.aliases)), r.description), 'actor', r.id FROM `actors` r;
--> statement-breakpoint
CREATE TRIGGER `events_search_ai` AFTER INSERT ON `events` BEGIN INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 3, new.title, concat_ws(' · ', new.summary, new.location_name), 'event', new.id); END;
--> statement-breakpoint
CREATE TRIGGER `events_search_ad` AFTER DELETE ON `events` BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 3; END;
--> statement-breakpoint
CREATE TRIGGER `events_search_au` AFTER UPDATE OF title, summary, location_name ON `events` BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 3; INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 3, new.title, concat_ws(' · ', new.summary, new.location_name), 'event', new.id); END;
--> statement-breakpoint
INSERT INTO `search_fts`(rowid, title, body, kind, record_id) SELECT r.pk * 8 + 3, r.title, concat_ws(' · ', r.summary, r.location_name), 'event', r.id FROM `events` r;
--> statement-breakpoint
CREATE TRIGGER `quotes_search_ai` AFTER INSERT ON `quotes` BEGIN INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 4, new.text, new.setting, 'quote', new.id); END;
--> statement-breakpoint
CREATE TRIGGER `quotes_search_ad` AFTER DELETE ON `quotes` BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 4; END;
--> statement-breakpoint
CREATE TRIGGER `quotes_search_au` AFTER UPDATE OF text, setting ON `quotes` BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 4; INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 4, new.text, new.setting, 'quote', new.id); END;
--> statement-breakpoint
INSERT INTO `search_fts`(rowid, title, body, kind, record_id) SELECT r.pk * 8 + 4, r.text, r.setting, 'quote', r.id FROM `quotes` r;
--> statement-breakpoint
CREATE TRIGGER `deals_search_ai` AFTER INSERT ON `deals` BEGIN INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 5, new.title, new.summary, 'deal', new.id); END;
--> statement-breakpoint
CREATE TRIGGER `deals_search_ad` AFTER DELETE ON `deals` BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 5; END;
--> statement-breakpoint
CREATE TRIGGER `deals_search_au` AFTER UPDATE OF title, summary ON `deals` BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 5; INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 5, new.title, new.summary, 'deal', new.id); END;
--> statement-breakpoint
INSERT INTO `search_fts`(rowid, title, body, kind, record_id) SELECT r.pk * 8 + 5, r.title, r.summary, 'deal', r.id FROM `deals` r;
--> statement-breakpoint
CREATE TRIGGER `deal_terms_search_ai` AFTER INSERT ON `deal_terms` BEGIN INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 6, new.description, NULL, 'term', new.id); END;
--> statement-breakpoint
CREATE TRIGGER `deal_terms_search_ad` AFTER DELETE ON `deal_terms` BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 6; END;
--> statement-breakpoint
CREATE TRIGGER `deal_terms_search_au` AFTER UPDATE OF description ON `deal_terms` BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 6; INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 6, new.description, NULL, 'term', new.id); END;
--> statement-breakpoint
INSERT INTO `search_fts`(rowid, title, body, kind, record_id) SELECT r.pk * 8 + 6, r.description, NULL, 'term', r.id FROM `deal_terms` r;
--> statement-breakpoint
-- event_contexts mirrors events.contexts (its rows go with the event by ON DELETE CASCADE).
CREATE TRIGGER `events_contexts_ai` AFTER INSERT ON `events` BEGIN INSERT INTO `event_contexts`(event_id, context) SELECT DISTINCT new.id, value FROM json_each(new.contexts); END;
--> statement-breakpoint
CREATE TRIGGER `events_contexts_au` AFTER UPDATE OF contexts ON `events` BEGIN DELETE FROM `event_contexts` WHERE event_id = old.id; INSERT INTO `event_contexts`(event_id, context) SELECT DISTINCT new.id, value FROM json_each(new.contexts); END;
--> statement-breakpoint
INSERT INTO `event_contexts`(event_id, context) SELECT DISTINCT e.id, c.value FROM `events` e, json_each(e.contexts) c;
