// Starts a server as a pinned child process on a free loopback port, times
// its start-up, samples its memory, and stops it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { pinned } from './cpus.js'

export interface ServerSpec {
  /** `parley`, `reference`, `ceiling`. */
  name: string
  /** The node arguments that run it, relative to the repository root. */
  args: string[]
  env: Record<string, string>
  /** A path that answers once the server is ready. */
  readyPath: string
  /** Whether readiness needs a 2xx (Parley: a real list) or any HTTP answer. */
  readyNeeds2xx: boolean
}

export interface RunningServer {
  spec: ServerSpec
  url: string
  pid: number
  /** Milliseconds from spawn to the first good answer on readyPath. */
  startupMs: number
  /** Resident memory now, the largest seen by sampling, and the kernel's high-water mark (VmHWM), in MB. */
  memory(): { rssMb: number; peakMb: number; hwmMb: number }
  /** CPU time the server has used (user + system), in seconds. */
  cpuSeconds(): number
  stop(): Promise<void>
}

/** Servers started and not yet stopped, so an interrupted run can stop them. */
const live = new Set<() => Promise<void>>()

export async function stopAllServers(): Promise<void> {
  await Promise.all([...live].map((stop) => stop()))
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.unref()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

function readStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) : NaN
  } catch {
    return NaN
  }
}

let ticksPerSecond = 0

/** utime + stime of a process, from /proc/PID/stat, in seconds. */
export function processCpuSeconds(pid: number): number {
  if (!ticksPerSecond) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100
    } catch {
      ticksPerSecond = 100
    }
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond
  } catch {
    return NaN
  }
}

async function answers(url: string, needs2xx: boolean): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) })
    await res.arrayBuffer()
    return needs2xx ? res.ok : true
  } catch {
    return false
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
}

export async function startServer(spec: ServerSpec, opts: { root: string; cpu: string | null; logFile: string; timeoutMs?: number }): Promise<RunningServer> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const log = openSync(opts.logFile, 'w')
  const [cmd, args] = pinned(opts.cpu, process.execPath, spec.args)
  const t0 = performance.now()
  // Logs go to a file, as in production, and cost the runner nothing.
  const child = spawn(cmd, args, {
    cwd: opts.root,
    env: { ...process.env, ...spec.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', log, log],
  })
  closeSync(log)
  const pid = child.pid!
  let peakRssKb = 0
  const sampler = setInterval(() => {
    const kb = readStatusKb(pid, 'VmRSS')
    if (kb > peakRssKb) peakRssKb = kb
  }, 100)
  sampler.unref()
  const stop = async () => {
    live.delete(stop)
    clearInterval(sampler)
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited(child)
      clearTimeout(killer)
    }
  }
  live.add(stop)
  const deadline = t0 + (opts.timeoutMs ?? 120_000)
  while (!(await answers(url + spec.readyPath, spec.readyNeeds2xx))) {
    if (child.exitCode !== null || performance.now() > deadline) {
      await stop()
      throw new Error(`${spec.name} did not become ready (exit code ${child.exitCode}); see ${opts.logFile}`)
    }
    await new Promise((r) => setTimeout(r, 5))
  }
  const startupMs = performance.now() - t0
  return {
    spec,
    url,
    pid,
    startupMs,
    memory() {
      const rss = readStatusKb(pid, 'VmRSS')
      if (rss > peakRssKb) peakRssKb = rss
      return { rssMb: rss / 1024, peakMb: peakRssKb / 1024, hwmMb: readStatusKb(pid, 'VmHWM') / 1024 }
    },
    cpuSeconds: () => processCpuSeconds(pid),
    stop,
  }
}
