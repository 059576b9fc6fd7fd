// `npm run lint:openapi [file]`: Redocly and Spectral on openapi.json (or the
// file given). Exits 1 when either reports an error.
import { lintOpenApi } from './lib/lint-openapi.js'

const file = process.argv[2] ?? 'openapi.json'
const findings = await lintOpenApi(file)
for (const f of findings) console.log(`${f.severity.padEnd(7)} ${f.tool.padEnd(8)} ${f.rule}  ${f.where}\n        ${f.message}`)
const count = (s: string) => findings.filter((f) => f.severity === s).length
console.log(`${file}: ${count('error')} errors, ${count('warning')} warnings (redocly.yaml, .spectral.yaml)`)
process.exit(count('error') > 0 ? 1 : 0)
