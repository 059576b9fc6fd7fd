// Citations: the provenance every citable record carries, in one table keyed
// by the record's type and id.
import type { Checker } from '../../engine/checker.js'
import { childRowLoader, type Child, type Obj } from '../../engine/repository.js'
import type { Store } from '../../db/store.js'

// In the order the API serves a citation (required fields first), so SQL-built JSON matches it.
const COLUMNS = ['source_id', 'excerpt', 'basis', 'start_offset', 'end_offset']

export function citationsChild(subjectType: string): Child {
  return {
    field: 'citations',
    load: childRowLoader(`SELECT subject_id AS __parent, ${COLUMNS.join(', ')} FROM citations`, 'subject_id', ' ORDER BY id'),
    save(store, id, items, fresh) {
      if (!fresh) store.stmt('DELETE FROM citations WHERE subject_id = ?').run(id)
      const insert = store.stmt(
        'INSERT INTO citations (subject_type, subject_id, source_id, excerpt, start_offset, end_offset, basis) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      return items.map((c) => {
        const item = { source_id: c.source_id, excerpt: c.excerpt, basis: c.basis, start_offset: c.start_offset ?? null, end_offset: c.end_offset ?? null }
        insert.run(subjectType, id, item.source_id, item.excerpt, item.start_offset, item.end_offset, item.basis)
        return item
      })
    },
    remove(store, id) {
      store.stmt('DELETE FROM citations WHERE subject_id = ?').run(id)
    },
    jsonSql: (parentId) =>
      `(SELECT json_group_array(json_object(${COLUMNS.map((c) => `'${c}', c.${c}`).join(', ')}) ORDER BY c.id) FROM citations c WHERE c.subject_id = ${parentId})`,
  }
}

/**
 * Each citation's source must exist. Where the source keeps its body, the
 * excerpt must be its exact words: offsets are filled in when left out and
 * checked when given, so every claim points at the text that supports it.
 */
export function checkCitations(obj: Obj, checker: Checker, store: Store): void {
  const list = (obj.citations as Obj[] | undefined) ?? []
  list.forEach((c, i) => {
    const at = `/citations/${i}`
    const source = store.lookup<{ body: string | null }>('SELECT body FROM sources WHERE id = ?', String(c.source_id))
    if (!source) return checker.fail(`${at}/source_id`, `No source has the id ${JSON.stringify(c.source_id)}.`)
    const excerpt = String(c.excerpt)
    const start = c.start_offset as number | null | undefined
    const end = c.end_offset as number | null | undefined
    if ((start == null) !== (end == null)) return checker.fail(`${at}/end_offset`, 'Give both offsets or neither.')
    if (source.body == null) {
      if (start != null && end! < start) checker.fail(`${at}/end_offset`, 'end_offset is before start_offset.')
      return
    }
    if (start != null) {
      if (source.body.slice(start, end!) !== excerpt) checker.fail(`${at}/start_offset`, 'The offsets do not frame the excerpt in the source body.')
      return
    }
    const found = source.body.indexOf(excerpt)
    if (found < 0) return checker.fail(`${at}/excerpt`, 'The excerpt is not in the source body word for word.')
    c.start_offset = found
    c.end_offset = found + excerpt.length
  })
}
