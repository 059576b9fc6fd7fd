// The handle every repository shares: the database, a cache of prepared
// statements, the change log and the write transaction.
import type { Statement } from 'better-sqlite3'
import type { DatabaseHandle, Sqlite } from '../db/client.js'
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

export class Store {
  readonly sqlite: Sqlite
  readonly handle: DatabaseHandle
  private readonly statements = new Map<string, Statement>()
  private readonly listeners = new Set<ChangeListener>()
  private pendingSeq = 0

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

  /** How many prepared statements are cached. */
  get cachedStatements(): number {
    return this.statements.size
  }

  /** Runs fn in one IMMEDIATE transaction; fn must be synchronous. Listeners hear of commits only. */
  write<T>(fn: () => T): T {
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
