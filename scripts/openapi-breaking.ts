// `npm run openapi:check`: fails when the OpenAPI document the code generates
// now breaks clients of the base document without the version bump the
// README's versioning policy asks for.
//
//   npm run openapi:check                       base: openapi.json as committed in git HEAD
//   npm run openapi:check -- --base FILE        base: a document on disk
//   npm run openapi:check -- --base-ref REF     base: openapi.json at a git ref (main, v0.1.0, ...)
//   npm run openapi:check -- --head FILE        head: a document on disk instead of the generated one
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { compatibility } from '../src/openapi-diff.js'
import { openApiDocument } from '../src/openapi-document.js'

const { values } = parseArgs({
  options: { base: { type: 'string' }, 'base-ref': { type: 'string' }, head: { type: 'string' } },
})

function readBase(): { doc: unknown; label: string } {
  if (values.base) return { doc: JSON.parse(readFileSync(values.base, 'utf8')), label: values.base }
  const ref = values['base-ref'] ?? 'HEAD'
  const text = execFileSync('git', ['show', `${ref}:openapi.json`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  return { doc: JSON.parse(text), label: `openapi.json at ${ref}` }
}

const base = readBase()
const head = values.head ? JSON.parse(readFileSync(values.head, 'utf8')) : await openApiDocument()
const result = compatibility(base.doc, head)

const compatible = result.changes.filter((c) => !c.breaking)
console.log(`Comparing ${values.head ?? 'the generated document'} (version ${result.headVersion}) with ${base.label} (version ${result.baseVersion}).`)
for (const c of result.breaking) console.log(`  BREAKING  ${c.kind}  ${c.where}\n            ${c.message}`)
if (compatible.length) console.log(`  ${compatible.length} compatible change(s): ${[...new Set(compatible.map((c) => c.kind))].join(', ')}.`)

if (result.breaking.length === 0) {
  console.log('No breaking changes.')
} else if (result.ok) {
  console.log(`${result.breaking.length} breaking change(s), allowed by the version bump ${result.baseVersion} -> ${result.headVersion}.`)
} else {
  console.error(
    `${result.breaking.length} breaking change(s) without a version bump. Either keep the change compatible, or bump "version" in package.json ` +
      '(the major version; the minor one while it is 0.x), say what broke in the changelog, then run `npm run openapi`. See "Versioning" in the README.',
  )
  process.exit(1)
}
