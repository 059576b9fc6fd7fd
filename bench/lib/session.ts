// One server session: start a server on a database, drive each scenario at it,
// note its memory and start-up, stop it.
import { join } from 'node:path'
import type { JobScenario, LoadScenario, Scenario } from '../scenarios.js'
import { runLoad, type LoadResult, type RequestSpec } from './load.js'
import type { Sample } from './sample.js'
import { startServer, type ServerSpec } from './servers.js'

export type ServerName = 'parley' | 'reference' | 'ceiling'

export interface ServerSetup {
  root: string
  /** Where server logs go. */
  logDir: string
  cpus: { server: string | null; load: string | null }
  duration: number
  warmup: number
  /** Sent with every request (the API key). */
  headers: Record<string, string>
}

export interface LoadRecord {
  server: ServerName
  run: number
  scenario: string
  result: LoadResult
  /** Server CPU time (user + system) per request, microseconds. */
  cpuUs: number
}

export interface JobRecord {
  server: ServerName
  run: number
  scenario: string
  records: number
  seconds: number
  rssBeforeMb: number
  rssPeakMb: number
  /** Server CPU time (user + system) per record, microseconds. */
  cpuUs: number
}

export interface SessionRecord {
  server: ServerName
  run: number
  db: string
  startupMs: number
  /** Peak resident memory over the session (VmHWM), MB. */
  hwmMb: number
}

export interface SessionOutput {
  loads: LoadRecord[]
  jobs: JobRecord[]
  session: SessionRecord
}

/** Whether a server takes part in a scenario. */
export function serves(server: ServerName, s: Scenario): boolean {
  if (server === 'parley') return true
  if (s.kind === 'job') return server === 'reference' && !!s.reference
  return server === 'ceiling' || !!s.reference
}

/** The ceiling answers every scenario on its own fixed route. */
export function requestsFor(server: ServerName, s: LoadScenario, sample: Sample): RequestSpec[] {
  const list = s.requests(sample)
  return server === 'ceiling' ? list.map((r) => ({ ...r, path: `/ceiling/${s.name}` })) : list
}

export async function runSession(opts: {
  setup: ServerSetup
  server: ServerName
  spec: ServerSpec
  db: string
  run: number
  scenarios: Scenario[]
  sample: Sample
  log: (line: string) => void
}): Promise<SessionOutput> {
  const { setup, server, run, sample, log } = opts
  const start = () => startServer(opts.spec, { root: setup.root, cpu: setup.cpus.server, logFile: join(setup.logDir, `${server}.log`) })
  // One retry: on a shared machine a start can fail for reasons of its own (node_modules being reinstalled).
  const running = await start().catch(async (err: Error) => {
    log(`  ${server}: ${err.message}; retrying in 30 s`)
    await new Promise((r) => setTimeout(r, 30_000))
    return start()
  })
  log(`  ${server}: ready in ${running.startupMs.toFixed(0)} ms (pid ${running.pid})`)
  const loads: LoadRecord[] = []
  const jobs: JobRecord[] = []
  let mem: ReturnType<typeof running.memory>
  try {
    for (const s of opts.scenarios) {
      if (!serves(server, s)) continue
      if (s.kind === 'load') {
        const job = { url: running.url, connections: s.connections, duration: setup.duration, warmup: 0, headers: setup.headers, requests: requestsFor(server, s, sample) }
        if (setup.warmup > 0) await runLoad({ ...job, duration: setup.warmup }, setup.cpus.load)
        // CPU time per request holds steady when other work on the machine takes cores away; req/s does not.
        const cpu0 = running.cpuSeconds()
        const result = await runLoad(job, setup.cpus.load)
        const cpuUs = ((running.cpuSeconds() - cpu0) * 1e6) / result.requests
        loads.push({ server, run, scenario: s.name, result, cpuUs })
        const bad = result.requests - (Object.entries(result.statuses).filter(([c]) => c.startsWith('2')).reduce((n, [, v]) => n + v, 0))
        log(`    ${s.name.padEnd(26)} ${result.rps.toFixed(0).padStart(7)} req/s  p50 ${result.p50.toFixed(2)} ms  p99 ${result.p99.toFixed(2)} ms  cpu ${cpuUs.toFixed(0)} us/req${bad || result.errors ? `  !! ${bad} non-2xx, ${result.errors} errors` : ''}`)
      } else {
        const j = await runJob(s, running, sample, setup.headers, server, run)
        jobs.push(j)
        log(`    ${s.name.padEnd(26)} ${(j.records / j.seconds).toFixed(0).padStart(7)} records/s  cpu ${j.cpuUs.toFixed(1)} us/record  rss ${j.rssBeforeMb.toFixed(0)} -> ${j.rssPeakMb.toFixed(0)} MB`)
      }
    }
  } finally {
    mem = running.memory()
    await running.stop()
  }
  const hwmMb = Number.isFinite(mem.hwmMb) ? mem.hwmMb : mem.peakMb
  return { loads, jobs, session: { server, run, db: opts.db, startupMs: running.startupMs, hwmMb } }
}

async function runJob(s: JobScenario, running: Awaited<ReturnType<typeof startServer>>, sample: Sample, headers: Record<string, string>, server: ServerName, run: number): Promise<JobRecord> {
  const before = running.memory().rssMb
  let peak = before
  const sampler = setInterval(() => (peak = Math.max(peak, running.memory().rssMb)), 20)
  const cpu0 = running.cpuSeconds()
  const t0 = performance.now()
  try {
    const { records } = await s.run({ url: running.url, sample, headers })
    const seconds = (performance.now() - t0) / 1000
    const cpuUs = ((running.cpuSeconds() - cpu0) * 1e6) / records
    return { server, run, scenario: s.name, records, seconds, rssBeforeMb: before, rssPeakMb: Math.max(peak, running.memory().rssMb), cpuUs }
  } finally {
    clearInterval(sampler)
  }
}
