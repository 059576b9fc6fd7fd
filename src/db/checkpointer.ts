// Checkpoints the WAL from a worker thread with a connection of its own.
//
// When the server's connection checkpoints itself (SQLite's autocheckpoint,
// run by the COMMIT that crosses the threshold), that COMMIT copies thousands of
// pages into the database file and waits for two fsyncs: on the 1M-event
// database a stall of ~20 ms every ~120 creates, during which the event loop
// answers nothing. Here the copying and the waiting happen off the event loop;
// the server's connection keeps a far higher autocheckpoint as a backstop, in
// case the worker falls behind or is gone. app.ts starts it with the first
// write: a server that is only read from never pays for the thread.
import { Worker } from 'node:worker_threads'
import { AUTOCHECKPOINT_PAGES, type Sqlite } from './client.js'

/** How often the worker checkpoints; with nothing new in the WAL a checkpoint costs microseconds. */
export const CHECKPOINT_INTERVAL_MS = 100
/** The server connection's own autocheckpoint while a worker checkpoints, in pages (about 80 MB of WAL). */
export const BACKSTOP_PAGES = 20_000

export interface CheckpointResult {
  /** Frames in the WAL, and how many of them are now in the database file. */
  log: number
  checkpointed: number
}

export interface Checkpointer {
  /** Called after each checkpoint that copied frames, and with an error the worker met. */
  onCheckpoint?: (result: CheckpointResult) => void
  onError?: (err: Error) => void
  /** Stops the worker after its current checkpoint and closes its connection. */
  close(): Promise<void>
}

// Plain JavaScript, evaluated in the worker: better-sqlite3 is required from
// where this module is (the sources, tsc's tree or the bundle alike).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require('node:module').createRequire(workerData.from)('better-sqlite3')
const db = new Database(workerData.path)
// It only copies WAL frames into the file, which needs no page cache.
db.pragma('cache_size = -64')
let stopped = false
const tick = () => {
  if (stopped) return
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)')
    if (r.checkpointed > 0 && r.checkpointed !== last) parentPort.postMessage({ log: r.log, checkpointed: r.checkpointed })
    last = r.checkpointed
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) })
  }
  timer = setTimeout(tick, workerData.interval)
}
let last = -1
let timer = setTimeout(tick, workerData.interval)
parentPort.on('message', (m) => {
  if (m !== 'stop') return
  stopped = true
  clearTimeout(timer)
  db.close()
  parentPort.close()
})
`

/**
 * Starts checkpointing the WAL of the server's database file from a worker
 * thread, and moves the server connection's own autocheckpoint back to the
 * backstop. An in-memory database has no WAL: null.
 */
export function startCheckpointer(sqlite: Sqlite, interval = CHECKPOINT_INTERVAL_MS, source = WORKER_SOURCE): Checkpointer | null {
  if (sqlite.memory) return null
  const worker = new Worker(source, {
    eval: true,
    workerData: { path: sqlite.name, from: import.meta.url, interval },
    // It allocates next to nothing; a small heap keeps its share of the server's memory small.
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
  })
  sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`)
  // The server must be able to exit without stopping it first (a crash, a test's teardown).
  worker.unref()
  let closing = false
  // A worker gone for good (an error, out of memory): the server's connection checkpoints as before.
  const fallBack = () => {
    if (!closing && sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`)
  }
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      fallBack()
      resolve()
    }),
  )
  const checkpointer: Checkpointer = {
    async close() {
      closing = true
      // Referenced again, so the process waits for the worker to close its connection.
      worker.ref()
      worker.postMessage('stop')
      await exited
    },
  }
  worker.on('message', (m: CheckpointResult | { error: string }) => {
    if ('error' in m) checkpointer.onError?.(new Error(m.error))
    else checkpointer.onCheckpoint?.(m)
  })
  worker.on('error', (err) => {
    fallBack()
    checkpointer.onError?.(err)
  })
  return checkpointer
}
