DROP INDEX `events_category_span_idx`;--> statement-breakpoint
CREATE INDEX `events_category_span_sort_idx` ON `events` (`category`,CASE WHEN "span_start" IS NULL THEN '' ELSE "span_start" END,`id`);