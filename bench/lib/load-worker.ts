// Runs autocannon in its own process, so it can be pinned to a core apart from
// the server (taskset). Reads a LoadJob as JSON from argv[2]; prints a
// LoadResult as JSON on stdout. Latencies are kept at microsecond resolution
// (autocannon's own histogram rounds to whole milliseconds).
import autocannon from 'autocannon'
import { readFileSync } from 'node:fs'
import type { LoadJob, LoadResult } from './load.js'
import { quantile } from './stats.js'

const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as LoadJob

function fire(duration: number, record: boolean): Promise<LoadResult> {
  let next = 0
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  let bytes = 0
  const instance = autocannon(
    {
      url: job.url,
      connections: job.connections,
      duration,
      // One request template whose path and body rotate through the job's list,
      // so every connection walks different records rather than one hot row.
      requests: [
        {
          setupRequest(req) {
            const r = job.requests[next++ % job.requests.length]
            return { ...req, method: r.method, path: r.path, body: r.body, headers: { ...job.headers, ...r.headers } }
          },
        },
      ],
    },
    () => {},
  )
  instance.on('response', (_client: unknown, status: number, resBytes: number, ms: number) => {
    if (!record) return
    latencies.push(ms)
    statuses[status] = (statuses[status] ?? 0) + 1
    bytes += resBytes
  })
  return new Promise((resolve, reject) => {
    instance.on('done', (result) => {
      const sorted = Float64Array.from(latencies).sort()
      const total = sorted.length
      resolve({
        requests: total,
        seconds: result.duration,
        rps: total / result.duration,
        p50: quantile(sorted, 0.5),
        p90: quantile(sorted, 0.9),
        p99: quantile(sorted, 0.99),
        max: total ? sorted[total - 1] : NaN,
        statuses,
        errors: result.errors + result.timeouts,
        bytesPerResponse: total ? bytes / total : 0,
      })
    })
    instance.on('error', reject)
  })
}

if (job.warmup > 0) await fire(job.warmup, false)
const result = await fire(job.duration, true)
process.stdout.write(JSON.stringify(result))
