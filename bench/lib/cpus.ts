// Pins processes to cores with taskset, where the machine has it and more than one core.
import { execFileSync } from 'node:child_process'
import { availableParallelism } from 'node:os'

let hasTaskset: boolean | null = null

export function tasksetAvailable(): boolean {
  if (hasTaskset === null) {
    try {
      execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' })
      hasTaskset = availableParallelism() > 1
    } catch {
      hasTaskset = false
    }
  }
  return hasTaskset
}

/** The command and arguments that run `cmd args` on the given cores (a taskset list such as "0" or "1-3"). */
export function pinned(cpu: string | null, cmd: string, args: string[]): [string, string[]] {
  if (cpu === null || !tasksetAvailable()) return [cmd, args]
  return ['taskset', ['-c', cpu, cmd, ...args]]
}

/** Server on the first core, load generator on the rest. */
export function defaultCpus(): { server: string | null; load: string | null } {
  const n = availableParallelism()
  if (n < 2 || !tasksetAvailable()) return { server: null, load: null }
  return { server: '0', load: n === 2 ? '1' : `1-${n - 1}` }
}

/**
 * Moves this process (every thread) to the load cores: the jobs (export, import,
 * paging) are driven from here, and left to the scheduler they shared the
 * server's core in some runs, which showed as the server idling mid-export.
 * Children started afterwards pin themselves (pinned()), so the servers stay put.
 */
export function pinSelf(cpu: string | null): void {
  if (cpu === null || !tasksetAvailable()) return
  execFileSync('taskset', ['-a', '-p', '-c', cpu, String(process.pid)], { stdio: 'ignore' })
}
