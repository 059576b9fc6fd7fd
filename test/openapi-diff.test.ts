// The breaking-change comparer, on small hand-made document pairs: each kind
// of break is caught, compatible additions are not called breaking, and the
// version policy decides when a break is allowed.
import t from 'tap'
import { allowsBreakingChange, compatibility, diffOpenApi, type Change } from '../src/openapi-diff.js'

type Doc = Record<string, any>

/** A small API: list, get and create "things". */
function baseDoc(): Doc {
  return {
    openapi: '3.1.0',
    info: { title: 'Things', version: '1.2.0' },
    paths: {
      '/things': {
        get: {
          operationId: 'listThings',
          parameters: [
            { in: 'query', name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200 } },
            { in: 'query', name: 'kind', required: false, schema: { type: 'string' } },
            { in: 'header', name: 'If-None-Match', required: false, schema: { type: 'string' } },
          ],
          responses: { 200: { description: 'A page', content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingList' } } } } },
        },
        post: {
          operationId: 'createThing',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingCreate' } } } },
          responses: {
            201: { description: 'Created', headers: { Location: { schema: { type: 'string' } } }, content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
            400: { description: 'Bad', content: { 'application/problem+json': { schema: { type: 'object' } } } },
          },
        },
      },
      '/things/{id}': {
        get: {
          operationId: 'getThing',
          parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'string' } }],
          responses: {
            200: { description: 'A thing', headers: { ETag: { schema: { type: 'string' } } }, content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
            404: { description: 'Missing', content: { 'application/problem+json': { schema: { type: 'object' } } } },
          },
        },
      },
    },
    components: {
      schemas: {
        Kind: { type: 'string', enum: ['treaty', 'visit'] },
        Thing: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'name', 'kind', 'count', 'note', 'parts'],
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            kind: { $ref: '#/components/schemas/Kind' },
            count: { type: 'integer' },
            note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
            parts: { type: 'array', items: { $ref: '#/components/schemas/Thing' } },
          },
        },
        ThingCreate: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'kind'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            kind: { $ref: '#/components/schemas/Kind' },
            count: { type: 'integer' },
            note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
          },
        },
        ThingList: {
          type: 'object',
          required: ['data', 'next_cursor'],
          properties: { data: { type: 'array', items: { $ref: '#/components/schemas/Thing' } }, next_cursor: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
        },
      },
    },
  }
}

/** The changes after `edit`, as "kind where" lines, split by breaking or not. */
function changesAfter(edit: (d: Doc) => void) {
  const head = baseDoc()
  edit(head)
  const changes = diffOpenApi(baseDoc(), head)
  const line = (c: Change) => `${c.kind} ${c.where}`
  return { breaking: changes.filter((c) => c.breaking).map(line), compatible: changes.filter((c) => !c.breaking).map(line), changes }
}

const S = (d: Doc) => d.components.schemas

t.test('an unchanged document has no changes, even with its recursive schema', async (t) => {
  t.same(diffOpenApi(baseDoc(), baseDoc()), [])
})

