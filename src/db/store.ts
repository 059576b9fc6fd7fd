// The handle every repository shares: the database, a cache of prepared
// statements, the change log and the write transaction.
import type { Statement } from 'better-sqlite3'
import type { DatabaseHandle, Sqlite } from './client.js'
import { DeferredIndexes } from './deferred-indexes.js'
import type { EntityType } from '../lib/ids.js'

/** Who is writing, so the change log can say. */
export interface WriteContext {
  keyId?: string | null
  /** A POST's Idempotency-Key, claimed inside the write's transaction so a concurrent duplicate cannot commit too. */
  idempotency?: { claimInTransaction(): void } | null
}

export type ChangeOp = 'create' | 'update' | 'delete'

export type ChangeListener = (seq: number) => void

const MAX_STATEMENTS = 1000
/** The most answers the lookup cache holds before it starts over (it bounds an import's memory). */
const MAX_LOOKUPS = 100_000
/**
 * The longest a grouped write waits for the other writes expected in its batch, in ms. Writers that wait for
 * their answers before writing again (most clients) come back a few hundred µs after their batch is answered,
 * while the writers answered one batch earlier are already waiting: without waiting, the bench's 8 writers
 * settled into alternating batches of 4.15 on average, and a create in a batch of 4 cost ~20% more CPU than in
 * one of 8 (the COMMIT, the FTS flush and the batch's index fills are paid per batch). With 1 ms, 48% of the
 * batches held all 8 on a busy machine; with 2 ms, 76%.
 */
export const GATHER_MS = 2
/** How many batches back the expected batch size looks: after a burst, at most this many batches wait GATHER_MS in vain. */
const RECENT_BATCHES = 16

/** One queued grouped write: its work, and how to answer it once the batch holding it has committed or failed. */
interface GroupedWrite {
  fn: () => unknown
  resolve(value: unknown): void
  reject(err: unknown): void
}

export class Store {
  readonly sqlite: Sqlite
  readonly handle: DatabaseHandle
  private readonly statements = new Map<string, Statement>()
  private readonly listeners = new Set<ChangeListener>()
  private pendingSeq = 0
  private queue: GroupedWrite[] = []
  /** The batch's COMMIT is due on the next setImmediate. */
  private flushScheduled = false
  /** The batch waits (at most gatherMs) for the writers expected to join it. */
  private gatherTimer: NodeJS.Timeout | null = null
  /** The sizes of the last RECENT_BATCHES batches (a ring): the next batch waits for as many writes as the largest. */
  private readonly recentBatches = new Array<number>(RECENT_BATCHES).fill(1)
  private recentAt = 0
  private expectedBatch = 1
  /** How long a batch waits for the writes expected, ms (GATHER_MS; a test lengthens it to see the wait). */
  gatherMs = GATHER_MS
  private readonly flushQueue = () => this.flush()
  private readonly deferred = new DeferredIndexes(this)
  private lookups: Map<string, unknown> | null = null

  constructor(handle: DatabaseHandle) {
    this.handle = handle
    this.sqlite = handle.sqlite
  }

  /**
   * A prepared statement for this SQL, prepared once per process. List queries
   * are built from a fixed set of shapes, but their combinations (filters,
   * multi-key sorts, cursors) run to millions, so the cache is capped: past
   * MAX_STATEMENTS the oldest is dropped (and prepared again if it comes back).
   */
  stmt<R = unknown>(sql: string): Statement<unknown[], R> {
    let s = this.statements.get(sql)
    if (!s) {
      s = this.sqlite.prepare(sql)
      this.statements.set(sql, s)
      if (this.statements.size > MAX_STATEMENTS) this.statements.delete(this.statements.keys().next().value!)
    }
    return s as Statement<unknown[], R>
  }

  /**
   * The rows of a query as arrays of these columns, in no set order, read
   * through one JSON text: for answers of thousands of rows, where
   * better-sqlite3's object per row costs several times what V8 takes to
   * parse the same rows from one string. Values are what JSON can carry
   * (text, integers, reals; no blobs).
   */
  tuples<T extends unknown[]>(sql: string, columns: readonly string[], ...params: unknown[]): T[] {
    const row = this.stmt<{ rows: string }>(`SELECT json_group_array(json_array(${columns.join(', ')})) AS rows FROM (${sql})`).get(...params)
    return JSON.parse(row!.rows) as T[]
  }

