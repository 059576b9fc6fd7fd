// Loads the seed bundle (the data set drawn from the report in
// ../shared/seeds/) through the importer.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { importRecords, type ImportRecord, type ImportReport } from '../src/import/importer.js'
import type { Repositories } from '../src/repositories/index.js'

export const SEED_BUNDLE = fileURLToPath(new URL('./parley-seed.json', import.meta.url))

export interface Bundle {
  format: 'parley-bundle'
  format_version: number
  records: { type: string; key?: string; data: Record<string, unknown> }[]
}

export function readBundle(path = SEED_BUNDLE): Bundle {
  return JSON.parse(readFileSync(path, 'utf8')) as Bundle
}

export function bundleRecords(bundle: Bundle): ImportRecord[] {
  return bundle.records.map((r, i) => ({ ...r, line: i + 1 }))
}

export function loadSeed(repos: Repositories, path = SEED_BUNDLE): ImportReport {
  const report = importRecords(repos, bundleRecords(readBundle(path)), { ctx: { keyId: null } })
  if (report.errors.length > 0) throw new Error(`the seed bundle is invalid: ${JSON.stringify(report.errors.slice(0, 5))}`)
  return report
}
