// The server's Ajv instances skip checking schemas against the JSON Schema
// meta-schema (it costs a quarter of a second at each start), so this checks
// every shared schema once, with the same options and the check switched on.
import t from 'tap'
import { makeBodyAjv } from '../../src/plugins/validation.js'
import { namedSchemas } from '../../src/schemas/index.js'

t.test('every named schema is a valid JSON Schema', async (t) => {
  const ajv = makeBodyAjv(namedSchemas, { validateSchema: true })
  for (const schema of namedSchemas) t.ok(ajv.validateSchema(schema), `${schema.$id}: ${ajv.errorsText(ajv.errors)}`)
})

t.test('a schema that breaks the meta-schema is caught', async (t) => {
  t.throws(() => makeBodyAjv([{ $id: 'Broken', type: 'object', required: 'name' } as never], { validateSchema: true }), /schema is invalid/)
})
