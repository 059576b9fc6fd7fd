// The shapes of bulk data in and out: one record of an import or export,
// the bundle that holds many, and the report an import answers with.
import { Type, type Static } from '@sinclair/typebox'
import { Problem, StringEnum, ref } from './common.js'

export const RECORD_TYPES = ['source', 'actor', 'position', 'relation', 'event', 'quote', 'deal', 'term'] as const
export const COLLECTIONS = ['sources', 'actors', 'positions', 'relations', 'events', 'quotes', 'deals', 'terms'] as const

export const RecordType = StringEnum(RECORD_TYPES, {
  $id: 'RecordType',
  title: 'RecordType',
  description: 'The kind of record a line holds, in the order an import needs them: a record may only refer to records above it in a file.',
})

export const ImportRecord = Type.Object(
  {
    type: ref(RecordType),
    key: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description:
          'A name the file gives the record, so other records can refer to it (in any reference field) and a later import updates it in place. A key shaped like an id of the record\'s type (`evt_…`) becomes the record\'s id: exports use the id as the key.',
        examples: ['belarus'],
      }),
    ),
    data: Type.Unsafe<Record<string, unknown>>({
      type: 'object',
      additionalProperties: true,
      description: "The record's fields, as in the create body of its collection (or, for a key seen before, a merge patch of them).",
    }),
  },
  {
    $id: 'ImportRecord',
    title: 'ImportRecord',
    additionalProperties: false,
    description: 'One record of an import or an export: a line of NDJSON, or an item of a bundle.',
    examples: [{ type: 'actor', key: 'belarus', data: { slug: 'belarus', name: 'Belarus', kind: 'state', country: 'BLR' } }],
  },
)
export type ImportRecordT = Static<typeof ImportRecord>

export const ImportBundle = Type.Object(
  {
    format: Type.Literal('parley-bundle'),
    format_version: Type.Literal(1),
    description: Type.Optional(Type.String({ maxLength: 10000 })),
    records: Type.Array(ref(ImportRecord), { description: 'Records in dependency order: sources, actors, ..., terms.' }),
  },
  { $id: 'ImportBundle', title: 'ImportBundle', additionalProperties: false, description: 'Many records in one JSON document (the seed is one). For large files use NDJSON, which is read a line at a time.' },
)

export const ImportIssue = Type.Object(
  {
    line: Type.Integer({ minimum: 1, description: 'The line of the NDJSON file (1-based), or the position of the record in a bundle.' }),
    key: Type.Optional(Type.String({ description: "The record's key, when it has one." })),
    pointer: Type.String({ description: 'JSON pointer into the line (`/data/category`); empty for the whole line.' }),
    message: Type.String(),
  },
  { $id: 'ImportIssue', title: 'ImportIssue', additionalProperties: false, description: 'What is wrong with one field of one record.' },
)
export type ImportIssueT = Static<typeof ImportIssue>

export const ImportReport = Type.Object(
  {
    dry_run: Type.Boolean({ description: 'True when nothing was meant to be written.' }),
    records: Type.Integer({ minimum: 0, description: 'Records read.' }),
    created: Type.Integer({ minimum: 0 }),
    updated: Type.Integer({ minimum: 0, description: 'Records whose key was seen before and that changed.' }),
    unchanged: Type.Integer({ minimum: 0, description: 'Records whose key was seen before and that were already as given (no version was bumped).' }),
    invalid: Type.Integer({ minimum: 0, description: 'Records with at least one error.' }),
    errors: Type.Array(ref(ImportIssue), { description: 'Every error of every bad record, in file order (up to the first 1,000).' }),
    errors_truncated: Type.Boolean({ description: 'True when there were more errors than `errors` lists.' }),
  },
  {
    $id: 'ImportReport',
    title: 'ImportReport',
    additionalProperties: false,
    description: 'What an import did, or, on a dry run or a refused import, would have done. Counts of created and updated records are those of the transaction, which is rolled back unless every record is valid.',
  },
)
export type ImportReportT = Static<typeof ImportReport>

export const ImportProblem = Type.Object(
  // No report when the refusal is not about the records (an Idempotency-Key reused with another body).
  { ...Problem.properties, report: Type.Optional(ref(ImportReport)) },
  {
    $id: 'ImportProblem',
    title: 'ImportProblem',
    additionalProperties: true,
    description: 'A refused import: an RFC 9457 problem whose `report` lists every bad record by line, JSON pointer and message. Nothing was written.',
  },
)

export const CsvTable = Type.String({
  $id: 'CsvTable',
  title: 'CsvTable',
  description:
    'RFC 4180 CSV with a header row: `id`, the fields of the record, `version`, `created_at`, `updated_at`. Lists of ids and vocabulary values are joined with `;`; participants and parties as `actor_id:role;…`; a location as four columns (`location_name`, `location_country`, `location_latitude`, `location_longitude`); other nested values (citations, aliases, links, stances) as JSON text. Cells that a spreadsheet would run as a formula are prefixed with `\'`.',
})

export const dataSchemas = [RecordType, ImportRecord, ImportBundle, ImportIssue, ImportReport, ImportProblem, CsvTable]
