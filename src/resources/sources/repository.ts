import { createHash } from 'node:crypto'
import * as V from '../../domain/vocabulary.js'
import type { ListSpec } from '../../engine/list-query.js'
import type { ResourceDef } from '../../engine/repository.js'

export const sourceDef: ResourceDef = {
  type: 'source',
  table: 'sources',
  what: 'source',
  columns: ['url', 'title', 'publisher', 'retrieved_at', 'language', 'kind', 'body', 'sha256'],
  fuzzyDates: ['published_on'],
  toRow(obj, row) {
    // The hash is always the server's own, of the body as stored.
    row.sha256 = obj.body == null ? null : createHash('sha256').update(String(obj.body)).digest('hex')
  },
  check() {},
  references: [
    { type: 'citation', sql: 'SELECT subject_type AS type, subject_id AS id FROM citations WHERE source_id = ? GROUP BY subject_id LIMIT 200' },
    { type: 'status_change', sql: "SELECT subject_type AS type, subject_id AS id FROM status_history WHERE source_id = ? GROUP BY subject_id LIMIT 200" },
  ],
}

export const sourceList: ListSpec = {
  filters: {
    kind: { kind: 'enum', column: 't.kind', values: V.SOURCE_KINDS, description: 'Source kinds, comma-separated.' },
    publisher: { kind: 'text', column: 't.publisher', description: 'Publishers, exact names, comma-separated.' },
    published_from: { kind: 'from', column: 't.published_on_end', description: 'Sources published on or after this fuzzy date (overlap).' },
    published_to: { kind: 'to', column: 't.published_on_start', description: 'Sources published on or before this fuzzy date (overlap).' },
    q: { kind: 'fts', table: 'sources_fts', description: 'Full-text search over title, publisher and body.' },
  },
  sorts: {
    id: { column: 't.id' },
    published_on: { column: 't.published_on_start', nullable: true },
    title: { column: 't.title' },
  },
  defaultSort: 'id',
}
