// The bulk-data jobs of `npm run bench` (scenarios `import` and `export`),
// run against the real server over HTTP.
import { generateRecords } from './generate-records.js'

const IMPORT_RECORDS = 100_000
/** Every key and slug of the template starts with this, right after a quote; each run swaps in its own. */
const TEMPLATE_PREFIX = 'benchkey-'
let template: string | undefined

/**
 * POSTs about 100,000 generated records as one NDJSON body. Each run uses
 * keys of its own, so it creates records rather than finding the last run's.
 * The body is generated once, on the first run (a few seconds, timed with
 * that run): the median of several runs leaves it out.
 */
export async function importJob({ url, headers }: { url: string; headers: Record<string, string> }): Promise<{ records: number }> {
  template ??= [...generateRecords(IMPORT_RECORDS, 1, TEMPLATE_PREFIX)].map((r) => JSON.stringify(r)).join('\n') + '\n'
  const prefix = `run${Date.now().toString(36)}-`
  const body = template.replaceAll(`"${TEMPLATE_PREFIX}`, `"${prefix}`)
  const res = await fetch(`${url}/v1/import`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-ndjson' }, body })
  if (!res.ok) throw new Error(`import: HTTP ${res.status}: ${(await res.text()).slice(0, 500)}`)
  const report = (await res.json()) as { records: number; created: number }
  if (report.created < IMPORT_RECORDS * 0.9) throw new Error(`import: only ${report.created} of ${report.records} records were created`)
  return { records: report.records }
}

/** Streams GET /v1/export (every record, NDJSON) and counts its lines without holding them. */
export async function exportJob({ url, headers }: { url: string; headers: Record<string, string> }): Promise<{ records: number }> {
  const res = await fetch(`${url}/v1/export`, { headers })
  if (!res.ok || !res.body) throw new Error(`export: HTTP ${res.status}`)
  let records = 0
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) records++
  }
  return { records }
}
