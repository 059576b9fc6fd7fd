// Turns files into import items. NDJSON is read a chunk at a time with
// synchronous reads, so a file of any size is imported in constant memory
// inside one synchronous SQLite transaction (an async reader would let other
// writes on the same connection slip into the import's transaction).
import { closeSync, openSync, readFileSync, readSync } from 'node:fs'
import { invalidEncoding, invalidUtf8Offset } from '../lib/utf8.js'
import type { ImportItem } from './importer.js'

const NEWLINE = 0x0a
const CHUNK = 1 << 16

/**
 * The lines of a file, without their line breaks. Splitting bytes on \n is safe in UTF-8: no multi-byte character contains that byte.
 * A line that is not valid UTF-8 is refused (a 400 problem naming its line and byte offset) rather than decoded with U+FFFD in it.
 */
export function* readLinesSync(path: string, chunkSize = CHUNK): Generator<string> {
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.allocUnsafe(chunkSize)
    let carry: Buffer[] = []
    let first = true
    let lineNo = 0
    let offset = 0
    const decode = (line: Buffer): string => {
      lineNo++
      const bad = invalidUtf8Offset(line)
      if (bad !== -1) throw invalidEncoding(line[bad], offset + bad, `Line ${lineNo} of the NDJSON`, { line: lineNo })
      offset += line.length + 1
      return line.toString('utf8')
    }
    for (;;) {
      const n = readSync(fd, buf, 0, chunkSize, null)
      if (n === 0) break
      let start = 0
      for (let nl = buf.indexOf(NEWLINE, 0); nl !== -1 && nl < n; nl = buf.indexOf(NEWLINE, start)) {
        const part = buf.subarray(start, nl)
        const line = carry.length ? Buffer.concat([...carry, part]) : part
        carry = []
        yield clean(decode(line), first)
        first = false
        start = nl + 1
      }
      // Copy the partial line out: buf is reused by the next read.
      if (start < n) carry.push(Buffer.from(buf.subarray(start, n)))
    }
    if (carry.length) yield clean(decode(Buffer.concat(carry)), first)
  } finally {
    closeSync(fd)
  }
}

function clean(line: string, first: boolean): string {
  if (first && line.charCodeAt(0) === 0xfeff) line = line.slice(1)
  return line.endsWith('\r') ? line.slice(0, -1) : line
}

/** How many lines a file has (a fast byte scan), for a progress bar's total. */
export function countLinesSync(path: string): number {
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.allocUnsafe(CHUNK)
    let lines = 0
    let last = NEWLINE
    for (let n = readSync(fd, buf, 0, CHUNK, null); n > 0; n = readSync(fd, buf, 0, CHUNK, null)) {
      for (let i = buf.indexOf(NEWLINE); i !== -1 && i < n; i = buf.indexOf(NEWLINE, i + 1)) lines++
      last = buf[n - 1]
    }
    return last === NEWLINE ? lines : lines + 1
  } finally {
    closeSync(fd)
  }
}

/** NDJSON lines to import items; blank lines are skipped but still counted, so line numbers match an editor's. */
export function* ndjsonItems(lines: Iterable<string>): Generator<ImportItem> {
  let line = 0
  for (const text of lines) {
    line++
    if (text.trim() === '') continue
    try {
      yield { line, value: JSON.parse(text) }
    } catch (err) {
      yield { line, parseError: `The line is not valid JSON: ${(err as Error).message}.` }
    }
  }
}

export interface Bundle {
  format: 'parley-bundle'
  format_version: number
  description?: string
  records: unknown[]
}

/** A bundle's records as import items, numbered by position. */
export function bundleItems(bundle: Bundle): ImportItem[] {
  return bundle.records.map((value, i) => ({ line: i + 1, value }))
}

/** Reads a bundle file whole (bundles are for curated sets such as the seed; use NDJSON for large data). */
export function readBundleFile(path: string): Bundle {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as Partial<Bundle>
  if (doc?.format !== 'parley-bundle' || doc.format_version !== 1 || !Array.isArray(doc.records)) {
    throw new Error(`${path} is not a Parley bundle: expected {"format": "parley-bundle", "format_version": 1, "records": [...]}.`)
  }
  return doc as Bundle
}

export type FileFormat = 'bundle' | 'ndjson'

/** `.json` files are bundles; `.ndjson` and `.jsonl` files hold one record a line. */
export function formatOf(path: string): FileFormat | null {
  if (/\.json$/i.test(path)) return 'bundle'
  if (/\.(ndjson|jsonl)$/i.test(path)) return 'ndjson'
  return null
}

/** A file's records as import items and, when cheap to know, how many there are. */
export function fileItems(path: string, format: FileFormat): { items: Iterable<ImportItem>; total: number } {
  if (format === 'bundle') {
    const items = bundleItems(readBundleFile(path))
    return { items, total: items.length }
  }
  return { items: ndjsonItems(readLinesSync(path)), total: countLinesSync(path) }
}
