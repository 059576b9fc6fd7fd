import { checkCitations, citationsChild } from '../citations/child.js'
import { IN_LIST, type ListSpec } from '../../engine/list-query.js'
import type { ResourceDef } from '../../engine/repository.js'

export const positionDef: ResourceDef = {
  type: 'position',
  table: 'positions',
  what: 'position',
  columns: ['holder_id', 'organization_id', 'title'],
  fuzzyDates: ['started_on', 'ended_on'],
  children: [citationsChild('position')],
  check(obj, checker, store) {
    checker.actor(obj, 'holder_id', '/holder_id')
    checker.actor(obj, 'organization_id', '/organization_id')
    checker.order(obj, 'started_on', 'ended_on', '/ended_on')
    checkCitations(obj, checker, store)
  },
  references: [{ type: 'quote', sql: 'SELECT id FROM quotes WHERE speaker_position_id = ? LIMIT 100' }],
}

export const positionList: ListSpec = {
  filters: {
    holder: { kind: 'actor', sql: `t.holder_id IN ${IN_LIST}`, description: 'Holders (actor ids or slugs), comma-separated.' },
    organization: { kind: 'actor', sql: `t.organization_id IN ${IN_LIST}`, description: 'Organizations (actor ids or slugs), comma-separated.' },
  },
  sorts: { id: { column: 't.id' }, started_on: { column: 't.started_on_start', nullable: true } },
  defaultSort: 'id',
}
