import * as V from '../../domain/vocabulary.js'
import { checkCitations, citationsChild } from '../citations/child.js'
import type { ListSpec } from '../../engine/list-query.js'
import type { ResourceDef } from '../../engine/repository.js'

export const actorDef: ResourceDef = {
  type: 'actor',
  table: 'actors',
  what: 'actor',
  columns: ['slug', 'name', 'kind', 'country', 'sector', 'description', 'wikidata_id'],
  json: ['aliases'],
  children: [citationsChild('actor')],
  check(obj, checker, store, existingId) {
    const other = store.stmt<{ id: string }>('SELECT id FROM actors WHERE slug = ?').get(obj.slug)
    if (other && other.id !== existingId) checker.fail('/slug', `The slug ${JSON.stringify(obj.slug)} is taken by ${other.id}.`)
    checkCitations(obj, checker, store)
  },
  references: [
    // One parameter per query (better-sqlite3 cannot bind `?1` twice), so each column gets its own.
    { type: 'position', sql: 'SELECT id FROM positions WHERE holder_id = ? LIMIT 100' },
    { type: 'position', sql: 'SELECT id FROM positions WHERE organization_id = ? LIMIT 100' },
    { type: 'relation', sql: 'SELECT id FROM relations WHERE subject_id = ? LIMIT 100' },
    { type: 'relation', sql: 'SELECT id FROM relations WHERE object_id = ? LIMIT 100' },
    { type: 'event', sql: 'SELECT DISTINCT event_id AS id FROM event_participants WHERE actor_id = ? LIMIT 100' },
    { type: 'quote', sql: 'SELECT id FROM quotes WHERE speaker_id = ? LIMIT 100' },
    { type: 'quote', sql: 'SELECT quote_id AS id FROM quote_actors WHERE actor_id = ? LIMIT 100' },
    { type: 'deal', sql: 'SELECT deal_id AS id FROM deal_parties WHERE actor_id = ? LIMIT 100' },
    { type: 'term', sql: 'SELECT id FROM deal_terms WHERE obligor_id = ? LIMIT 100' },
    { type: 'term', sql: 'SELECT id FROM deal_terms WHERE beneficiary_id = ? LIMIT 100' },
    { type: 'term', sql: 'SELECT term_id AS id FROM stances WHERE actor_id = ? LIMIT 100' },
  ],
}

export const actorList: ListSpec = {
  filters: {
    kind: { kind: 'enum', column: 't.kind', values: V.ACTOR_KINDS, description: 'Actor kinds, comma-separated.' },
    country: {
      kind: 'text',
      column: 't.country',
      normalize: (v) => (/^[A-Za-z]{3}$/.test(v) ? v.toUpperCase() : null),
      description: 'ISO 3166-1 alpha-3 codes (BLR, USA), comma-separated.',
    },
    sector: { kind: 'enum', column: 't.sector', values: V.SECTORS, description: 'Sectors, comma-separated.' },
    q: { kind: 'fts', table: 'actors_fts', description: 'Full-text search over name, aliases and description; `luka*` for a prefix.' },
  },
  sorts: { id: { column: 't.id' }, name: { column: 't.name' } },
  defaultSort: 'id',
}
