// Files the server reads at run time (the migrations, the seed bundle) are
// found by walking up from the module that needs them: the same code runs from
// the sources (tsx), from tsc's tree in dist/ and from the one-file bundle
// dist/server.js, each at a different depth below its copy of those files.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The first `<dir>/<relative>` that exists, trying each of `relatives` in turn for
 * the module's own directory and then each directory above it; null if none does.
 */
export function findUpwardIfAny(relatives: string[], moduleUrl: string): string | null {
  for (let dir = dirname(fileURLToPath(moduleUrl)); ; dir = dirname(dir)) {
    for (const relative of relatives) {
      const candidate = join(dir, relative)
      if (existsSync(candidate)) return candidate
    }
    if (dirname(dir) === dir) return null
  }
}

/** The first `<dir>/<relative>` that exists, for the module's own directory and then each directory above it. */
export function findUpward(relative: string, moduleUrl: string): string {
  const found = findUpwardIfAny([relative], moduleUrl)
  if (found === null) throw new Error(`${relative} was not found in ${dirname(fileURLToPath(moduleUrl))} or any directory above it.`)
  return found
}
