// Loads the seed bundle (the data set drawn from the report in
// ../shared/seeds/) through the importer.
import { importRecords, type ImportReport } from '../src/import/importer.js'
import { bundleItems, readBundleFile } from '../src/import/read.js'
import type { Repositories } from '../src/resources/index.js'
import { findUpward } from '../src/lib/find-upward.js'

export const SEED_BUNDLE = findUpward('seed/parley-seed.json', import.meta.url)

export function loadSeed(repos: Repositories, path = SEED_BUNDLE): ImportReport {
  const report = importRecords(repos, bundleItems(readBundleFile(path)), { ctx: { keyId: null } })
  if (report.invalid > 0) throw new Error(`the seed bundle is invalid: ${JSON.stringify(report.errors.slice(0, 5))}`)
  return report
}
