// Files the server reads at run time (the migrations, the seed bundle) are
// found by walking up from the module that needs them: the same code runs from
// the sources (tsx), from tsc's tree in dist/ and from the one-file bundle
// dist/server.js, each at a different depth below its copy of those files.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The first `<dir>/<relative>` that exists, for the module's own directory and then each directory above it. */
export function findUpward(relative: string, moduleUrl: string): string {
  const start = dirname(fileURLToPath(moduleUrl))
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, relative)
    if (existsSync(candidate)) return candidate
    if (dirname(dir) === dir) throw new Error(`${relative} was not found in ${start} or any directory above it.`)
  }
}
