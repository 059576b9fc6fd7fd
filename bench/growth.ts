// npm run bench:growth -- [--sizes 10k,100k,1m] [--runs 3] [--duration 5] [--warmup 2] [--servers parley,reference]
//
// Runs the scenarios marked `growth` at each data size and shows how the cost
// per request moves as the data grows a hundredfold. Generate the data first:
// npm run bench:data -- --events 10000 (and 100000, 1000000).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { defaultCpus, pinSelf } from './lib/cpus.js'
import { DATA_DIR } from './lib/data-files.js'
import { writeBlock } from './lib/report.js'
import { readSample } from './lib/sample.js'
import { runSession, type LoadRecord, type ServerName, type ServerSetup } from './lib/session.js'
import { HEADERS, RESULTS_FILE, ROOT, describeData, machine, onInterrupt, serverSpecs } from './lib/setup.js'
import { spread } from './lib/stats.js'
import { SCENARIOS } from './scenarios.js'
import { cliArgs } from './lib/cli.js'

const USAGE = `Usage: npm run bench:growth -- [--sizes 10k,100k,1m] [--runs 3] [--duration 5] [--warmup 2]
                               [--servers parley,reference] [--no-results]
Runs the scenarios marked growth on bench/data/parley-<size>.db for each size (generate them with
npm run bench:data -- --events N) and writes the cost per request at each size to bench/RESULTS.md.`

const { values } = cliArgs(USAGE, {
  options: {
    sizes: { type: 'string', default: '10k,100k,1m' },
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    servers: { type: 'string', default: 'parley,reference' },
    'no-results': { type: 'boolean', default: false },
  },
})

const sizes = values.sizes.split(',')
const files = sizes.map((s) => join(DATA_DIR, `parley-${s}.db`))
for (const f of files) if (!existsSync(f)) throw new Error(`${f} is missing: npm run bench:data -- --events N first`)
const servers = values.servers.split(',') as ServerName[]
const scenarios = SCENARIOS.filter((s) => s.growth && !s.writes)
const runs = Number(values.runs)
const logDir = join(DATA_DIR, 'logs')
mkdirSync(logDir, { recursive: true })
const setup: ServerSetup = { root: ROOT, logDir, cpus: defaultCpus(), duration: Number(values.duration), warmup: Number(values.warmup), headers: HEADERS }
pinSelf(setup.cpus.load)
const started = new Date()
onInterrupt(() => {})
const log = (line: string) => console.log(line)

interface SizeResult {
  size: string
  events: number
  loads: LoadRecord[]
}
const bySize: SizeResult[] = []
for (const [i, file] of files.entries()) {
  const { events } = describeData(file)
  const sample = readSample(file)
  const loads: LoadRecord[] = []
  log(`${sizes[i]}: ${events.toLocaleString('en')} events`)
  for (let run = 1; run <= runs; run++) {
    for (const server of servers) {
      const out = await runSession({ setup, server, spec: serverSpecs(file, '')[server], db: file, run, scenarios, sample, log })
      loads.push(...out.loads)
    }
  }
  bySize.push({ size: sizes[i], events, loads })
}

const n0 = (v: number) => Math.round(v).toLocaleString('en')
const lines = [
  `## Growth: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  '',
  `- Command: \`npm run bench:growth${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\``,
  ...machine().map((m) => `- Machine: ${m}`),
  `- ${runs} runs per size; ${setup.duration} s measured after ${setup.warmup} s warm-up; the same request shapes at every size (ids, filters and names drawn from each data set)`,
  '',
  '"cost ×" is the server CPU time per request relative to the smallest data set (CPU time, unlike req/s, does not depend on how busy the shared machine was): linear growth would be about ×100 from 10k to 1M events, logarithmic about ×1.5.',
  '',
  '| scenario | server | events | req/s: median (min–max) | p50 ms | p99 ms | server CPU µs/req | cost × |',
  '|---|---|---:|---:|---:|---:|---:|---:|',
]
for (const s of scenarios) {
  for (const server of servers) {
    let base = NaN
    for (const r of bySize) {
      const list = r.loads.filter((l) => l.scenario === s.name && l.server === server)
      if (list.length === 0) continue
      const rps = spread(list.map((x) => x.result.rps))
      const cpu = spread(list.map((x) => x.cpuUs)).median
      if (Number.isNaN(base)) base = cpu
      lines.push(
        `| ${s.name} | ${server} | ${n0(r.events)} | ${n0(rps.median)} (${n0(rps.min)}–${n0(rps.max)}) | ${spread(list.map((x) => x.result.p50)).median.toFixed(2)} | ${spread(list.map((x) => x.result.p99)).median.toFixed(2)} | ${n0(cpu)} | ${(cpu / base).toFixed(2)} |`,
      )
    }
  }
}
const markdown = lines.join('\n')
writeFileSync(join(DATA_DIR, `growth-${started.toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify(bySize, null, 1))
if (!values['no-results']) {
  writeBlock(RESULTS_FILE, 'growth', markdown, '# Benchmark results\n')
  log(`results written to ${RESULTS_FILE}`)
} else log(markdown)
