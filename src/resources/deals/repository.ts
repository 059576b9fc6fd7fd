import * as V from '../../domain/vocabulary.js'
import { checkCitations, citationsChild } from '../citations/child.js'
import { IN_LIST, type ListSpec } from '../../engine/list-query.js'
import { linkTableChild, type Obj, type ResourceDef } from '../../engine/repository.js'
import { checkStatusProvenance, decorateStatusProvenance, statusProvenanceSql, removeStatusHistory, statusHistoryInclude, statusHistoryWriter } from './status-history.js'

export const dealDef: ResourceDef = {
  type: 'deal',
  table: 'deals',
  what: 'deal',
  columns: ['title', 'summary', 'status'],
  fuzzyDates: ['first_reported_on'],
  virtual: ['status_as_of', 'status_source_id'],
  children: [
    linkTableChild({ field: 'parties', table: 'deal_parties', parentColumn: 'deal_id', columns: ['actor_id', 'side'], orderBy: 'rowid' }),
    citationsChild('deal'),
  ],
  decorate: decorateStatusProvenance,
  fieldSql: statusProvenanceSql,
  beforeDelete: removeStatusHistory,
  afterWrite: statusHistoryWriter('deal'),
  check(obj, checker, store) {
    const seen = new Set<string>()
    ;((obj.parties as Obj[]) ?? []).forEach((p, i) => {
      checker.actor(p, 'actor_id', `/parties/${i}/actor_id`)
      if (seen.has(String(p.actor_id))) checker.fail(`/parties/${i}/actor_id`, 'The actor is already a party.')
      seen.add(String(p.actor_id))
    })
    checkStatusProvenance(obj, checker)
    checkCitations(obj, checker, store)
  },
  references: [{ type: 'term', sql: 'SELECT id FROM deal_terms WHERE deal_id = ? LIMIT 100' }],
}

export const dealList: ListSpec = {
  filters: {
    status: { kind: 'enum', column: 't.status', values: V.DEAL_STATUSES, description: 'Deal statuses, comma-separated.' },
    party: { kind: 'actor', sql: `t.id IN (SELECT deal_id FROM deal_parties WHERE actor_id IN ${IN_LIST})`, description: 'Parties (actor ids or slugs), comma-separated.' },
    q: { kind: 'fts', table: 'deals_fts', description: 'Full-text search over title and summary.' },
  },
  sorts: { id: { column: 't.id' }, first_reported_on: { column: 't.first_reported_on_start', nullable: true }, title: { column: 't.title' } },
  defaultSort: 'id',
  includes: { status_history: statusHistoryInclude },
}
