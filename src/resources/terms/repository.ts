import * as V from '../../domain/vocabulary.js'
import { badParameter } from '../../lib/problem.js'
import { parseFuzzyDate } from '../../lib/fuzzy-date.js'
import { checkCitations, citationsChild } from '../citations/child.js'
import { IN_LIST, type ListSpec } from '../../engine/list-query.js'
import { linkTableChild, type Obj, type ResourceDef } from '../../engine/repository.js'
import { checkStatusProvenance, decorateStatusProvenance, statusProvenanceSql, removeStatusHistory, statusHistoryInclude, statusHistoryWriter } from '../deals/status-history.js'

export const termDef: ResourceDef = {
  type: 'term',
  table: 'deal_terms',
  what: 'deal term',
  columns: ['deal_id', 'obligor_id', 'beneficiary_id', 'description', 'kind', 'status'],
  virtual: ['status_as_of', 'status_source_id'],
  children: [
    linkTableChild({ field: 'links', table: 'term_links', parentColumn: 'term_id', columns: ['type', 'target_term_id'], orderBy: 'rowid' }),
    linkTableChild({ field: 'stances', table: 'stances', parentColumn: 'term_id', columns: ['actor_id', 'stance', 'condition', 'quote_id', 'stated_on', 'stated_on_start', 'stated_on_end'], orderBy: 'rowid', internal: ['stated_on_start', 'stated_on_end'] }),
    citationsChild('term'),
  ],
  toRow(obj, row) {
    const [category, mode] = obj.action == null ? [null, null] : String(obj.action).split(':')
    row.action_category = category
    row.action_mode = mode ?? null
  },
  fromRow(row, e) {
    e.action = row.action_mode ? `${row.action_category}:${row.action_mode}` : row.action_category
  },
  decorate: decorateStatusProvenance,
  fieldSql: {
    action: "CASE WHEN t.action_mode IS NOT NULL AND t.action_mode <> '' THEN t.action_category || ':' || t.action_mode ELSE t.action_category END",
    ...statusProvenanceSql,
  },
  beforeDelete: removeStatusHistory,
  afterWrite: statusHistoryWriter('term'),
  check(obj, checker, store, existingId) {
    checker.exists(obj, 'deal_id', 'deals', 'deal', '/deal_id')
    const [category, mode] = String(obj.action).split(':')
    checker.mode(category, mode, '/action')
    checker.actor(obj, 'obligor_id', '/obligor_id')
    checker.actor(obj, 'beneficiary_id', '/beneficiary_id')
    const links = new Set<string>()
    ;((obj.links as Obj[]) ?? []).forEach((l, i) => {
      if (l.target_term_id === existingId) checker.fail(`/links/${i}/target_term_id`, 'A term cannot link to itself.')
      else checker.exists(l, 'target_term_id', 'deal_terms', 'deal term', `/links/${i}/target_term_id`)
      const key = `${l.type}/${l.target_term_id}`
      if (links.has(key)) checker.fail(`/links/${i}`, 'The link is listed twice.')
      links.add(key)
    })
    const actors = new Set<string>()
    ;((obj.stances as Obj[]) ?? []).forEach((s, i) => {
      checker.actor(s, 'actor_id', `/stances/${i}/actor_id`)
      checker.exists(s, 'quote_id', 'quotes', 'quote', `/stances/${i}/quote_id`)
      checker.date(s, 'stated_on', `/stances/${i}/stated_on`)
      if (actors.has(String(s.actor_id))) checker.fail(`/stances/${i}/actor_id`, 'The actor already has a stance on this term.')
      actors.add(String(s.actor_id))
      const span = s.stated_on == null ? null : parseFuzzyDate(String(s.stated_on))
      s.stated_on_start = span?.start ?? null
      s.stated_on_end = span?.end ?? null
    })
    checkStatusProvenance(obj, checker)
    checkCitations(obj, checker, store)
  },
  references: [
    { type: 'term', sql: 'SELECT term_id AS id FROM term_links WHERE target_term_id = ? LIMIT 100' },
    { type: 'quote', sql: 'SELECT quote_id AS id FROM quote_terms WHERE term_id = ? LIMIT 100' },
  ],
}

/** `RETREAT` or `RETREAT:release` items, checked against PLOVER, as [categories, [category, mode] pairs]. */
function parseActions(items: string[], name: string): unknown[] {
  const categories: string[] = []
  const pairs: [string, string][] = []
  for (const item of items) {
    const [category, mode, extra] = item.split(':')
    if (!(V.CATEGORIES as readonly string[]).includes(category) || extra !== undefined || (mode !== undefined && (mode === '' || !V.modeIsValid(category, mode)))) {
      throw badParameter(name, `${JSON.stringify(item)} is not a PLOVER action such as RETREAT or RETREAT:release.`)
    }
    if (mode === undefined) categories.push(category)
    else pairs.push([category, mode])
  }
  return [JSON.stringify(categories), JSON.stringify(pairs)]
}

export const termList: ListSpec = {
  filters: {
    deal: { kind: 'ids', sql: `t.deal_id IN ${IN_LIST}`, prefix: 'deal', description: 'Deal ids, comma-separated.' },
    obligor: { kind: 'actor', sql: `t.obligor_id IN ${IN_LIST}`, description: 'Obligors (actor ids or slugs), comma-separated.' },
    beneficiary: { kind: 'actor', sql: `t.beneficiary_id IN ${IN_LIST}`, description: 'Beneficiaries (actor ids or slugs), comma-separated.' },
    action: {
      kind: 'custom',
      // Two index lookups: whole categories, and (category, mode) pairs.
      sql: `(t.action_category IN ${IN_LIST} OR (t.action_category, t.action_mode) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?)))`,
      parse: parseActions,
      description: 'Actions, comma-separated: `RETREAT` matches every RETREAT term, `RETREAT:release` only releases.',
    },
    status: { kind: 'enum', column: 't.status', values: V.TERM_STATUSES, description: 'Term statuses, comma-separated.' },
    kind: { kind: 'enum', column: 't.kind', values: V.TERM_KINDS, description: 'Term kinds, comma-separated.' },
    q: { kind: 'fts', table: 'deal_terms_fts', description: 'Full-text search over the description.' },
  },
  sorts: { id: { column: 't.id' } },
  defaultSort: 'id',
  includes: { status_history: statusHistoryInclude },
}
