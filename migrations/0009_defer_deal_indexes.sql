-- The search triggers of deals and deal terms skip the rows a write transaction
-- has marked in `index_deferral`, like those of migration 0006: an import full
-- of terms wrote FTS segments a term at a time (about 230 µs each on the 1M-event
-- database against 24 µs when deferred). src/repositories/deferred-indexes.ts fills
-- the rows of the new deals and terms set-based before COMMIT.
DROP TRIGGER `deal_terms_fts_ad`;
--> statement-breakpoint
CREATE TRIGGER `deal_terms_fts_ad` AFTER DELETE ON `deal_terms`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'deal_terms' AND d.mark < old.pk) BEGIN INSERT INTO `deal_terms_fts`(`deal_terms_fts`, rowid, description) VALUES ('delete', old.pk, old.description); END;
--> statement-breakpoint
DROP TRIGGER `deal_terms_fts_ai`;
--> statement-breakpoint
CREATE TRIGGER `deal_terms_fts_ai` AFTER INSERT ON `deal_terms`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'deal_terms' AND d.mark < new.pk) BEGIN INSERT INTO `deal_terms_fts`(rowid, description) VALUES (new.pk, new.description); END;
--> statement-breakpoint
DROP TRIGGER `deal_terms_fts_au`;
--> statement-breakpoint
CREATE TRIGGER `deal_terms_fts_au` AFTER UPDATE OF description ON `deal_terms`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'deal_terms' AND d.mark < new.pk) BEGIN INSERT INTO `deal_terms_fts`(`deal_terms_fts`, rowid, description) VALUES ('delete', old.pk, old.description); INSERT INTO `deal_terms_fts`(rowid, description) VALUES (new.pk, new.description); END;
--> statement-breakpoint
DROP TRIGGER `deal_terms_search_ad`;
--> statement-breakpoint
CREATE TRIGGER `deal_terms_search_ad` AFTER DELETE ON `deal_terms`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'deal_terms' AND d.mark < old.pk) BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 6; END;
--> statement-breakpoint
DROP TRIGGER `deal_terms_search_ai`;
--> statement-breakpoint
CREATE TRIGGER `deal_terms_search_ai` AFTER INSERT ON `deal_terms`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'deal_terms' AND d.mark < new.pk) BEGIN INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 6, new.description, NULL, 'term', new.id); END;
--> statement-breakpoint
DROP TRIGGER `deal_terms_search_au`;
--> statement-breakpoint
CREATE TRIGGER `deal_terms_search_au` AFTER UPDATE OF description ON `deal_terms`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'deal_terms' AND d.mark < new.pk) BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 6; INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 6, new.description, NULL, 'term', new.id); END;
--> statement-breakpoint
DROP TRIGGER `deals_fts_ad`;
--> statement-breakpoint
CREATE TRIGGER `deals_fts_ad` AFTER DELETE ON `deals`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'deals' AND d.mark < old.pk) BEGIN INSERT INTO `deals_fts`(`deals_fts`, rowid, title, summary) VALUES ('delete', old.pk, old.title, old.summary); END;
--> statement-breakpoint
DROP TRIGGER `deals_fts_ai`;
--> statement-breakpoint
CREATE TRIGGER `deals_fts_ai` AFTER INSERT ON `deals`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'deals' AND d.mark < new.pk) BEGIN INSERT INTO `deals_fts`(rowid, title, summary) VALUES (new.pk, new.title, new.summary); END;
--> statement-breakpoint
DROP TRIGGER `deals_fts_au`;
--> statement-breakpoint
CREATE TRIGGER `deals_fts_au` AFTER UPDATE OF title, summary ON `deals`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'deals' AND d.mark < new.pk) BEGIN INSERT INTO `deals_fts`(`deals_fts`, rowid, title, summary) VALUES ('delete', old.pk, old.title, old.summary); INSERT INTO `deals_fts`(rowid, title, summary) VALUES (new.pk, new.title, new.summary); END;
--> statement-breakpoint
DROP TRIGGER `deals_search_ad`;
--> statement-breakpoint
CREATE TRIGGER `deals_search_ad` AFTER DELETE ON `deals`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'deals' AND d.mark < old.pk) BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 5; END;
--> statement-breakpoint
DROP TRIGGER `deals_search_ai`;
--> statement-breakpoint
CREATE TRIGGER `deals_search_ai` AFTER INSERT ON `deals`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'deals' AND d.mark < new.pk) BEGIN INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 5, new.title, new.summary, 'deal', new.id); END;
--> statement-breakpoint
DROP TRIGGER `deals_search_au`;
--> statement-breakpoint
CREATE TRIGGER `deals_search_au` AFTER UPDATE OF title, summary ON `deals`
WHEN NOT EXISTS (SELECT 1 FROM `index_deferral` d WHERE d.tbl = 'deals' AND d.mark < new.pk) BEGIN DELETE FROM `search_fts` WHERE rowid = old.pk * 8 + 5; INSERT INTO `search_fts`(rowid, title, body, kind, record_id) VALUES (new.pk * 8 + 5, new.title, new.summary, 'deal', new.id); END;
