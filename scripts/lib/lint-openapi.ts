// Runs both OpenAPI linters (Redocly with redocly.yaml, Spectral with
// .spectral.yaml) on a document and returns their findings in one shape.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { childEnv } from './child-env.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const bin = (name: string) => `${ROOT}node_modules/.bin/${name}`

export interface Finding {
  tool: 'redocly' | 'spectral'
  rule: string
  severity: 'error' | 'warning' | 'info' | 'hint'
  message: string
  /** JSON pointer into the document. */
  where: string
}

/** Runs a CLI that exits non-zero when it finds errors: its exit code is not a failure to run. */
function run(file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd: ROOT, env: childEnv(env), maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (stdout.trim()) resolve(stdout)
      else reject(new Error(`${file} ${args.join(' ')} printed nothing: ${err?.message ?? ''}\n${stderr}`))
    })
  })
}

const pointer = (path: (string | number)[]) => '#/' + path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')

export async function redoclyLint(document: string): Promise<Finding[]> {
  // Telemetry off: CI and tests must not phone home.
  const out = await run(bin('redocly'), ['lint', document, '--config', `${ROOT}redocly.yaml`, '--format=json'], {
    REDOCLY_TELEMETRY: 'off',
    REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  })
  const report = JSON.parse(out.slice(out.indexOf('{'))) as {
    problems: { ruleId: string; severity: 'error' | 'warn'; message: string; location: { pointer: string }[] }[]
  }
  return report.problems.map((p) => ({
    tool: 'redocly',
    rule: p.ruleId,
    severity: p.severity === 'warn' ? 'warning' : p.severity,
    message: p.message,
    where: p.location[0]?.pointer ?? '#',
  }))
}

const SPECTRAL_SEVERITY = ['error', 'warning', 'info', 'hint'] as const

export async function spectralLint(document: string): Promise<Finding[]> {
  const out = await run(bin('spectral'), ['lint', document, '--ruleset', `${ROOT}.spectral.yaml`, '--format', 'json', '--quiet'])
  const results = JSON.parse(out) as { code: string; severity: number; message: string; path: (string | number)[] }[]
  return results.map((r) => ({ tool: 'spectral', rule: r.code, severity: SPECTRAL_SEVERITY[r.severity] ?? 'error', message: r.message, where: pointer(r.path) }))
}

export async function lintOpenApi(document: string): Promise<Finding[]> {
  const [redocly, spectral] = await Promise.all([redoclyLint(document), spectralLint(document)])
  return [...redocly, ...spectral]
}
