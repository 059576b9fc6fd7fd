// Brings a backup back as the configured database, refusing one that is
// damaged or newer than this build. Stop the server first: a running server
// keeps writing to the file it opened, not to the restored one.
import Database from 'better-sqlite3'
import { existsSync, renameSync, rmSync } from 'node:fs'
import { siblingTemp } from './backup.js'
import { checkDatabaseFile, type DatabaseCheck } from './check.js'

export interface RestoreResult extends DatabaseCheck {
  path: string
  ms: number
}

export async function restoreDatabase(backup: string, target: string): Promise<RestoreResult> {
  const started = Date.now()
  const check = checkDatabaseFile(backup)
  // Copy beside the target first, so the swap is one rename on one file system.
  const tmp = siblingTemp(target, 'restore')
  const src = new Database(backup, { readonly: true, fileMustExist: true })
  try {
    await src.backup(tmp, { progress: ({ totalPages }) => Math.max(totalPages, 1) })
  } catch (err) {
    rmSync(tmp, { force: true })
    throw err
  } finally {
    src.close()
  }
  try {
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
  } finally {
    rmSync(tmp, { force: true })
  }
  return { ...check, path: target, ms: Date.now() - started }
}
