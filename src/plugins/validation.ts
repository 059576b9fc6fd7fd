// Request validation. Bodies are validated strictly (no type coercion, no
// silent removal of unknown fields, every error reported); query strings and
// path parameters arrive as text, so they are coerced to the declared types.
import { Ajv, type Options, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { TSchema } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { noteCompile } from '../lib/first-use-compiles.js'

// ajv-formats ships CommonJS; under NodeNext its default export is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv

// Checking each schema against the JSON Schema meta-schema compiles the
// meta-schema itself, a quarter of a second per Ajv instance at every start;
// the schemas are fixed at build time, so test/schemas-valid.test.ts checks
// them once instead (makeAjv's validateSchema option is for that test).
function makeAjv(options: Options, shared: TSchema[]): Ajv {
  const ajv = new Ajv({ removeAdditional: false, useDefaults: true, allErrors: true, strict: false, validateSchema: false, ...options })
  addFormats(ajv)
  for (const schema of shared) ajv.addSchema(schema)
  return ajv
}

/** The strict validator request bodies get; the importer checks each record with it too. */
export function makeBodyAjv(shared: TSchema[], options: Options = {}): Ajv {
  return makeAjv({ coerceTypes: false, ...options }, shared)
}

/**
 * A validator that Ajv compiles when it is first used. Compiling every route's
 * schemas took about a second of each start, mostly for routes a process never
 * serves. Fastify reads `schemaEnv` (to pass the parent data) and `errors` off
 * the function, so both come from the compiled one.
 */
function compileOnFirstUse(ajv: Ajv, schema: object): ValidateFunction {
  let compiled: ValidateFunction | undefined
  const get = () => {
    if (!compiled) {
      compiled = ajv.compile(schema)
      noteCompile()
    }
    return compiled
  }
  const validate = ((data: unknown, context?: Parameters<ValidateFunction>[1]) => get()(data, context)) as ValidateFunction
  Object.defineProperties(validate, {
    schemaEnv: { get: () => get().schemaEnv },
    errors: { get: () => compiled?.errors ?? null },
  })
  return validate
}

export function installValidators(app: FastifyInstance, shared: TSchema[]): void {
  const body = makeBodyAjv(shared)
  const text = makeAjv({ coerceTypes: 'array' }, shared)
  app.setValidatorCompiler(({ schema, httpPart }) => compileOnFirstUse(httpPart === 'body' ? body : text, schema))
}
