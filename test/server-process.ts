// Runs the real server (src/server.ts) as a child process on port 0, for the
// tests of signals, crashes and start-up: the port comes from its log line.
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { childEnv } from '../scripts/lib/child-env.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

export interface ServerProcess {
  child: ChildProcess
  url: string
  /** Parsed JSON log lines (stdout) so far. */
  logs: Record<string, unknown>[]
  /** Everything written to stdout and stderr so far. */
  stdout(): string
  stderr(): string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** The environment a child gets: no test-runner hooks (see childEnv), and no PARLEY_ setting but the test's. */
export function serverEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = childEnv()
  for (const k of Object.keys(base)) if (k.startsWith('PARLEY_')) delete base[k]
  return { ...base, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env }
}

/** Node arguments that run the server from its TypeScript sources. */
export const FROM_SOURCES = ['--import', 'tsx', 'src/server.ts']

/** Spawns the server; resolves once it listens (or rejects with its output if it exits first). */
export function spawnServer(env: Record<string, string>, timeoutMs = 90_000, args = FROM_SOURCES): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: serverEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  const logs: Record<string, unknown>[] = []
  let partial = ''
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the server did not start in ${timeoutMs} ms:\n${out}\n${err}`))
    }, timeoutMs)
    child.stderr!.on('data', (d) => (err += d))
    child.stdout!.on('data', (d: Buffer) => {
      out += d
      partial += d
      const lines = partial.split('\n')
      partial = lines.pop() ?? ''
      for (const line of lines) {
        let entry: Record<string, unknown>
        try {
          entry = JSON.parse(line)
        } catch {
          continue
        }
        logs.push(entry)
        const m = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(String(entry.msg))
        if (m) {
          clearTimeout(timer)
          resolve({ child, url: m[1], logs, stdout: () => out, stderr: () => err, exited })
        }
      }
    })
    void exited.then(({ code, signal }) => {
      clearTimeout(timer)
      reject(new Error(`the server exited (${code ?? signal}) before listening:\n${out}\n${err}`))
    })
  })
}
