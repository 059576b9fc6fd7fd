// API key secrets and scopes. A secret is shown once, at creation; only its
// SHA-256 hash is stored, with a short prefix so people can tell keys apart.
import { createHash, randomBytes } from 'node:crypto'

export const API_SCOPES = ['read', 'write', 'admin'] as const
export type Scope = (typeof API_SCOPES)[number]

/** What a request needs: nothing, or a key with at least this scope. */
export type Requirement = Scope | 'none'

const RANK: Record<Scope, number> = { read: 1, write: 2, admin: 3 }

/** Scopes are ordered: read < write < admin; a key may do what any lower scope may. */
export function scopeAllows(have: Scope, need: Requirement): boolean {
  return need === 'none' || RANK[have] >= RANK[need]
}

export const SECRET_PREFIX = 'prly_'
const DISPLAY_LENGTH = SECRET_PREFIX.length + 6

/** A new secret: 32 random bytes, base64url, after a recognisable prefix (so secret scanners can find leaks). */
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64url')
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex')
}

/** The start of a secret, safe to show in lists and logs. */
export function displayPrefix(secret: string): string {
  return secret.slice(0, DISPLAY_LENGTH)
}

/** The id under which PARLEY_ADMIN_KEY appears in the change log. */
export const ENV_ADMIN_KEY_ID = 'key_env_admin'
