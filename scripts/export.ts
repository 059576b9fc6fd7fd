// npm run export -- [--type events] [--format ndjson|csv] [--filter name=value ...] [FILE]
// Streams the configured database (PARLEY_DB) out as NDJSON (every type, or
// one) or as one collection's CSV, to FILE or to stdout, from one consistent
// snapshot on a read-only connection, with constant memory.
import { createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import { finished, pipeline } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { csvStream } from '../src/export/csv.js'
import { checkExportQuery, exportRecords, scanRecords, type ExportChunk } from '../src/export/records.js'
import { openSnapshot } from '../src/export/snapshot.js'
import { RECORD_TYPE_INFO, TYPE_OF_COLLECTION } from '../src/import/record-types.js'
import { ProblemError } from '../src/lib/problem.js'
import { createRepositories, type ResourceName } from '../src/resources/index.js'
import { COLLECTIONS } from '../src/schemas/data.js'
import { configuredDbPath, fail } from './lib/cli.js'
import { startProgress } from './lib/progress.js'

const USAGE = `usage: npm run export -- [--type ${COLLECTIONS.join('|')}] [--format ndjson|csv] [--filter name=value ...] [FILE]`
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    type: { type: 'string' },
    format: { type: 'string', default: 'ndjson' },
    filter: { type: 'string', multiple: true, default: [] },
    help: { type: 'boolean', short: 'h' },
  },
})
if (values.help) fail(USAGE, 0)
if (positionals.length > 1) fail(USAGE)
const collection = values.type as ResourceName | undefined
if (collection && !COLLECTIONS.includes(collection)) fail(`--type must be one of ${COLLECTIONS.join(', ')}.`)
if (values.format !== 'ndjson' && values.format !== 'csv') fail('--format must be ndjson or csv.')
if (values.format === 'csv' && !collection) fail('A CSV table holds one collection: add --type.')
if (values.filter.length > 0 && !collection) fail('Filters apply to one collection: add --type.')
const query: Record<string, string> = {}
for (const f of values.filter) {
  const eq = f.indexOf('=')
  if (eq < 1) fail(`--filter ${f}: write name=value, e.g. --filter category=CONSULT.`)
  query[f.slice(0, eq)] = f.slice(eq + 1)
}
const type = collection ? TYPE_OF_COLLECTION[collection] : undefined
const file = positionals[0]

const handle = openSnapshot(configuredDbPath())
try {
  const repos = createRepositories(handle)
  try {
    checkExportQuery(repos, { type, query })
  } catch (err) {
    if (err instanceof ProblemError) fail(err.message)
    throw err
  }
  // Progress on stderr only when the data goes to a file: on stdout it would be mixed into a terminal.
  const progress = file ? startProgress('exporting', 'records', null) : null
  let n = 0
  const count = (records: number) => {
    n += records
    progress?.tick(n)
  }
  const counted = function* <T>(records: Iterable<T>) {
    for (const r of records) {
      count(1)
      yield r
    }
  }
  const lines = function* (chunks: Iterable<ExportChunk>) {
    for (const c of chunks) {
      count(c.records)
      yield c.text
    }
  }
  const started = Date.now()
  const source =
    values.format === 'csv'
      ? csvStream(type!, counted(scanRecords(repos, RECORD_TYPE_INFO[type!], query)))
      : Readable.from(lines(exportRecords(repos, { type, query })), { objectMode: false })
  if (file) await pipeline(source, createWriteStream(file))
  else {
    // A reader that stops early (| head) is not an error.
    process.stdout.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' ? process.exit(0) : fail(err.message, 1)))
    source.pipe(process.stdout)
    await finished(source)
  }
  progress?.finish(n)
  const seconds = (Date.now() - started) / 1000
  process.stderr.write(`Exported ${n} records${file ? ` to ${file}` : ''} in ${seconds.toFixed(1)} s, ${Math.round(n / Math.max(seconds, 0.001))} records/s.\n`)
} finally {
  handle.close()
}
