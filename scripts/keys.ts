// Manages API keys on the database named by PARLEY_DB, for operators with
// access to the machine (no server needed):
//   npm run keys -- create --name dashboard --scope read
//   npm run keys -- list
//   npm run keys -- revoke key_01...
import { parseArgs } from 'node:util'
import { loadConfig } from '../src/config.js'
import { openDatabase } from '../src/db/client.js'
import { runMigrations } from '../src/db/migrate.js'
import { API_SCOPES, type Scope } from '../src/lib/api-keys.js'
import { KeysRepository } from '../src/keys/repository.js'
import { Store } from '../src/db/store.js'

const USAGE = `usage:
  npm run keys -- create --name NAME --scope read|write|admin
  npm run keys -- list
  npm run keys -- revoke KEY_ID`

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`)
  process.exit(2)
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, scope: { type: 'string' }, json: { type: 'boolean', default: false } },
})
const [command, ...rest] = positionals
if (!command) fail('no command given')

const config = loadConfig()
const handle = openDatabase(config.dbPath)
try {
  runMigrations(handle)
  const keys = new KeysRepository(new Store(handle))
  switch (command) {
    case 'create': {
      const name = values.name?.trim()
      if (!name || name.length > 100) fail('--name is required (1 to 100 characters)')
      const scope = values.scope ?? 'read'
      if (!(API_SCOPES as readonly string[]).includes(scope)) fail(`--scope must be one of ${API_SCOPES.join(', ')}`)
      const key = keys.create(name, scope as Scope)
      if (values.json) process.stdout.write(`${JSON.stringify(key)}\n`)
      else process.stdout.write(`created ${key.id} (${key.scope}) "${key.name}"\nsecret, shown only now: ${key.secret}\n`)
      break
    }
    case 'list': {
      const all = []
      let cursor: string | undefined
      do {
        const page = keys.list(200, cursor)
        all.push(...page.data)
        cursor = page.next_cursor ?? undefined
      } while (cursor)
      if (values.json) process.stdout.write(`${JSON.stringify(all)}\n`)
      else for (const k of all) process.stdout.write(`${k.id}  ${k.scope.padEnd(5)}  ${k.prefix}…  ${k.revoked_at ? `revoked ${k.revoked_at}` : 'active'}  ${k.name}\n`)
      break
    }
    case 'revoke': {
      const id = rest[0] ?? fail('revoke needs a key id')
      const key = keys.revoke(id)
      if (!key) {
        process.stderr.write(`no key has the id ${id}\n`)
        process.exitCode = 1
      } else process.stdout.write(`revoked ${key.id} at ${key.revoked_at}\n`)
      break
    }
    default:
      fail(`unknown command ${command}`)
  }
} finally {
  handle.close()
}
