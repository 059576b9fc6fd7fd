// Helpers for the bulk-data tests: generated NDJSON and requests that send it.
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { generateRecords } from '../bench/generate-records.js'
import { AUTH } from './helpers.js'

type R = Record<string, unknown>

export const NDJSON = { ...AUTH, 'content-type': 'application/x-ndjson' }

/** `count` generated records as NDJSON lines (a few more: the generator finishes its last group). */
export function generatedLines(count: number, seed = 1): string[] {
  return [...generateRecords(count, seed)].map((r) => JSON.stringify(r))
}

export function importNdjson(app: FastifyInstance, body: string, query = '') {
  return app.inject({ method: 'POST', url: `/v1/import${query}`, headers: NDJSON, payload: body })
}

/** The lines of a response body, without the empty string after the last newline. */
export function lines(body: string): string[] {
  return body.split('\n').filter((l) => l !== '')
}

/** Parses RFC 4180 CSV (quoted cells may hold commas, quotes and newlines) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++
      else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') row.push(cell), (cell = '')
    else if (c === '\n') row.push(cell), rows.push(row), (row = []), (cell = '')
    else cell += c
  }
  if (cell !== '' || row.length > 0) row.push(cell), rows.push(row)
  return rows
}

/** CSV rows as objects keyed by the header row. */
export function csvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text)
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])))
}

const FTS = ['sources_fts', 'actors_fts', 'events_fts', 'quotes_fts', 'deals_fts', 'deal_terms_fts']

/** Every external-content index agrees with its table, row for row (FTS5 throws otherwise). */
export function checkFts(t: Test, app: FastifyInstance) {
  for (const table of FTS) {
    t.doesNotThrow(() => app.repos.store.sqlite.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`).run(), `${table} matches its table`)
  }
}

/** The import keys of the records a search finds, sorted: the two apps give generated records different ids. */
export function hitKeys(app: FastifyInstance, body: { data: R[] }): string[] {
  const key = app.repos.store.stmt<{ key: string }>('SELECT key FROM import_keys WHERE entity_id = ?')
  return body.data.map((h) => key.get(h.id)?.key ?? (h.id as string)).sort()
}

// Write times differ between any two imports; everything else must not.
const TIMES = new Set(['created_at', 'updated_at', 'changed_at', 'recorded_at'])

/**
 * Every row of every table but the search indexes (compared through searches), in
 * storage order, with write times left out and ids swapped for the import keys that
 * name them: two apps given the same records by the same keys dump the same.
 */
export function dump(app: FastifyInstance): Record<string, unknown[]> {
  const db = app.repos.store.sqlite
  const keyOf = new Map((db.prepare('SELECT entity_id, key FROM import_keys').all() as R[]).map((r) => [r.entity_id, r.key]))
  const swap = (v: unknown) => (typeof v === 'string' ? (keyOf.get(v) ?? v) : v)
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' AND name NOT LIKE '__drizzle%' ORDER BY name").all() as { name: string }[]
  const out: Record<string, unknown[]> = {}
  for (const { name } of tables) {
    // Sorted: derived tables may hold their rows in another order (the triggers move an updated record's rows to the end).
    out[name] = (db.prepare(`SELECT * FROM "${name}"`).all() as R[]).map((row) => {
      const kept: R = {}
      for (const [col, v] of Object.entries(row)) {
        if (TIMES.has(col)) continue
        // The change log's copy of each record: the same record, whatever its times and ids.
        kept[col] = name === 'changes' && col === 'data' && typeof v === 'string' ? JSON.parse(v, (k, x) => (TIMES.has(k) ? undefined : swap(x))) : swap(v)
      }
      return kept
    })
      // A count a patch took back to 0: the triggers leave the row, the set-based fill never
      // writes it, and every reader skips counts of 0 (HAVING sum(n) > 0), so both mean the same.
      .filter((row) => !(name.startsWith('feed_') && (row.n === 0 || row.events === 0)))
      .sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1))
  }
  return out
}
