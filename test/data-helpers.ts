// Helpers for the bulk-data tests: generated NDJSON and requests that send it.
import type { FastifyInstance } from 'fastify'
import { generateRecords } from '../bench/generate-records.js'
import { AUTH } from './helpers.js'

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
