CREATE INDEX `changes_type_idx` ON `changes` (`entity_type`,`seq`);--> statement-breakpoint
CREATE INDEX `status_history_changed_idx` ON `status_history` (`changed_on_start`,`id`);