// Consistent copies of a live database with SQLite's online backup API.
import Database from 'better-sqlite3'
import { existsSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { checkDatabaseFile, type DatabaseCheck } from './check.js'

export interface BackupResult extends DatabaseCheck {
  path: string
  bytes: number
  pages: number
  ms: number
}

/** A temporary name beside `path`, so the final rename stays on one file system. */
export function siblingTemp(path: string, what: string): string {
  return join(dirname(path), `.${basename(path)}.${what}-${process.pid}-${Date.now()}`)
}

/**
 * Copies the database at `source` to `dest` while other processes keep
 * writing to it. All pages are copied in one backup step, which holds a read
 * snapshot for its duration, so concurrent writes neither tear the copy nor
 * restart it. The copy is written beside `dest` and renamed into place only
 * after it passes `PRAGMA integrity_check`, so `dest` is never half written;
 * it is left in rollback-journal mode, one self-contained file.
 */
export async function backupDatabase(source: string, dest: string, opts: { overwrite?: boolean } = {}): Promise<BackupResult> {
  if (!existsSync(source)) throw new Error(`${source}: no such database.`)
  if (existsSync(dest) && !opts.overwrite) throw new Error(`${dest} exists already; choose a new name (or pass --force to replace it).`)
  const started = Date.now()
  const tmp = siblingTemp(dest, 'backup')
  // Read-write, though it only reads: a read-only connection cannot remove the -wal and -shm files it creates.
  const db = new Database(source, { fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    // Returning the total from the progress callback makes the next step copy every page at once.
    const progress = await db.backup(tmp, { progress: ({ totalPages }) => Math.max(totalPages, 1) })
    const check = checkDatabaseFile(tmp, dest)
    renameSync(tmp, dest)
    return { ...check, path: dest, bytes: statSync(dest).size, pages: progress.totalPages, ms: Date.now() - started }
  } finally {
    db.close()
    rmSync(tmp, { force: true })
  }
}
