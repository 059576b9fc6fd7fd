// Builds a realistic Parley database for the benchmarks.
//
// Records go through the repositories' own insert path (ResourceRepository
// .insertInTx: the semantic checks, the rows, the child tables, the citations,
// the change-log entry with the record as stored, and the FTS index through
// its triggers), batched into large transactions instead of one transaction
// per HTTP request. That is the write path minus HTTP, so the file is exactly
// what Parley itself would have written and cannot drift from the schema, and
// it still builds a million events in minutes. See README.md, "Benchmarks".
import countries from 'i18n-iso-countries'
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' }
import { existsSync, renameSync, rmSync, statSync } from 'node:fs'
import { openDatabase } from '../../src/db/client.js'
import { runMigrations } from '../../src/db/migrate.js'
import * as V from '../../src/domain/vocabulary.js'
import { optimizeFtsIndexes } from '../../src/search/fts-maintenance.js'
import { createRepositories, type Repositories } from '../../src/resources/index.js'
import type { Obj } from '../../src/engine/repository.js'
import { Rng, Zipf } from './random.js'
import { TextMaker, capital, slugify } from './text.js'
import * as W from './words.js'

countries.registerLocale(en)

/** How many records of each kind to make. */
export interface Plan {
  sources: number
  actors: number
  positions: number
  relations: number
  events: number
  deals: number
  terms: number
  quotes: number
}

/** Counts for a data set of `events` events: at 1M, 10k actors, 500k quotes, 10k deals, 50k terms. */
export function planFor(events: number, overrides: Partial<Plan> = {}): Plan {
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(v)))
  const actors = overrides.actors ?? clamp(events / 10, 100, 10_000)
  const deals = overrides.deals ?? clamp(events / 100, 5, 1_000_000)
  return {
    sources: clamp(events / 20, 50, 1_000_000),
    actors,
    positions: Math.round(actors * 0.3),
    relations: Math.round(actors * 0.5),
    events,
    deals,
    terms: deals * 5,
    quotes: Math.round(events / 2),
    ...overrides,
  }
}

export interface GenerateOptions {
  events: number
  out: string
  /** Same seed, same data (ids and timestamps aside). */
  seed?: number
  /** Records per transaction. */
  batch?: number
  plan?: Partial<Plan>
  /** Replace an existing file. */
  force?: boolean
  log?: (line: string) => void
}

export interface PhaseReport {
  name: string
  records: number
  seconds: number
}

export interface GenerateReport {
  out: string
  plan: Plan
  phases: PhaseReport[]
  seconds: number
  bytes: number
}

/** The generated period: 20 years, from 2006 through 2025. */
const FIRST_DAY = Date.UTC(2006, 0, 1)
const DAYS = 7305
const DAY_MS = 86_400_000

const CATEGORY_WEIGHTS: [V.Category, number][] = [
  ['CONSULT', 30], ['SUPPORT', 8], ['COOPERATE', 8], ['AGREE', 7], ['ACCUSE', 9], ['REQUEST', 6], ['REJECT', 5],
  ['THREATEN', 4], ['PROTEST', 4], ['SANCTION', 4], ['AID', 3], ['RETREAT', 4], ['CONCEDE', 2], ['MOBILIZE', 2],
  ['COERCE', 3], ['ASSAULT', 2],
]
const STATUS_WEIGHTS: [string, number][] = [['occurred', 70], ['reported', 15], ['claimed', 6], ['planned', 4], ['denied', 3], ['hypothetical', 2]]
const PRECISION_WEIGHTS: ['day' | 'month' | 'year', number][] = [['day', 70], ['month', 20], ['year', 10]]
const CONTEXT_ZIPF = new Zipf(V.CONTEXTS.length, 1.2)

