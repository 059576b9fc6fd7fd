// Loads native/search-hits.c (compiled into dist/native/ by `npm run build`,
// scripts/build-native.mjs) into a connection: FTS5 functions that give
// /v1/search's ranking each candidate's match counts and length from the index,
// without reading and tokenising its text as highlight() does (~3× cheaper).
// Optional: where it was not built or does not load, the ranking uses
// highlight() and the docsize table, with the same results.
import { join } from 'node:path'
import { findUpwardIfAny } from '../lib/find-upward.js'
import type { Sqlite } from './client.js'

const FILE = `search-hits.${process.platform === 'darwin' ? 'dylib' : process.platform === 'win32' ? 'dll' : 'so'}`

/** dist/native/<file> in the nearest directory above this module that has one (sources, tsc's tree and the bundle alike). */
const defaultPath = () => findUpwardIfAny([join('native', FILE), join('dist', 'native', FILE)], import.meta.url)

const loaded = new WeakSet<Sqlite>()

/**
 * Whether the connection has search_freq() and search_tokens(), loading them
 * (once) from `file`: by default dist/native/ of the build; null when there is none.
 */
export function loadSearchHits(sqlite: Sqlite, file: string | null = defaultPath()): boolean {
  if (loaded.has(sqlite)) return true
  if (file === null) return false
  try {
    // Its entry point, sqlite3_searchhits_init, is the one SQLite derives from the file name.
    sqlite.loadExtension(file)
  } catch (err) {
    // A library built for another SQLite or platform: rank the slower way rather than not start.
    process.emitWarning(`search-hits (${file}) did not load: ${(err as Error).message}; /v1/search ranks with highlight() instead.`)
    return false
  }
  loaded.add(sqlite)
  return true
}
