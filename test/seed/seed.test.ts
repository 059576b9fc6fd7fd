import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { precisionOf } from '../../src/lib/fuzzy-date.js'
import { json, makeApp, snapshot } from '../helpers.js'

type Rec = Record<string, any>

async function all(app: FastifyInstance, collection: string): Promise<Rec[]> {
  const res = await app.inject({ method: 'GET', url: `/v1/${collection}?limit=200` })
  const page = json(res)
  if (page.has_more) throw new Error(`more than 200 ${collection}`)
  return page.data
}

t.test('the seed loads once: a restart on the same file adds nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-seed-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const dbPath = join(dir, 'parley.db')

  const first = await buildApp({ config: { dbPath, seed: true } })
  const counts = snapshot(first)
  await first.close()
  t.ok(counts.actors >= 28 && counts.events >= 20, 'a new database is seeded')
  t.equal(counts.changes, counts.__seq, 'every seeded record is in the change log')

  const second = await buildApp({ config: { dbPath, seed: true } })
  t.teardown(() => second.close())
  t.same(snapshot(second), counts, 'the second start finds the data and loads nothing')
  t.equal(json(await second.inject({ method: 'GET', url: '/v1/actors/aleksandr-lukashenko' })).slug, 'aleksandr-lukashenko')
})

t.test('PARLEY_SEED=false starts empty', async (t) => {
  const app = await makeApp(t, { config: { seed: false } })
  const { id_order: ordered, ...counts } = snapshot(app)
  for (const [table, n] of Object.entries(counts)) t.equal(n, 0, `${table} is empty`)
  // id_order holds no records: it lists the searchable tables whose ids follow their pks, as empty ones do.
  t.equal(ordered, 6, 'id_order lists the six searchable tables')
  t.same(json(await app.inject({ method: 'GET', url: '/v1/events' })).data, [])
})

