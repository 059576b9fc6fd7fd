// A long export reads in many batches while the server keeps writing. On a
// second, read-only connection that holds one read transaction, every batch
// sees the same state (WAL keeps that snapshot), so an export never names a
// record it does not contain. The shared connection cannot do this: its
// transaction would swallow other requests' writes.
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { SNAPSHOT_CACHE_KIB, type DatabaseHandle } from '../db/client.js'
import { createRepositories, type Repositories } from '../resources/index.js'

/** Opens a read-only connection to a database file and starts a read transaction on it. */
export function openSnapshot(path: string): DatabaseHandle {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true })
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma(`cache_size = -${SNAPSHOT_CACHE_KIB}`)
  sqlite.exec('BEGIN')
  // The snapshot starts at the first read.
  sqlite.prepare('SELECT count(*) FROM sqlite_master').get()
  return {
    sqlite,
    db: drizzle(sqlite),
    close() {
      if (!sqlite.open) return
      if (sqlite.inTransaction) sqlite.exec('COMMIT')
      sqlite.close()
    },
  }
}

/**
 * Runs a generator over a consistent snapshot of the database behind `live`,
 * opened on the first pull and closed when the generator ends or is
 * abandoned. An in-memory database has no second connection: it is read live.
 */
export function* fromSnapshot<T>(live: Repositories, produce: (repos: Repositories) => Iterable<T>): Generator<T> {
  const { sqlite } = live.store
  if (sqlite.memory) {
    yield* produce(live)
    return
  }
  const handle = openSnapshot(sqlite.name)
  try {
    yield* produce(createRepositories(handle))
  } finally {
    handle.close()
  }
}
