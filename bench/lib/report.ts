// Turns the measurements into the Markdown of bench/RESULTS.md. Each kind of
// run owns one block between markers; everything outside the blocks (the
// hand-written analysis) is kept as it is.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import type { Scenario, Target } from '../scenarios.js'
import type { JobRecord, LoadRecord, ServerName, SessionRecord } from './session.js'
import { relativeRange, spread, type Spread } from './stats.js'

export interface Results {
  loads: LoadRecord[]
  jobs: JobRecord[]
  sessions: SessionRecord[]
}

export interface ServerTargets {
  peakRssMb: number
  startupMs: number
}

const n0 = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en') : '–')
const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v.toFixed(1)) : '–')
const pct = (v: number) => (Number.isFinite(v) ? `${Math.round(v * 100)}%` : '–')
const range = (s: Spread, f: (v: number) => string) => (s.n > 1 ? `${f(s.median)} (${f(s.min)}–${f(s.max)})` : f(s.median))

function loadsOf(r: Results, server: ServerName, scenario: string): LoadRecord[] {
  return r.loads.filter((l) => l.server === server && l.scenario === scenario)
}

/** One measurement of a server on a scenario: a load's req/s or a job's records/s, and server CPU µs per request or record. */
function measured(r: Results, server: ServerName, scenario: string): { run: number; rate: number; cpuUs: number }[] {
  const loads = loadsOf(r, server, scenario).map((l) => ({ run: l.run, rate: l.result.rps, cpuUs: l.cpuUs }))
  const jobs = r.jobs.filter((j) => j.server === server && j.scenario === scenario).map((j) => ({ run: j.run, rate: j.records / j.seconds, cpuUs: j.cpuUs }))
  return [...loads, ...jobs]
}

/**
 * Parley against another server, paired run by run: by throughput (Parley's
 * req/s or records/s over theirs) or by CPU time (their server CPU per request
 * or record over Parley's: the same ratio when both are CPU-bound, and steadier
 * on a busy machine).
 */
export function ratioSpread(r: Results, scenario: string, to: ServerName, toScenario = scenario, by: 'rps' | 'cpu' = 'rps'): Spread {
  const values: number[] = []
  const theirs = measured(r, to, toScenario)
  for (const p of measured(r, 'parley', scenario)) {
    const o = theirs.find((x) => x.run === p.run)
    if (o) values.push(by === 'rps' ? p.rate / o.rate : o.cpuUs / p.cpuUs)
  }
  return spread(values)
}

function describe(t: Target): string {
  switch (t.kind) {
    case 'ratio':
      return `≥ ${pct(t.min)} of the ${t.to}${t.scenario ? ` on ${t.scenario}` : ''}`
    case 'p99':
      return `p99 ≤ ${t.maxMs} ms`
    case 'rps':
      return `≥ ${n0(t.min)} req/s`
    case 'records':
      return `≥ ${n0(t.min)} records/s`
    case 'rss-growth':
      return `RSS grows ≤ ${t.maxMb} MB`
  }
}

interface Verdict {
  what: string
  target: string
  measured: string
  met: boolean | null
}

function judge(r: Results, s: Scenario, t: Target): Verdict {
  const what = s.title
  const target = describe(t)
  const parley = s.kind === 'load' ? loadsOf(r, 'parley', s.name).map((l) => l.result) : []
  const jobs = r.jobs.filter((j) => j.scenario === s.name && j.server === 'parley')
  if (parley.length === 0 && jobs.length === 0) return { what, target, measured: 'not run', met: null }
  switch (t.kind) {
    case 'ratio': {
      const sp = ratioSpread(r, s.name, t.to, t.scenario)
      const cpu = ratioSpread(r, s.name, t.to, t.scenario, 'cpu')
      return { what, target, measured: sp.n ? `${range(sp, pct)} by req/s; ${range(cpu, pct)} by CPU time` : `no ${t.to} run`, met: sp.n ? sp.median >= t.min : null }
    }
    case 'p99': {
      const sp = spread(parley.map((x) => x.p99))
      return { what, target, measured: `${range(sp, ms)} ms`, met: sp.median <= t.maxMs }
    }
    case 'rps': {
      const sp = spread(parley.map((x) => x.rps))
      return { what, target, measured: `${range(sp, n0)} req/s`, met: sp.median >= t.min }
    }
    case 'records': {
      const sp = spread(jobs.map((j) => j.records / j.seconds))
      return { what, target, measured: `${range(sp, n0)} records/s`, met: sp.median >= t.min }
    }
    case 'rss-growth': {
      const sp = spread(jobs.map((j) => j.rssPeakMb - j.rssBeforeMb))
      return { what, target, measured: `${range(sp, n0)} MB`, met: sp.median <= t.maxMb }
    }
  }
}

const mark = (met: boolean | null) => (met === null ? '–' : met ? '**met**' : '**missed**')

