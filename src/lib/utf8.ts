// Finding where bytes stop being UTF-8. Node's isUtf8 answers the common case
// (valid) natively; only a body that fails it is walked here, to name the byte.
import { isUtf8 } from 'node:buffer'
import { ProblemError } from './problem.js'

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence, or -1 when all of it is valid. */
export function invalidUtf8Offset(buf: Uint8Array): number {
  if (isUtf8(buf)) return -1
  const n = buf.length
  let i = 0
  while (i < n) {
    const b = buf[i]!
    if (b < 0x80) {
      i++
      continue
    }
    let need: number
    let lo = 0x80
    let hi = 0xbf
    if (b >= 0xc2 && b <= 0xdf) need = 1
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2
      if (b === 0xe0) lo = 0xa0
      else if (b === 0xed) hi = 0x9f
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3
      if (b === 0xf0) lo = 0x90
      else if (b === 0xf4) hi = 0x8f
    } else return i
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k]
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i
    }
    i += need + 1
  }
  return -1
}

const hex = (b: number | undefined) => (b === undefined ? '' : ` (0x${b.toString(16).toUpperCase().padStart(2, '0')})`)

/** A 400 naming the byte where the text stops being UTF-8. */
export function invalidEncoding(byte: number | undefined, offset: number, where = 'The body', extra: Record<string, unknown> = {}): ProblemError {
  return new ProblemError(400, 'invalid_encoding', `${where} is not valid UTF-8: the byte at offset ${offset}${hex(byte)} does not begin a valid sequence.`, {
    extra: { offset, ...extra },
  })
}
