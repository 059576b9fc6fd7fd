// Opaque, tamper-evident cursors: the sort they belong to and the last row's
// sort key and id, signed so an edited cursor is refused rather than misread.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { badParameter } from '../lib/problem.js'

const SECRET = process.env.PARLEY_CURSOR_SECRET ?? 'parley-cursor-v1'

function sign(payload: string): string {
  return createHmac('sha256', SECRET).update(payload).digest('base64url').slice(0, 16)
}

export interface CursorState {
  /** The sort the cursor was made for. */
  s: string
  /** The last row's sort-key values, then its id. */
  k: (string | number)[]
  /** Direction, for collections that page both ways: 'n' for the next page, 'p' for the previous one. */
  d?: 'n' | 'p'
}

const isKeyValue = (v: unknown) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))

export function encodeCursor(state: CursorState): string {
  const payload = Buffer.from(JSON.stringify(state)).toString('base64url')
  return `${payload}.${sign(payload)}`
}

export function decodeCursor(cursor: string, parameter = 'cursor'): CursorState {
  const [payload, mac, extra] = cursor.split('.')
  // Compare bytes, not characters: a non-ASCII signature must not reach timingSafeEqual at another length.
  const given = Buffer.from(mac ?? '')
  const expected = Buffer.from(payload ? sign(payload) : '')
  if (!payload || extra !== undefined || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw badParameter(parameter, 'The cursor is malformed or has been altered; use next_cursor from a previous page as it is.')
  }
  try {
    const state = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as CursorState
    if (typeof state?.s !== 'string' || !Array.isArray(state.k) || !state.k.every(isKeyValue) || (state.d !== undefined && state.d !== 'n' && state.d !== 'p')) throw new Error('shape')
    return state
  } catch {
    throw badParameter(parameter, 'The cursor is malformed.')
  }
}
