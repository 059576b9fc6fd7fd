// The command-line twins: import, export, backup and restore on PARLEY_DB.
import t, { type Test } from 'tap'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { childEnv } from '../../scripts/lib/child-env.js'
import { makeApp } from '../helpers.js'
import { generatedLines, lines } from '../data-helpers.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

const run = promisify(execFile)

/** Runs `npm run NAME -- ARGS` (the script itself, without npm's banner) and returns its exit code and output. */
async function cli(name: string, args: string[], db: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', `${name}.ts`), ...args], {
      cwd: ROOT,
      env: childEnv({ PARLEY_DB: db }),
      maxBuffer: 64 * 1024 * 1024,
    })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

function tempDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

t.test('import, export, backup and restore from the command line', { timeout: 300_000 }, async (t) => {
  const dir = tempDir(t)
  const db = join(dir, 'parley.db')
  const file = join(dir, 'records.ndjson')
  const good = generatedLines(400)
  const bad = [...good]
  bad.splice(16, 0, JSON.stringify({ type: 'event', key: 'bad', data: { title: 'Bad', category: 'PARTY', status: 'occurred' } }))
  writeFileSync(file, bad.join('\n') + '\n')

  // A bad line: exit 1, the report names it, and nothing is written.
  const refused = await cli('import', [file], db)
  t.equal(refused.code, 1)
  t.match(refused.stderr, /line 17 \(bad\) \/data\/category: must be one of/)
  t.match(JSON.parse(refused.stdout), { invalid: 1, errors: [{ line: 17, pointer: '/data/category' }] })
  const dry = await cli('import', [file, '--dry-run'], db)
  t.equal(dry.code, 1)

  writeFileSync(file, good.join('\n') + '\n')
  const checked = await cli('import', [file, '--dry-run'], db)
  t.equal(checked.code, 0)
  t.match(checked.stderr, /Checked \(dry run, nothing written\)/)
  const imported = await cli('import', [file], db)
  t.equal(imported.code, 0, imported.stderr)
  t.match(JSON.parse(imported.stdout), { dry_run: false, records: good.length, invalid: 0 })
  t.match(imported.stderr, new RegExp(`importing: ${good.length}/${good.length} records \\(100%\\)`), 'plain progress lines off a terminal')
  const again = await cli('import', [file], db)
  t.match(JSON.parse(again.stdout), { created: 0, updated: 0, unchanged: good.length })

  // The export CLI writes what GET /v1/export serves.
  const exported = join(dir, 'export.ndjson')
  const ex = await cli('export', [exported], db)
  t.equal(ex.code, 0, ex.stderr)
  const app = await makeApp(t, { config: { dbPath: db } })
  t.equal(readFileSync(exported, 'utf8'), (await app.inject({ url: '/v1/export' })).body, 'CLI and API exports are the same bytes')
  const csv = await cli('export', ['--type', 'events', '--format', 'csv', '--filter', 'category=CONSULT'], db)
  t.equal(csv.stdout, (await app.inject({ url: '/v1/events.csv?category=CONSULT' })).body)
  await app.close()
  t.equal((await cli('export', ['--format', 'csv'], db)).code, 2, 'CSV needs --type')
  t.match((await cli('export', ['--type', 'events', '--filter', 'nope=1'], db)).stderr, /Unknown parameter "nope"/)

  // The export imports into an empty database from the command line too.
  const copy = join(dir, 'copy.db')
  t.equal((await cli('import', [exported], copy)).code, 0)
  t.equal((await cli('export', [], copy)).stdout, readFileSync(exported, 'utf8'))

  // Backup, then restore over a changed database.
  const backup = join(dir, 'backup.db')
  const b = await cli('backup', [backup], db)
  t.equal(b.code, 0, b.stderr)
  t.match(b.stderr, /integrity ok/)
  t.equal((await cli('backup', [backup], db)).code, 1, 'an existing file is not overwritten')
  writeFileSync(join(dir, 'junk.db'), 'not a database at all')
  const refusedRestore = await cli('restore', [join(dir, 'junk.db')], copy)
  t.equal(refusedRestore.code, 1)
  t.match(refusedRestore.stderr, /Refused: .*not a usable SQLite database/)
  const empty = join(dir, 'empty.db')
  const restored = await cli('restore', [backup], empty)
  t.equal(restored.code, 0, restored.stderr)
  t.equal(lines((await cli('export', [], empty)).stdout).length, lines(readFileSync(exported, 'utf8')).length)
})