t.test('the seed covers what the report states', async (t) => {
  const app = await makeApp(t)
  const [actors, events, quotes, positions, deals, terms] = await Promise.all(['actors', 'events', 'quotes', 'positions', 'deals', 'terms'].map((c) => all(app, c)))
  const actor = (slug: string) => actors.find((a) => a.slug === slug)
  const idOf = (slug: string) => actor(slug)?.id
  const event = (re: RegExp) => events.find((e) => re.test(e.title))

  t.test('the people, states and bodies, with the three released detainees', async (t) => {
    for (const slug of ['christopher-w-smith', 'aleksandr-lukashenko', 'donald-trump', 'vladimir-putin', 'svetlana-tikhanovskaya', 'franak-viacorka', 'artyom-shraibman', 'united-states', 'belarus', 'russia', 'lithuania', 'ukraine', 'belarusian-state-media']) {
      t.ok(actor(slug), slug)
    }
    const release = event(/releases three detainees/)!
    const freed = release.participants.filter((p: Rec) => p.role === 'beneficiary' && actors.find((a) => a.id === p.actor_id)?.kind === 'person')
    t.equal(freed.length, 3, 'three people are the beneficiaries of the release')
    for (const p of freed) t.match(actors.find((a) => a.id === p.actor_id), { kind: 'person', name: /Unnamed/ }, 'each is an actor of their own, unnamed as in the report')
    t.equal(freed.filter((p: Rec) => actors.find((a) => a.id === p.actor_id)?.country === 'USA').length, 1, 'one American')
    t.equal(freed.filter((p: Rec) => actors.find((a) => a.id === p.actor_id)?.country === 'BLR').length, 2, 'two Belarusians')
  })

  t.test('the events', async (t) => {
    const visit = event(/discreet visit to Belarus/)!
    t.match(visit, { category: 'CONSULT', mode: 'visit', location: { country: 'BLR' } })
    const inside = events.filter((e) => e.parent_event_id === visit.id).map((e) => e.title)
    t.ok(inside.some((x) => /meets President Lukashenko/.test(x)), 'the meeting with Lukashenko is inside the visit')
    t.ok(inside.some((x) => /security officials/.test(x)), 'the meeting with the security officials is inside the visit')
    t.ok(inside.some((x) => /drive .* to Lithuania/.test(x)), 'the drive to Lithuania is inside the visit')
    t.ok(inside.some((x) => /state media/.test(x)), 'the state-media hint is about the visit')

    const call = event(/Trump and Putin/)!
    t.match(call, { category: 'CONSULT', mode: 'phone' })
    const callers = call.participants.map((p: Rec) => p.actor_id)
    t.ok(callers.includes(idOf('donald-trump')) && callers.includes(idOf('vladimir-putin')), 'Trump and Putin take part in the call')

    t.match(event(/releases three detainees/), { category: 'RETREAT', mode: 'release', quantity: 3 })
    t.match(event(/private briefing/), { category: 'CONSULT', location: { name: 'Vilnius', country: 'LTU' } })
    t.match(event(/state media/), { participants: [{ actor_id: idOf('belarusian-state-media') }] })
    t.match(event(/sanctions/i), { category: 'SANCTION' })
    t.match(event(/2020 election/), { occurred_on: '2020' })
    t.match(event(/protests/), { category: 'PROTEST', occurred_on: '2020' })
    t.match(event(/mercenaries/), { participants: [{ actor_id: idOf('belarusian-government') }] })
    t.ok(event(/mercenaries/)!.participants.some((p: Rec) => p.actor_id === idOf('russian-mercenaries')))
    t.match(event(/Russian forces use Belarus/), { category: 'MOBILIZE' })
    t.match(event(/invasion of Ukraine/), { category: 'ASSAULT' })
  })

  t.test('direct and paraphrased quotes, each with speaker, position and setting', async (t) => {
    for (const q of quotes) {
      const speaker = actors.find((a) => a.id === q.speaker_id)
      t.ok(speaker, `the speaker of “${q.text.slice(0, 30)}” is an actor`)
      const pos = positions.find((p) => p.id === q.speaker_position_id)
      t.equal(pos?.holder_id, q.speaker_id, `“${q.text.slice(0, 30)}” records the speaker’s position`)
    }
    t.match(quotes.find((q) => q.text === 'huge win'), { kind: 'direct', speaker_id: idOf('christopher-w-smith'), setting: 'outside the U.S. Embassy in Vilnius' })
    t.match(quotes.find((q) => q.text === 'peace through strength'), { kind: 'direct', setting: 'outside the U.S. Embassy in Vilnius' })
    t.match(quotes.find((q) => q.text === 'a positive development'), { kind: 'direct', speaker_id: idOf('artyom-shraibman') })
    t.match(quotes.find((q) => /in exchange for/.test(q.text)), { kind: 'paraphrase', speaker_id: idOf('christopher-w-smith'), setting: /private briefing/ })
    t.ok(quotes.some((q) => q.kind === 'paraphrase' && q.speaker_id === idOf('franak-viacorka')), 'Viacorka’s warning, paraphrased')
    t.match(positions.find((p) => p.holder_id === idOf('christopher-w-smith')), { title: 'deputy assistant secretary of state' })
  })

  t.test('the floated deal, its terms, their links and the stances on them', async (t) => {
    t.equal(deals.length, 1)
    const deal = deals[0]
    t.match(deal, { status: 'exploratory' })
    const partyIds = deal.parties.map((p: Rec) => p.actor_id)
    t.ok(partyIds.includes(idOf('united-states')) && partyIds.includes(idOf('belarus')), 'the United States and Belarus are the parties')

    const release = terms.find((x) => x.action === 'RETREAT:release')!
    const banks = terms.find((x) => /banks/.test(x.description))!
    const potash = terms.find((x) => /potash/.test(x.description))!
    t.match(release, { deal_id: deal.id, status: 'floated', obligor_id: idOf('aleksandr-lukashenko') })
    for (const relief of [banks, potash]) {
      t.match(relief, { deal_id: deal.id, status: 'floated', obligor_id: idOf('united-states'), beneficiary_id: idOf('belarus') })
      t.ok(relief.links.some((l: Rec) => l.type === 'in_exchange_for' && l.target_term_id === release.id), 'sanctions relief in exchange for releases')
      for (const who of ['franak-viacorka', 'artyom-shraibman']) {
        const stance = relief.stances.find((s: Rec) => s.actor_id === idOf(who))
        t.match(stance, { stance: 'conditional', condition: /\w+/ }, `${who} takes a conditional stance`)
        t.equal(quotes.find((q) => q.id === stance.quote_id)?.speaker_id, idOf(who), `${who}’s stance rests on their own words`)
      }
    }
    const history = json(await app.inject({ method: 'GET', url: `/v1/terms/${banks.id}?include=status_history` })).status_history
    t.match(history, [{ status: 'floated', previous_status: null }])
  })
})

t.test('every record cites the exact words of its source, at its offsets', async (t) => {
  const app = await makeApp(t)
  const bodies = new Map((await all(app, 'sources')).map((s) => [s.id as string, s.body as string]))
  for (const collection of ['events', 'quotes', 'deals', 'terms', 'relations', 'actors', 'positions']) {
    const records = await all(app, collection)
    t.ok(records.length > 0, `${collection} are seeded`)
    let bad = 0
    for (const r of records) {
      if (r.citations.length === 0) bad++
      for (const c of r.citations) {
        const body = bodies.get(c.source_id)
        if (!body || body.slice(c.start_offset, c.end_offset) !== c.excerpt || c.excerpt.length === 0) bad++
      }
    }
    t.equal(bad, 0, `every one of the ${records.length} ${collection} has citations found verbatim at their offsets`)
  }
})

t.test('no seeded date is more precise than a month', async (t) => {
  const app = await makeApp(t)
  const dated: Record<string, string[]> = {
    sources: ['published_on'],
    events: ['occurred_on', 'ended_on'],
    quotes: ['said_on'],
    deals: ['first_reported_on', 'status_as_of'],
    terms: ['status_as_of'],
    positions: ['started_on', 'ended_on'],
    relations: ['started_on', 'ended_on'],
  }
  let checked = 0
  for (const [collection, fields] of Object.entries(dated)) {
    for (const r of await all(app, collection)) {
      const values = fields.map((f) => r[f])
      for (const s of r.stances ?? []) values.push(s.stated_on)
      for (const v of values) {
        if (v == null) continue
        checked++
        t.not(precisionOf(v), 'day', `${collection} ${r.id}: ${v}`)
      }
    }
  }
  t.ok(checked > 30, `${checked} dates checked`)
})
