// Bulk data over HTTP: POST /v1/import takes a bundle or NDJSON and answers
// with a report; GET /v1/export and GET /v1/{collection}.csv stream records
// out with constant memory.
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Type, type TSchema } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { csvStream } from '../export/csv.js'
import { checkExportQuery, exportRecords, ndjsonText, scanRecords } from '../export/records.js'
import { fromSnapshot } from '../export/snapshot.js'
import { importRecords, type ImportItem } from '../import/importer.js'
import { bundleItems, ndjsonItems, readLinesSync, type Bundle } from '../import/read.js'
import { RECORD_TYPE_INFO, TYPE_OF_COLLECTION } from '../import/record-types.js'
import { ProblemError, badParameter } from '../lib/problem.js'
import type { ResourceName } from '../resources/index.js'
import { COLLECTIONS, CsvTable, ImportBundle, ImportProblem, ImportRecord, ImportReport } from '../schemas/data.js'
import { StringEnum, ref } from '../schemas/common.js'
import { COMMON_ERRORS, problemResponses } from '../http/http.js'
import { writeContext } from '../engine/resource-routes.js'

const NDJSON = 'application/x-ndjson'

const tooLarge = (limit: number) => new ProblemError(413, 'payload_too_large', `The import body is larger than ${limit} bytes (PARLEY_IMPORT_LIMIT). Split the file, or import it with \`npm run import\`.`)

/** Writes a request body to a temporary file as it arrives, stopping at `limit` bytes. */
async function spool(payload: NodeJS.ReadableStream, limit: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-import-'))
  const path = join(dir, 'body.ndjson')
  let bytes = 0
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length
      done(bytes > limit ? tooLarge(limit) : null, chunk)
    },
  })
  try {
    await pipeline(payload, count, createWriteStream(path))
  } catch (err) {
    await rm(dir, { recursive: true, force: true })
    throw err
  }
  return path
}

/** The export's own parameters; a list filter of the same name is renamed `<singular>_<name>` (relations' `type` is `relation_type`). */
const EXPORT_PARAMS = new Set(['type', 'format'])
const exportName = (collection: string, filter: string) => (EXPORT_PARAMS.has(filter) ? `${TYPE_OF_COLLECTION[collection as ResourceName]}_${filter}` : filter)

/** Every collection's list filters, as optional query parameters of the export (each is checked against `type` when used). */
function filterParams(app: FastifyInstance): Record<string, TSchema> {
  const byName = new Map<string, { collections: string[]; filter: string; description: string }>()
  for (const c of COLLECTIONS) {
    for (const [filter, f] of Object.entries(app.repos[c].list.spec.filters)) {
      const name = exportName(c, filter)
      const entry = byName.get(name) ?? { collections: [], filter, description: f.description }
      entry.collections.push(c)
      byName.set(name, entry)
    }
  }
  const out: Record<string, TSchema> = {}
  for (const [name, { collections, filter, description }] of byName) {
    out[name] = Type.Optional(
      Type.String({ minLength: 1, maxLength: 5000, description: `With type=${collections.join(' or ')}: the \`${filter}\` filter of that list endpoint (for ${collections[0]}: ${description})` }),
    )
  }
  return out
}

const ExportFormat = StringEnum(['ndjson', 'csv'] as const, { description: '`ndjson` (the default) or `csv` (one collection). `Accept: text/csv` asks for CSV too.' })

function wantsCsv(request: FastifyRequest, format: string | undefined): boolean {
  if (format) return format === 'csv'
  const accept = request.headers.accept ?? ''
  return accept.includes('text/csv') && !accept.includes(NDJSON)
}

const dataRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const limit = app.config.importBodyLimit
  const spooled = new WeakMap<FastifyRequest, string>()

  // NDJSON goes to a temporary file as it arrives and is then read a line at a
  // time inside one synchronous transaction: memory stays flat whatever the size.
  app.addContentTypeParser(NDJSON, async (request: FastifyRequest, payload: NodeJS.ReadableStream) => {
    const declared = Number(request.headers['content-length'])
    if (declared > limit) throw tooLarge(limit)
    const path = await spool(payload, limit)
    spooled.set(request, path)
    return path
  })
  const cleanUp = async (request: FastifyRequest) => {
    const path = spooled.get(request)
    if (!path) return
    spooled.delete(request)
    await rm(join(path, '..'), { recursive: true, force: true })
  }
  app.addHook('onResponse', cleanUp)
  app.addHook('onRequestAbort', cleanUp)

  app.post('/v1/import', {
    bodyLimit: limit,
    schema: {
      operationId: 'importRecords',
      tags: ['Data'],
      summary: 'Import records in bulk',
      description: [
        'Imports a bundle (`application/json`) or NDJSON (`application/x-ndjson`, one `ImportRecord` a line) in one transaction: all or nothing.',
        'Records refer to each other by their keys; a key seen before (above in the file, or in an earlier import) updates its record in place with the data as a merge patch, so importing a file twice creates no duplicates and bumps no versions.',
        'A key shaped like an id of the record\'s type becomes the id, so an export imports back with the same ids.',
        'When any record is invalid the answer is 422 with a report naming every bad record by line and JSON pointer, and nothing is written. `dry_run=true` checks everything and writes nothing.',
        'Bodies may be up to PARLEY_IMPORT_LIMIT bytes (64 MiB by default); NDJSON is read a line at a time. The import runs as one synchronous transaction, so the server answers no other request until it ends: send large files in parts, or use `npm run import`.',
      ].join(' '),
      querystring: Type.Object(
        { dry_run: Type.Optional(Type.Boolean({ default: false, description: 'Check every record and report, but write nothing.' })) },
        { additionalProperties: false },
      ),
      body: {
        content: {
          'application/json': { schema: ref(ImportBundle) },
          [NDJSON]: { schema: Type.String({ description: 'One ImportRecord as JSON on each line; blank lines are skipped.' }) },
        },
      },
      response: {
        200: { ...ref(ImportReport), description: 'Every record was valid; the report says what was (or, on a dry run, would be) created, updated and left unchanged.' },
        422: {
          description: 'Some records are invalid; `report.errors` lists each by line, pointer and message. Nothing was written.',
          content: { 'application/problem+json': { schema: ref(ImportProblem) } },
        },
        ...problemResponses(401, 403, 413, 415, ...COMMON_ERRORS),
      },
    },
    handler: async (request, reply) => {
      const { dry_run } = request.query
      const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
      let items: Iterable<ImportItem>
      if (type === NDJSON) items = ndjsonItems(readLinesSync(spooled.get(request)!))
      else if (type === 'application/json') items = bundleItems(request.body as Bundle) // a body schema per content type leaves request.body untyped
      else throw new ProblemError(415, 'unsupported_media_type', `Send a bundle as application/json or records as ${NDJSON}.`)
      // A big import runs for minutes with the socket silent: the client is
      // waiting for the report, not idle, so the idle timeout
      // (PARLEY_CONNECTION_TIMEOUT) must not destroy the socket meanwhile. A
      // 'timeout' listener on the response is what tells Node to keep it.
      const waiting = () => {}
      reply.raw.on('timeout', waiting)
      let report
      try {
        report = importRecords(app.repos, items, { dryRun: dry_run, ctx: writeContext(request) })
      } finally {
        // Before answering, so no temporary file outlives the request. The
        // timeout that expired during the import fires while this awaits.
        await cleanUp(request)
        reply.raw.off('timeout', waiting)
      }
      if (report.invalid > 0) {
        throw new ProblemError(422, 'import_invalid', `${report.invalid} of ${report.records} records are invalid; nothing was written. The report lists each by line and JSON pointer.`, { extra: { report } })
      }
      return reply.send(report)
    },
  })

  const filters = filterParams(app)
  const exportResponses = (what: string, ndjson: boolean) => ({
    200: {
      description: what,
      content: {
        ...(ndjson ? { [NDJSON]: { schema: ref(ImportRecord) } } : {}),
        'text/csv': { schema: ref(CsvTable) },
      },
    },
    ...problemResponses(401, 403, ...COMMON_ERRORS),
  })

  const sendExport = (reply: FastifyReply, collection: ResourceName | undefined, csv: boolean, query: Record<string, unknown>) => {
    const type = collection ? TYPE_OF_COLLECTION[collection] : undefined
    if (!type) {
      if (csv) throw badParameter('type', 'A CSV table holds one collection: name it with type=events (or another collection).')
      const first = Object.keys(query)[0]
      if (first) throw badParameter(first, `Filters apply to one collection: add type= to use ${first}.`)
    }
    if (collection) {
      for (const filter of EXPORT_PARAMS) {
        const renamed = exportName(collection, filter)
        if (renamed in query) {
          query[filter] = query[renamed]
          delete query[renamed]
        }
      }
    }
    checkExportQuery(app.repos, { type, query })
    const name = `parley-${collection ?? 'all'}`
    if (csv) {
      const info = RECORD_TYPE_INFO[type!]
      reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`)
      return reply.send(csvStream(type!, fromSnapshot(app.repos, (repos) => scanRecords(repos, info, query))))
    }
    reply.type(`${NDJSON}; charset=utf-8`).header('content-disposition', `attachment; filename="${name}.ndjson"`)
    return reply.send(Readable.from(ndjsonText(fromSnapshot(app.repos, (repos) => exportRecords(repos, { type, query }))), { objectMode: false }))
  }

  app.get('/v1/export', {
    schema: {
      operationId: 'exportRecords',
      tags: ['Data'],
      summary: 'Export records as NDJSON or CSV',
      description: [
        'Streams every record of every type, or of one collection (`type`) with the filters of its list endpoint, with constant memory, from one consistent snapshot.',
        'NDJSON lines are `ImportRecord`s in dependency order, keyed by id, so `POST /v1/import` of an export into an empty database recreates it and exports the same bytes.',
        'Versions and timestamps are not carried (a backup keeps them). A few references that point down the file are written at its end as a patch of the same key.',
        'CSV (`format=csv` or `Accept: text/csv`) needs `type`; see the CsvTable schema for how nested values are flattened.',
      ].join(' '),
      querystring: Type.Object(
        { type: Type.Optional(StringEnum(COLLECTIONS, { description: 'One collection; every one when left out.' })), format: Type.Optional(ExportFormat), ...filters },
        { additionalProperties: false },
      ),
      response: exportResponses('The records, streamed: NDJSON, one ImportRecord a line, or CSV.', true),
    },
    handler: async (request, reply) => {
      const { type, format, ...query } = request.query
      return sendExport(reply, type as ResourceName | undefined, wantsCsv(request, format), query)
    },
  })

  app.get('/v1/:collection.csv', {
    schema: {
      operationId: 'exportCollectionCsv',
      tags: ['Data'],
      summary: 'Export one collection as CSV',
      description: 'The whole collection (or the records matching the filters of its list endpoint) as a CSV table, streamed: the same as `/v1/export?type={collection}&format=csv`.',
      params: Type.Object({ collection: StringEnum(COLLECTIONS, { description: 'The collection.' }) }, { additionalProperties: false }),
      querystring: Type.Object(filters, { additionalProperties: false }),
      response: exportResponses('The records as CSV, streamed.', false),
    },
    handler: async (request, reply) => {
      const { collection } = request.params
      return sendExport(reply, collection, true, request.query)
    },
  })
}
export default dataRoutes
