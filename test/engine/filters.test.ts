// Every documented filter of every collection: against answers read by hand
// from the seed, and against an oracle over generated records; comma lists,
// fuzzy-date overlap, slugs for actors, and a 400 naming any bad parameter.
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { AUTH, json, makeApp } from '../helpers.js'
import { rng, seedIds, walk } from '../query-helpers.js'

type Obj = Record<string, any>

t.setTimeout(240_000)

/** The ids a filtered collection returns, sorted. */
async function ids(app: FastifyInstance, path: string, query: string): Promise<string[]> {
  return (await walk(app, `${path}?${query}&limit=200`)).map((r) => r.id).sort()
}

t.test('filters on the seed, against answers read from the report by hand', async (t) => {
  const app = await makeApp(t)
  const id = seedIds(app)
  const cases: [string, string, string[]][] = [
    // events
    ['/v1/events', 'category=CONSULT', ['evt-2020-election', 'evt-trump-putin-call', 'evt-smith-visit-belarus', 'evt-smith-crosses-into-belarus', 'evt-smith-meets-lukashenko', 'evt-smith-meets-security-officials', 'evt-smith-private-briefing', 'evt-state-media-hint']],
    ['/v1/events', 'category=RETREAT,SANCTION', ['evt-release-three-detainees', 'evt-potential-release-more-prisoners', 'evt-biden-sanctions']],
    ['/v1/events', 'mode=visit', ['evt-smith-visit-belarus', 'evt-smith-crosses-into-belarus']],
    ['/v1/events', 'mode=release,phone', ['evt-release-three-detainees', 'evt-potential-release-more-prisoners', 'evt-trump-putin-call']],
    ['/v1/events', 'context=election', ['evt-2020-election', 'evt-2020-protests']],
    ['/v1/events', 'context=security', ['evt-mercenaries-arrest', 'evt-lukashenko-asks-putin-security', 'evt-russian-forces-staging-in-belarus', 'evt-smith-meets-security-officials']],
    ['/v1/events', 'context=repression,territory', ['evt-opposition-demands-end-of-repression', 'evt-russian-invasion-of-ukraine']],
    ['/v1/events', 'actor=aleksandr-lukashenko', ['evt-biden-sanctions', 'evt-2020-election', 'evt-2020-protests', 'evt-lukashenko-asks-putin-security', 'evt-russian-forces-staging-in-belarus', 'evt-smith-visit-belarus', 'evt-smith-meets-lukashenko', 'evt-release-three-detainees', 'evt-opposition-demands-end-of-repression', 'evt-potential-release-more-prisoners']],
    ['/v1/events', 'source_actor=aleksandr-lukashenko', ['evt-lukashenko-asks-putin-security', 'evt-release-three-detainees', 'evt-potential-release-more-prisoners']],
    ['/v1/events', 'target_actor=aleksandr-lukashenko', ['evt-biden-sanctions', 'evt-2020-protests', 'evt-smith-visit-belarus', 'evt-smith-meets-lukashenko', 'evt-opposition-demands-end-of-repression']],
    ['/v1/events', 'actor=franak-viacorka,belarusian-state-media', ['evt-opposition-reaction', 'evt-opposition-demands-end-of-repression', 'evt-state-media-hint']],
    ['/v1/events', 'source_actor=vladimir-putin', []],
    ['/v1/events', 'target_actor=vladimir-putin', ['evt-lukashenko-asks-putin-security']],
    ['/v1/events', 'status=reported,hypothetical', ['evt-smith-private-briefing', 'evt-state-media-hint', 'evt-potential-release-more-prisoners']],
    ['/v1/events', `parent=${id('evt-smith-visit-belarus')}`, ['evt-smith-crosses-into-belarus', 'evt-smith-meets-lukashenko', 'evt-smith-meets-security-officials', 'evt-drive-to-lithuania', 'evt-state-media-hint']],
    ['/v1/events', `parent=${id('evt-smith-visit-belarus')},${id('evt-opposition-reaction')}`, ['evt-smith-crosses-into-belarus', 'evt-smith-meets-lukashenko', 'evt-smith-meets-security-officials', 'evt-drive-to-lithuania', 'evt-state-media-hint', 'evt-opposition-demands-end-of-repression']],
    // The three 2020 events are year-precise: any slice of 2020 overlaps them. Undated events never match a date filter.
    ['/v1/events', 'occurred_from=2020-08&occurred_to=2020-08', ['evt-mercenaries-arrest', 'evt-2020-election', 'evt-2020-protests']],
    ['/v1/events', 'occurred_to=2024', ['evt-mercenaries-arrest', 'evt-2020-election', 'evt-2020-protests']],
    ['/v1/events', 'occurred_from=2025-02-12&occurred_to=2025-02-12', ['evt-trump-putin-call', 'evt-smith-visit-belarus', 'evt-smith-crosses-into-belarus', 'evt-smith-meets-lukashenko', 'evt-smith-meets-security-officials', 'evt-release-three-detainees', 'evt-drive-to-lithuania', 'evt-smith-vilnius-remarks', 'evt-smith-private-briefing', 'evt-state-media-hint', 'evt-opposition-reaction', 'evt-opposition-demands-end-of-repression']],
    ['/v1/events', 'occurred_from=2025-03', []],
    ['/v1/events', 'category=CONSULT&actor=christopher-w-smith&status=occurred', ['evt-smith-visit-belarus', 'evt-smith-crosses-into-belarus', 'evt-smith-meets-lukashenko', 'evt-smith-meets-security-officials']],
    // quotes
    ['/v1/quotes', 'speaker=christopher-w-smith', ['q-smith-huge-win', 'q-smith-peace-through-strength', 'q-smith-briefing-deal']],
    ['/v1/quotes', 'speaker=artyom-shraibman,franak-viacorka', ['q-shraibman-positive-development', 'q-shraibman-caution', 'q-viacorka-conditions']],
    ['/v1/quotes', `event=${id('evt-smith-visit-belarus')}`, ['q-shraibman-positive-development', 'q-shraibman-caution']],
    ['/v1/quotes', 'about_actor=aleksandr-lukashenko', ['q-viacorka-conditions', 'q-shraibman-caution', 'q-smith-briefing-deal']],
    ['/v1/quotes', `about_term=${id('term-ease-potash-sanctions')}`, ['q-smith-briefing-deal']],
    ['/v1/quotes', 'kind=direct', ['q-shraibman-positive-development', 'q-smith-huge-win', 'q-smith-peace-through-strength']],
    ['/v1/quotes', 'said_from=2025-02-20', ['q-viacorka-conditions', 'q-shraibman-positive-development', 'q-shraibman-caution', 'q-smith-huge-win', 'q-smith-peace-through-strength', 'q-smith-briefing-deal']],
    ['/v1/quotes', 'said_to=2025-01', []],
    ['/v1/quotes', 'q=strength', ['q-smith-peace-through-strength']],
    // deals and terms
    ['/v1/deals', 'status=exploratory', ['deal-prisoners-for-sanctions-relief']],
    ['/v1/deals', 'status=agreed,collapsed', []],
    ['/v1/deals', 'party=belarus', ['deal-prisoners-for-sanctions-relief']],
    ['/v1/deals', 'party=russia', []],
    ['/v1/terms', `deal=${id('deal-prisoners-for-sanctions-relief')}`, ['term-release-political-prisoners', 'term-halt-repression', 'term-ease-bank-sanctions', 'term-ease-potash-sanctions']],
    ['/v1/terms', 'obligor=united-states', ['term-ease-bank-sanctions', 'term-ease-potash-sanctions']],
    ['/v1/terms', 'beneficiary=belarusian-political-prisoners,belarusian-opposition', ['term-release-political-prisoners', 'term-halt-repression']],
    ['/v1/terms', 'action=CONCEDE', ['term-halt-repression', 'term-ease-bank-sanctions', 'term-ease-potash-sanctions']],
    ['/v1/terms', 'action=RETREAT', ['term-release-political-prisoners']],
    ['/v1/terms', 'action=RETREAT:release', ['term-release-political-prisoners']],
    ['/v1/terms', 'action=RETREAT:withdraw', []],
    ['/v1/terms', 'status=demanded', ['term-halt-repression']],
    ['/v1/terms', 'kind=offer', ['term-release-political-prisoners', 'term-ease-bank-sanctions', 'term-ease-potash-sanctions']],
    ['/v1/terms', 'q=banks', ['term-ease-bank-sanctions']],
    // sources
    ['/v1/sources', 'kind=news_article', ['report']],
    ['/v1/sources', 'kind=report,briefing', []],
    ['/v1/sources', 'published_from=2025-02-28', ['report']],
    ['/v1/sources', 'published_to=2025-01', []],
  ]
  for (const [path, query, keys] of cases) t.same(await ids(app, path, query), keys.map(id).sort(), `${path}?${query}`)

  const slugs = async (query: string) => (await walk(app, `/v1/actors?${query}&limit=200`)).map((a) => a.slug).sort()
  t.same(await slugs('kind=person'), ['aleksandr-lukashenko', 'artyom-shraibman', 'christopher-w-smith', 'donald-trump', 'franak-viacorka', 'released-american-detainee', 'released-belarusian-political-prisoner-1', 'released-belarusian-political-prisoner-2', 'svetlana-tikhanovskaya', 'vladimir-putin'])
  const blr = ['aleksandr-lukashenko', 'artyom-shraibman', 'belarus', 'belarusian-government', 'belarusian-opposition', 'belarusian-political-prisoners', 'belarusian-protesters', 'belarusian-security-officials', 'belarusian-state-media', 'franak-viacorka', 'released-belarusian-political-prisoner-1', 'released-belarusian-political-prisoner-2', 'svetlana-tikhanovskaya']
  t.same(await slugs('country=BLR'), blr)
  t.same(await slugs('country=blr'), blr, 'country codes in any case')
  t.same(await slugs('country=LTU,UKR'), ['lithuania', 'ukraine'])
  t.same(await slugs('sector=OPP'), ['belarusian-opposition', 'franak-viacorka', 'svetlana-tikhanovskaya'])
  t.same(await slugs('sector=MIL,ANA'), ['artyom-shraibman', 'russian-forces', 'russian-mercenaries'])
  t.same(await slugs('kind=person&country=USA&sector=CVL'), ['released-american-detainee'])
})

