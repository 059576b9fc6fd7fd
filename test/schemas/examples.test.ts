// The OpenAPI examples: drawn from the seed as the API answers it, kept in
// step with the code, valid against their schemas, and shown in the document.
import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import t from 'tap'
import { buildSeedExamples } from '../../scripts/lib/seed-examples.js'
import { openApiDocument } from '../../src/openapi-document.js'
import { namedSchemas } from '../../src/schemas/index.js'

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv

const committed = JSON.parse(readFileSync(new URL('../../src/schemas/examples.json', import.meta.url), 'utf8'))

t.test('examples.json is what the seed and the API give now', async (t) => {
  t.same(committed, await buildSeedExamples(), 'src/schemas/examples.json is stale: run `npm run examples`, then `npm run openapi`')
})

t.test('every example is valid against its schema', async (t) => {
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats(ajv)
  for (const s of namedSchemas) ajv.addSchema(s)
  for (const [name, example] of Object.entries(committed.schemas)) {
    const validate = ajv.getSchema(name)
    if (!validate) {
      t.fail(`no schema named ${name}`)
      continue
    }
    t.ok(validate(example), `${name} example`, { errors: validate.errors })
  }
  const problem = ajv.getSchema('Problem')!
  for (const [status, example] of Object.entries<{ status: number }>(committed.problems)) {
    t.ok(problem(example), `the ${status} problem example is a Problem`, { errors: problem.errors })
    t.equal(example.status, Number(status), `the ${status} example says ${status}`)
  }
})

t.test('examples come from the seed and refer to each other', async (t) => {
  const { schemas } = committed
  t.equal(schemas.Event.title, 'Smith meets President Lukashenko', 'the event example is a seeded event')
  t.equal(schemas.Actor.slug, 'aleksandr-lukashenko')
  const ids = new Set(Object.values<{ id?: string }>(schemas).map((e) => e.id).filter(Boolean))
  t.ok(ids.has(schemas.Term.deal_id), "the term example belongs to the deal example")
  t.ok(ids.has(schemas.Event.citations[0].source_id), "the event example cites the source example")
  t.ok(schemas.Event.participants.some((p: { actor_id: string }) => p.actor_id === schemas.Actor.id), 'the actor example takes part in the event example')
  t.ok(schemas.Term.links.length > 0 && schemas.Term.stances.length > 0, 'the term example has links and stances')
  t.match(schemas.Event.id, /^evt_[0-7][0-9a-hjkmnp-tv-z]{25}$/, 'ids look like real TypeIDs')
  t.equal(schemas.EventCreate.participants[0].actor_id, 'christopher-w-smith', 'create bodies may name actors by slug')
})

t.test('the document shows the examples', async (t) => {
  const doc = await openApiDocument()
  t.same(doc.components.schemas.Event.examples, [committed.schemas.Event], 'on the component')
  const notFound = doc.paths['/v1/events/{id}'].get.responses['404'].content['application/problem+json']
  t.same(notFound.example, committed.problems['404'], 'on each error response')
  const id = doc.paths['/v1/events/{id}'].get.parameters.find((p: { in: string }) => p.in === 'path')
  t.equal(id.example, committed.schemas.Event.id, 'on the path parameter')
})
