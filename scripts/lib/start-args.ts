// The node arguments of `npm start` (package.json's start script less its
// `node`): the bench and the build test run the compiled server with them, so
// both run it with the V8 flags production gets.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export function startArgs(root: string): string[] {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start
  const [cmd, ...args] = start.trim().split(/\s+/)
  if (cmd !== 'node' || args[args.length - 1] !== 'dist/server.js') {
    throw new Error(`package.json's start script should be \`node [flags] dist/server.js\`, not ${JSON.stringify(start)}`)
  }
  return args
}
