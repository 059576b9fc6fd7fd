// Configuration from the environment, with defaults that work out of the box.
// Every limit has a safe default; README's configuration table documents each.
export interface AppConfig {
  port: number
  host: string
  dbPath: string
  logLevel: string
  seed: boolean
  /** PARLEY_ADMIN_KEY: accepted as an admin API key when set (at least 32 characters). */
  adminKey: string | null
  /** PARLEY_REQUIRE_READ_KEY: reads need a key with the read scope too. */
  requireReadKey: boolean
  /** PARLEY_RATE_LIMIT: requests per minute per API key (or per client address without one). */
  rateLimit: number
  /** PARLEY_BODY_LIMIT: the largest request body, in bytes. */
  bodyLimit: number
  /** PARLEY_CORS_ORIGINS: browser origins allowed to call the API; empty means same-origin only. */
  corsOrigins: string[]
  /** PARLEY_REQUEST_TIMEOUT: ms a client has to send a whole request. */
  requestTimeout: number
  /** PARLEY_CONNECTION_TIMEOUT: ms a socket may stay idle before it is closed. */
  connectionTimeout: number
  /** PARLEY_KEEP_ALIVE_TIMEOUT: ms an idle keep-alive connection is kept open. */
  keepAliveTimeout: number
  /** PARLEY_MAX_EVENT_LOOP_DELAY: ms of event-loop delay past which requests get 503. */
  maxEventLoopDelay: number
  /** PARLEY_TRUST_PROXY: trust X-Forwarded-For (behind a reverse proxy), so limits apply per real client. */
  trustProxy: boolean
  /** PARLEY_IDEMPOTENCY_TTL_HOURS: how long a POST's Idempotency-Key is remembered. */
  idempotencyTtlHours: number
  /** PARLEY_IMPORT_LIMIT: the largest body POST /v1/import accepts, in bytes (default 64 MiB). */
  importBodyLimit: number
  /** PARLEY_SSE_HEARTBEAT (seconds, default 15): how often an idle change stream sends a comment line. */
  sseHeartbeatMs: number
}

export const MIN_ADMIN_KEY_LENGTH = 32

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

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return checkConfig({
    port: int('PORT', env.PORT, 3000),
    host: env.HOST || '127.0.0.1',
    dbPath: env.PARLEY_DB || 'data/parley.db',
    logLevel: env.LOG_LEVEL || 'info',
    seed: bool(env.PARLEY_SEED, true),
    adminKey: env.PARLEY_ADMIN_KEY || null,
    requireReadKey: bool(env.PARLEY_REQUIRE_READ_KEY, false),
    rateLimit: int('PARLEY_RATE_LIMIT', env.PARLEY_RATE_LIMIT, 600),
    bodyLimit: int('PARLEY_BODY_LIMIT', env.PARLEY_BODY_LIMIT, 1_048_576),
    corsOrigins: list(env.PARLEY_CORS_ORIGINS),
    requestTimeout: int('PARLEY_REQUEST_TIMEOUT', env.PARLEY_REQUEST_TIMEOUT, 30_000),
    connectionTimeout: int('PARLEY_CONNECTION_TIMEOUT', env.PARLEY_CONNECTION_TIMEOUT, 120_000),
    keepAliveTimeout: int('PARLEY_KEEP_ALIVE_TIMEOUT', env.PARLEY_KEEP_ALIVE_TIMEOUT, 5_000),
    maxEventLoopDelay: int('PARLEY_MAX_EVENT_LOOP_DELAY', env.PARLEY_MAX_EVENT_LOOP_DELAY, 1_000),
    trustProxy: bool(env.PARLEY_TRUST_PROXY, false),
    idempotencyTtlHours: int('PARLEY_IDEMPOTENCY_TTL_HOURS', env.PARLEY_IDEMPOTENCY_TTL_HOURS, 24),
    importBodyLimit: int('PARLEY_IMPORT_LIMIT', env.PARLEY_IMPORT_LIMIT, 64 * 1024 * 1024),
    sseHeartbeatMs: int('PARLEY_SSE_HEARTBEAT', env.PARLEY_SSE_HEARTBEAT, 15) * 1000,
  })
}

/** Refuses settings that would leave the server unsafe; the message says what to fix. */
export function checkConfig(config: AppConfig): AppConfig {
  if (config.adminKey !== null && config.adminKey.length < MIN_ADMIN_KEY_LENGTH) {
    throw new Error(`PARLEY_ADMIN_KEY must be at least ${MIN_ADMIN_KEY_LENGTH} characters long (it has ${config.adminKey.length}); generate one with \`openssl rand -hex 32\`.`)
  }
  if (config.rateLimit < 1) throw new Error('PARLEY_RATE_LIMIT must be at least 1 request per minute.')
  if (config.bodyLimit < 1024) throw new Error('PARLEY_BODY_LIMIT must be at least 1024 bytes.')
  if (config.idempotencyTtlHours < 24) throw new Error('PARLEY_IDEMPOTENCY_TTL_HOURS must be at least 24: clients may retry a day later.')
  for (const origin of config.corsOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new Error(`PARLEY_CORS_ORIGINS lists ${JSON.stringify(origin)}; give origins such as https://dash.example.org (scheme and host, no path).`)
    }
  }
  return config
}
