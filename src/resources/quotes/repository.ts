import * as V from '../../domain/vocabulary.js'
import { checkCitations, citationsChild } from '../citations/child.js'
import { IN_LIST, type ListSpec } from '../../engine/list-query.js'
import { idListChild, type Obj, type ResourceDef } from '../../engine/repository.js'

export const quoteDef: ResourceDef = {
  type: 'quote',
  table: 'quotes',
  what: 'quote',
  columns: ['text', 'kind', 'speaker_id', 'speaker_position_id', 'setting', 'event_id', 'language'],
  fuzzyDates: ['said_on'],
  children: [
    idListChild({ field: 'about_actor_ids', table: 'quote_actors', parentColumn: 'quote_id', column: 'actor_id' }),
    idListChild({ field: 'about_term_ids', table: 'quote_terms', parentColumn: 'quote_id', column: 'term_id' }),
    citationsChild('quote'),
  ],
  check(obj, checker, store) {
    checker.actor(obj, 'speaker_id', '/speaker_id')
    checker.exists(obj, 'event_id', 'events', 'event', '/event_id')
    if (obj.speaker_position_id != null) {
      const pos = store.stmt<{ holder_id: string }>('SELECT holder_id FROM positions WHERE id = ?').get(obj.speaker_position_id)
      if (!pos) checker.fail('/speaker_position_id', `No position has the id ${JSON.stringify(obj.speaker_position_id)}.`)
      else if (obj.speaker_id != null && pos.holder_id !== obj.speaker_id) checker.fail('/speaker_position_id', 'That position is held by another actor than the speaker.')
    }
    const about = (obj.about_actor_ids as string[]) ?? []
    const resolved: Obj = {}
    about.forEach((v, i) => {
      resolved.v = v
      checker.actor(resolved, 'v', `/about_actor_ids/${i}`)
      about[i] = resolved.v as string
    })
    if (new Set(about).size !== about.length) checker.fail('/about_actor_ids', 'An actor is listed twice.')
    ;((obj.about_term_ids as string[]) ?? []).forEach((id, i) => checker.exists({ id }, 'id', 'deal_terms', 'deal term', `/about_term_ids/${i}`))
    checkCitations(obj, checker, store)
  },
  references: [{ type: 'term', sql: 'SELECT term_id AS id FROM stances WHERE quote_id = ? LIMIT 100' }],
}

export const quoteList: ListSpec = {
  filters: {
    speaker: { kind: 'actor', sql: `t.speaker_id IN ${IN_LIST}`, description: 'Speakers (actor ids or slugs), comma-separated.' },
    event: { kind: 'ids', sql: `t.event_id IN ${IN_LIST}`, prefix: 'evt', description: 'Event ids, comma-separated.' },
    about_actor: { kind: 'actor', sql: `t.id IN (SELECT quote_id FROM quote_actors WHERE actor_id IN ${IN_LIST})`, description: 'Actors the quote is about (ids or slugs), comma-separated.' },
    about_term: { kind: 'ids', sql: `t.id IN (SELECT quote_id FROM quote_terms WHERE term_id IN ${IN_LIST})`, prefix: 'term', description: 'Deal terms the quote is about, comma-separated.' },
    kind: { kind: 'enum', column: 't.kind', values: V.QUOTE_KINDS, description: '`direct` or `paraphrase`.' },
    said_from: { kind: 'from', column: 't.said_on_end', description: 'Quotes said on or after this fuzzy date (overlap).' },
    said_to: { kind: 'to', column: 't.said_on_start', description: 'Quotes said on or before this fuzzy date (overlap).' },
    q: { kind: 'fts', table: 'quotes_fts', description: 'Full-text search over the words and the setting.' },
  },
  sorts: { id: { column: 't.id' }, said_on: { column: 't.said_on_start', nullable: true }, created_at: { column: 't.created_at' } },
  defaultSort: 'id',
}