t.test('actor filters take ids and slugs alike, mixed in one list', async (t) => {
  const app = await makeApp(t)
  const id = seedIds(app)
  const bySlug = await ids(app, '/v1/events', 'actor=franak-viacorka,belarusian-state-media')
  t.same(await ids(app, '/v1/events', `actor=${id('franak-viacorka')},belarusian-state-media`), bySlug)
  t.same(await ids(app, '/v1/events', `actor=${id('franak-viacorka')},${id('belarusian-state-media')}`), bySlug)
  t.same(await ids(app, '/v1/quotes', 'speaker=no-such-actor'), [], 'an unknown slug matches nothing')
})

t.test('a record matches a date range when the span it covers overlaps it', async (t) => {
  const app = await makeApp(t)
  const { events } = app.repos
  const make = (title: string, occurred_on: string, ended_on?: string) =>
    app.repos.store.write(() => events.repo.insertInTx({ title, category: 'CONSULT', status: 'occurred', occurred_on, ended_on: ended_on ?? null }, { keyId: null }).id as string)
  const month = make('month', '2020-08')
  const year = make('year', '2020')
  const day = make('day', '2020-08-20')
  const spanning = make('spanning', '2019-11', '2020-02-03')
  const only = async (query: string) => (await walk(app, `/v1/events?${query}&limit=200`)).map((e) => e.id).filter((i) => [month, year, day, spanning].includes(i)).sort()
  t.same(await only('occurred_from=2020-08-15'), [month, year, day].sort(), 'a month-precise event matches a start inside the month')
  t.same(await only('occurred_to=2020-08-15'), [month, year, spanning].sort(), 'and an end inside it')
  t.same(await only('occurred_from=2020-08&occurred_to=2020-08'), [month, year, day].sort(), 'a year-precise event matches a month inside the year')
  t.same(await only('occurred_from=2020-09'), [year].sort(), 'only the year reaches past August')
  t.same(await only('occurred_to=2020-07-31'), [year, spanning].sort())
  t.same(await only('occurred_from=2020-02-03&occurred_to=2020-02-03'), [year, spanning].sort(), 'an event with an end date covers its whole span')
  t.same(await only('occurred_from=2020-02-04&occurred_to=2020-07'), [year].sort())
  t.same(await only('occurred_from=2019'), [month, year, day, spanning].sort())
  t.same(await only('occurred_to=2019-10'), [])
})

