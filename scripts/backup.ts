// npm run backup -- PATH [--force]
// Takes a consistent copy of the configured database (PARLEY_DB) with
// SQLite's online backup API; safe while the server is serving writes.
import { parseArgs } from 'node:util'
import { backupDatabase } from '../src/backup/backup.js'
import { configuredDbPath, fail } from './lib/cli.js'

const USAGE = 'usage: npm run backup -- PATH [--force]'
const { values, positionals } = parseArgs({ allowPositionals: true, options: { force: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } } })
if (values.help) fail(USAGE, 0)
if (positionals.length !== 1) fail(USAGE)
try {
  const r = await backupDatabase(configuredDbPath(), positionals[0], { overwrite: values.force })
  process.stderr.write(`Backed up ${configuredDbPath()} to ${r.path}: ${r.pages} pages, ${r.bytes} bytes, ${r.migrations} migrations, integrity ok, in ${r.ms} ms.\n`)
} catch (err) {
  fail((err as Error).message, 1)
}
