// npm run restore -- PATH
// Replaces the configured database (PARLEY_DB) with a backup, after checking
// that the backup passes PRAGMA integrity_check and is not from a newer
// schema. Stop the server first.
import { parseArgs } from 'node:util'
import { restoreDatabase } from '../src/backup/restore.js'
import { configuredDbPath, fail } from './lib/cli.js'

const USAGE = 'usage: npm run restore -- PATH   (stop the server first)'
const { values, positionals } = parseArgs({ allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } })
if (values.help) fail(USAGE, 0)
if (positionals.length !== 1) fail(USAGE)
try {
  const r = await restoreDatabase(positionals[0], configuredDbPath())
  process.stderr.write(`Restored ${positionals[0]} to ${r.path} (${r.migrations} migrations, integrity ok) in ${r.ms} ms.\n`)
} catch (err) {
  fail(`Refused: ${(err as Error).message}`, 1)
}