export function generateDatabase(options: GenerateOptions): GenerateReport {
  const log = options.log ?? (() => {})
  const plan = planFor(options.events, options.plan)
  const batch = options.batch ?? 5_000
  if (existsSync(options.out) && !options.force) throw new Error(`${options.out} exists; pass --force to replace it`)
  // Build under a temporary name, so a half-built file is never taken for a whole one.
  const tmp = `${options.out}.building`
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true })
  const handle = openDatabase(tmp)
  // This connection only: bulk-load settings. The file keeps WAL mode for the server.
  handle.sqlite.pragma('synchronous = OFF')
  handle.sqlite.pragma('cache_size = -1000000')
  runMigrations(handle)
  const repos = createRepositories(handle)
  const started = performance.now()
  const phases: PhaseReport[] = []
  try {
    const g = new Generator(repos, plan, options.seed ?? 20250212)
    const run = (name: keyof Plan, make: (i: number) => void) => {
      const count = plan[name]
      const t0 = performance.now()
      let lastLog = t0
      for (let i = 0; i < count; i += batch) {
        const end = Math.min(count, i + batch)
        repos.store.write(() => {
          for (let j = i; j < end; j++) make(j)
        })
        const now = performance.now()
        if (now - lastLog > 5_000 && end < count) {
          const rate = end / ((now - t0) / 1000)
          log(`  ${name}: ${end.toLocaleString('en')} / ${count.toLocaleString('en')} (${Math.round(rate).toLocaleString('en')}/s, ${Math.round((count - end) / rate)} s to go)`)
          lastLog = now
        }
      }
      const seconds = (performance.now() - t0) / 1000
      phases.push({ name, records: count, seconds })
      log(`${name.padEnd(9)} ${count.toLocaleString('en').padStart(10)} in ${seconds.toFixed(1).padStart(6)} s  ${Math.round(count / Math.max(seconds, 1e-9)).toLocaleString('en').padStart(8)}/s`)
    }
    run('sources', (i) => g.source(i))
    run('actors', (i) => g.actor(i))
    run('positions', () => g.position())
    run('relations', () => g.relation())
    run('events', (i) => g.event(i))
    run('deals', (i) => g.deal(i))
    run('terms', (i) => g.term(i))
    run('quotes', (i) => g.quote(i))
    // A bulk load ends as a deployment's would: each full-text index merged into one segment.
    const t0 = performance.now()
    optimizeFtsIndexes(handle.sqlite)
    const seconds = (performance.now() - t0) / 1000
    phases.push({ name: 'optimize', records: 0, seconds })
    log(`optimize  full-text indexes in ${seconds.toFixed(1).padStart(6)} s`)
  } finally {
    handle.close()
  }
  for (const f of [`${options.out}-wal`, `${options.out}-shm`]) rmSync(f, { force: true })
  rmSync(`${tmp}-shm`, { force: true })
  renameSync(tmp, options.out)
  const seconds = (performance.now() - started) / 1000
  const bytes = statSync(options.out).size
  const total = phases.reduce((n, p) => n + p.records, 0)
  log(`total     ${total.toLocaleString('en').padStart(10)} in ${seconds.toFixed(1).padStart(6)} s  ${Math.round(total / seconds).toLocaleString('en').padStart(8)}/s  -> ${options.out} (${(bytes / 1e6).toFixed(0)} MB)`)
  return { out: options.out, plan, phases, seconds, bytes }
}

interface ActorInfo {
  id: string
  name: string
  kind: string
  country: string | null
  positionIds: string[]
}

interface SourceInfo {
  id: string
  /** Sentences of the body, for excerpts that are its exact words; null when the source keeps no body. */
  sentences: string[] | null
  title: string
}

/** Makes one record at a time; remembers what later records refer to. */
class Generator {
  private readonly rng: Rng
  private readonly text: TextMaker
  private readonly actorRank: Zipf
  private readonly countryCodes = Object.keys(countries.getAlpha3Codes()).sort()
  private readonly slugs = new Set<string>()
  private readonly actors: ActorInfo[] = []
  private readonly persons: number[] = []
  private readonly institutions: number[] = []
  private readonly sources: SourceInfo[] = []
  private readonly eventIds: string[] = []
  private readonly eventDays: number[] = []
  private readonly dealIds: string[] = []
  private readonly dealTerms = new Map<number, string[]>()
  private readonly termIds: string[] = []
  private personRank: Zipf | null = null

  constructor(
    private readonly repos: Repositories,
    private readonly plan: Plan,
    seed: number,
  ) {
    this.rng = new Rng(seed)
    this.text = new TextMaker(this.rng)
    this.actorRank = new Zipf(plan.actors, 1.05)
  }

  private insert(resource: 'sources' | 'actors' | 'positions' | 'relations' | 'events' | 'deals' | 'terms' | 'quotes', data: Obj): string {
    return this.repos[resource].repo.insertInTx(data, { keyId: null }).id as string
  }

  /** A fuzzy date around a day of the period, at a mixed precision. */
  private fuzzy(day: number, precision = this.rng.weighted(PRECISION_WEIGHTS)): string {
    const d = new Date(FIRST_DAY + Math.max(0, Math.min(DAYS - 1, day)) * DAY_MS).toISOString()
    return precision === 'year' ? d.slice(0, 4) : precision === 'month' ? d.slice(0, 7) : d.slice(0, 10)
  }

