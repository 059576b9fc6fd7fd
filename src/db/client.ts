// Opens the SQLite database with the pragmas Parley relies on.
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

export type Sqlite = Database.Database
export type Drizzle = BetterSQLite3Database

/** SQLite page cache of the server's connection, KiB. */
export const PAGE_CACHE_KIB = 32_000
/**
 * Page cache of an export's read-only snapshot connection, KiB. An export reads
 * each table once in key order, so a bigger cache is never hit again: a full
 * export of the 1M-event file read the same 472,000 pages from the OS with
 * 16 MiB (SQLite's default) as with 2 MiB, and held 12 MiB more meanwhile.
 */
export const SNAPSHOT_CACHE_KIB = 2_000
/** WAL pages after which a COMMIT checkpoints (when no background checkpointer does it: src/db/checkpointer.ts). */
export const AUTOCHECKPOINT_PAGES = 4_000

export interface DatabaseHandle {
  sqlite: Sqlite
  db: Drizzle
  close(): void
}

/**
 * Opens the file at `path` (`:memory:` for a throwaway), or an in-memory copy of a
 * database serialized with `sqlite.serialize()` (the tests' seeded template).
 */
export function openDatabase(path: string | Buffer): DatabaseHandle {
  if (typeof path === 'string' && path !== ':memory:' && !path.startsWith('file:')) mkdirSync(dirname(path), { recursive: true })
  const sqlite = new Database(path)
  // WAL lets readers run while a writer commits; NORMAL sync is durable in WAL
  // mode except for the last transactions before a power cut, never corrupting.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  // Checkpoint every 4,000 WAL pages (16 MB) rather than SQLite's 1,000: a
  // create dirties ~34 pages, many of them the same B-tree pages again (hot
  // leaves, interior pages, the feed counters), which a checkpoint writes to
  // the main file once however often they were committed. Measured on the
  // 1M-event database: ~100 µs less CPU per create. The cost: a WAL file of
  // up to ~16 MB on disk, and each checkpoint (run by the committing write)
  // writes more at once, less often.
  sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`)
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('foreign_keys = ON')
  // 32 MiB of page cache (the largest native share of the server's memory): on
  // the 1M-event file halving it made the timeline read ~85 more pages a request
  // from the OS, and a random GET one event ~6, for 16 MiB saved.
  sqlite.pragma(`cache_size = -${PAGE_CACHE_KIB}`)
  // Statement journals in memory: with temp files, a create event spilled each
  // savepoint's journal to disk (~140 more writes per create on the 1M file).
  // The cost is a big write transaction's temporaries held in RAM (an import).
  sqlite.pragma('temp_store = MEMORY')
  const db = drizzle(sqlite)
  return {
    sqlite,
    db,
    close() {
      if (!sqlite.open) return
      // Fold the WAL back into the main file so a copied database is whole.
      try {
        sqlite.pragma('wal_checkpoint(TRUNCATE)')
      } catch {
        /* another connection may hold a read lock; closing is still safe */
      }
      sqlite.close()
    },
  }
}
