// What every data command shares: the configured database and a plain
// way to fail.
import { loadConfig } from '../../src/config.js'

/** The configured database file (PARLEY_DB); the commands need a real file, not :memory:. */
export function configuredDbPath(): string {
  const { dbPath } = loadConfig()
  if (dbPath === ':memory:') fail('PARLEY_DB is :memory:; point it at a database file.')
  return dbPath
}

/** Prints a message to stderr and exits with the code (2 for usage errors). */
export function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`)
  process.exit(code)
}
