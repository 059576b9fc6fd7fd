import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'sqlite',
  // Each table lives beside the code that owns it.
  schema: ['./src/resources/*/table.ts', './src/resources/*/*-table.ts', './src/keys/table.ts', './src/db/tables.ts'],
  out: './migrations',
  // The FTS5 tables and their triggers live in a hand-written migration; keep
  // drizzle-kit from trying to drop them. The same goes for the feed_* tables
  // (migrations/0005_feeds_derived.sql), index_deferral (0006) and id_order (0010).
  tablesFilter: ['!*_fts', '!*_fts_*', '!feed_*', '!index_deferral', '!id_order'],
})
