// Request validation. Bodies are validated strictly (no type coercion, no
// silent removal of unknown fields, every error reported); query strings and
// path parameters arrive as text, so they are coerced to the declared types.
import { Ajv, type Options } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { TSchema } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'

// ajv-formats ships CommonJS; under NodeNext its default export is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv

function makeAjv(options: Options, shared: TSchema[]): Ajv {
  const ajv = new Ajv({ removeAdditional: false, useDefaults: true, allErrors: true, strict: false, ...options })
  addFormats(ajv)
  for (const schema of shared) ajv.addSchema(schema)
  return ajv
}

/** The strict validator request bodies get; the importer checks each record with it too. */
export function makeBodyAjv(shared: TSchema[]): Ajv {
  return makeAjv({ coerceTypes: false }, shared)
}

export function installValidators(app: FastifyInstance, shared: TSchema[]): void {
  const body = makeBodyAjv(shared)
  const text = makeAjv({ coerceTypes: 'array' }, shared)
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? body : text).compile(schema))
}
