// npm run search:optimize
// Merges every full-text index of the configured database (PARLEY_DB) into one
// segment: run it after a bulk load (an import of many records), when queries
// read several segments per word. It rewrites each index in its own write
// transaction (about 25 s in all for the 1M-event file), so writes wait while
// one runs: best with the server stopped or quiet. Answers stay the same.
import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { openDatabase } from '../src/db/client.js'
import { optimizeFtsIndexes } from '../src/search/fts-maintenance.js'
import { configuredDbPath, fail } from './lib/cli.js'

const USAGE = 'usage: PARLEY_DB=FILE npm run search:optimize'
const { values } = parseArgs({ options: { help: { type: 'boolean', short: 'h' } } })
if (values.help) fail(USAGE, 0)
const path = configuredDbPath()
if (!existsSync(path)) fail(`${path}: no such file.`)
const handle = openDatabase(path)
try {
  const started = Date.now()
  optimizeFtsIndexes(handle.sqlite, (r) => process.stderr.write(`${r.table}: ${r.segmentsBefore} segments -> ${r.segmentsAfter} in ${r.ms} ms\n`))
  process.stderr.write(`Optimized every full-text index of ${path} in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`)
} finally {
  handle.close()
}