t.test('breaking changes, one kind at a time', async (t) => {
  const cases: [string, (d: Doc) => void, string][] = [
    ['a removed operation', (d) => delete d.paths['/things'].post, 'operation-removed #/paths/~1things/post'],
    ['a renamed operationId', (d) => (d.paths['/things/{id}'].get.operationId = 'fetchThing'), 'operation-id-changed #/paths/~1things~1{id}/get'],
    ['a removed response field', (d) => delete S(d).Thing.properties.count, 'response-field-removed #/components/schemas/Thing/properties/count'],
    ['a response field no longer always present', (d) => (S(d).Thing.required = ['id', 'name', 'kind', 'note', 'parts']), 'response-field-optional #/components/schemas/Thing/properties/count'],
    ['a removed enum value', (d) => (S(d).Kind.enum = ['treaty']), 'enum-value-removed #/components/schemas/Kind'],
    ['a new required parameter', (d) => d.paths['/things'].get.parameters.push({ in: 'query', name: 'country', required: true, schema: { type: 'string' } }), 'parameter-required #/paths/~1things/get/parameters/query:country'],
    ['an optional parameter made required', (d) => (d.paths['/things'].get.parameters[1].required = true), 'parameter-required #/paths/~1things/get/parameters/query:kind'],
    ['a removed query parameter (unknown ones are refused)', (d) => d.paths['/things'].get.parameters.splice(1, 1), 'parameter-removed #/paths/~1things/get/parameters/query:kind'],
    ['an optional request field made required', (d) => S(d).ThingCreate.required.push('count'), 'request-field-required #/components/schemas/ThingCreate/properties/count'],
    [
      'a new required request field',
      (d) => {
        S(d).ThingCreate.properties.country = { type: 'string' }
        S(d).ThingCreate.required.push('country')
      },
      'request-field-required #/components/schemas/ThingCreate/properties/country',
    ],
    ['a request field removed from a closed body', (d) => delete S(d).ThingCreate.properties.note, 'request-field-removed #/components/schemas/ThingCreate/properties/note'],
    ['a changed response type', (d) => (S(d).Thing.properties.count = { type: 'string' }), 'type-changed #/components/schemas/Thing/properties/count'],
    ['a changed request type', (d) => (S(d).ThingCreate.properties.name = { type: 'integer' }), 'type-changed #/components/schemas/ThingCreate/properties/name'],
    ['a response field that may now be null', (d) => (S(d).Thing.properties.name = { anyOf: [{ type: 'string' }, { type: 'null' }] }), 'type-changed #/components/schemas/Thing/properties/name'],
    ['a request field no longer nullable', (d) => (S(d).ThingCreate.properties.note = { type: 'string' }), 'type-changed #/components/schemas/ThingCreate/properties/note'],
    ['an integer response field widened to number', (d) => (S(d).Thing.properties.count = { type: 'number' }), 'type-changed #/components/schemas/Thing/properties/count'],
    ['a tightened request limit', (d) => (S(d).ThingCreate.properties.name.maxLength = 50), 'constraint-tightened #/components/schemas/ThingCreate/properties/name'],
    ['a tightened parameter limit', (d) => (d.paths['/things'].get.parameters[0].schema.maximum = 100), 'constraint-tightened #/paths/~1things/get/parameters/query:limit'],
    ['a free-text parameter restricted to an enum', (d) => (d.paths['/things'].get.parameters[1].schema.enum = ['treaty']), 'enum-restricted #/paths/~1things/get/parameters/query:kind'],
    ['a removed success response', (d) => delete d.paths['/things/{id}'].get.responses[200], 'response-removed #/paths/~1things~1{id}/get/responses/200'],
    ['a removed response header', (d) => delete d.paths['/things/{id}'].get.responses[200].headers.ETag, 'response-header-removed #/paths/~1things~1{id}/get/responses/200/headers/ETag'],
    [
      'a request media type no longer accepted',
      (d) => {
        const body = d.paths['/things'].post.requestBody.content
        body['application/merge-patch+json'] = body['application/json']
        delete body['application/json']
      },
      'media-type-removed #/paths/~1things/post/requestBody/content/application/json',
    ],
    ['a removed request body', (d) => delete d.paths['/things'].post.requestBody, 'request-body-removed #/paths/~1things/post/requestBody'],
    [
      'a required body on an operation that had none',
      (d) => (d.paths['/things/{id}'].get.requestBody = { required: true, content: { 'application/json': { schema: { type: 'object' } } } }),
      'request-body-required #/paths/~1things~1{id}/get/requestBody',
    ],
    [
      'a success response no longer sent as JSON',
      (d) => (d.paths['/things/{id}'].get.responses[200].content = { 'text/csv': { schema: { type: 'string' } } }),
      'media-type-removed #/paths/~1things~1{id}/get/responses/200/content/application/json',
    ],
    ['an item type changed inside a list', (d) => (S(d).ThingList.properties.data.items = { type: 'string' }), 'type-changed #/components/schemas/ThingList/properties/data/items'],
  ]
  for (const [name, edit, expected] of cases) {
    const { breaking } = changesAfter(edit)
    t.ok(breaking.includes(expected), `${name}: ${expected}`, { found: breaking })
  }
})

