-- Full-text search: one FTS5 external-content index per searchable table,
-- kept in step by triggers, so a rolled-back write leaves the index untouched.
-- unicode61 with remove_diacritics folds case and accents (Lukašenka = lukasenka);
-- prefix indexes make type-ahead queries (luka*) cheap.

CREATE VIRTUAL TABLE `actors_fts` USING fts5(name, aliases, description, content='actors', content_rowid='pk', tokenize='unicode61 remove_diacritics 2', prefix='2 3');
--> statement-breakpoint
CREATE TRIGGER `actors_fts_ai` AFTER INSERT ON `actors` BEGIN INSERT INTO `actors_fts`(rowid, name, aliases, description) VALUES (new.pk, new.name, new.aliases, new.description); END;
--> statement-breakpoint
CREATE TRIGGER `actors_fts_ad` AFTER DELETE ON `actors` BEGIN INSERT INTO `actors_fts`(`actors_fts`, rowid, name, aliases, description) VALUES ('delete', old.pk, old.name, old.aliases, old.description); END;
--> statement-breakpoint
CREATE TRIGGER `actors_fts_au` AFTER UPDATE OF name, aliases, description ON `actors` BEGIN INSERT INTO `actors_fts`(`actors_fts`, rowid, name, aliases, description) VALUES ('delete', old.pk, old.name, old.aliases, old.description); INSERT INTO `actors_fts`(rowid, name, aliases, description) VALUES (new.pk, new.name, new.aliases, new.description); END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `events_fts` USING fts5(title, summary, location_name, content='events', content_rowid='pk', tokenize='unicode61 remove_diacritics 2', prefix='2 3');
--> statement-breakpoint
CREATE TRIGGER `events_fts_ai` AFTER INSERT ON `events` BEGIN INSERT INTO `events_fts`(rowid, title, summary, location_name) VALUES (new.pk, new.title, new.summary, new.location_name); END;
--> statement-breakpoint
CREATE TRIGGER `events_fts_ad` AFTER DELETE ON `events` BEGIN INSERT INTO `events_fts`(`events_fts`, rowid, title, summary, location_name) VALUES ('delete', old.pk, old.title, old.summary, old.location_name); END;
--> statement-breakpoint
CREATE TRIGGER `events_fts_au` AFTER UPDATE OF title, summary, location_name ON `events` BEGIN INSERT INTO `events_fts`(`events_fts`, rowid, title, summary, location_name) VALUES ('delete', old.pk, old.title, old.summary, old.location_name); INSERT INTO `events_fts`(rowid, title, summary, location_name) VALUES (new.pk, new.title, new.summary, new.location_name); END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `quotes_fts` USING fts5(text, setting, content='quotes', content_rowid='pk', tokenize='unicode61 remove_diacritics 2', prefix='2 3');
--> statement-breakpoint
CREATE TRIGGER `quotes_fts_ai` AFTER INSERT ON `quotes` BEGIN INSERT INTO `quotes_fts`(rowid, text, setting) VALUES (new.pk, new.text, new.setting); END;
--> statement-breakpoint
CREATE TRIGGER `quotes_fts_ad` AFTER DELETE ON `quotes` BEGIN INSERT INTO `quotes_fts`(`quotes_fts`, rowid, text, setting) VALUES ('delete', old.pk, old.text, old.setting); END;
--> statement-breakpoint
CREATE TRIGGER `quotes_fts_au` AFTER UPDATE OF text, setting ON `quotes` BEGIN INSERT INTO `quotes_fts`(`quotes_fts`, rowid, text, setting) VALUES ('delete', old.pk, old.text, old.setting); INSERT INTO `quotes_fts`(rowid, text, setting) VALUES (new.pk, new.text, new.setting); END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `deals_fts` USING fts5(title, summary, content='deals', content_rowid='pk', tokenize='unicode61 remove_diacritics 2', prefix='2 3');
--> statement-breakpoint
CREATE TRIGGER `deals_fts_ai` AFTER INSERT ON `deals` BEGIN INSERT INTO `deals_fts`(rowid, title, summary) VALUES (new.pk, new.title, new.summary); END;
--> statement-breakpoint
CREATE TRIGGER `deals_fts_ad` AFTER DELETE ON `deals` BEGIN INSERT INTO `deals_fts`(`deals_fts`, rowid, title, summary) VALUES ('delete', old.pk, old.title, old.summary); END;
--> statement-breakpoint
CREATE TRIGGER `deals_fts_au` AFTER UPDATE OF title, summary ON `deals` BEGIN INSERT INTO `deals_fts`(`deals_fts`, rowid, title, summary) VALUES ('delete', old.pk, old.title, old.summary); INSERT INTO `deals_fts`(rowid, title, summary) VALUES (new.pk, new.title, new.summary); END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `deal_terms_fts` USING fts5(description, content='deal_terms', content_rowid='pk', tokenize='unicode61 remove_diacritics 2', prefix='2 3');
--> statement-breakpoint
CREATE TRIGGER `deal_terms_fts_ai` AFTER INSERT ON `deal_terms` BEGIN INSERT INTO `deal_terms_fts`(rowid, description) VALUES (new.pk, new.description); END;
--> statement-breakpoint
CREATE TRIGGER `deal_terms_fts_ad` AFTER DELETE ON `deal_terms` BEGIN INSERT INTO `deal_terms_fts`(`deal_terms_fts`, rowid, description) VALUES ('delete', old.pk, old.description); END;
--> statement-breakpoint
CREATE TRIGGER `deal_terms_fts_au` AFTER UPDATE OF description ON `deal_terms` BEGIN INSERT INTO `deal_terms_fts`(`deal_terms_fts`, rowid, description) VALUES ('delete', old.pk, old.description); INSERT INTO `deal_terms_fts`(rowid, description) VALUES (new.pk, new.description); END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `sources_fts` USING fts5(title, publisher, body, content='sources', content_rowid='pk', tokenize='unicode61 remove_diacritics 2', prefix='2 3');
--> statement-breakpoint
CREATE TRIGGER `sources_fts_ai` AFTER INSERT ON `sources` BEGIN INSERT INTO `sources_fts`(rowid, title, publisher, body) VALUES (new.pk, new.title, new.publisher, new.body); END;
--> statement-breakpoint
CREATE TRIGGER `sources_fts_ad` AFTER DELETE ON `sources` BEGIN INSERT INTO `sources_fts`(`sources_fts`, rowid, title, publisher, body) VALUES ('delete', old.pk, old.title, old.publisher, old.body); END;
--> statement-breakpoint
CREATE TRIGGER `sources_fts_au` AFTER UPDATE OF title, publisher, body ON `sources` BEGIN INSERT INTO `sources_fts`(`sources_fts`, rowid, title, publisher, body) VALUES ('delete', old.pk, old.title, old.publisher, old.body); INSERT INTO `sources_fts`(rowid, title, publisher, body) VALUES (new.pk, new.title, new.publisher, new.body); END;
--> statement-breakpoint
-- The change log is append-only: the feed and the audit trail depend on it.
CREATE TRIGGER `changes_no_update` BEFORE UPDATE ON `changes` BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `changes_no_delete` BEFORE DELETE ON `changes` BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END;
