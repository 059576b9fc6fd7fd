// Configuration from the environment, with defaults that work out of the box.
export interface AppConfig {
  port: number
  host: string
  dbPath: string
  logLevel: string
  seed: boolean
  /** PARLEY_ADMIN_KEY: accepted as an admin API key when set (at least 32 characters). */
  adminKey: string | null
  /** PARLEY_SSE_HEARTBEAT (seconds, default 15): how often an idle change stream sends a comment line. */
  sseHeartbeatMs: number
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback
  return !['false', '0', 'no', 'off'].includes(value.toLowerCase())
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, not ${JSON.stringify(value)}`)
  return n
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return {
    port: int('PORT', env.PORT, 3000),
    host: env.HOST || '127.0.0.1',
    dbPath: env.PARLEY_DB || 'data/parley.db',
    logLevel: env.LOG_LEVEL || 'info',
    seed: bool(env.PARLEY_SEED, true),
    adminKey: env.PARLEY_ADMIN_KEY || null,
    sseHeartbeatMs: int('PARLEY_SSE_HEARTBEAT', env.PARLEY_SSE_HEARTBEAT, 15) * 1000,
  }
}
