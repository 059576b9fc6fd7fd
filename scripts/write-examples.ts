// Writes src/schemas/examples.json: the OpenAPI examples, drawn from the seed
// data set as the API answers it (committed; a test keeps it in step).
import { writeFileSync } from 'node:fs'
import { buildSeedExamples } from './lib/seed-examples.js'

const examples = await buildSeedExamples()
writeFileSync(new URL('../src/schemas/examples.json', import.meta.url), JSON.stringify(examples, null, 2) + '\n')
console.log(`examples.json: ${Object.keys(examples.schemas).length} schema examples, ${Object.keys(examples.problems).length} problem examples`)
