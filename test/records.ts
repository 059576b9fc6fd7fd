// Shared helpers for the CRUD tests: valid bodies, writes through the HTTP
// surface, and a look at the change log.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import { AUTH, json, snapshot } from './helpers.js'

/** Words found verbatim in the seeded report, for citations. */
export const EXCERPT = 'the release of three detainees'

export interface Change {
  seq: number
  entity_type: string
  entity_id: string
  op: string
  version: number
  data: string | null
}

/** The change-log entries of one record, oldest first. */
export function changesOf(app: FastifyInstance, id: string): Change[] {
  return app.repos.store.sqlite.prepare('SELECT seq, entity_type, entity_id, op, version, data FROM changes WHERE entity_id = ? ORDER BY seq').all(id) as Change[]
}

export async function post(app: FastifyInstance, url: string, payload: unknown): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url, headers: AUTH, payload: payload as object })
}

export async function patch(app: FastifyInstance, url: string, payload: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'PATCH', url, headers: { ...AUTH, ...headers }, payload: payload as object })
}

export async function del(app: FastifyInstance, url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'DELETE', url, headers: { ...AUTH, ...headers } })
}

/** Creates a record and fails the test unless the answer is 201. */
export async function create(t: Test, app: FastifyInstance, url: string, payload: unknown): Promise<any> {
  const res = await post(app, url, payload)
  t.equal(res.statusCode, 201, `POST ${url} answers 201: ${res.statusCode === 201 ? '' : res.body}`)
  return json(res)
}

/** Asserts a 400 validation problem that names `pointer`, and returns the problem. */
export function assertInvalid(t: Test, res: LightMyRequestResponse, pointer: string): any {
  t.equal(res.statusCode, 400, `400 for ${pointer}`)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  const body = json(res)
  t.equal(body.code, 'validation_failed')
  t.ok(
    body.errors?.some((e: { pointer: string }) => e.pointer === pointer),
    `the problem names ${pointer}: ${JSON.stringify(body.errors)}`,
  )
  return body
}

/** Runs fn and asserts that no table changed and nothing reached the change log. */
export async function assertNoWrite(t: Test, app: FastifyInstance, fn: () => Promise<unknown>): Promise<void> {
  const before = snapshot(app)
  await fn()
  t.same(snapshot(app), before, 'the database is unchanged')
}

export const sourceBody = (extra: Record<string, unknown> = {}) => ({
  title: 'A briefing note',
  kind: 'briefing',
  publisher: 'Parley Test Desk',
  published_on: '2025-03',
  language: 'en',
  body: 'The envoy met the minister. Both sides agreed to talk again in April.',
  ...extra,
})

export const actorBody = (extra: Record<string, unknown> = {}) => ({
  slug: 'test-envoy',
  name: 'Test Envoy',
  kind: 'person',
  country: 'USA',
  sector: 'GOV',
  aliases: ['The Envoy'],
  description: 'An envoy made up for the tests.',
  wikidata_id: 'Q42',
  ...extra,
})
