// Brings a backup back as the configured database, refusing one that is
// damaged or newer than this build. Stop the server first: a running server
// keeps writing to the file it opened, not to the restored one.
import Database from 'better-sqlite3'
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs'
import { siblingTemp } from './backup.js'
import { checkDatabaseFile, type DatabaseCheck } from './check.js'

export interface RestoreResult extends DatabaseCheck {
  path: string
  ms: number
}

export async function restoreDatabase(backup: string, target: string): Promise<RestoreResult> {
  const started = Date.now()
  if (!existsSync(backup)) throw new Error(`${backup}: no such file.`)
  // Work on a copy beside the target: the backup is never opened by SQLite
  // (nor changed), and the swap is one rename on one file system.
  const tmp = siblingTemp(target, 'restore')
  try {
    copyFileSync(backup, tmp)
    // A copy of a database in WAL mode may keep recent commits in its -wal file.
    if (existsSync(`${backup}-wal`)) copyFileSync(`${backup}-wal`, `${tmp}-wal`)
    const check = checkDatabaseFile(tmp, backup)
    if (existsSync(target)) {
      // Fold the old database's write-ahead log in and drop it: a leftover
      // -wal file would otherwise be replayed onto the restored database.
      const old = new Database(target, { fileMustExist: true })
      try {
        old.pragma('wal_checkpoint(TRUNCATE)')
      } finally {
        old.close()
      }
      rmSync(`${target}-wal`, { force: true })
      rmSync(`${target}-shm`, { force: true })
    }
    renameSync(tmp, target)
    return { ...check, path: target, ms: Date.now() - started }
  } finally {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true })
  }
}
