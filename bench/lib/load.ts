// Drives load at a server from a separate, pinned process (load-worker.ts).
import { execFile, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { pinned } from './cpus.js'

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  body?: string
  headers?: Record<string, string>
}

export interface LoadJob {
  url: string
  connections: number
  /** Seconds of load measured. */
  duration: number
  /** Seconds of load first, not measured. */
  warmup: number
  headers: Record<string, string>
  requests: RequestSpec[]
}

export interface LoadResult {
  requests: number
  seconds: number
  rps: number
  /** Latencies in milliseconds. */
  p50: number
  p90: number
  p99: number
  max: number
  /** Responses by status code. */
  statuses: Record<string, number>
  errors: number
  bytesPerResponse: number
}

const WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url))

const live = new Set<ChildProcess>()

/** Stops load generators still running (an interrupted run). */
export function stopAllLoads(): void {
  for (const child of live) child.kill()
}

export async function runLoad(job: LoadJob, cpu: string | null): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'))
  const file = join(dir, 'job.json')
  writeFileSync(file, JSON.stringify(job))
  const [cmd, args] = pinned(cpu, process.execPath, ['--import', 'tsx', WORKER, file])
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = execFile(cmd, args, { maxBuffer: 16 * 1024 * 1024, timeout: (job.duration + job.warmup + 60) * 1000 }, (err, out, errOut) => {
        live.delete(child)
        if (err) reject(new Error(`load generator failed: ${err.message}\n${errOut}`))
        else resolve(out)
      })
      live.add(child)
    })
    return JSON.parse(stdout) as LoadResult
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
