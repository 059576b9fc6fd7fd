// The benchmark scenarios: one entry per endpoint or job, with its targets
// from issue 8. To benchmark a new endpoint, add one entry (see the examples
// at the end). `npm run bench -- --only name,name` runs a subset.
import type { RequestSpec } from './lib/load.js'
import type { Sample } from './lib/sample.js'

export type Target =
  /** Parley's throughput over another server's on this scenario (or on `scenario`). */
  | { kind: 'ratio'; to: 'reference' | 'ceiling'; scenario?: string; min: number }
  /** Parley's 99th-percentile latency, in milliseconds. */
  | { kind: 'p99'; maxMs: number }
  /** Parley's requests per second. */
  | { kind: 'rps'; min: number }
  /** A job's records per second. */
  | { kind: 'records'; min: number }
  /** How much a job may raise the server's resident memory, in MB. */
  | { kind: 'rss-growth'; maxMb: number }

interface Common {
  /** Unique; names the ceiling route and the results row. */
  name: string
  title: string
  targets: Target[]
  /** Changes the database: runs against a scratch copy of it. */
  writes?: boolean
  /** Also measured at every size of the growth study (npm run bench:growth). */
  growth?: boolean
  /** bench/reference-server.ts answers it too. */
  reference?: boolean
}

/** Closed-loop HTTP load at a fixed number of connections. */
export interface LoadScenario extends Common {
  kind: 'load'
  connections: number
  /** The requests, rotated through by every connection; the same list for every server. */
  requests(sample: Sample): RequestSpec[]
}

/** One long operation (an import, an export), timed as a whole while the server's memory is sampled. */
export interface JobScenario extends Common {
  kind: 'job'
  run(ctx: { url: string; sample: Sample; headers: Record<string, string> }): Promise<{ records: number }>
}

export type Scenario = LoadScenario | JobScenario

