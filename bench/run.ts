// npm run bench -- [--db bench/data/parley-1m.db] [--runs 3] [--duration 10] [--warmup 3]
//                  [--only get-event,list-events] [--servers parley,reference,ceiling] [--no-results]
//                  [--cpu-prof DIR]   (Parley writes a V8 CPU profile per session into DIR)
//
// Drives Parley, the hand-tuned reference (which answers the import job too) and
// the bare-Fastify ceiling over the same database, run after run (the order
// rotates, so drift on a shared machine spreads over all three), and writes the
// medians to bench/RESULTS.md.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CeilingRoute } from './ceiling-server.js'
import { defaultCpus, pinSelf } from './lib/cpus.js'
import { DATA_DIR, defaultDataFile } from './lib/data-files.js'
import { jobTable, loadTable, ratioTable, sessionTable, targetsTable, writeBlock, type Results } from './lib/report.js'
import { readSample } from './lib/sample.js'
import { requestsFor, runSession, serves, type ServerName, type ServerSetup } from './lib/session.js'
import { startServer } from './lib/servers.js'
import { HEADERS, RESULTS_FILE, ROOT, describeData, machine, onInterrupt, scratchCopy, serverSpecs } from './lib/setup.js'
import { startArgs } from '../scripts/lib/start-args.js'
import { SCENARIOS, SERVER_TARGETS, type LoadScenario, type Scenario } from './scenarios.js'
import { cliArgs } from './lib/cli.js'

const USAGE = `Usage: npm run bench -- [--db bench/data/parley-1m.db] [--runs 3] [--duration 10] [--warmup 3]
                        [--only get-event,list-events] [--servers parley,reference,ceiling] [--no-results]
                        [--cpu-prof DIR]
Drives Parley, the hand-tuned reference and the bare-Fastify ceiling over the same database and
writes the medians to bench/RESULTS.md (--no-results: print them instead). The reference answers
the scenarios it has an endpoint for, the import job included; the ceiling answers every load
scenario; write scenarios (create-event, import) run on a scratch copy of the database, made next
to it as <db>.scratch.db. --cpu-prof DIR: Parley writes a V8 CPU profile per session into DIR.`

const { values } = cliArgs(USAGE, {
  options: {
    db: { type: 'string', default: defaultDataFile(1_000_000) },
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    only: { type: 'string' },
    servers: { type: 'string', default: 'parley,reference,ceiling' },
    'no-results': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
  },
})

const runs = Number(values.runs)
const db = values.db
const only = values.only?.split(',')
const scenarios: Scenario[] = only ? SCENARIOS.filter((s) => only.includes(s.name)) : SCENARIOS
if (only && scenarios.length !== only.length) throw new Error(`unknown scenario in --only; known: ${SCENARIOS.map((s) => s.name).join(', ')}`)
const servers = values.servers.split(',') as ServerName[]
const log = (line: string) => console.log(line)

const logDir = join(DATA_DIR, 'logs')
mkdirSync(logDir, { recursive: true })
const setup: ServerSetup = { root: ROOT, logDir, cpus: defaultCpus(), duration: Number(values.duration), warmup: Number(values.warmup), headers: HEADERS }
pinSelf(setup.cpus.load)
const data = describeData(db)
const sample = readSample(db)
const started = new Date()
log(`${data.events.toLocaleString('en')} events in ${db}; ${runs} runs of ${setup.duration} s after ${setup.warmup} s warm-up; server on cpu ${setup.cpus.server ?? 'any'}, load on cpu ${setup.cpus.load ?? 'any'}`)

const reads = scenarios.filter((s) => !s.writes)
const writes = scenarios.filter((s) => s.writes)
const scratch = writes.length > 0 ? scratchCopy(db) : null
onInterrupt(() => scratch?.remove())
const ceilingFile = join(DATA_DIR, 'ceiling-bodies.json')

