// Writes the OpenAPI document the app generates to openapi.json (committed,
// so reviewers and SDK generators see the contract; a test keeps it in step).
import { writeFileSync } from 'node:fs'
import { openApiDocument } from '../src/openapi-document.js'

const doc = await openApiDocument()
writeFileSync(new URL('../openapi.json', import.meta.url), JSON.stringify(doc, null, 2) + '\n')
console.log(`openapi.json: ${Object.keys(doc.paths ?? {}).length} paths`)