const get = (path: string): RequestSpec => ({ method: 'GET', path })
const post = (path: string, body: unknown): RequestSpec => ({ method: 'POST', path, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
const ratio = (min: number, scenario?: string): Target => ({ kind: 'ratio', to: 'reference', min, ...(scenario ? { scenario } : {}) })
const p99 = (maxMs: number): Target => ({ kind: 'p99', maxMs })

const listPath = (f: Sample['listFilters'][number]) => `/v1/events?category=${f.category}&occurred_from=${f.from}&occurred_to=${f.to}&sort=-occurred_on`

/** Searches of every kind: very common words, rare words, phrases, prefixes, names, boolean queries. */
export const QUOTE_QUERIES = [
  'sanctions', 'talks', 'prisoners', 'ceasefire', 'pipeline', 'refugees', 'rapprochement', 'armistice', 'enclave',
  'moratorium', '"prisoner exchange"', 'negotiat*', 'sanction*', 'border AND troops', 'Minsk', 'Vilnius', 'embargo OR blockade',
  'guarantees', 'humanitarian', 'reciprocal', 'press conference', 'détente',
]

export const SCENARIOS: Scenario[] = [
  {
    kind: 'load',
    name: 'get-event',
    title: 'GET one event (participants, citations)',
    connections: 50,
    reference: true,
    requests: (s) => s.eventIds.map((id) => get(`/v1/events/${id}`)),
    targets: [ratio(0.8), p99(5)],
  },
  {
    kind: 'load',
    name: 'list-events',
    title: 'List 25 events: category + date range, newest first',
    connections: 50,
    reference: true,
    growth: true,
    requests: (s) => s.listFilters.map((f) => get(listPath(f))),
    targets: [ratio(0.7)],
  },
  {
    kind: 'load',
    name: 'list-events-participants',
    title: 'The same list with include=participants',
    connections: 50,
    reference: true,
    growth: true,
    requests: (s) => s.listFilters.map((f) => get(`${listPath(f)}&include=participants`)),
    // Issue 8: at least half of the reference's list *without* include.
    targets: [ratio(0.5, 'list-events')],
  },
  {
    kind: 'load',
    name: 'search-quotes',
    title: 'q search over quotes',
    connections: 10,
    reference: true,
    growth: true,
    requests: (s) => [...QUOTE_QUERIES, ...s.names.slice(0, 8)].map((q) => get(`/v1/quotes?q=${encodeURIComponent(q)}`)),
    targets: [p99(20)],
  },
  {
    kind: 'load',
    name: 'create-event',
    title: 'POST an event with participants and citations',
    connections: 8,
    reference: true,
    writes: true,
    requests: (s) =>
      s.eventIds.slice(0, 200).map((_, i) => {
        const actors = [s.topActorIds[i % 10], s.actorIds[i % s.actorIds.length], s.actorIds[(i * 7 + 3) % s.actorIds.length]]
        const cite = s.citable[i % s.citable.length]
        return post('/v1/events', {
          title: `Benchmark delegation ${i} met officials over prisoner release`,
          summary: 'Officials said the talks covered a prisoner release and sanctions relief, according to the delegation.',
          category: 'CONSULT',
          mode: 'visit',
          status: 'reported',
          contexts: ['diplomatic', 'human_rights'],
          occurred_on: `2025-02-${String((i % 28) + 1).padStart(2, '0')}`,
          location: { name: 'Minsk', country: 'BLR' },
          participants: [
            { actor_id: actors[0], role: 'source' },
            { actor_id: actors[1], role: 'target' },
            ...(actors[2] !== actors[1] && actors[2] !== actors[0] ? [{ actor_id: actors[2], role: 'mediator' }] : []),
          ],
          citations: [{ source_id: cite.sourceId, excerpt: cite.excerpt, basis: 'on_record' }],
        })
      }),
    targets: [{ kind: 'rps', min: 3000 }],
  },
  {
    kind: 'job',
    name: 'page-events',
    title: 'Walk 10,000 events by cursor, 200 a page',
    async run({ url, headers }) {
      let records = 0
      let cursor: string | null = null
      while (records < 10_000) {
        const res = await fetch(`${url}/v1/events?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers })
        if (!res.ok) throw new Error(`page-events: HTTP ${res.status}`)
        const page = (await res.json()) as { data: unknown[]; next_cursor: string | null }
        records += page.data.length
        cursor = page.next_cursor
        if (!cursor) break
      }
      return { records }
    },
    targets: [],
  },

  { kind: 'load', name: 'search', title: '/v1/search', connections: 10, growth: true, requests: () => QUOTE_QUERIES.map((q) => get(`/v1/search?q=${encodeURIComponent(q)}`)), targets: [p99(20)] },
  { kind: 'load', name: 'timeline', title: 'Timeline of one actor', connections: 10, growth: true, requests: (s) => s.topActorIds.map((id) => get(`/v1/timeline?actor=${id}`)), targets: [p99(50)] },
  { kind: 'load', name: 'dyads', title: 'Dyad relations over time', connections: 10, requests: (s) => s.topActorIds.slice(1).map((id) => get(`/v1/dyads/${s.topActorIds[0]}/${id}/relations`)), targets: [p99(50)] },
  { kind: 'load', name: 'stats', title: 'Stats for one actor', connections: 10, requests: (s) => s.topActorIds.flatMap((id) => ['category,interval', 'deal_status', 'speaker'].map((g) => get(`/v1/stats?actor=${id}&group_by=${g}`))), targets: [p99(50)] },
  { kind: 'job', name: 'import', title: 'Bulk import: 100,000 generated records, one NDJSON body', writes: true, reference: true, run: async (c) => (await import('./data-jobs.js')).importJob(c), targets: [{ kind: 'records', min: 50_000 }] },
  { kind: 'job', name: 'export', title: 'Export every record as NDJSON, streamed and counted', run: async (c) => (await import('./data-jobs.js')).exportJob(c), targets: [{ kind: 'records', min: 100_000 }, { kind: 'rss-growth', maxMb: 50 }] },
]

/** Targets for the server as a whole, measured on the database given to `npm run bench`. */
export const SERVER_TARGETS = { peakRssMb: 200, startupMs: 1000 }
