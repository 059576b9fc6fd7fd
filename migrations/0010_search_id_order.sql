-- id_order: the tables with full-text search whose id order is their pk order
-- (ids are time-sortable and rows are normally added in time order, so it
-- usually is). While a table's row is here, `q` sorted by id reads the FTS
-- index's matches in rowid order and stops after a page
-- (src/repositories/fts-id-order.ts) instead of walking the id index. A row
-- added out of order (an id below an older row's, as an import of records
-- with ids from elsewhere can add) deletes the table's row for good, in the
-- same transaction, and `q` goes back to its other plans. Deleting rows keeps
-- the order. Each insert looks for a row with a greater id (one seek in the id
-- index) or a greater pk (only if it was given a pk: then it is taken as out of
-- order, to be safe); about 2 µs an insert.
CREATE TABLE `id_order` (
	`tbl` text PRIMARY KEY NOT NULL
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `id_order`(`tbl`) SELECT 'actors' WHERE NOT EXISTS (SELECT 1 FROM (SELECT pk, lag(pk) OVER (ORDER BY id) AS prev FROM `actors`) WHERE pk < prev);
--> statement-breakpoint
CREATE TRIGGER `actors_id_order_ai` AFTER INSERT ON `actors`
WHEN EXISTS (SELECT 1 FROM `actors` o WHERE o.id > new.id) OR new.pk < (SELECT max(pk) FROM `actors`)
BEGIN DELETE FROM `id_order` WHERE tbl = 'actors'; END;
--> statement-breakpoint
CREATE TRIGGER `actors_id_order_au` AFTER UPDATE OF id, pk ON `actors`
WHEN new.id IS NOT old.id OR new.pk IS NOT old.pk
BEGIN DELETE FROM `id_order` WHERE tbl = 'actors'; END;
--> statement-breakpoint
INSERT INTO `id_order`(`tbl`) SELECT 'deal_terms' WHERE NOT EXISTS (SELECT 1 FROM (SELECT pk, lag(pk) OVER (ORDER BY id) AS prev FROM `deal_terms`) WHERE pk < prev);
--> statement-breakpoint
CREATE TRIGGER `deal_terms_id_order_ai` AFTER INSERT ON `deal_terms`
WHEN EXISTS (SELECT 1 FROM `deal_terms` o WHERE o.id > new.id) OR new.pk < (SELECT max(pk) FROM `deal_terms`)
BEGIN DELETE FROM `id_order` WHERE tbl = 'deal_terms'; END;
--> statement-breakpoint
CREATE TRIGGER `deal_terms_id_order_au` AFTER UPDATE OF id, pk ON `deal_terms`
WHEN new.id IS NOT old.id OR new.pk IS NOT old.pk
BEGIN DELETE FROM `id_order` WHERE tbl = 'deal_terms'; END;
--> statement-breakpoint
INSERT INTO `id_order`(`tbl`) SELECT 'deals' WHERE NOT EXISTS (SELECT 1 FROM (SELECT pk, lag(pk) OVER (ORDER BY id) AS prev FROM `deals`) WHERE pk < prev);
--> statement-breakpoint
CREATE TRIGGER `deals_id_order_ai` AFTER INSERT ON `deals`
WHEN EXISTS (SELECT 1 FROM `deals` o WHERE o.id > new.id) OR new.pk < (SELECT max(pk) FROM `deals`)
BEGIN DELETE FROM `id_order` WHERE tbl = 'deals'; END;
--> statement-breakpoint
CREATE TRIGGER `deals_id_order_au` AFTER UPDATE OF id, pk ON `deals`
WHEN new.id IS NOT old.id OR new.pk IS NOT old.pk
BEGIN DELETE FROM `id_order` WHERE tbl = 'deals'; END;
--> statement-breakpoint
INSERT INTO `id_order`(`tbl`) SELECT 'events' WHERE NOT EXISTS (SELECT 1 FROM (SELECT pk, lag(pk) OVER (ORDER BY id) AS prev FROM `events`) WHERE pk < prev);
--> statement-breakpoint
CREATE TRIGGER `events_id_order_ai` AFTER INSERT ON `events`
WHEN EXISTS (SELECT 1 FROM `events` o WHERE o.id > new.id) OR new.pk < (SELECT max(pk) FROM `events`)
BEGIN DELETE FROM `id_order` WHERE tbl = 'events'; END;
--> statement-breakpoint
CREATE TRIGGER `events_id_order_au` AFTER UPDATE OF id, pk ON `events`
WHEN new.id IS NOT old.id OR new.pk IS NOT old.pk
BEGIN DELETE FROM `id_order` WHERE tbl = 'events'; END;
--> statement-breakpoint
INSERT INTO `id_order`(`tbl`) SELECT 'quotes' WHERE NOT EXISTS (SELECT 1 FROM (SELECT pk, lag(pk) OVER (ORDER BY id) AS prev FROM `quotes`) WHERE pk < prev);
--> statement-breakpoint
CREATE TRIGGER `quotes_id_order_ai` AFTER INSERT ON `quotes`
WHEN EXISTS (SELECT 1 FROM `quotes` o WHERE o.id > new.id) OR new.pk < (SELECT max(pk) FROM `quotes`)
BEGIN DELETE FROM `id_order` WHERE tbl = 'quotes'; END;
--> statement-breakpoint
CREATE TRIGGER `quotes_id_order_au` AFTER UPDATE OF id, pk ON `quotes`
WHEN new.id IS NOT old.id OR new.pk IS NOT old.pk
BEGIN DELETE FROM `id_order` WHERE tbl = 'quotes'; END;
--> statement-breakpoint
INSERT INTO `id_order`(`tbl`) SELECT 'sources' WHERE NOT EXISTS (SELECT 1 FROM (SELECT pk, lag(pk) OVER (ORDER BY id) AS prev FROM `sources`) WHERE pk < prev);
--> statement-breakpoint
CREATE TRIGGER `sources_id_order_ai` AFTER INSERT ON `sources`
WHEN EXISTS (SELECT 1 FROM `sources` o WHERE o.id > new.id) OR new.pk < (SELECT max(pk) FROM `sources`)
BEGIN DELETE FROM `id_order` WHERE tbl = 'sources'; END;
--> statement-breakpoint
CREATE TRIGGER `sources_id_order_au` AFTER UPDATE OF id, pk ON `sources`
WHEN new.id IS NOT old.id OR new.pk IS NOT old.pk
BEGIN DELETE FROM `id_order` WHERE tbl = 'sources'; END;