  /** The day of the period that the i-th of n records falls on: records come roughly in date order. */
  private dayOf(i: number, n: number, jitter = 45): number {
    return Math.max(0, Math.min(DAYS - 1, Math.floor((i / n) * DAYS) + this.rng.int(-jitter, jitter)))
  }

  private uniqueSlug(name: string): string {
    const base = slugify(name) || 'actor'
    let slug = base
    for (let n = 2; this.slugs.has(slug); n++) slug = `${base}-${n}`
    this.slugs.add(slug)
    return slug
  }

  /** An actor drawn with Zipf skew: a few are in most stories. */
  private zipfActor(): ActorInfo {
    return this.actors[this.actorRank.sample(this.rng)]
  }

  private zipfActors(count: number): ActorInfo[] {
    const out: ActorInfo[] = []
    const seen = new Set<string>()
    for (let guard = 0; out.length < count && guard < count * 20; guard++) {
      const a = this.zipfActor()
      if (!seen.has(a.id)) {
        seen.add(a.id)
        out.push(a)
      }
    }
    return out
  }

  /** Citations from sources published around that day; excerpts are the source's own words. */
  private citations(day: number, count: number, names: string[]): Obj[] {
    const out: Obj[] = []
    const used = new Set<string>()
    for (let k = 0; k < count; k++) {
      const centre = Math.floor((day / DAYS) * this.sources.length)
      const src = this.sources[Math.max(0, Math.min(this.sources.length - 1, centre + this.rng.int(-30, 30)))]
      if (used.has(src.id)) continue
      used.add(src.id)
      const excerpt = src.sentences ? this.rng.pick(src.sentences) : this.text.sentence(names)
      out.push({ source_id: src.id, excerpt, basis: this.rng.weighted([['on_record', 5], ['reported', 4], ['anonymous_official', 2], ['state_media', 1], ['private_briefing', 1], ['analyst_assessment', 1]]) })
    }
    return out
  }

  source(i: number): void {
    const day = this.dayOf(i, this.plan.sources, 5)
    const title = capital(this.text.title([this.text.city()]))
    const withBody = this.rng.chance(0.5)
    const sentences = withBody ? Array.from({ length: this.rng.int(6, 14) }, () => this.text.sentence([this.text.city()])) : null
    const id = this.insert('sources', {
      title,
      kind: this.rng.weighted([['news_article', 70], ['official_statement', 10], ['briefing', 5], ['social_post', 8], ['report', 5], ['other', 2]]),
      url: `https://news.example.org/${this.fuzzy(day, 'day').replaceAll('-', '/')}/${i}`,
      publisher: this.rng.pick(W.PUBLISHERS),
      published_on: this.fuzzy(day, this.rng.chance(0.9) ? 'day' : 'month'),
      retrieved_at: new Date(FIRST_DAY + (day + 1) * DAY_MS).toISOString(),
      language: 'en',
      body: sentences ? `${title}\n\n${sentences.join(' ')}` : null,
    })
    this.sources.push({ id, sentences, title })
  }

  actor(i: number): void {
    const r = this.rng
    // The best-covered actors are states and their leaders; the long tail is mixed.
    const kind =
      i < 40
        ? i % 2 === 0
          ? 'state'
          : 'person'
        : r.weighted([['person', 55], ['government_body', 10], ['organization', 14], ['state', 4], ['government', 5], ['media', 5], ['armed_group', 4], ['other', 3]])
    const country = r.pick(this.countryCodes)
    const countryName = countries.getName(country, 'en') ?? country
    let name: string
    let sector: string | null = null
    switch (kind) {
      case 'state':
        name = countryName
        break
      case 'person': {
        const [a, b, c] = W.SURNAME_PARTS
        name = `${r.pick(W.FIRST_NAMES)} ${r.pick(a)}${r.pick(b)}${r.pick(c)}`
        sector = r.weighted([['GOV', 40], ['OPP', 12], ['JRN', 10], ['ELI', 6], ['MIL', 8], ['IGO', 5], ['NGO', 7], ['BUS', 5], ['CVL', 4], ['ANA', 3]])
        break
      }
      case 'government':
        name = `Government of ${countryName}`
        sector = 'GOV'
        break
      case 'government_body':
        name = `${r.pick(W.BODIES)} of ${countryName}`
        sector = 'GOV'
        break
      case 'media':
        name = `${r.pick(W.PUBLISHERS)} ${countryName}`
        sector = 'JRN'
        break
      default:
        name = `${r.pick(W.ORG_TOPICS)} ${r.pick(W.ORG_WORDS)}${r.chance(0.5) ? ` of ${countryName}` : ''}`
        sector = kind === 'armed_group' ? 'MIL' : r.pick(['NGO', 'IGO', 'BUS', 'OPP'])
    }
    const slug = this.uniqueSlug(name)
    const id = this.insert('actors', {
      slug,
      name: slug === slugify(name) ? name : `${name} (${slug.split('-').pop()})`,
      kind,
      country: kind === 'other' ? null : country,
      sector,
      aliases: kind === 'person' && r.chance(0.2) ? [name.replace(/[aeiou](?=[^aeiou]*$)/, 'a')] : [],
      description: r.chance(0.6) ? this.text.sentence([name]) : null,
      wikidata_id: r.chance(0.3) ? `Q${r.int(1, 99_999_999)}` : null,
    })
    const index = this.actors.length
    this.actors.push({ id, name, kind, country, positionIds: [] })
    if (kind === 'person') this.persons.push(index)
    else if (kind !== 'other') this.institutions.push(index)
    if (i === this.plan.actors - 1) this.personRank = new Zipf(Math.max(1, this.persons.length), 1.05)
  }