// ---- generated data, checked against an oracle that reads the records as the API returns them

const CATS: Record<string, (string | null)[]> = { CONSULT: ['visit', 'phone', null], RETREAT: ['release', null], REQUEST: ['assist', null], AID: [null], PROTEST: [null] }
const CONTEXTS = ['diplomatic', 'economic', 'security', 'election']
const STATUSES = ['occurred', 'reported', 'planned', 'denied']
const ROLES = ['source', 'target', 'participant']
const DATES = [null, '2018', '2019-06', '2019-06-15', '2020', '2020-02', '2020-02-29', '2020-12-31', '2021-01', '2023']
const MARKERS = ['zulu', 'xray', 'yankee']

function startOf(d: string): string {
  return d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d
}
function endOf(d: string): string {
  if (d.length === 4) return `${d}-12-31`
  if (d.length === 7) {
    const [y, m] = d.split('-').map(Number)
    return `${d}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`
  }
  return d
}
/** Overlap of [from, to] with a record's span; undated records never match. */
function overlaps(start: string | null, end: string | null, from?: string, to?: string): boolean {
  if (start === null) return false
  const s = startOf(start)
  const e = endOf(end ?? start)
  return (from === undefined || e >= startOf(from)) && (to === undefined || s <= endOf(to))
}

