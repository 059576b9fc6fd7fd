// Builds a fresh app on a throwaway in-memory database for each test.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { Writable } from 'node:stream'
import type { Test } from 'tap'
import { buildApp, type BuildOptions } from '../src/app.js'
import { openDatabase } from '../src/db/client.js'
import { loggerOptions } from '../src/logging.js'
import { runMigrations } from '../src/db/migrate.js'
import { createRepositories } from '../src/resources/index.js'
import { loadSeed } from '../seed/load.js'

/** The admin key every test app accepts (PARLEY_ADMIN_KEY). Send it on writes. */
export const ADMIN_KEY = 'test-admin-key-0123456789abcdef0123456789'
export const AUTH = { authorization: `Bearer ${ADMIN_KEY}` }

/** Sends a key as a bearer token. */
export const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` })

let template: Buffer | null = null

/**
 * The migrated, seeded database, built once per test process and serialized:
 * each app gets its own in-memory copy instead of migrating and seeding anew.
 */
function seededCopy() {
  if (!template) {
    const handle = openDatabase(':memory:')
    runMigrations(handle)
    loadSeed(createRepositories(handle))
    template = handle.sqlite.serialize()
    handle.close()
  }
  return openDatabase(template)
}

export async function makeApp(t: Test, options: BuildOptions = {}): Promise<FastifyInstance> {
  // Tests fire requests faster than any client would, and building one app
  // stalls the others in the process: the limits stay on but far off (their
  // own tests set them low).
  const config = { dbPath: ':memory:', seed: true, adminKey: ADMIN_KEY, rateLimit: 1_000_000, maxEventLoopDelay: 30_000, ...options.config }
  const database = options.database ?? (config.dbPath === ':memory:' && config.seed ? seededCopy() : undefined)
  const app = await buildApp({ ...options, database, config })
  t.teardown(() => app.close())
  return app
}

/** An app whose JSON log lines (the server's own pino options, at info) are kept: `logged()` is everything written so far. */
export async function makeLoggedApp(t: Test, options: BuildOptions = {}): Promise<{ app: FastifyInstance; logged: () => string }> {
  let text = ''
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += chunk
      done()
    },
  })
  const app = await makeApp(t, { ...options, logger: { ...loggerOptions('info'), stream } })
  return { app, logged: () => text }
}

export function json<T = any>(res: LightMyRequestResponse): T {
  return JSON.parse(res.body) as T
}

/** Every table's row count, to prove a failed request wrote nothing. */
export function snapshot(app: FastifyInstance): Record<string, number> {
  const tables = app.repos.store.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' AND name NOT LIKE '__drizzle%'")
    .all() as { name: string }[]
  const out: Record<string, number> = {}
  for (const { name } of tables) out[name] = (app.repos.store.sqlite.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n
  out.__seq = app.repos.store.latestSeq()
  return out
}

export async function inject(app: FastifyInstance, opts: InjectOptions): Promise<LightMyRequestResponse> {
  return app.inject(opts)
}

/** Looks up a seeded actor's id by slug. */
export function actorId(app: FastifyInstance, slug: string): string {
  const row = app.repos.store.sqlite.prepare('SELECT id FROM actors WHERE slug = ?').get(slug) as { id: string } | undefined
  if (!row) throw new Error(`no seeded actor ${slug}`)
  return row.id
}

export function sourceId(app: FastifyInstance): string {
  return (app.repos.store.sqlite.prepare('SELECT id FROM sources ORDER BY pk LIMIT 1').get() as { id: string }).id
}
