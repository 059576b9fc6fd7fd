// SIGKILL in the middle of a bulk write: the server is killed while many
// creates (each an event with participants and citations) are in flight. On
// restart the database is intact, every acknowledged write is there, every
// write is whole or absent, and retrying with the same Idempotency-Keys
// completes the batch without a duplicate.
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { spawnServer, type ServerProcess } from '../server-process.js'

t.setTimeout(300_000)
const ADMIN = 'crash-test-admin-key-0123456789abcdef012'
const TOTAL = Number(process.env.PARLEY_CRASH_WRITES ?? 600)
const KILL_AFTER = Math.floor(TOTAL / 4)
const PARTICIPANTS = 10
// Many rows per write, so the kill is likely to land inside a transaction.
const CITATIONS = 60
const dir = mkdtempSync(join(tmpdir(), 'parley-crash-'))
t.teardown(() => rmSync(dir, { recursive: true, force: true }))
const db = join(dir, 'crash.db')
const auth = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }

const start = () => spawnServer({ PARLEY_DB: db, PARLEY_ADMIN_KEY: ADMIN, PARLEY_RATE_LIMIT: '1000000' })

async function api(server: ServerProcess, path: string, init: RequestInit = {}) {
  const res = await fetch(`${server.url}${path}`, init)
  return { status: res.status, body: (await res.json().catch(() => null)) as any }
}

t.test('a SIGKILL during a bulk write leaves every write whole or absent', async (t) => {
  let server = await start()
  t.teardown(() => server.child.kill('SIGKILL'))
  const actors: string[] = (await api(server, `/v1/actors?limit=${PARTICIPANTS}`)).body.data.map((a: any) => a.id)
  t.equal(actors.length, PARTICIPANTS, 'enough seeded actors to take part')
  const source = (await api(server, '/v1/sources', { method: 'POST', headers: auth, body: JSON.stringify({ url: 'https://example.org/crash', title: 'Crash test', kind: 'report' }) })).body
  t.ok(source.id)

  const request = (i: number): RequestInit => ({
    method: 'POST',
    headers: { ...auth, 'idempotency-key': `crash-${i}` },
    body: JSON.stringify({
      title: `crash-${i}`,
      category: 'CONSULT',
      status: 'reported',
      participants: actors.map((actor_id) => ({ actor_id, role: 'participant' })),
      citations: Array.from({ length: CITATIONS }, (_, j) => ({ source_id: source.id, excerpt: `crash ${i} excerpt ${j}`, basis: 'reported' })),
    }),
  })

  // Many creates in flight at once; the server is killed once a quarter are acknowledged.
  const acknowledged = new Map<number, string>()
  let next = 0
  let killed = false
  const worker = async () => {
    while (next < TOTAL && server.child.exitCode === null && server.child.signalCode === null) {
      const i = next++
      try {
        const res = await api(server, '/v1/events', request(i))
        if (res.status === 201) acknowledged.set(i, res.body.id)
        if (acknowledged.size >= KILL_AFTER && !killed) {
          killed = true
          // At a random moment of the server's work, not just as an answer arrives.
          setTimeout(() => server.child.kill('SIGKILL'), 1 + Math.floor(Math.random() * 40))
        }
      } catch {
        /* the connection died with the server */
      }
    }
  }
  await Promise.all(Array.from({ length: 16 }, worker))
  const sent = next
  const { signal } = await server.exited
  t.equal(signal, 'SIGKILL', 'the server was killed, not closed')
  t.ok(acknowledged.size >= KILL_AFTER && sent < TOTAL, `killed mid-way: ${acknowledged.size} acknowledged of ${sent} sent (of ${TOTAL})`)

  // The database as the crash left it (opening it replays the WAL).
  const sqlite = new Database(db)
  t.equal(sqlite.pragma('integrity_check', { simple: true }), 'ok', 'integrity_check is ok')
  t.same(sqlite.pragma('foreign_key_check'), [], 'no dangling references')
  const events = sqlite
    .prepare(
      `SELECT e.id, e.title,
        (SELECT count(*) FROM event_participants p WHERE p.event_id = e.id) AS participants,
        (SELECT count(*) FROM citations c WHERE c.subject_id = e.id) AS citations,
        (SELECT count(*) FROM changes ch WHERE ch.entity_id = e.id AND ch.op = 'create') AS creates
       FROM events e WHERE e.title LIKE 'crash-%'`,
    )
    .all() as { id: string; title: string; participants: number; citations: number; creates: number }[]
  const byTitle = new Map(events.map((e) => [e.title, e]))
  t.equal(byTitle.size, events.length, 'no write happened twice')
  t.ok(events.length >= acknowledged.size && events.length <= sent, `${events.length} events stored (${events.length - acknowledged.size} committed but never answered)`)
  for (const [i, id] of acknowledged) t.equal(byTitle.get(`crash-${i}`)?.id, id, `acknowledged write ${i} survived`)
  const partial = events.filter((e) => e.participants !== PARTICIPANTS || e.citations !== CITATIONS || e.creates !== 1)
  t.same(partial, [], 'every stored event has all its participants, all its citations and its one change-log entry')
  const orphans = sqlite.prepare("SELECT count(*) AS n FROM changes WHERE entity_type = 'event' AND op = 'create' AND entity_id NOT IN (SELECT id FROM events)").get() as { n: number }
  t.equal(orphans.n, 0, 'the change log records no write that is not there')
  const claims = sqlite.prepare("SELECT key, status_code FROM idempotency_keys WHERE key LIKE 'crash-%'").all() as { key: string; status_code: number }[]
  t.equal(claims.length, events.length, 'each stored write holds its Idempotency-Key, and only those')
  sqlite.close()

  // Restart, and send again every request that was not acknowledged.
  server = await start()
  t.equal((await api(server, '/readyz')).status, 200, 'the server starts on the crashed database')
  const outcomes: Record<string, number> = {}
  for (let i = 0; i < sent; i++) {
    if (acknowledged.has(i)) continue
    const res = await api(server, '/v1/events', request(i))
    const kind = res.status === 201 ? 'created or replayed' : res.status === 409 && res.body.code === 'idempotency_in_progress' ? 'cut off after commit' : String(res.status)
    outcomes[kind] = (outcomes[kind] ?? 0) + 1
  }
  t.same(Object.keys(outcomes).filter((k) => k !== 'created or replayed' && k !== 'cut off after commit'), [], `retries: ${JSON.stringify(outcomes)}`)
  const after = new Database(db, { readonly: true })
  t.teardown(() => after.close())
  const titles = (after.prepare("SELECT title FROM events WHERE title LIKE 'crash-%'").all() as { title: string }[]).map((r) => r.title)
  t.equal(titles.length, sent, 'after the retries every request sent is stored')
  t.equal(new Set(titles).size, titles.length, 'and none twice')
  server.child.kill('SIGTERM')
  t.equal((await server.exited).code, 0)
})
