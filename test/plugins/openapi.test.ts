import { readFileSync } from 'node:fs'
import t from 'tap'
import { openApiDocument } from '../../src/openapi-document.js'

const METHODS = ['get', 'post', 'put', 'patch', 'delete']

t.test('the committed openapi.json matches what the code generates', async (t) => {
  const committed = JSON.parse(readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8'))
  const generated = await openApiDocument()
  t.same(committed, JSON.parse(JSON.stringify(generated)), 'openapi.json is stale: run `npm run openapi` and commit it')
})

t.test('every operation has a unique operationId and a tag; no component is named def-N', async (t) => {
  const doc = await openApiDocument()
  t.equal(doc.openapi, '3.1.0')
  const ids = new Set<string>()
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const m of METHODS) {
      const op = item[m]
      if (!op) continue
      t.ok(op.operationId, `${m} ${path} has an operationId`)
      t.notOk(ids.has(op.operationId), `${op.operationId} is unique`)
      ids.add(op.operationId)
      t.ok(op.tags?.length, `${op.operationId} has a tag`)
    }
  }
  for (const name of Object.keys(doc.components.schemas)) t.notMatch(name, /^def-\d+$/, `${name} is a real name`)
  t.ok(ids.size >= 40, `${ids.size} operations`)
})