t.test('compatible changes are reported but not breaking', async (t) => {
  const cases: [string, (d: Doc) => void, string][] = [
    ['an added operation', (d) => (d.paths['/things/{id}'].delete = { operationId: 'deleteThing', responses: { 204: { description: 'Gone' } } }), 'operation-added #/paths/~1things~1{id}/delete'],
    ['an added response field', (d) => (S(d).Thing.properties.country = { type: 'string' }), 'response-field-added #/components/schemas/Thing/properties/country'],
    ['an added optional request field', (d) => (S(d).ThingCreate.properties.country = { type: 'string' }), 'request-field-added #/components/schemas/ThingCreate/properties/country'],
    ['an added optional parameter', (d) => d.paths['/things'].get.parameters.push({ in: 'query', name: 'q', required: false, schema: { type: 'string' } }), 'parameter-added #/paths/~1things/get/parameters/query:q'],
    ['an added enum value', (d) => S(d).Kind.enum.push('call'), 'enum-value-added #/components/schemas/Kind'],
    ['an added error response', (d) => (d.paths['/things'].get.responses[429] = { description: 'Slow down' }), 'response-added #/paths/~1things/get/responses/429'],
    [
      'a field removed from a request body that tolerates unknown fields',
      (d) => {
        S(d).ThingCreate.additionalProperties = true
        delete S(d).ThingCreate.properties.note
      },
      'request-field-removed #/components/schemas/ThingCreate/properties/note',
    ],
    ['a removed header parameter (unknown headers are ignored)', (d) => d.paths['/things'].get.parameters.splice(2, 1), 'parameter-removed #/paths/~1things/get/parameters/header:if-none-match'],
  ]
  for (const [name, edit, expected] of cases) {
    const { breaking, compatible } = changesAfter(edit)
    t.same(breaking, [], `${name} breaks nothing`)
    t.ok(compatible.includes(expected), `${name} is reported: ${expected}`, { found: compatible })
  }

  const loosened = changesAfter((d) => {
    S(d).ThingCreate.properties.name.maxLength = 500 // a request limit loosened
    S(d).ThingCreate.properties.count = { type: 'number' } // a request type widened
    S(d).Thing.properties.note = { type: 'string' } // a response no longer null
    S(d).ThingCreate.required = ['name'] // a request field no longer required
  })
  t.same(loosened.breaking, [], 'accepting more and promising more break nothing')

  const errorsOnly = changesAfter((d) => {
    delete d.paths['/things/{id}'].get.responses[404]
    d.paths['/things'].post.responses[400].content = { 'application/json': { schema: { type: 'object' } } }
  })
  t.same(errorsOnly.breaking, [], 'error responses may come and go: clients handle any error status')

  const renamed = changesAfter((d) => {
    d.paths['/things/{thingId}'] = d.paths['/things/{id}']
    delete d.paths['/things/{id}']
    d.paths['/things/{thingId}'].get.parameters[0].name = 'thingId'
  })
  t.same(renamed.changes, [], 'renaming a path parameter changes nothing for a client')
})

t.test('the version policy: a major bump, or a minor one while 0.x', async (t) => {
  t.ok(allowsBreakingChange('1.2.0', '2.0.0'))
  t.notOk(allowsBreakingChange('1.2.0', '1.3.0'), 'a minor bump after 1.0 is not enough')
  t.notOk(allowsBreakingChange('1.2.0', '1.2.0'))
  t.ok(allowsBreakingChange('0.1.0', '0.2.0'), 'while 0.x, the minor version marks breaks')
  t.ok(allowsBreakingChange('0.9.3', '1.0.0'))
  t.notOk(allowsBreakingChange('0.1.0', '0.1.1'), 'a patch bump is never enough')
  t.notOk(allowsBreakingChange('2.0.0', '1.9.0'), 'going back is not a bump')
  t.notOk(allowsBreakingChange('garbage', '2.0.0'))

  const head = baseDoc()
  delete head.paths['/things'].post
  const blocked = compatibility(baseDoc(), head)
  t.equal(blocked.ok, false, 'a removed operation without a bump fails')
  t.equal(blocked.breaking.length, 1)
  head.info.version = '2.0.0'
  t.equal(compatibility(baseDoc(), head).ok, true, 'the same change with a major bump passes')
  const additive = baseDoc()
  additive.components.schemas.Thing.properties.country = { type: 'string' }
  t.equal(compatibility(baseDoc(), additive).ok, true, 'an addition needs no bump')
})
