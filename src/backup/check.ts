// Whether a file is a whole Parley database this build can open: it passes
// SQLite's integrity check and has no migration this build does not know.
import Database, { SqliteError } from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { appliedMigrationCount, knownMigrationCount } from '../db/migrate.js'

export interface DatabaseCheck {
  /** Migrations applied to the file. */
  migrations: number
}

export class UnusableDatabase extends Error {}

/**
 * Checks a database file and leaves it in rollback-journal mode, so it is one
 * self-contained file. Opens it read-write (SQLite then removes its -wal and
 * -shm side files on close), so call it on a copy, never on a live database.
 */
export function checkDatabaseFile(path: string, label = path): DatabaseCheck {
  if (!existsSync(path)) throw new UnusableDatabase(`${label}: no such file.`)
  let db: Database.Database | undefined
  try {
    db = new Database(path, { fileMustExist: true })
    const problems = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check)
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new UnusableDatabase(`${label} fails the integrity check: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; …' : ''}`)
    }
    const hasLog = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get()
    if (!hasLog) throw new UnusableDatabase(`${label} is a SQLite database but not a Parley one (it has no migration log).`)
    const migrations = appliedMigrationCount(db)
    const known = knownMigrationCount()
    if (migrations > known) {
      throw new UnusableDatabase(`${label} has a newer schema than this build: ${migrations} migrations applied, this build knows ${known}. Restore it with a newer Parley.`)
    }
    db.pragma('journal_mode = DELETE')
    return { migrations }
  } catch (err) {
    if (err instanceof SqliteError) throw new UnusableDatabase(`${label} is not a usable SQLite database: ${err.message}.`)
    throw err
  } finally {
    db?.close()
  }
}