export function targetsTable(r: Results, scenarios: Scenario[], server: ServerTargets): string {
  const rows: Verdict[] = []
  for (const s of scenarios) for (const t of s.targets) rows.push(judge(r, s, t))
  const parleySessions = r.sessions.filter((x) => x.server === 'parley')
  const readSessions = parleySessions.filter((x) => !x.db.includes('.scratch'))
  const rss = spread(readSessions.map((x) => x.hwmMb))
  rows.push({ what: 'Server memory while serving the database', target: `peak RSS ≤ ${server.peakRssMb} MB`, measured: `${range(rss, n0)} MB (VmHWM)`, met: rss.n ? rss.median <= server.peakRssMb : null })
  const start = spread(readSessions.map((x) => x.startupMs))
  rows.push({ what: 'Start-up to the first good /v1/events answer', target: `< ${n0(server.startupMs)} ms`, measured: `${range(start, n0)} ms`, met: start.n ? start.median < server.startupMs : null })
  const lines = ['| endpoint or job | target | measured: median (min–max) | verdict |', '|---|---|---|---|']
  for (const v of rows) lines.push(`| ${v.what} | ${v.target} | ${v.measured} | ${mark(v.met)} |`)
  return lines.join('\n')
}

export function loadTable(r: Results, scenarios: Scenario[], servers: ServerName[]): string {
  const lines = [
    '| scenario | server | conns | req/s: median (min–max) | spread | p50 ms | p99 ms | server CPU µs/req | bytes/resp | non-2xx |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ]
  for (const s of scenarios) {
    if (s.kind !== 'load') continue
    for (const server of servers) {
      const runs = loadsOf(r, server, s.name).map((l) => l.result)
      if (runs.length === 0) continue
      const rps = spread(runs.map((x) => x.rps))
      const bad = runs.reduce((n, x) => n + x.errors + Object.entries(x.statuses).filter(([c]) => !c.startsWith('2')).reduce((m, [, v]) => m + v, 0), 0)
      lines.push(
        `| ${s.name} | ${server} | ${s.connections} | ${range(rps, n0)} | ±${Math.round(relativeRange(rps) / 2)}% | ${ms(spread(runs.map((x) => x.p50)).median)} | ${ms(spread(runs.map((x) => x.p99)).median)} | ${n0(spread(loadsOf(r, server, s.name).map((l) => l.cpuUs)).median)} | ${n0(spread(runs.map((x) => x.bytesPerResponse)).median)} | ${bad} |`,
      )
    }
  }
  return lines.join('\n')
}

/** Jobs compare records/s and CPU time per record; the ceiling answers no job. */
export function ratioTable(r: Results, scenarios: Scenario[]): string {
  const lines = [
    '| scenario | Parley ÷ reference, req/s (jobs: records/s) | Parley ÷ reference, CPU time | Parley ÷ ceiling, req/s | Parley ÷ ceiling, CPU time |',
    '|---|---:|---:|---:|---:|',
  ]
  for (const s of scenarios) {
    if (s.kind !== 'load' && !s.reference) continue
    const cell = (to: ServerName, by: 'rps' | 'cpu') => range(ratioSpread(r, s.name, to, s.name, by), pct)
    lines.push(`| ${s.name} | ${cell('reference', 'rps')} | ${cell('reference', 'cpu')} | ${cell('ceiling', 'rps')} | ${cell('ceiling', 'cpu')} |`)
  }
  return lines.join('\n')
}

export function sessionTable(r: Results): string {
  const lines = ['| server | database | start-up ms: median (min–max) | peak RSS MB (VmHWM): median (min–max) |', '|---|---|---:|---:|']
  const keys = new Set(r.sessions.map((s) => `${s.server}\u0000${s.db.includes('.scratch') ? 'scratch copy (writes)' : 'main'}`))
  for (const key of keys) {
    const [server, db] = key.split('\u0000')
    const list = r.sessions.filter((s) => s.server === server && (s.db.includes('.scratch') ? 'scratch copy (writes)' : 'main') === db)
    lines.push(`| ${server} | ${db} | ${range(spread(list.map((s) => s.startupMs)), n0)} | ${range(spread(list.map((s) => s.hwmMb)), n0)} |`)
  }
  return lines.join('\n')
}

export function jobTable(r: Results, scenarios: Scenario[], servers: ServerName[]): string {
  const jobs = scenarios.filter((s) => s.kind === 'job')
  if (jobs.length === 0) return ''
  const lines = ['| job | server | records | records/s: median (min–max) | server CPU µs/record | RSS before → peak MB |', '|---|---|---:|---:|---:|---:|']
  for (const s of jobs) {
    for (const server of servers) {
      const list = r.jobs.filter((j) => j.scenario === s.name && j.server === server)
      if (list.length === 0) continue
      lines.push(
        `| ${s.name} | ${server} | ${n0(list[0].records)} | ${range(spread(list.map((j) => j.records / j.seconds)), n0)} | ${ms(spread(list.map((j) => j.cpuUs)).median)} | ${n0(spread(list.map((j) => j.rssBeforeMb)).median)} → ${n0(spread(list.map((j) => j.rssPeakMb)).median)} |`,
      )
    }
  }
  return lines.join('\n')
}

/** Replaces the block between `<!-- bench:NAME:start -->` and its end marker, or appends it. */
export function writeBlock(file: string, name: string, markdown: string, skeleton: string): void {
  const start = `<!-- bench:${name}:start -->`
  const end = `<!-- bench:${name}:end -->`
  const block = `${start}\n${markdown.trim()}\n${end}`
  let text = existsSync(file) ? readFileSync(file, 'utf8') : skeleton
  const a = text.indexOf(start)
  const b = text.indexOf(end)
  if (a >= 0 && b > a) text = text.slice(0, a) + block + text.slice(b + end.length)
  else text = `${text.trimEnd()}\n\n${block}\n`
  writeFileSync(file, text)
}
