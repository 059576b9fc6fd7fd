// npm run bench:data -- --events 1000000 [--out bench/data/parley-1m.db] [--seed N] [--force]
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { generateDatabase } from './generator/generate.js'
import { defaultDataFile } from './lib/data-files.js'
import { cliArgs } from './lib/cli.js'

const USAGE = `Usage: npm run bench:data -- --events 1000000 [--out bench/data/parley-1m.db] [--seed N] [--batch N] [--force]
Builds a database of generated, skewed data through the importer: actors a tenth of the events (at
most 10,000), half as many quotes as events, a deal per 100 events. --force replaces an existing file.`

const { values } = cliArgs(USAGE, {
  options: {
    events: { type: 'string', default: '1000000' },
    out: { type: 'string' },
    seed: { type: 'string' },
    batch: { type: 'string' },
    force: { type: 'boolean', default: false },
  },
})

const events = Number(values.events)
if (!Number.isInteger(events) || events < 1) throw new Error(`--events must be a positive whole number, not ${values.events}`)
const out = values.out ?? defaultDataFile(events)
mkdirSync(dirname(out), { recursive: true })
console.log(`generating ${events.toLocaleString('en')} events into ${out}`)
generateDatabase({
  events,
  out,
  force: values.force,
  seed: values.seed === undefined ? undefined : Number(values.seed),
  batch: values.batch === undefined ? undefined : Number(values.batch),
  log: (line) => console.log(line),
})
