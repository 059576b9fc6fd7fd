// npm run import -- FILE [--dry-run] [--format bundle|ndjson]
// Imports a bundle (.json) or NDJSON (.ndjson, .jsonl) into the configured
// database (PARLEY_DB) in one transaction, all or nothing. NDJSON is read a
// chunk at a time, so memory stays flat whatever the file's size. Prints the
// report as JSON on stdout; exits 1 when any record is invalid.
import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { openDatabase } from '../src/db/client.js'
import { runMigrations } from '../src/db/migrate.js'
import { compileValidators, importRecords } from '../src/import/importer.js'
import { fileItems, formatOf, type FileFormat } from '../src/import/read.js'
import { createRepositories } from '../src/resources/index.js'
import { configuredDbPath, fail } from './lib/cli.js'
import { startProgress } from './lib/progress.js'

const USAGE = 'usage: npm run import -- FILE [--dry-run] [--format bundle|ndjson]'
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'dry-run': { type: 'boolean', default: false }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
})
if (values.help) fail(USAGE, 0)
if (positionals.length !== 1) fail(USAGE)
const file = positionals[0]
if (!existsSync(file)) fail(`${file}: no such file.`)
const format = (values.format ?? formatOf(file)) as FileFormat | null
if (format !== 'bundle' && format !== 'ndjson') fail(`Cannot tell the format of ${file}: name it .json (a bundle) or .ndjson, or pass --format bundle|ndjson.`)

const handle = openDatabase(configuredDbPath())
try {
  runMigrations(handle)
  const repos = createRepositories(handle)
  compileValidators()
  const { items, total } = fileItems(file, format)
  const dryRun = values['dry-run']
  const progress = startProgress(dryRun ? 'checking' : 'importing', 'records', total)
  const started = Date.now()
  const report = importRecords(repos, items, { dryRun, ctx: { keyId: null }, onRecord: (n) => progress.tick(n) })
  progress.finish(report.records)
  const seconds = (Date.now() - started) / 1000
  process.stdout.write(JSON.stringify(report, null, 2) + '\n')
  if (report.invalid > 0) {
    for (const e of report.errors) process.stderr.write(`line ${e.line}${e.key ? ` (${e.key})` : ''} ${e.pointer || '(line)'}: ${e.message}\n`)
    if (report.errors_truncated) process.stderr.write('… more errors not listed.\n')
    process.stderr.write(`${report.invalid} of ${report.records} records are invalid; nothing was written.\n`)
    process.exitCode = 1
  } else {
    const verb = dryRun ? 'Checked (dry run, nothing written)' : 'Imported'
    process.stderr.write(
      `${verb}: ${report.records} records (${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged) in ${seconds.toFixed(1)} s, ${Math.round(report.records / Math.max(seconds, 0.001))} records/s.\n`,
    )
  }
} finally {
  handle.close()
}
