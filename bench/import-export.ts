// npm run bench:import-export -- [--records 100000] [--dir DIR] [--triggers]
// (--triggers: import with the search and feed triggers on, as before deferred indexes, to compare)
// Import throughput and peak memory for generated records, export throughput
// with memory that does not grow with the data, and the round trip
// (export → import into an empty database → export gives the same bytes).
// Each phase runs in its own process, so its peak RSS is its own.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import { openDatabase } from '../src/db/client.js'
import { runMigrations } from '../src/db/migrate.js'
import { exportRecords } from '../src/export/records.js'
import { openSnapshot } from '../src/export/snapshot.js'
import { compileValidators, importRecords } from '../src/import/importer.js'
import { fileItems } from '../src/import/read.js'
import { createRepositories } from '../src/resources/index.js'
import { generateRecords } from './generate-records.js'
import { cliArgs } from './lib/cli.js'

interface PhaseResult {
  records: number
  seconds: number
  perSecond: number
  /** Records per second of CPU time: on a shared, busy machine, what one free core would do. */
  perCpuSecond: number
  peakRssMb: number
}

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024)

/** Times fn in wall-clock and CPU seconds. */
async function timed(fn: () => number | Promise<number>): Promise<Omit<PhaseResult, 'peakRssMb'>> {
  const cpu = process.cpuUsage()
  const started = performance.now()
  const records = await fn()
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  const cpuSeconds = (used.user + used.system) / 1e6
  return { records, seconds, perSecond: records / seconds, perCpuSecond: records / cpuSeconds }
}

async function generate(count: number, file: string): Promise<PhaseResult> {
  let n = 0
  const lines = function* () {
    for (const r of generateRecords(count)) {
      n++
      yield JSON.stringify(r) + '\n'
    }
  }
  const t = await timed(async () => {
    await pipeline(Readable.from(lines()), createWriteStream(file))
    return n
  })
  return { ...t, peakRssMb: peakRssMb() }
}

async function importPhase(file: string, db: string, deferIndexes: boolean): Promise<PhaseResult> {
  const handle = openDatabase(db)
  runMigrations(handle)
  const repos = createRepositories(handle)
  compileValidators()
  const { items } = fileItems(file, 'ndjson')
  const t = await timed(() => {
    const report = importRecords(repos, items, { ctx: { keyId: null }, deferIndexes })
    if (report.invalid > 0) throw new Error(`import failed: ${JSON.stringify(report.errors.slice(0, 3))}`)
    return report.records
  })
  handle.close()
  return { ...t, peakRssMb: peakRssMb() }
}

async function exportPhase(db: string, file: string): Promise<PhaseResult> {
  const handle = openSnapshot(db)
  let n = 0
  const counted = function* () {
    for (const c of exportRecords(createRepositories(handle))) {
      n += c.records
      yield c.text
    }
  }
  const t = await timed(async () => {
    await pipeline(Readable.from(counted(), { objectMode: false }), createWriteStream(file))
    return n
  })
  handle.close()
  return { ...t, peakRssMb: peakRssMb() }
}

/** Runs one phase in a fresh process and returns what it measured. */
function phase(...args: string[]): PhaseResult {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--phase', ...(values.triggers ? ['--triggers'] : []), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  return JSON.parse(out.trim().split('\n').pop()!) as PhaseResult
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(file), hash)
  return hash.digest('hex')
}

const USAGE = `Usage: npm run bench:import-export -- [--records 100000] [--dir DIR] [--triggers]
Import throughput and peak memory for generated records, export throughput, and the round trip,
each phase in its own process. --triggers imports with the search and feed triggers on, to compare.`

const { values, positionals } = cliArgs(USAGE, {
  allowPositionals: true,
  options: { phase: { type: 'boolean', default: false }, triggers: { type: 'boolean', default: false }, records: { type: 'string', default: '100000' }, dir: { type: 'string' } },
})

if (values.phase) {
  const [name, a, b] = positionals
  const result = name === 'generate' ? await generate(Number(a), b) : name === 'import' ? await importPhase(a, b, !values.triggers) : await exportPhase(a, b)
  process.stdout.write(JSON.stringify(result) + '\n')
} else {
  const count = Number(values.records)
  const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'parley-bench-'))
  const f = (name: string) => join(dir, name)
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
  const mb = (file: string) => `${(statSync(file).size / 1048576).toFixed(1)} MB`
  const row = (label: string, r: PhaseResult) =>
    console.log(
      `${label.padEnd(44)} ${String(r.records).padStart(7)} records ${r.seconds.toFixed(2).padStart(7)} s ${fmt(r.perSecond).padStart(8)} records/s (${fmt(r.perCpuSecond).padStart(8)} per CPU-second)  peak RSS ${r.peakRssMb} MB`,
    )
  try {
    const small = Math.max(1000, Math.round(count / 10))
    console.log(`Parley import/export benchmark: ${count} generated records, in ${dir}`)
    row('generate NDJSON', phase('generate', String(count), f('generated.ndjson')))
    console.log(`  generated.ndjson: ${mb(f('generated.ndjson'))}`)
    row('import (client keys, empty database)', phase('import', f('generated.ndjson'), f('a.db')))
    row('export (every record)', phase('export', f('a.db'), f('a.ndjson')))
    console.log(`  a.ndjson: ${mb(f('a.ndjson'))}`)
    row('import the export (ids as keys, empty db)', phase('import', f('a.ndjson'), f('b.db')))
    row('export again', phase('export', f('b.db'), f('b.ndjson')))
    const same = (await sha256(f('a.ndjson'))) === (await sha256(f('b.ndjson')))
    console.log(`round trip: the two exports are ${same ? 'byte-identical' : 'DIFFERENT'}`)
    // Export memory against data size: a tenth of the data should need about as much memory.
    phase('generate', String(small), f('small.ndjson'))
    phase('import', f('small.ndjson'), f('small.db'))
    row(`export of ${small} records (memory baseline)`, phase('export', f('small.db'), f('small-export.ndjson')))
    if (!same) process.exitCode = 1
  } finally {
    if (!values.dir) rmSync(dir, { recursive: true, force: true })
  }
}