  /**
   * The row `sql` finds for one parameter (a reference check: does this actor,
   * source, event exist). Inside `rememberLookups` the rows found are
   * remembered; a miss never is, since a later write may add the row.
   */
  lookup<R>(sql: string, param: unknown): R | undefined {
    if (!this.lookups) return this.stmt<R>(sql).get(param)
    const key = `${sql}\u0000${param}`
    const hit = this.lookups.get(key) as R | undefined
    if (hit !== undefined) return hit
    const row = this.stmt<R>(sql).get(param)
    if (row !== undefined) {
      if (this.lookups.size >= MAX_LOOKUPS) this.lookups.clear()
      this.lookups.set(key, row)
    }
    return row
  }

  /**
   * Runs fn with `lookup` answers remembered: for a run of writes inside one
   * transaction that add records (an import checks the same actors and
   * sources again and again). A record found stays found while records are
   * only added; any update or delete (`forgetLookups`) clears what was remembered.
   */
  rememberLookups<T>(fn: () => T): T {
    this.lookups = new Map()
    try {
      return fn()
    } finally {
      this.lookups = null
    }
  }

  /** Called by every update and delete: a remembered row may have changed. */
  forgetLookups(): void {
    this.lookups?.clear()
  }

  /** How many prepared statements are cached. */
  get cachedStatements(): number {
    return this.statements.size
  }

  /** Called once, before the first write through this store (app.ts starts the background WAL checkpointer then). */
  firstWrite: (() => void) | null = null

  private beforeWrite(): void {
    const first = this.firstWrite
    if (!first) return
    this.firstWrite = null
    first()
  }

  /** Runs fn in one IMMEDIATE transaction; fn must be synchronous. Listeners hear of commits only. */
  write<T>(fn: () => T): T {
    this.beforeWrite()
    // Inside a grouped write's transaction: a savepoint of it, heard of when the batch commits.
    if (this.sqlite.inTransaction) return this.sqlite.transaction(fn)()
    const run = this.sqlite.transaction(fn)
    this.pendingSeq = 0
    let result: T
    try {
      result = run.immediate()
    } catch (err) {
      this.pendingSeq = 0
      throw err
    }
    const seq = this.pendingSeq
    this.pendingSeq = 0
    if (seq > 0) for (const l of this.listeners) l(seq)
    return result
  }

