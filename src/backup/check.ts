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

export function checkDatabaseFile(path: string): DatabaseCheck {
  if (!existsSync(path)) throw new UnusableDatabase(`${path}: no such file.`)
  let db: Database.Database | undefined
  try {
    db = new Database(path, { readonly: true, fileMustExist: true })
    const problems = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check)
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new UnusableDatabase(`${path} fails the integrity check: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; …' : ''}`)
    }
    const hasLog = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get()
    if (!hasLog) throw new UnusableDatabase(`${path} is a SQLite database but not a Parley one (it has no migration log).`)
    const migrations = appliedMigrationCount(db)
    const known = knownMigrationCount()
    if (migrations > known) {
      throw new UnusableDatabase(`${path} has a newer schema than this build: ${migrations} migrations applied, this build knows ${known}. Restore it with a newer Parley.`)
    }
    return { migrations }
  } catch (err) {
    if (err instanceof SqliteError) throw new UnusableDatabase(`${path} is not a usable SQLite database: ${err.message}.`)
    throw err
  } finally {
    db?.close()
  }
}
