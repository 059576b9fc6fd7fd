// Turns a user's `q` into an FTS5 query. FTS5 syntax (phrases in quotes,
// AND/OR/NOT, parentheses, prefix `*`) passes through; words with punctuation
// that FTS5 would reject (`U.S.`, `third-party`) are quoted for the user.
// What is still malformed (`AND` alone, `(foo`, `NEAR(`) SQLite refuses when
// the query runs; withFtsErrors turns that refusal into a 400 naming `q`.
import { badParameter } from '../lib/problem.js'

const BAREWORD = /^[\p{L}\p{N}_]+\*?$/u
const OPERATORS = new Set(['AND', 'OR', 'NOT'])

export function ftsQuery(q: string, parameter = 'q'): string {
  const text = q.trim()
  if (text.length === 0) throw badParameter(parameter, 'The search text is empty.')
  if (text.length > 500) throw badParameter(parameter, 'The search text is longer than 500 characters.')
  if ((text.match(/"/g)?.length ?? 0) % 2 === 1) throw badParameter(parameter, 'The search text has an unbalanced double quote.')
  const parts: string[] = []
  for (const m of text.matchAll(/"[^"]*"\*?|[()]|[^\s()"]+/g)) {
    const token = m[0]
    if (token.startsWith('"') || token === '(' || token === ')' || OPERATORS.has(token) || BAREWORD.test(token)) parts.push(token)
    else {
      const star = token.endsWith('*') ? '*' : ''
      const word = star ? token.slice(0, -1) : token
      // A token of punctuation alone (a stray `+` or `-`) matches nothing useful: refuse it.
      if (!/[\p{L}\p{N}]/u.test(word)) throw badParameter(parameter, `The search text has a stray ${JSON.stringify(token)}.`)
      parts.push(`"${word}"${star}`)
    }
  }
  return parts.join(' ')
}

/** True for the errors SQLite raises when running a malformed FTS5 query. */
export function isFtsSyntaxError(err: unknown): boolean {
  const msg = err instanceof Error ? err.message : ''
  return /^fts5: |unterminated string|unknown special query|malformed MATCH|^no such column: |^expected integer, got /i.test(msg)
}

/**
 * Runs a statement that matches the user's search text; an FTS5 syntax error
 * becomes a 400 naming the parameter. The one place such errors are mapped,
 * for collection lists and for /v1/search alike.
 */
export function withFtsErrors<T>(parameter: string, run: () => T): T {
  try {
    return run()
  } catch (err) {
    if (!isFtsSyntaxError(err)) throw err
    const near = /near "([^"]*)"/.exec((err as Error).message)?.[1]
    const where = near === undefined ? '' : near === '' ? ' (it ends too soon)' : ` (near ${JSON.stringify(near)})`
    throw badParameter(
      parameter,
      `The search text is not a valid query${where}. Put AND, OR and NOT between words, close every parenthesis and double quote, or put words in double quotes to search for them as they are.`,
    )
  }
}
