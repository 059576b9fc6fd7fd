// One deal's card in one answer: the deal, its parties and sides, its terms
// as a graph, the stances on them with their quotes, and the status history
// with its sources. A fixed number of queries, however many terms and stances.
import { notFound } from '../../lib/problem.js'
import type { ActorSummaryT } from '../../resources/actors/summary-schema.js'
import type { DealBoardT } from './schema.js'
import { actorSummaries } from '../../resources/actors/lookup.js'
import type { Repositories } from '../../resources/index.js'
import { IN_LIST } from '../../engine/list-query.js'
import type { Obj, Row } from '../../engine/repository.js'

export class DealBoardRepository {
  constructor(private readonly repos: Repositories) {}

  board(id: string): DealBoardT {
    const { store, deals, terms } = this.repos
    const deal = deals.repo.get(id)
    if (!deal) throw notFound('deal', id)
    const termRecords = terms.repo.hydrate(store.stmt<Row>('SELECT * FROM deal_terms WHERE deal_id = ? ORDER BY id').all(id))
    const parties = (deal.parties as { actor_id: string; side: string }[]) ?? []
    const stances = termRecords.flatMap((t) => (t.stances as Obj[]).map((s): Obj & { term_id: string } => ({ ...s, term_id: t.id as string })))

    const quoteIds = [...new Set(stances.map((s) => s.quote_id).filter((q): q is string => typeof q === 'string'))]
    const quotes = new Map(
      store
        .stmt<Row>(`SELECT id, text, kind, said_on, setting, event_id, speaker_id FROM quotes WHERE id IN ${IN_LIST}`)
        .all(JSON.stringify(quoteIds))
        .map((q) => [q.id as string, q]),
    )
    const actors = actorSummaries(store, [
      ...parties.map((p) => p.actor_id),
      ...stances.map((s) => s.actor_id as string),
      ...[...quotes.values()].map((q) => q.speaker_id as string),
    ])
    const actor = (actorId: string): ActorSummaryT => actors.get(actorId)!

    const subjects = [id, ...termRecords.map((t) => t.id as string)]
    const history = store
      .stmt<Row>(`SELECT subject_type, subject_id, status, previous_status, changed_on, recorded_at, source_id FROM status_history WHERE subject_id IN ${IN_LIST} ORDER BY id`)
      .all(JSON.stringify(subjects))
    const sources = new Map(
      store
        .stmt<Row>(`SELECT id, title, url, publisher, published_on FROM sources WHERE id IN ${IN_LIST}`)
        .all(JSON.stringify([...new Set(history.map((h) => h.source_id).filter((s) => s != null))]))
        .map((s) => [s.id as string, s]),
    )

    const sides: DealBoardT['sides'] = []
    for (const p of parties) {
      const side = sides.find((s) => s.side === p.side)
      if (side) side.actor_ids.push(p.actor_id)
      else sides.push({ side: p.side, actor_ids: [p.actor_id] })
    }
    const inDeal = new Set(subjects)
    return {
      deal: deal as DealBoardT['deal'],
      parties: parties.map((p) => ({ actor_id: p.actor_id, side: p.side, actor: actor(p.actor_id) })),
      sides,
      terms: termRecords as DealBoardT['terms'],
      graph: {
        nodes: termRecords.map((t) => ({
          id: t.id as string,
          label: t.description as string,
          kind: t.kind as DealBoardT['graph']['nodes'][number]['kind'],
          status: t.status as DealBoardT['graph']['nodes'][number]['status'],
          action: t.action as string,
          obligor_id: (t.obligor_id as string | null) ?? null,
          beneficiary_id: (t.beneficiary_id as string | null) ?? null,
        })),
        edges: termRecords.flatMap((t) =>
          (t.links as { type: DealBoardT['graph']['edges'][number]['type']; target_term_id: string }[])
            .filter((l) => inDeal.has(l.target_term_id))
            .map((l) => ({ id: `${l.type}:${t.id}:${l.target_term_id}`, source: t.id as string, target: l.target_term_id, type: l.type })),
        ),
      },
      stances: stances.map((s) => {
        const q = s.quote_id ? quotes.get(s.quote_id as string) : undefined
        return {
          term_id: s.term_id,
          actor: actor(s.actor_id as string),
          stance: s.stance as DealBoardT['stances'][number]['stance'],
          condition: (s.condition as string | null) ?? null,
          stated_on: (s.stated_on as string | null) ?? null,
          quote: q
            ? {
                id: q.id as string,
                text: q.text as string,
                kind: q.kind as 'direct' | 'paraphrase',
                said_on: (q.said_on as string | null) ?? null,
                setting: (q.setting as string | null) ?? null,
                event_id: (q.event_id as string | null) ?? null,
                speaker: actor(q.speaker_id as string),
              }
            : null,
        }
      }),
      status_history: history.map((h) => {
        const src = h.source_id ? sources.get(h.source_id as string) : undefined
        return {
          subject_type: h.subject_type as 'deal' | 'term',
          subject_id: h.subject_id as string,
          status: h.status as string,
          previous_status: (h.previous_status as string | null) ?? null,
          changed_on: (h.changed_on as string | null) ?? null,
          recorded_at: h.recorded_at as string,
          source: src
            ? { id: src.id as string, title: src.title as string, url: (src.url as string | null) ?? null, publisher: (src.publisher as string | null) ?? null, published_on: (src.published_on as string | null) ?? null }
            : null,
        }
      }),
    }
  }
}
