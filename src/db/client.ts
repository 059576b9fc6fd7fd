// Opens the SQLite database with the pragmas Parley relies on.
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import * as schema from './schema.js'

export type Sqlite = Database.Database
export type Drizzle = BetterSQLite3Database<typeof schema>

export interface DatabaseHandle {
  sqlite: Sqlite
  db: Drizzle
  close(): void
}

export function openDatabase(path: string): DatabaseHandle {
  if (path !== ':memory:' && !path.startsWith('file:')) mkdirSync(dirname(path), { recursive: true })
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
  sqlite.pragma('wal_autocheckpoint = 4000')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('cache_size = -32000')
  sqlite.pragma('temp_store = MEMORY')
  const db = drizzle(sqlite, { schema })
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
