// Applies drizzle-kit's migrations at start-up.
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { findUpward } from '../lib/find-upward.js'
import type { DatabaseHandle } from './client.js'

export const MIGRATIONS_FOLDER = dirname(dirname(findUpward('migrations/meta/_journal.json', import.meta.url)))

export function runMigrations({ sqlite, db }: DatabaseHandle): void {
  // drizzle-kit's table rebuilds switch foreign keys off inside a transaction,
  // where SQLite ignores it, so ON DELETE CASCADE children would vanish. Switch
  // them off around the whole run instead, then prove nothing dangles.
  sqlite.pragma('foreign_keys = OFF')
  try {
    const before = appliedMigrationCount(sqlite)
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER })
    // Only a migration that ran can have left a dangling key, and checking a
    // large database takes seconds (8 s at a million events): skip it otherwise.
    const broken = appliedMigrationCount(sqlite) === before ? [] : (sqlite.pragma('foreign_key_check') as unknown[])
    if (broken.length > 0) {
      throw new Error(`migration left ${broken.length} dangling foreign keys: ${JSON.stringify(broken.slice(0, 5))}`)
    }
  } finally {
    sqlite.pragma('foreign_keys = ON')
  }
}

/** The newest migration this build knows, to refuse restoring a newer database. */
export function appliedMigrationCount(sqlite: DatabaseHandle['sqlite']): number {
  try {
    const row = sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }
    return row.n
  } catch {
    return 0
  }
}

/** How many migrations this build has (the entries of drizzle-kit's journal). */
export function knownMigrationCount(): number {
  const journal = JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as { entries: unknown[] }
  return journal.entries.length
}
