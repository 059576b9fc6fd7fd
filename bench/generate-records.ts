// Generates import records that look like coded news: a few sources, a pool
// of actors (a few of whom appear in most events), events with participants
// and citations, quotes, and deals with linked terms and stances. Records
// refer to each other by client keys, and some references point to records
// made later (a parent event, a quote's terms, a term's link), set by a patch
// line of the same key, as real files do. Deterministic for a given seed.
import type { ImportRecordT } from '../src/schemas/data.js'

/** A small, fast, seeded PRNG (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const SENTENCES = [
  'Officials met in the capital to discuss the release of detainees.',
  'The delegation crossed the border by car early on Wednesday.',
  'State media reported that talks had taken place behind closed doors.',
  'The ministry said sanctions would stay until political prisoners were freed.',
  'Observers warned that any deal must lead to lasting change.',
  'The envoy called the outcome a significant step forward.',
]
const CATEGORIES: [string, string | null][] = [
  ['CONSULT', 'visit'],
  ['CONSULT', 'phone'],
  ['RETREAT', 'release'],
  ['SANCTION', null],
  ['ACCUSE', 'allege'],
  ['AGREE', null],
  ['REQUEST', 'meet'],
]
const COUNTRIES = ['BLR', 'USA', 'RUS', 'LTU', 'POL', 'UKR', 'DEU', 'FRA']
const ROLES = ['source', 'target', 'participant', 'mediator', 'beneficiary']

/**
 * About `count` records (a few more, to finish the last group), in
 * dependency order. Each group of 100 holds 2 sources, 6 actors, 1 position,
 * 1 relation, 55 events, 30 quotes, 1 deal and 4 terms, plus patch lines.
 * `keyPrefix` (lower-case letters, digits and dashes) starts every key and slug.
 */