function generate(app: FastifyInstance) {
  const r = rng(2024)
  const { store, actors, sources, deals, terms, events, quotes } = app.repos
  const ctx = { keyId: null }
  const g = { actors: [] as Obj[], events: [] as string[], terms: [] as string[], deals: [] as string[] }
  store.write(() => {
    for (let i = 0; i < 12; i++) {
      g.actors.push(
        actors.repo.insertInTx(
          { slug: `gen-actor-${i}`, name: `Generated ${r.pick(MARKERS)} actor ${i}`, kind: r.pick(['person', 'state', 'organization']), country: r.pick(['BLR', 'USA', 'RUS', null]), sector: r.pick(['GOV', 'OPP', null]) },
          ctx,
        ),
      )
    }
    const actor = () => r.pick(g.actors).id as string
    for (let i = 0; i < 40; i++) {
      sources.repo.insertInTx({ title: `Report ${r.pick(MARKERS)} ${i}`, kind: r.pick(['news_article', 'report', 'briefing']), publisher: r.pick(['Reuters', 'AP', 'Meduza', null]), published_on: r.pick(DATES) }, ctx)
    }
    for (let i = 0; i < 8; i++) {
      const parties = [...new Set([actor(), actor(), actor()])].map((a, k) => ({ actor_id: a, side: `side-${k % 2}` }))
      g.deals.push(deals.repo.insertInTx({ title: `Deal ${r.pick(MARKERS)} ${i}`, status: r.pick(['proposed', 'agreed', 'stalled']), parties }, ctx).id as string)
    }
    for (let i = 0; i < 40; i++) {
      const category = r.pick(Object.keys(CATS))
      const mode = r.pick(CATS[category])
      const record = {
        deal_id: r.pick(g.deals),
        obligor_id: r.chance(0.8) ? actor() : null,
        beneficiary_id: r.chance(0.8) ? actor() : null,
        action: mode ? `${category}:${mode}` : category,
        description: `Term ${r.pick(MARKERS)} ${i}`,
        kind: r.pick(['offer', 'demand', 'condition']),
        status: r.pick(['floated', 'offered', 'accepted']),
      }
      g.terms.push(terms.repo.insertInTx(record, ctx).id as string)
    }
    for (let i = 0; i < 160; i++) {
      const category = r.pick(Object.keys(CATS))
      const occurred = r.pick(DATES)
      const ended = occurred && r.chance(0.2) ? r.pick(DATES.filter((d) => d !== null && startOf(d) >= endOf(occurred))) ?? null : null
      const seen = new Set<string>()
      const participants = Array.from({ length: r.int(4) }, () => ({ actor_id: actor(), role: r.pick(ROLES) })).filter((p) => {
        const key = `${p.actor_id}/${p.role}`
        return !seen.has(key) && seen.add(key)
      })
      const record = {
        title: `Event ${r.pick(MARKERS)} ${i}`,
        category,
        mode: r.pick(CATS[category]),
        contexts: CONTEXTS.filter(() => r.chance(0.3)),
        status: r.pick(STATUSES),
        occurred_on: occurred,
        ended_on: ended,
        parent_event_id: g.events.length && r.chance(0.3) ? r.pick(g.events) : null,
        participants,
      }
      g.events.push(events.repo.insertInTx(record, ctx).id as string)
    }
    for (let i = 0; i < 80; i++) {
      const about = [...new Set([actor(), actor()])].slice(0, r.int(3))
      const aboutTerms = [...new Set([r.pick(g.terms), r.pick(g.terms)])].slice(0, r.int(3))
      const record = {
        text: `Quote ${r.pick(MARKERS)} ${i}`,
        kind: r.pick(['direct', 'paraphrase']),
        speaker_id: actor(),
        said_on: r.pick(DATES),
        event_id: r.chance(0.6) ? r.pick(g.events) : null,
        about_actor_ids: about,
        about_term_ids: aboutTerms,
      }
      quotes.repo.insertInTx(record, ctx)
    }
  })
  return g
}

