// Where the generated databases live: bench/data/parley-<size>.db (gitignored).
import { fileURLToPath } from 'node:url'

export const DATA_DIR = fileURLToPath(new URL('../data/', import.meta.url))

/** `parley-1m.db` for 1,000,000 events, `parley-100k.db`, `parley-2500.db`. */
export function sizeLabel(events: number): string {
  if (events % 1_000_000 === 0) return `${events / 1_000_000}m`
  if (events % 1_000 === 0) return `${events / 1_000}k`
  return String(events)
}

export function defaultDataFile(events: number): string {
  return `${DATA_DIR}parley-${sizeLabel(events)}.db`
}
