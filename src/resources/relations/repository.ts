import * as V from '../../domain/vocabulary.js'
import { checkCitations, citationsChild } from '../citations/child.js'
import { IN_LIST, type ListSpec } from '../../engine/list-query.js'
import type { ResourceDef } from '../../engine/repository.js'

export const relationDef: ResourceDef = {
  type: 'relation',
  table: 'relations',
  what: 'relation',
  columns: ['subject_id', 'object_id', 'type', 'description'],
  fuzzyDates: ['started_on', 'ended_on'],
  children: [citationsChild('relation')],
  check(obj, checker, store) {
    checker.actor(obj, 'subject_id', '/subject_id')
    checker.actor(obj, 'object_id', '/object_id')
    if (obj.subject_id != null && obj.subject_id === obj.object_id) checker.fail('/object_id', 'An actor cannot be in a relation with itself.')
    checker.order(obj, 'started_on', 'ended_on', '/ended_on')
    checkCitations(obj, checker, store)
  },
}

export const relationList: ListSpec = {
  filters: {
    actor: { kind: 'actor', sql: `(t.subject_id IN ${IN_LIST} OR t.object_id IN ${IN_LIST})`, description: 'Actors on either end (ids or slugs), comma-separated.' },
    type: { kind: 'enum', column: 't.type', values: V.RELATION_TYPES, description: 'Relation types, comma-separated.' },
  },
  sorts: { id: { column: 't.id' }, started_on: { column: 't.started_on_start', nullable: true } },
  defaultSort: 'id',
}