t.test('filters on generated data agree with an oracle over the records the API returns', async (t) => {
  const app = await makeApp(t)
  const g = generate(app)
  const everything = async (path: string) => walk(app, `${path}?limit=200`)
  const all = {
    events: await everything('/v1/events'),
    quotes: await everything('/v1/quotes'),
    terms: await everything('/v1/terms'),
    deals: await everything('/v1/deals'),
    sources: await everything('/v1/sources'),
    actors: await everything('/v1/actors'),
  }
  const check = async (path: keyof typeof all, query: string, keep: (r: Obj) => boolean) => {
    const expected = all[path].filter(keep).map((r) => r.id).sort()
    t.same(await ids(app, `/v1/${path}`, query), expected, `/v1/${path}?${query} (${expected.length})`)
  }
  const has = (marker: string) => (text: string | null) => new RegExp(`\\b${marker}\\b`, 'i').test(text ?? '')
  const [a0, a1, a2] = g.actors
  const anyOf = <T>(list: T[], wanted: T[]) => list.some((x) => wanted.includes(x))

  for (const c of ['CONSULT', 'RETREAT', 'AID,PROTEST']) await check('events', `category=${c}`, (e) => c.split(',').includes(e.category))
  for (const m of ['visit', 'release,assist']) await check('events', `mode=${m}`, (e) => m.split(',').includes(e.mode))
  for (const c of ['security', 'economic,election']) await check('events', `context=${c}`, (e) => anyOf(e.contexts, c.split(',')))
  for (const s of ['planned', 'reported,denied']) await check('events', `status=${s}`, (e) => s.split(',').includes(e.status))
  await check('events', `actor=${a0.slug}`, (e) => e.participants.some((p: Obj) => p.actor_id === a0.id))
  await check('events', `actor=${a0.slug},${a1.id}`, (e) => e.participants.some((p: Obj) => [a0.id, a1.id].includes(p.actor_id)))
  await check('events', `source_actor=${a1.slug}`, (e) => e.participants.some((p: Obj) => p.actor_id === a1.id && p.role === 'source'))
  await check('events', `target_actor=${a2.slug},${a0.slug}`, (e) => e.participants.some((p: Obj) => [a2.id, a0.id].includes(p.actor_id) && p.role === 'target'))
  const parents = [...new Set(all.events.map((e) => e.parent_event_id).filter(Boolean))].slice(0, 2)
  await check('events', `parent=${parents.join(',')}`, (e) => parents.includes(e.parent_event_id))
  for (const [from, to] of [['2020-02-15', undefined], [undefined, '2019-06'], ['2019', '2019'], ['2020-02', '2020-02-29'], ['2019-06-16', '2020-01'], ['2021', undefined]] as const) {
    const q = [from && `occurred_from=${from}`, to && `occurred_to=${to}`].filter(Boolean).join('&')
    await check('events', q, (e) => overlaps(e.occurred_on, e.ended_on, from, to))
  }
  await check('events', 'q=zulu', (e) => has('zulu')(e.title) || has('zulu')(e.summary))
  await check('events', 'q=xray%20OR%20yankee', (e) => has('xray')(e.title) || has('yankee')(e.title) || has('xray')(e.summary) || has('yankee')(e.summary))
  await check('events', `category=CONSULT,RETREAT&occurred_from=2020&actor=${a0.slug}`, (e) => ['CONSULT', 'RETREAT'].includes(e.category) && overlaps(e.occurred_on, e.ended_on, '2020') && e.participants.some((p: Obj) => p.actor_id === a0.id))

  await check('quotes', `speaker=${a0.slug},${a2.slug}`, (q) => [a0.id, a2.id].includes(q.speaker_id))
  const someEvents = [...new Set(all.quotes.map((q) => q.event_id).filter(Boolean))].slice(0, 3)
  await check('quotes', `event=${someEvents.join(',')}`, (q) => someEvents.includes(q.event_id))
  await check('quotes', `about_actor=${a1.slug}`, (q) => q.about_actor_ids.includes(a1.id))
  await check('quotes', `about_term=${g.terms[0]},${g.terms[1]}`, (q) => anyOf(q.about_term_ids, [g.terms[0], g.terms[1]]))
  await check('quotes', 'kind=paraphrase', (q) => q.kind === 'paraphrase')
  for (const [from, to] of [['2020-02-29', undefined], [undefined, '2019-12'], ['2019-06-10', '2019-06-20']] as const) {
    const q = [from && `said_from=${from}`, to && `said_to=${to}`].filter(Boolean).join('&')
    await check('quotes', q, (x) => overlaps(x.said_on, null, from, to))
  }
  await check('quotes', 'q=yankee', (q) => has('yankee')(q.text))

  await check('terms', `deal=${g.deals[0]},${g.deals[3]}`, (x) => [g.deals[0], g.deals[3]].includes(x.deal_id))
  await check('terms', `obligor=${a0.slug}`, (x) => x.obligor_id === a0.id)
  await check('terms', `beneficiary=${a1.slug},${a2.id}`, (x) => [a1.id, a2.id].includes(x.beneficiary_id))
  await check('terms', 'action=CONSULT', (x) => x.action.split(':')[0] === 'CONSULT')
  await check('terms', 'action=CONSULT:visit,RETREAT', (x) => x.action === 'CONSULT:visit' || x.action.split(':')[0] === 'RETREAT')
  await check('terms', 'status=accepted,floated', (x) => ['accepted', 'floated'].includes(x.status))
  await check('terms', 'kind=demand', (x) => x.kind === 'demand')
  await check('terms', 'q=xray', (x) => has('xray')(x.description))
  const viaDeal = (await walk(app, `/v1/deals/${g.deals[2]}/terms?kind=offer&limit=200`)).map((x) => x.id).sort()
  t.same(viaDeal, all.terms.filter((x) => x.deal_id === g.deals[2] && x.kind === 'offer').map((x) => x.id).sort(), "a deal's own terms take the same filters")

  await check('deals', 'status=agreed,stalled', (d) => ['agreed', 'stalled'].includes(d.status))
  await check('deals', `party=${a0.slug},${a1.slug}`, (d) => d.parties.some((p: Obj) => [a0.id, a1.id].includes(p.actor_id)))
  await check('deals', 'q=zulu', (d) => has('zulu')(d.title) || has('zulu')(d.summary))

  await check('sources', 'kind=report,briefing', (s) => ['report', 'briefing'].includes(s.kind))
  await check('sources', 'publisher=Reuters,Meduza', (s) => ['Reuters', 'Meduza'].includes(s.publisher))
  for (const [from, to] of [['2020-02', undefined], [undefined, '2019-06-14'], ['2020', '2020']] as const) {
    const q = [from && `published_from=${from}`, to && `published_to=${to}`].filter(Boolean).join('&')
    await check('sources', q, (s) => overlaps(s.published_on, null, from, to))
  }
  await check('sources', 'q=yankee', (s) => has('yankee')(s.title) || has('yankee')(s.publisher) || has('yankee')(s.body))

  await check('actors', 'country=rus,usa', (a) => ['RUS', 'USA'].includes(a.country))
  await check('actors', 'kind=organization&sector=OPP', (a) => a.kind === 'organization' && a.sector === 'OPP')
  await check('actors', 'q=zulu', (a) => has('zulu')(a.name) || a.aliases.some(has('zulu')) || has('zulu')(a.description))
})

