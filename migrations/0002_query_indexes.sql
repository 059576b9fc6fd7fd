CREATE TABLE `event_contexts` (
	`event_id` text NOT NULL,
	`context` text NOT NULL,
	PRIMARY KEY(`context`, `event_id`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `event_contexts_event_idx` ON `event_contexts` (`event_id`);--> statement-breakpoint
CREATE INDEX `terms_kind_idx` ON `deal_terms` (`kind`);--> statement-breakpoint
CREATE INDEX `deals_reported_sort_idx` ON `deals` (CASE WHEN "first_reported_on_start" IS NULL THEN '' ELSE "first_reported_on_start" END,`id`);--> statement-breakpoint
CREATE INDEX `deals_title_idx` ON `deals` (`title`,`id`);--> statement-breakpoint
CREATE INDEX `events_span_end_idx` ON `events` (`span_end`);--> statement-breakpoint
CREATE INDEX `events_span_sort_idx` ON `events` (CASE WHEN "span_start" IS NULL THEN '' ELSE "span_start" END,`id`);--> statement-breakpoint
CREATE INDEX `events_mode_idx` ON `events` (`mode`);--> statement-breakpoint
CREATE INDEX `positions_started_sort_idx` ON `positions` (CASE WHEN "started_on_start" IS NULL THEN '' ELSE "started_on_start" END,`id`);--> statement-breakpoint
CREATE INDEX `quotes_said_end_idx` ON `quotes` (`said_on_end`);--> statement-breakpoint
CREATE INDEX `quotes_said_sort_idx` ON `quotes` (CASE WHEN "said_on_start" IS NULL THEN '' ELSE "said_on_start" END,`id`);--> statement-breakpoint
CREATE INDEX `quotes_kind_idx` ON `quotes` (`kind`);--> statement-breakpoint
CREATE INDEX `relations_type_idx` ON `relations` (`type`);--> statement-breakpoint
CREATE INDEX `relations_started_sort_idx` ON `relations` (CASE WHEN "started_on_start" IS NULL THEN '' ELSE "started_on_start" END,`id`);--> statement-breakpoint
CREATE INDEX `sources_published_sort_idx` ON `sources` (CASE WHEN "published_on_start" IS NULL THEN '' ELSE "published_on_start" END,`id`);--> statement-breakpoint
CREATE INDEX `sources_title_idx` ON `sources` (`title`,`id`);