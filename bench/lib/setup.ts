// What every benchmark run shares: the servers under test, the API key, the
// machine description that goes into RESULTS.md.
import Database from 'better-sqlite3'
import { execFileSync } from 'node:child_process'
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, readFileSync, rmSync, statSync } from 'node:fs'
import { availableParallelism, loadavg, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import type { ServerSpec } from './servers.js'
import type { ServerName } from './session.js'
import { tasksetAvailable } from './cpus.js'
import { stopAllLoads } from './load.js'
import { stopAllServers } from './servers.js'
import { startArgs } from '../../scripts/lib/start-args.js'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const RESULTS_FILE = fileURLToPath(new URL('../RESULTS.md', import.meta.url))

/** Accepted by Parley as an admin key (PARLEY_ADMIN_KEY) and sent with every request. */
export const BENCH_KEY = 'bench-admin-key-0123456789abcdef0123456789'
export const HEADERS = { authorization: `Bearer ${BENCH_KEY}` }

let built = false

/** Compiles Parley to dist/ (`npm run build`), once per bench process. */
function buildParley(): void {
  if (built) return
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
  built = true
}

/** `cpuProfDir`: Parley runs with --cpu-prof and writes a .cpuprofile there when it stops (npm run bench -- --cpu-prof DIR). */
export function serverSpecs(db: string, ceilingBodies: string, cpuProfDir?: string): Record<ServerName, ServerSpec> {
  buildParley()
  return {
    // As in production (`npm start`): the compiled build, info logging, every plugin
    // on; the rate limit raised so the load generator measures the server rather
    // than the limiter.
    parley: {
      name: 'parley',
      args: cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`, ...startArgs(ROOT)] : startArgs(ROOT),
      env: { PARLEY_DB: db, PARLEY_SEED: 'false', LOG_LEVEL: 'info', NODE_ENV: 'production', PARLEY_ADMIN_KEY: BENCH_KEY, PARLEY_RATE_LIMIT: '1000000000' },
      readyPath: '/v1/events?limit=1',
      readyNeeds2xx: true,
    },
    reference: {
      name: 'reference',
      args: ['--import', 'tsx', 'bench/reference-server.ts'],
      env: { PARLEY_DB: db },
      readyPath: '/v1/events/none',
      readyNeeds2xx: false,
    },
    ceiling: {
      name: 'ceiling',
      args: ['--import', 'tsx', 'bench/ceiling-server.ts'],
      env: { BENCH_CEILING_BODIES: ceilingBodies },
      readyPath: '/ready',
      readyNeeds2xx: true,
    },
  }
}

/** A copy of the database for scenarios that write, so the main file stays as generated. */
export function scratchCopy(db: string): { path: string; remove(): void } {
  const path = db.replace(/\.db$/, '') + '.scratch.db'
  const files = (p: string) => [p, `${p}-wal`, `${p}-shm`]
  for (const f of files(path)) rmSync(f, { force: true })
  copyFileSync(db, path)
  if (existsSync(`${db}-wal`)) copyFileSync(`${db}-wal`, `${path}-wal`)
  // Write the copy out now: gigabytes of dirty pages flushed during a measurement would slow it.
  for (const f of files(path).slice(0, 2)) {
    if (!existsSync(f)) continue
    const fd = openSync(f, 'r+')
    fsyncSync(fd)
    closeSync(fd)
  }
  return { path, remove: () => files(path).forEach((f) => rmSync(f, { force: true })) }
}

/** Stops servers and load generators and runs `cleanup` when the run is interrupted. */
export function onInterrupt(cleanup: () => void): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopAllLoads()
      void stopAllServers().finally(() => {
        cleanup()
        process.exit(130)
      })
    })
  }
}

export function describeData(db: string): { events: number; quotes: number; actors: number; mb: number } {
  const d = new Database(db, { readonly: true })
  try {
    const count = (t: string) => (d.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n
    return { events: count('events'), quotes: count('quotes'), actors: count('actors'), mb: statSync(db).size / 1e6 }
  } finally {
    d.close()
  }
}

export function machine(): string[] {
  const cpu = /^model name\s*:\s*(.+)$/m.exec(existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '')?.[1] ?? 'unknown'
  let nproc = String(availableParallelism())
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim()
  } catch {
    /* nproc is not everywhere; availableParallelism is */
  }
  const sqlite = (new Database(':memory:').prepare('SELECT sqlite_version() AS v').get() as { v: string }).v
  return [
    `nproc ${nproc}, CPU ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    `node ${process.version}, SQLite ${sqlite}, ${tasksetAvailable() ? 'taskset available' : 'no taskset (not pinned)'}`,
  ]
}