  private person(): ActorInfo {
    if (this.persons.length === 0) return this.zipfActor()
    return this.actors[this.persons[this.personRank!.sample(this.rng)]]
  }

  private institution(): ActorInfo {
    if (this.institutions.length === 0) return this.zipfActor()
    return this.actors[this.rng.pick(this.institutions)]
  }

  position(): void {
    const holder = this.person()
    const start = this.rng.int(0, DAYS - 400)
    const id = this.insert('positions', {
      holder_id: holder.id,
      organization_id: this.institution().id,
      title: this.rng.pick(W.POST_TITLES),
      started_on: this.fuzzy(start),
      ended_on: this.rng.chance(0.4) ? this.fuzzy(start + this.rng.int(370, 3000), 'year') : null,
    })
    holder.positionIds.push(id)
  }

  relation(): void {
    const subject = this.person()
    let object = this.institution()
    if (object.id === subject.id) object = this.actors[(this.actors.indexOf(object) + 1) % this.actors.length]
    const start = this.rng.int(0, DAYS - 1)
    this.insert('relations', {
      subject_id: subject.id,
      object_id: object.id,
      type: this.rng.weighted([['member_of', 35], ['leads', 10], ['aide_to', 10], ['ally_of', 15], ['adversary_of', 15], ['represents', 10], ['detained_by', 5]]),
      started_on: this.fuzzy(start, this.rng.chance(0.5) ? 'year' : 'month'),
      description: this.rng.chance(0.3) ? this.text.sentence([subject.name, object.name]) : null,
      citations: this.citations(start, 1, [subject.name]),
    })
  }

  event(i: number): void {
    const r = this.rng
    const day = this.dayOf(i, this.plan.events)
    const category = r.weighted(CATEGORY_WEIGHTS)
    const modes = V.MODES_BY_CATEGORY[category]
    const status = r.weighted(STATUS_WEIGHTS)
    const dateless = status === 'hypothetical' && r.chance(0.5)
    const precision = r.weighted(PRECISION_WEIGHTS)
    const participants = this.zipfActors(r.weighted([[1, 25], [2, 45], [3, 20], [4, 10]]))
    const names = participants.map((p) => p.name)
    const roles = ['source', 'target', r.pick(['participant', 'mediator', 'beneficiary']), 'participant']
    const contexts = new Set<string>()
    for (let k = r.int(1, 3); k > 0; k--) contexts.add(V.CONTEXTS[CONTEXT_ZIPF.sample(r)])
    const mode = modes && r.chance(0.6) ? r.pick(modes) : null
    const city = this.text.city()
    const record: Obj = {
      title: this.text.title(names),
      summary: r.chance(0.9) ? this.text.paragraph(names, 1, 3) : null,
      category,
      mode,
      status,
      contexts: [...contexts],
      occurred_on: dateless ? null : this.fuzzy(day, precision),
      ended_on: !dateless && precision === 'day' && r.chance(0.1) ? this.fuzzy(day + r.int(1, 20), 'day') : null,
      location: r.chance(0.8)
        ? { name: city, country: participants[0].country, ...(r.chance(0.5) ? { latitude: r.int(-60_000, 70_000) / 1000, longitude: r.int(-170_000, 170_000) / 1000 } : {}) }
        : null,
      parent_event_id: this.eventIds.length > 0 && r.chance(0.03) ? this.eventIds[Math.max(0, this.eventIds.length - r.int(1, 500))] : null,
      quantity: mode === 'release' && r.chance(0.5) ? r.int(1, 20) : null,
      participants: participants.map((p, k) => ({ actor_id: p.id, role: roles[k] })),
      citations: this.citations(day, r.weighted([[1, 60], [2, 30], [3, 10]]), names),
    }
    this.eventIds.push(this.insert('events', record))
    this.eventDays.push(day)
  }

