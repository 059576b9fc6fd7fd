// The bench's results tables: a job the reference also runs (the import) is
// reported per server and as Parley ÷ reference, paired run by run, while the
// job's target judges Parley alone.
import t from 'tap'
import { jobTable, ratioSpread, ratioTable, targetsTable, type Results } from '../lib/report.js'
import type { JobRecord } from '../lib/session.js'
import { SCENARIOS } from '../scenarios.js'

const job = (server: JobRecord['server'], run: number, seconds: number, cpuUs: number): JobRecord => ({
  server, run, scenario: 'import', records: 100_000, seconds, rssBeforeMb: 100, rssPeakMb: 200, cpuUs,
})

t.test('the import job is compared with the reference run by run', async (t) => {
  const results: Results = {
    // Parley at 2,000 and 2,500 records/s; the reference at 4,000 and 5,000 in the same runs.
    jobs: [job('parley', 1, 50, 300), job('reference', 1, 25, 150), job('parley', 2, 40, 320), job('reference', 2, 20, 160)],
    loads: [],
    sessions: [],
  }
  const scenarios = SCENARIOS.filter((s) => s.name === 'import')
  t.same(ratioSpread(results, 'import', 'reference').median, 0.5, 'records/s ratio')
  t.same(ratioSpread(results, 'import', 'reference', 'import', 'cpu').median, 0.5, 'CPU time ratio')
  t.match(ratioTable(results, scenarios), /\| import \| 50% \(50%–50%\) \| 50% \(50%–50%\) \| – \| – \|/)
  const table = jobTable(results, scenarios, ['parley', 'reference'])
  t.match(table, /\| import \| parley \| 100,000 \| 2,250 \(2,000–2,500\) \| 310\.0 \|/)
  t.match(table, /\| import \| reference \| 100,000 \| 4,500 \(4,000–5,000\) \| 155\.0 \|/)
  t.match(targetsTable(results, scenarios, { peakRssMb: 200, startupMs: 1000 }), /\| 2,250 \(2,000–2,500\) records\/s \| \*\*missed\*\* \|/, "the target judges Parley's runs only")
})