  /**
   * Runs fn in a transaction shared with the other grouped writes queued in
   * the same turn of the event loop (or, while recent batches held more
   * writes, within GATHER_MS: scheduleFlush): one IMMEDIATE transaction, with each fn in its own savepoint (released on
   * success, rolled back on failure, so a failed fn changes nothing). The
   * promise settles only after the COMMIT holding fn; if COMMIT fails, every
   * write in the batch fails with its error. Many concurrent writes thus pay
   * for one commit: its WAL frames and its share of checkpoints. The search
   * indexes and feed_* rows of the records the batch creates are filled once,
   * set-based, just before COMMIT (deferred-indexes.ts): FTS5 writes its
   * pending terms out at every statement savepoint, so per-row triggers cost
   * one index flush per create. fn must be synchronous; the batch runs in one
   * go, so no other code ever sees it open.
   */
  writeGrouped<T>(fn: () => T): Promise<T> {
    this.beforeWrite()
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (value: unknown) => void, reject })
      this.scheduleFlush()
    })
  }

  /**
   * Commits the queue on the next setImmediate once it holds the writes expected (every write queued in this
   * turn of the event loop joins it), else within gatherMs, so that writers who come back just after their
   * answer share a commit with the ones already waiting. The writes expected: as many as in the largest of the
   * last RECENT_BATCHES batches. Nothing is answered before its COMMIT either way.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return
    if (this.queue.length >= this.expectedBatch) {
      if (this.gatherTimer) clearTimeout(this.gatherTimer)
      this.gatherTimer = null
      this.flushScheduled = true
      setImmediate(this.flushQueue)
    } else if (!this.gatherTimer) {
      this.gatherTimer = setTimeout(() => {
        this.gatherTimer = null
        this.flushScheduled = true
        this.flush()
      }, this.gatherMs)
    }
  }

  /** How many grouped writes wait for their batch's COMMIT. */
  get queuedWrites(): number {
    return this.queue.length
  }

  /** Runs the queued grouped writes in one transaction and answers each. */
  private flush(): void {
    const batch = this.queue
    this.queue = []
    this.flushScheduled = false
    if (batch.length === 0) return
    this.recentBatches[this.recentAt] = batch.length
    this.recentAt = (this.recentAt + 1) % RECENT_BATCHES
    this.expectedBatch = Math.max(...this.recentBatches)
    const outcomes: { ok: boolean; value: unknown }[] = []
    this.pendingSeq = 0
    try {
      this.stmt('BEGIN IMMEDIATE').run()
    } catch (err) {
      for (const w of batch) w.reject(err)
      return
    }
    try {
      this.deferred.begin()
      for (const w of batch) {
        const seqBefore = this.pendingSeq
        this.stmt('SAVEPOINT grouped_write').run()
        try {
          const value = w.fn()
          this.stmt('RELEASE grouped_write').run()
          outcomes.push({ ok: true, value })
        } catch (err) {
          // ROLLBACK TO keeps the savepoint open: release it too, leaving the transaction as it was before fn.
          this.stmt('ROLLBACK TO grouped_write').run()
          this.stmt('RELEASE grouped_write').run()
          this.pendingSeq = seqBefore
          outcomes.push({ ok: false, value: err })
        }
      }
      this.deferred.finish()
      this.stmt('COMMIT').run()
    } catch (err) {
      this.deferred.abandon()
      // COMMIT failed (a deferred constraint, SQLITE_BUSY, a full disk) or SQLite undid the transaction itself:
      // nothing of the batch may stay, and every write in it fails.
      if (this.sqlite.inTransaction) this.stmt('ROLLBACK').run()
      this.pendingSeq = 0
      for (const w of batch) w.reject(err)
      return
    }
    const seq = this.pendingSeq
    this.pendingSeq = 0
    batch.forEach((w, i) => (outcomes[i].ok ? w.resolve(outcomes[i].value) : w.reject(outcomes[i].value)))
    if (seq > 0) for (const l of this.listeners) l(seq)
  }

  now(): string {
    return new Date().toISOString()
  }

  /** Appends to the change log; call inside write(). */
  logChange(type: EntityType | string, id: string, op: ChangeOp, version: number, data: unknown, ctx: WriteContext): number {
    ctx.idempotency?.claimInTransaction()
    const info = this.stmt(
      'INSERT INTO changes (entity_type, entity_id, op, version, changed_at, key_id, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(type, id, op, version, this.now(), ctx.keyId ?? null, data === null ? null : JSON.stringify(data))
    this.pendingSeq = Number(info.lastInsertRowid)
    return this.pendingSeq
  }

  /**
   * Runs fn (synchronous, reading only) in one read transaction: its statements see one
   * snapshot, so a version read first matches the answer read after it, and take the WAL
   * read lock once rather than each on its own (~2.5 µs a statement).
   */
  read<T>(fn: () => T): T {
    if (this.sqlite.inTransaction) return fn()
    this.stmt('BEGIN').run()
    try {
      return fn()
    } finally {
      // A failed statement may have ended the transaction already.
      if (this.sqlite.inTransaction) this.stmt('COMMIT').run()
    }
  }

  /** The newest change-log sequence number: any write moves it, so it versions every list. */
  latestSeq(): number {
    const row = this.stmt<{ seq: number | null }>("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").get()
    return row?.seq ?? 0
  }

  onCommit(listener: ChangeListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** How many commit listeners are attached (open change streams, for one). */
  get listenerCount(): number {
    return this.listeners.size
  }
}

/** `?, ?, ?` for n values. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ')
}
