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