export function* generateRecords(count: number, seed = 1, keyPrefix = ''): Generator<ImportRecordT> {
  // Keys and slugs start with the prefix, so one database can take several generated files.
  const k = keyPrefix
  const r = rng(seed)
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]
  // Coverage is skewed: most events involve one of the first few actors.
  const actor = (n: number) => `${k}a${r() < 0.6 ? Math.floor(r() * Math.min(n, 8)) : Math.floor(r() * n)}`
  const date = () => {
    const y = 2015 + Math.floor(r() * 11)
    const m = 1 + Math.floor(r() * 12)
    const d = 1 + Math.floor(r() * 28)
    const p = r()
    return p < 0.1 ? `${y}` : p < 0.3 ? `${y}-${String(m).padStart(2, '0')}` : `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
  }
  const cite = (sources: number) => {
    const s = pick(SENTENCES)
    return { source_id: `${k}s${Math.floor(r() * sources)}`, excerpt: s, basis: pick(['reported', 'on_record', 'state_media']) }
  }
  let made = 0
  let sources = 0
  let actors = 0
  let events = 0
  let quotes = 0
  let deals = 0
  let terms = 0
  let positions = 0
  while (made < count) {
    for (let i = 0; i < 2; i++, made++) {
      yield {
        type: 'source',
        key: `${k}s${sources}`,
        data: { title: `Report ${sources}`, kind: 'news_article', publisher: pick(['Wire', 'Daily', 'Herald']), published_on: date(), language: 'en', body: SENTENCES.join(' ') },
      }
      sources++
    }
    for (let i = 0; i < 6; i++, made++) {
      yield {
        type: 'actor',
        key: `${k}a${actors}`,
        data: {
          slug: `${k}actor-${actors}`,
          name: `Actor ${actors}`,
          kind: pick(['person', 'state', 'organization', 'government_body']),
          country: pick(COUNTRIES),
          aliases: r() < 0.3 ? [`A. ${actors}`, `Actor No. ${actors}; alt`] : [],
          citations: [cite(sources)],
        },
      }
      actors++
    }
    const holder = actor(actors)
    yield { type: 'position', key: `${k}p${positions++}`, data: { holder_id: holder, organization_id: `${k}a${actors - 1}` === holder ? `${k}a${actors - 2}` : `${k}a${actors - 1}`, title: 'Envoy', started_on: date() } }
    yield { type: 'relation', key: `${k}r${made}`, data: { subject_id: `${k}a${actors - 1}`, object_id: `${k}a${actors - 2}`, type: pick(['ally_of', 'adversary_of', 'member_of']) } }
    made += 2
    const firstEvent = events
    for (let i = 0; i < 55; i++, made++) {
      const [category, mode] = pick(CATEGORIES)
      const people = new Set<string>()
      const n = 1 + Math.floor(r() * 4)
      while (people.size < n) people.add(actor(actors))
      yield {
        type: 'event',
        key: `${k}e${events}`,
        data: {
          title: `Event ${events}: ${category.toLowerCase()}`,
          summary: r() < 0.5 ? pick(SENTENCES) : null,
          category,
          mode,
          status: pick(['occurred', 'reported', 'claimed']),
          contexts: r() < 0.5 ? ['diplomatic'] : ['human_rights', 'repression'],
          occurred_on: date(),
          location: r() < 0.5 ? { name: 'Minsk', country: 'BLR', latitude: 53.9, longitude: 27.5667 } : null,
          quantity: r() < 0.2 ? Math.floor(r() * 10) : null,
          participants: [...people].map((a, j) => ({ actor_id: a, role: j === 0 ? 'source' : pick(ROLES) })),
          citations: [cite(sources)],
        },
      }
      events++
    }
    for (let i = 0; i < 30; i++, made++) {
      yield {
        type: 'quote',
        key: `${k}q${quotes}`,
        data: { text: pick(SENTENCES), kind: pick(['direct', 'paraphrase']), speaker_id: actor(actors), said_on: date(), event_id: `${k}e${firstEvent + Math.floor(r() * 55)}`, about_actor_ids: [`${k}a${actors - 1}`], citations: [cite(sources)] },
      }
      quotes++
    }
    const deal = `${k}d${deals++}`
    yield { type: 'deal', key: deal, data: { title: `Deal ${deals}`, status: 'proposed', parties: [{ actor_id: `${k}a${actors - 1}`, side: 'one' }, { actor_id: `${k}a${actors - 2}`, side: 'two' }], status_source_id: `${k}s${sources - 1}`, status_as_of: date() } }
    made++
    const firstTerm = terms
    for (let i = 0; i < 4; i++, made++) {
      yield {
        type: 'term',
        key: `${k}t${terms}`,
        data: {
          deal_id: deal,
          action: i % 2 ? 'RETREAT:release' : 'SANCTION',
          description: `Term ${terms}`,
          kind: 'offer',
          status: 'floated',
          obligor_id: `${k}a${actors - 1}`,
          // The first term's links are set by a patch line below, once the term it names exists.
          ...(i > 0 ? { links: [{ type: 'in_exchange_for', target_term_id: `${k}t${terms - 1}` }] } : {}),
          stances: [{ actor_id: `${k}a${actors - 2}`, stance: 'supports', quote_id: `${k}q${quotes - 1}` }],
        },
      }
      terms++
    }
    // References to records made later, set by patching records above.
    yield { type: 'event', key: `${k}e${firstEvent}`, data: { parent_event_id: `${k}e${firstEvent + 54}` } }
    yield { type: 'quote', key: `${k}q${quotes - 1}`, data: { about_term_ids: [`${k}t${firstTerm}`, `${k}t${firstTerm + 3}`] } }
    yield { type: 'term', key: `${k}t${firstTerm}`, data: { links: [{ type: 'conditional_on', target_term_id: `${k}t${firstTerm + 3}` }] } }
    made += 3
  }
}

export function* ndjsonLines(records: Iterable<ImportRecordT>): Generator<string> {
  for (const rec of records) yield JSON.stringify(rec)
}
