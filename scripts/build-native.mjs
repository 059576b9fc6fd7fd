// Compiles native/search-hits.c (FTS5 functions for /v1/search's ranking) into
// dist/native/, against the SQLite headers of the better-sqlite3 in use. Without
// a C compiler the build goes on without it: the server then ranks with
// highlight() (src/db/search-hits.ts), giving the same results more slowly.
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
/** The shared library's file name on this platform. */
export const SEARCH_HITS_FILE = `search-hits.${process.platform === 'darwin' ? 'dylib' : process.platform === 'win32' ? 'dll' : 'so'}`

/** Compiles the extension to `out`; returns false (and says why) when no compiler could. */
export function compileSearchHits(out) {
  const headers = join(dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')), 'deps', 'sqlite3')
  const cc = process.env.CC ?? 'cc'
  mkdirSync(dirname(out), { recursive: true })
  const flags = process.platform === 'darwin' ? ['-dynamiclib'] : ['-shared', '-fPIC']
  try {
    execFileSync(cc, ['-O2', ...flags, '-I', headers, join(root, 'native', 'search-hits.c'), '-o', out], { stdio: ['ignore', 'inherit', 'inherit'] })
    return true
  } catch (err) {
    console.warn(`search-hits was not compiled (${err.message.split('\n')[0]}): /v1/search ranks with highlight() instead, more slowly.`)
    return false
  }
}

// `node scripts/build-native.mjs [file]`: into dist/native/ unless told where.
if (process.argv[1] === fileURLToPath(import.meta.url)) compileSearchHits(process.argv[2] ?? join(root, 'dist', 'native', SEARCH_HITS_FILE))