t.test('an unknown or malformed parameter is a 400 problem naming it', async (t) => {
  const app = await makeApp(t)
  const cases: [string, string][] = [
    ['/v1/events?colour=red', 'colour'],
    ['/v1/events?Category=CONSULT', 'Category'],
    ['/v1/actors?occurred_from=2020', 'occurred_from'],
    ['/v1/terms?speaker=belarus', 'speaker'],
    ['/v1/deals/deal_01jm0000000000000000000000/terms?deal=x', 'deal'],
    ['/v1/events?category=CONSULTING', 'category'],
    ['/v1/events?category=CONSULT,', 'category'],
    ['/v1/events?category=,', 'category'],
    ['/v1/events?mode=flying', 'mode'],
    ['/v1/events?context=nope', 'context'],
    ['/v1/events?status=', 'status'],
    ['/v1/events?actor=Not%20A%20Slug!', 'actor'],
    ['/v1/events?parent=evt_nope', 'parent'],
    ['/v1/quotes?event=qte_01jm0000000000000000000000', 'event'],
    ['/v1/quotes?about_term=deal_01jm0000000000000000000000', 'about_term'],
    ['/v1/events?occurred_from=2020-13', 'occurred_from'],
    ['/v1/events?occurred_to=2021-02-30', 'occurred_to'],
    ['/v1/events?occurred_to=yesterday', 'occurred_to'],
    ['/v1/quotes?said_from=20', 'said_from'],
    ['/v1/terms?action=FLY', 'action'],
    ['/v1/terms?action=RETREAT:visit', 'action'],
    ['/v1/terms?action=RETREAT:', 'action'],
    ['/v1/terms?action=RETREAT:release:x', 'action'],
    ['/v1/actors?country=BL', 'country'],
    ['/v1/actors?country=BLR,12', 'country'],
    ['/v1/actors?sector=gov', 'sector'],
    ['/v1/sources?kind=tweet', 'kind'],
    ['/v1/events?sort=colour', 'sort'],
    ['/v1/events?sort=title,title', 'sort'],
    ['/v1/events?include=everything', 'include'],
    ['/v1/events?total=maybe', 'total'],
    ['/v1/events?q=', 'q'],
  ]
  for (const [url, parameter] of cases) {
    const res = await app.inject({ method: 'GET', url })
    t.equal(res.statusCode, 400, url)
    t.match(res.headers['content-type'], /^application\/problem\+json/, url)
    const problem = json(res)
    t.ok(problem.errors.some((e: Obj) => e.parameter === parameter && e.in === 'query'), `${url} names ${parameter}`)
  }
})

t.test('the context filter follows updates and deletes of an event', async (t) => {
  const app = await makeApp(t)
  const created = json(await app.inject({ method: 'POST', url: '/v1/events', headers: AUTH, payload: { title: 'Context probe', category: 'AID', status: 'occurred', contexts: ['cyber', 'energy'] } }))
  const withContext = async (c: string) => (await walk(app, `/v1/events?context=${c}`)).map((e) => e.id)
  t.same(await withContext('cyber'), [created.id])
  const patched = await app.inject({ method: 'PATCH', url: `/v1/events/${created.id}`, headers: AUTH, payload: { contexts: ['health'] } })
  t.equal(patched.statusCode, 200)
  t.same(await withContext('cyber'), [], 'a context taken away no longer matches')
  t.same(await withContext('health'), [created.id], 'a context added does')
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/events/${created.id}`, headers: AUTH })).statusCode, 204)
  t.same(await withContext('health'), [])
  const left = app.repos.store.sqlite.prepare('SELECT count(*) AS n FROM event_contexts WHERE event_id = ?').get(created.id) as { n: number }
  t.equal(left.n, 0, 'no context rows outlive their event')
})
