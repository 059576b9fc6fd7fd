// Shared by the query-layer tests: seed keys, walking every page of a list,
// a seeded random generator, and an app that counts the statements it runs.
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import { json, makeApp } from './helpers.js'

type Obj = Record<string, any>

/** The id each seed record got, by its key in seed/parley-seed.json (`evt-smith-visit-belarus`). */
export function seedIds(app: FastifyInstance): (key: string) => string {
  const rows = app.repos.store.sqlite.prepare('SELECT key, entity_id FROM import_keys').all() as { key: string; entity_id: string }[]
  const byKey = new Map(rows.map((r) => [r.key, r.entity_id]))
  return (key) => {
    const id = byKey.get(key)
    if (!id) throw new Error(`no seed record has the key ${key}`)
    return id
  }
}

/** Follows next_cursor from `url` to the last page; returns every record, in order. */
export async function walk(app: FastifyInstance, url: string, between?: () => Promise<void>): Promise<Obj[]> {
  const out: Obj[] = []
  let cursor: string | null = null
  for (let page = 0; page < 10_000; page++) {
    const sep = url.includes('?') ? '&' : '?'
    const res: LightMyRequestResponse = await app.inject({ method: 'GET', url: cursor ? `${url}${sep}cursor=${encodeURIComponent(cursor)}` : url })
    if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}: ${res.body}`)
    const body: { data: Obj[]; has_more: boolean; next_cursor: string | null } = json(res)
    out.push(...body.data)
    if (!body.has_more) {
      if (body.next_cursor !== null) throw new Error('the last page has a next_cursor')
      return out
    }
    cursor = body.next_cursor
    if (between) await between()
  }
  throw new Error('too many pages')
}

/** A small deterministic generator (mulberry32), so a failing run can be replayed. */
export function rng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  }
}

/** A seeded app on a database that records every SQL statement it executes while `counting` is on. */
export async function makeCountingApp(t: Test) {
  const log = { counting: false, statements: [] as string[] }
  const sqlite = new Database(':memory:', {
    verbose: (sql) => {
      if (log.counting) log.statements.push(String(sql))
    },
  })
  sqlite.pragma('foreign_keys = ON')
  const handle = { sqlite, db: drizzle(sqlite), close: () => sqlite.close() }
  const app = await makeApp(t, { database: handle })
  /** The statements one request runs. */
  const count = async (url: string) => {
    log.statements = []
    log.counting = true
    const res: LightMyRequestResponse = await app.inject({ method: 'GET', url })
    log.counting = false
    if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}: ${res.body}`)
    return { n: log.statements.length, statements: log.statements, body: json(res) }
  }
  return { app, count }
}