  deal(i: number): void {
    const r = this.rng
    const day = this.dayOf(i, this.plan.deals, 60)
    const parties = this.zipfActors(r.int(2, 4))
    const names = parties.map((p) => p.name)
    const src = this.sources[Math.min(this.sources.length - 1, Math.floor((day / DAYS) * this.sources.length))]
    this.dealIds.push(
      this.insert('deals', {
        title: `${capital(this.text.noun())} for ${this.text.noun()} ${r.pick(['deal', 'arrangement', 'framework', 'swap', 'accord'])} between ${names.slice(0, 2).join(' and ')}`,
        summary: this.text.paragraph(names, 1, 2),
        status: r.weighted([['exploratory', 15], ['proposed', 20], ['negotiating', 25], ['agreed', 10], ['partially_implemented', 8], ['implemented', 7], ['stalled', 10], ['collapsed', 5]]),
        first_reported_on: this.fuzzy(day),
        parties: parties.map((p, k) => ({ actor_id: p.id, side: k % 2 === 0 ? 'side_a' : 'side_b' })),
        status_as_of: r.chance(0.5) ? this.fuzzy(day + r.int(0, 60), 'month') : null,
        status_source_id: r.chance(0.5) ? src.id : null,
        citations: this.citations(day, r.int(1, 2), names),
      }),
    )
  }

  term(i: number): void {
    const r = this.rng
    const dealIndex = Math.min(this.dealIds.length - 1, Math.floor((i * this.dealIds.length) / this.plan.terms))
    const siblings = this.dealTerms.get(dealIndex) ?? []
    const category = r.weighted(CATEGORY_WEIGHTS)
    const modes = V.MODES_BY_CATEGORY[category]
    const action = modes && r.chance(0.7) ? `${category}:${r.pick(modes)}` : category
    const [obligor, beneficiary] = this.zipfActors(2)
    const stancers = r.chance(0.4) ? this.zipfActors(r.int(1, 2)) : []
    const day = this.dayOf(dealIndex, this.dealIds.length, 60)
    const id = this.insert('terms', {
      deal_id: this.dealIds[dealIndex],
      action,
      description: `${obligor.name} would ${this.text.verb()} ${this.text.adjective()} ${this.text.noun()} for ${beneficiary?.name ?? 'the other side'}`,
      kind: r.weighted([['offer', 45], ['demand', 40], ['condition', 15]]),
      status: r.pick(V.TERM_STATUSES),
      obligor_id: obligor.id,
      beneficiary_id: beneficiary?.id ?? null,
      links: siblings.length > 0 && r.chance(0.3) ? [{ type: r.pick(V.TERM_LINK_TYPES), target_term_id: r.pick(siblings) }] : [],
      stances: stancers.map((a) => ({ actor_id: a.id, stance: r.pick(V.STANCES), stated_on: this.fuzzy(day + r.int(0, 90), 'month') })),
      citations: this.citations(day, 1, [obligor.name]),
    })
    siblings.push(id)
    this.dealTerms.set(dealIndex, siblings)
    this.termIds.push(id)
  }

  quote(i: number): void {
    const r = this.rng
    const speaker = this.person()
    const onEvent = this.eventIds.length > 0 && r.chance(0.6)
    const eventIndex = onEvent ? Math.min(this.eventIds.length - 1, Math.floor((i / this.plan.quotes) * this.eventIds.length) + r.int(-200, 200)) : -1
    const day = eventIndex >= 0 ? this.eventDays[Math.max(0, eventIndex)] : this.dayOf(i, this.plan.quotes)
    const about = r.chance(0.5) ? this.zipfActors(r.int(1, 2)) : []
    const names = about.map((a) => a.name)
    this.insert('quotes', {
      text: this.text.quote(names),
      kind: r.chance(0.7) ? 'direct' : 'paraphrase',
      speaker_id: speaker.id,
      speaker_position_id: speaker.positionIds.length > 0 && r.chance(0.3) ? r.pick(speaker.positionIds) : null,
      said_on: this.fuzzy(day, r.chance(0.85) ? 'day' : 'month'),
      setting: r.chance(0.7) ? this.text.setting() : null,
      event_id: eventIndex >= 0 ? this.eventIds[Math.max(0, eventIndex)] : null,
      language: 'en',
      about_actor_ids: about.map((a) => a.id),
      about_term_ids: this.termIds.length > 0 && r.chance(0.05) ? [r.pick(this.termIds)] : [],
      citations: this.citations(day, 1, [speaker.name]),
    })
  }
}
