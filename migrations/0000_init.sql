CREATE TABLE `actors` (
	`pk` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`aliases` text DEFAULT '[]' NOT NULL,
	`kind` text NOT NULL,
	`country` text,
	`sector` text,
	`description` text,
	`wikidata_id` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "actors_kind" CHECK("actors"."kind" IN ('person', 'state', 'government', 'government_body', 'organization', 'armed_group', 'media', 'other')),
	CONSTRAINT "actors_sector" CHECK("actors"."sector" IS NULL OR "actors"."sector" IN ('GOV', 'MIL', 'OPP', 'JRN', 'ELI', 'IGO', 'NGO', 'BUS', 'CVL', 'ANA')),
	CONSTRAINT "actors_country" CHECK("actors"."country" IS NULL OR "actors"."country" GLOB '[A-Z][A-Z][A-Z]'),
	CONSTRAINT "actors_wikidata" CHECK("actors"."wikidata_id" IS NULL OR "actors"."wikidata_id" GLOB 'Q[1-9]*')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `actors_id_unique` ON `actors` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `actors_slug_unique` ON `actors` (`slug`);--> statement-breakpoint
CREATE INDEX `actors_kind_idx` ON `actors` (`kind`,`id`);--> statement-breakpoint
CREATE INDEX `actors_country_idx` ON `actors` (`country`,`id`);--> statement-breakpoint
CREATE INDEX `actors_sector_idx` ON `actors` (`sector`,`id`);--> statement-breakpoint
CREATE INDEX `actors_name_idx` ON `actors` (`name`,`id`);--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`scope` text NOT NULL,
	`hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text,
	`last_used_at` text,
	CONSTRAINT "api_keys_scope" CHECK("api_keys"."scope" IN ('read', 'write', 'admin'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash_unique` ON `api_keys` (`hash`);--> statement-breakpoint
CREATE TABLE `changes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`op` text NOT NULL,
	`version` integer NOT NULL,
	`changed_at` text NOT NULL,
	`key_id` text,
	`data` text,
	CONSTRAINT "changes_op" CHECK("changes"."op" IN ('create', 'update', 'delete'))
);
--> statement-breakpoint
CREATE INDEX `changes_entity_idx` ON `changes` (`entity_id`,`seq`);--> statement-breakpoint
CREATE TABLE `citations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`source_id` text NOT NULL,
	`excerpt` text NOT NULL,
	`start_offset` integer,
	`end_offset` integer,
	`basis` text NOT NULL,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "citations_basis" CHECK("citations"."basis" IN ('on_record', 'private_briefing', 'state_media', 'anonymous_official', 'analyst_assessment', 'reported')),
	CONSTRAINT "citations_offsets" CHECK(("citations"."start_offset" IS NULL AND "citations"."end_offset" IS NULL) OR ("citations"."start_offset" >= 0 AND "citations"."end_offset" >= "citations"."start_offset"))
);
--> statement-breakpoint
CREATE INDEX `citations_subject_idx` ON `citations` (`subject_id`);--> statement-breakpoint
CREATE INDEX `citations_source_idx` ON `citations` (`source_id`);--> statement-breakpoint
CREATE TABLE `deal_parties` (
	`deal_id` text NOT NULL,
	`actor_id` text NOT NULL,
	`side` text NOT NULL,
	PRIMARY KEY(`deal_id`, `actor_id`),
	FOREIGN KEY (`deal_id`) REFERENCES `deals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deal_parties_actor_idx` ON `deal_parties` (`actor_id`);--> statement-breakpoint
CREATE TABLE `deal_terms` (
	`pk` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`deal_id` text NOT NULL,
	`obligor_id` text,
	`beneficiary_id` text,
	`action_category` text NOT NULL,
	`action_mode` text,
	`description` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`deal_id`) REFERENCES `deals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`obligor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`beneficiary_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "terms_category" CHECK("deal_terms"."action_category" IN ('AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT')),
	CONSTRAINT "terms_mode" CHECK("deal_terms"."action_mode" IS NULL OR "deal_terms"."action_mode" IN ('visit', 'third-party', 'multilateral', 'phone', 'withdraw', 'release', 'disarm', 'ceasefire', 'access', 'resign', 'assist', 'change', 'yield', 'meet', 'disapprove', 'investigate', 'allege', 'convict', 'expel', 'discontinue')),
	CONSTRAINT "terms_kind" CHECK("deal_terms"."kind" IN ('offer', 'demand', 'condition')),
	CONSTRAINT "terms_status" CHECK("deal_terms"."status" IN ('floated', 'proposed', 'offered', 'demanded', 'accepted', 'rejected', 'implemented', 'withdrawn'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deal_terms_id_unique` ON `deal_terms` (`id`);--> statement-breakpoint
CREATE INDEX `terms_deal_idx` ON `deal_terms` (`deal_id`,`id`);--> statement-breakpoint
CREATE INDEX `terms_obligor_idx` ON `deal_terms` (`obligor_id`);--> statement-breakpoint
CREATE INDEX `terms_beneficiary_idx` ON `deal_terms` (`beneficiary_id`);--> statement-breakpoint
CREATE INDEX `terms_action_idx` ON `deal_terms` (`action_category`,`action_mode`);--> statement-breakpoint
CREATE INDEX `terms_status_idx` ON `deal_terms` (`status`);--> statement-breakpoint
CREATE TABLE `deals` (
	`pk` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`title` text NOT NULL,
	`summary` text,
	`status` text NOT NULL,
	`first_reported_on` text,
	`first_reported_on_start` text,
	`first_reported_on_end` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "deals_status" CHECK("deals"."status" IN ('exploratory', 'proposed', 'negotiating', 'agreed', 'partially_implemented', 'implemented', 'stalled', 'collapsed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deals_id_unique` ON `deals` (`id`);--> statement-breakpoint
CREATE INDEX `deals_status_idx` ON `deals` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `deals_reported_idx` ON `deals` (`first_reported_on_start`,`id`);--> statement-breakpoint
CREATE TABLE `event_participants` (
	`event_id` text NOT NULL,
	`actor_id` text NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`event_id`, `actor_id`, `role`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "participants_role" CHECK("event_participants"."role" IN ('source', 'target', 'participant', 'mediator', 'beneficiary'))
);
--> statement-breakpoint
CREATE INDEX `participants_actor_idx` ON `event_participants` (`actor_id`,`role`,`event_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`pk` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`title` text NOT NULL,
	`summary` text,
	`category` text NOT NULL,
	`mode` text,
	`contexts` text DEFAULT '[]' NOT NULL,
	`occurred_on` text,
	`occurred_on_start` text,
	`occurred_on_end` text,
	`ended_on` text,
	`ended_on_start` text,
	`ended_on_end` text,
	`span_start` text,
	`span_end` text,
	`location_name` text,
	`location_country` text,
	`latitude` real,
	`longitude` real,
	`status` text NOT NULL,
	`parent_event_id` text,
	`quantity` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`parent_event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "events_category" CHECK("events"."category" IN ('AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT')),
	CONSTRAINT "events_mode" CHECK("events"."mode" IS NULL OR "events"."mode" IN ('visit', 'third-party', 'multilateral', 'phone', 'withdraw', 'release', 'disarm', 'ceasefire', 'access', 'resign', 'assist', 'change', 'yield', 'meet', 'disapprove', 'investigate', 'allege', 'convict', 'expel', 'discontinue')),
	CONSTRAINT "events_status" CHECK("events"."status" IN ('occurred', 'reported', 'claimed', 'planned', 'hypothetical', 'denied')),
	CONSTRAINT "events_span" CHECK("events"."span_start" <= "events"."span_end"),
	CONSTRAINT "events_quantity" CHECK("events"."quantity" IS NULL OR "events"."quantity" >= 0),
	CONSTRAINT "events_lat" CHECK("events"."latitude" IS NULL OR "events"."latitude" BETWEEN -90 AND 90),
	CONSTRAINT "events_lon" CHECK("events"."longitude" IS NULL OR "events"."longitude" BETWEEN -180 AND 180)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_id_unique` ON `events` (`id`);--> statement-breakpoint
CREATE INDEX `events_span_idx` ON `events` (`span_start`,`id`);--> statement-breakpoint
CREATE INDEX `events_category_span_idx` ON `events` (`category`,`span_start`,`id`);--> statement-breakpoint
CREATE INDEX `events_status_idx` ON `events` (`status`,`span_start`);--> statement-breakpoint
CREATE INDEX `events_parent_idx` ON `events` (`parent_event_id`);--> statement-breakpoint
CREATE INDEX `events_title_idx` ON `events` (`title`,`id`);--> statement-breakpoint
CREATE INDEX `events_created_idx` ON `events` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`owner` text NOT NULL,
	`key` text NOT NULL,
	`method` text NOT NULL,
	`path` text NOT NULL,
	`body_hash` text NOT NULL,
	`status_code` integer NOT NULL,
	`headers` text NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`owner`, `key`)
);
--> statement-breakpoint
CREATE INDEX `idempotency_created_idx` ON `idempotency_keys` (`created_at`);--> statement-breakpoint
CREATE TABLE `import_keys` (
	`key` text PRIMARY KEY NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `positions` (
	`pk` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`holder_id` text NOT NULL,
	`organization_id` text,
	`title` text NOT NULL,
	`started_on` text,
	`started_on_start` text,
	`started_on_end` text,
	`ended_on` text,
	`ended_on_start` text,
	`ended_on_end` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`holder_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organization_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `positions_id_unique` ON `positions` (`id`);--> statement-breakpoint
CREATE INDEX `positions_holder_idx` ON `positions` (`holder_id`);--> statement-breakpoint
CREATE INDEX `positions_org_idx` ON `positions` (`organization_id`);--> statement-breakpoint
CREATE TABLE `quote_actors` (
	`quote_id` text NOT NULL,
	`actor_id` text NOT NULL,
	PRIMARY KEY(`quote_id`, `actor_id`),
	FOREIGN KEY (`quote_id`) REFERENCES `quotes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `quote_actors_actor_idx` ON `quote_actors` (`actor_id`);--> statement-breakpoint
CREATE TABLE `quote_terms` (
	`quote_id` text NOT NULL,
	`term_id` text NOT NULL,
	PRIMARY KEY(`quote_id`, `term_id`),
	FOREIGN KEY (`quote_id`) REFERENCES `quotes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`term_id`) REFERENCES `deal_terms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `quote_terms_term_idx` ON `quote_terms` (`term_id`);--> statement-breakpoint
CREATE TABLE `quotes` (
	`pk` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`text` text NOT NULL,
	`kind` text NOT NULL,
	`speaker_id` text NOT NULL,
	`speaker_position_id` text,
	`said_on` text,
	`said_on_start` text,
	`said_on_end` text,
	`setting` text,
	`event_id` text,
	`language` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`speaker_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`speaker_position_id`) REFERENCES `positions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "quotes_kind" CHECK("quotes"."kind" IN ('direct', 'paraphrase'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quotes_id_unique` ON `quotes` (`id`);--> statement-breakpoint
CREATE INDEX `quotes_speaker_idx` ON `quotes` (`speaker_id`,`said_on_start`);--> statement-breakpoint
CREATE INDEX `quotes_event_idx` ON `quotes` (`event_id`);--> statement-breakpoint
CREATE INDEX `quotes_said_idx` ON `quotes` (`said_on_start`,`id`);--> statement-breakpoint
CREATE INDEX `quotes_position_idx` ON `quotes` (`speaker_position_id`);--> statement-breakpoint
CREATE INDEX `quotes_created_idx` ON `quotes` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `relations` (
	`pk` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`subject_id` text NOT NULL,
	`object_id` text NOT NULL,
	`type` text NOT NULL,
	`started_on` text,
	`started_on_start` text,
	`started_on_end` text,
	`ended_on` text,
	`ended_on_start` text,
	`ended_on_end` text,
	`description` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`subject_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`object_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "relations_type" CHECK("relations"."type" IN ('member_of', 'leads', 'aide_to', 'ally_of', 'adversary_of', 'represents', 'detained_by')),
	CONSTRAINT "relations_distinct" CHECK("relations"."subject_id" <> "relations"."object_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `relations_id_unique` ON `relations` (`id`);--> statement-breakpoint
CREATE INDEX `relations_subject_idx` ON `relations` (`subject_id`);--> statement-breakpoint
CREATE INDEX `relations_object_idx` ON `relations` (`object_id`);--> statement-breakpoint
CREATE TABLE `sources` (
	`pk` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`url` text,
	`title` text NOT NULL,
	`publisher` text,
	`published_on` text,
	`published_on_start` text,
	`published_on_end` text,
	`retrieved_at` text,
	`language` text,
	`kind` text NOT NULL,
	`body` text,
	`sha256` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "sources_kind" CHECK("sources"."kind" IN ('news_article', 'official_statement', 'briefing', 'social_post', 'report', 'other'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sources_id_unique` ON `sources` (`id`);--> statement-breakpoint
CREATE INDEX `sources_kind_idx` ON `sources` (`kind`,`id`);--> statement-breakpoint
CREATE INDEX `sources_publisher_idx` ON `sources` (`publisher`,`id`);--> statement-breakpoint
CREATE INDEX `sources_published_idx` ON `sources` (`published_on_start`,`id`);--> statement-breakpoint
CREATE INDEX `sources_published_end_idx` ON `sources` (`published_on_end`);--> statement-breakpoint
CREATE TABLE `stances` (
	`term_id` text NOT NULL,
	`actor_id` text NOT NULL,
	`stance` text NOT NULL,
	`condition` text,
	`quote_id` text,
	`stated_on` text,
	`stated_on_start` text,
	`stated_on_end` text,
	PRIMARY KEY(`term_id`, `actor_id`),
	FOREIGN KEY (`term_id`) REFERENCES `deal_terms`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`quote_id`) REFERENCES `quotes`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "stances_stance" CHECK("stances"."stance" IN ('supports', 'opposes', 'conditional', 'skeptical'))
);
--> statement-breakpoint
CREATE INDEX `stances_actor_idx` ON `stances` (`actor_id`);--> statement-breakpoint
CREATE INDEX `stances_quote_idx` ON `stances` (`quote_id`);--> statement-breakpoint
CREATE TABLE `status_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`status` text NOT NULL,
	`previous_status` text,
	`changed_on` text,
	`changed_on_start` text,
	`changed_on_end` text,
	`recorded_at` text NOT NULL,
	`source_id` text,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "status_history_subject" CHECK("status_history"."subject_type" IN ('deal', 'term'))
);
--> statement-breakpoint
CREATE INDEX `status_history_subject_idx` ON `status_history` (`subject_id`,`id`);--> statement-breakpoint
CREATE INDEX `status_history_source_idx` ON `status_history` (`source_id`);--> statement-breakpoint
CREATE TABLE `term_links` (
	`term_id` text NOT NULL,
	`target_term_id` text NOT NULL,
	`type` text NOT NULL,
	PRIMARY KEY(`term_id`, `target_term_id`, `type`),
	FOREIGN KEY (`term_id`) REFERENCES `deal_terms`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`target_term_id`) REFERENCES `deal_terms`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "term_links_type" CHECK("term_links"."type" IN ('in_exchange_for', 'conditional_on', 'supersedes')),
	CONSTRAINT "term_links_distinct" CHECK("term_links"."term_id" <> "term_links"."target_term_id")
);
--> statement-breakpoint
CREATE INDEX `term_links_target_idx` ON `term_links` (`target_term_id`);