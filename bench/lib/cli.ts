// The bench scripts' flags: --help prints the usage, and an unknown or
// malformed flag is one line and the usage (exit code 2), not a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { fail } from '../../scripts/lib/cli.js'

export function cliArgs<T extends ParseArgsConfig>(usage: string, config: T): ReturnType<typeof parseArgs<T>> {
  const withHelp = { ...config, options: { ...config.options, help: { type: 'boolean', short: 'h' } } } as const
  let parsed: ReturnType<typeof parseArgs<typeof withHelp>>
  try {
    parsed = parseArgs(withHelp)
  } catch (err) {
    fail(`${(err as Error).message}\n\n${usage}`)
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage)
    process.exit(0)
  }
  return parsed as unknown as ReturnType<typeof parseArgs<T>>
}