/** Parley's answer to the first request of each scenario: the ceiling serves it, byte for byte. */
async function captureBodies(): Promise<void> {
  const routes: CeilingRoute[] = []
  for (const [file, list] of [[db, reads], [scratch?.path, writes]] as const) {
    const loads = list.filter((s): s is LoadScenario => s.kind === 'load')
    if (!file || loads.length === 0) continue
    const running = await startServer(serverSpecs(file, ceilingFile).parley, { root: ROOT, cpu: setup.cpus.server, logFile: join(logDir, 'probe.log') })
    try {
      for (const s of loads) {
        // Of Parley's first answers, the one of median size (one only for writes: each adds a record).
        const answers: { status: number; body: string }[] = []
        for (const r of requestsFor('parley', s, sample).slice(0, s.writes ? 1 : 15)) {
          const res = await fetch(running.url + r.path, { method: r.method, body: r.body, headers: { ...HEADERS, ...r.headers } })
          const body = await res.text()
          if (!res.ok) throw new Error(`${s.name}: Parley answered ${res.status} to ${r.method} ${r.path}: ${body.slice(0, 300)}`)
          answers.push({ status: res.status, body })
        }
        answers.sort((a, b) => a.body.length - b.body.length)
        const median = answers[Math.floor(answers.length / 2)]
        routes.push({ name: s.name, method: s.requests(sample)[0].method === 'POST' ? 'POST' : 'GET', ...median })
      }
    } finally {
      await running.stop()
    }
  }
  writeFileSync(ceilingFile, JSON.stringify(routes))
}

const results: Results = { loads: [], jobs: [], sessions: [] }
try {
  if (servers.includes('ceiling')) await captureBodies()
  // Every read run first, then every write run: the write sessions churn the
  // scratch copy (gigabytes), which pushes the main file out of the OS page
  // cache, so reads measured after them would measure the disk, and only the
  // runs that happened to follow them.
  for (const [file, list] of [[db, reads], [scratch?.path, writes]] as const) {
    if (!file || list.length === 0) continue
    for (let run = 1; run <= runs; run++) {
      // Rotate the order, so a slow spell on the shared machine does not always hit the same server.
      const order = servers.map((_, i) => servers[(i + run - 1) % servers.length])
      log(`${list === reads ? 'reads' : 'writes'}, run ${run}/${runs}: ${order.join(', ')}`)
      for (const server of order) {
        if (!list.some((s) => serves(server, s))) continue
        const out = await runSession({ setup, server, spec: serverSpecs(file, ceilingFile, values['cpu-prof'])[server], db: file, run, scenarios: list, sample, log })
        results.loads.push(...out.loads)
        results.jobs.push(...out.jobs)
        results.sessions.push(out.session)
      }
    }
  }
} finally {
  scratch?.remove()
}

const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`
const markdown = [
  `## Latest run: ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  '',
  `- Command: \`${command}\``,
  ...machine().map((m) => `- Machine: ${m}`),
  `- Data: \`${db.replace(ROOT, '')}\`: ${data.events.toLocaleString('en')} events, ${data.quotes.toLocaleString('en')} quotes, ${data.actors.toLocaleString('en')} actors, ${Math.round(data.mb).toLocaleString('en')} MB`,
  `- ${runs} runs; each scenario ${setup.duration} s measured after ${setup.warmup} s warm-up; server pinned to cpu ${setup.cpus.server ?? '(none)'}, autocannon and the bench's own job clients to cpu ${setup.cpus.load ?? '(none)'}; servers in rotating order`,
  `- Parley: \`node ${startArgs(ROOT).join(' ')}\` (the \`npm run build\` output, as \`npm start\` runs it), LOG_LEVEL=info to a file, PARLEY_SEED=false, an admin API key sent on every request, rate limit raised (PARLEY_RATE_LIMIT)`,
  '',
  '### Targets (issue 8)',
  '',
  targetsTable(results, scenarios, SERVER_TARGETS),
  '',
  '### Parley against the reference and the ceiling (throughput ratio, per run paired)',
  '',
  ratioTable(results, scenarios),
  '',
  ...(results.jobs.some((j) => j.server === 'reference')
    ? [
        "The reference's import (bench/reference-import.ts) writes the rows Parley's importer writes (base rows and their lists, status history, import keys, the change log, and the search and feed tables, filled set-based by Parley's own SQL), checked table by table by test/bench-reference-import.test.ts, with no validation beyond the database's constraints: the fastest reasonable importer on this schema.",
        '',
      ]
    : []),
  '### Every measurement',
  '',
  'Latencies are the median over runs of each run\'s percentile; "spread" is half the min–max range of req/s as a share of the median.',
  '',
  loadTable(results, scenarios, servers),
  '',
  jobTable(results, scenarios, servers),
  '',
  '### Start-up and memory',
  '',
  sessionTable(results),
].join('\n')

writeFileSync(join(DATA_DIR, `results-${started.toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify({ command, db, results }, null, 1))
if (!values['no-results']) {
  writeBlock(RESULTS_FILE, 'main', markdown, '# Benchmark results\n')
  log(`results written to ${RESULTS_FILE}`)
} else log(markdown)
