// Turns a user's `q` into an FTS5 query. FTS5 syntax (phrases in quotes,
// AND/OR/NOT, parentheses, prefix `*`) passes through; words with punctuation
// that FTS5 would reject (`U.S.`, `third-party`) are quoted for the user.
// What is still malformed (`AND` alone, `(foo`, `NEAR(`) SQLite refuses when
// the query runs; withFtsErrors turns that refusal into a 400 naming `q`.
import { badParameter } from '../lib/problem.js'
import type { Store } from '../db/store.js'

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

/**
 * How a collection list keeps only the rows matching `q`. A list is sorted by
 * a column, not by the index's rowid, so the cost depends on how many rows
 * match (M) out of the table (N):
 * - `lookup`: read every match, fetch its row by rowid and sort them; cheap
 *   when few match, O(M) row reads when many do.
 * - `walk`: read the matches' rowids into a set once (no row reads), then walk
 *   the sort index and keep the rows in the set until the page is full:
 *   O(M) cheap inserts plus about limit·N/M index steps.
 * - `probe`: walk the sort index and ask the index about each row (rowid =
 *   and MATCH), stopping when the page is full: about limit·N/M probes, for
 *   terms so common that reading all their matches is the larger cost. Not for
 *   prefix queries (`luka*`), which FTS5 answers by merging every matching
 *   term's list at each probe.
 * All three return the same rows in the same order; only the cost differs.
 * When `q` is the only filter and the list is sorted by id while the table's
 * id order is its pk order (fts-id-order.ts), no plan is estimated: the page
 * is the index's first matches in rowid order.
 * Otherwise, when `q` is the only filter and at least `rangeDensity` of the rows match,
 * a walk or probe is served by a range walk
 * (fts-range-walk.ts): the sort index a chunk at a time, asking the FTS index
 * only about the rowids between the chunk's lowest and highest, which is
 * about the page's own cost when the sort follows the order rows were
 * written in; it turns back into the walk or probe when it does not.
 */
export type FtsPlan = 'lookup' | 'walk' | 'probe'

export const FTS_PLANNING = {
  /** Fewer matches than this: lookup. Also how many matches the estimate reads at most. */
  sample: 1000,
  /** At least this share of the table matching (and no prefix): probe. */
  probeDensity: 0.08,
  /** A prefix word standing for more index terms than this is left a prefix (0: never expand). */
  maxExpansion: 12,
  /** Serve walks and probes of `q` alone by a range walk when at least this share of the rows match (a rarer word's page spans more of the sort index than reading its matches costs; above 1: never). */
  rangeDensity: 0.02,
  /** A range walk asks by range while a chunk's rowids span at most this many times its length. */
  rangeSpan: 4,
  /** Serve `q` alone sorted by id from the index's rowid order while the table's ids follow its pks (false: never). */
  idOrder: true,
}

/**
 * Chooses the plan from the rowid of the `sample`-th match in rowid order,
 * which FTS5 reaches without reading the rest: none means few matches, and
 * how far into the table it lies says how dense the matches are.
 * `alone` is false when other filters narrow the rows too: a probe's walk
 * could then go on far past the page, so only lookup and walk are used.
 */
export function chooseFtsPlan(store: Store, ftsTable: string, contentTable: string, match: string, alone: boolean): FtsPlan {
  return estimateFts(store, ftsTable, contentTable, match, alone).plan
}

/** The plan, and the estimated share of the table's rows that match (null when not estimated: few match, or other filters narrow them). */
function estimateFts(store: Store, ftsTable: string, contentTable: string, match: string, alone: boolean): { plan: FtsPlan; density: number | null } {
  const { sample, probeDensity } = FTS_PLANNING
  const nth = store.stmt<{ rowid: number }>(`SELECT rowid FROM ${ftsTable} WHERE ${ftsTable} MATCH ? ORDER BY rowid LIMIT 1 OFFSET ?`).get(match, sample - 1)
  if (!nth) return { plan: 'lookup', density: null }
  if (!alone) return { plan: 'walk', density: null }
  // min() alone reads one end of the table (with max() beside it, SQLite would scan).
  const { lo } = store.stmt<{ lo: number | null }>(`SELECT min(rowid) AS lo FROM ${contentTable}`).get()!
  if (lo === null) return { plan: 'lookup', density: null }
  const density = sample / (nth.rowid - lo + 1)
  if (/\*/.test(match.replace(/"[^"]*"(?!\*)/g, ''))) return { plan: 'walk', density }
  return { plan: density >= probeDensity ? 'probe' : 'walk', density }
}

/** The WHERE condition for a plan, over `t.pk`, taking the FTS5 query as its one parameter. */
export function ftsCondition(plan: FtsPlan, ftsTable: string): string {
  switch (plan) {
    case 'lookup':
      return `t.pk IN (SELECT rowid FROM ${ftsTable} WHERE ${ftsTable} MATCH ?)`
    case 'walk':
      // The unary + keeps SQLite from looking rows up by rowid: it walks the
      // sort index and tests membership in the subquery's result, built once.
      return `+t.pk IN (SELECT rowid FROM ${ftsTable} WHERE ${ftsTable} MATCH ?)`
    case 'probe':
      return `EXISTS (SELECT 1 FROM ${ftsTable} WHERE ${ftsTable} MATCH ? AND rowid = t.pk)`
  }
}

/** Prefixes FTS5 can expand from its vocabulary exactly: ASCII only, so folding is lowercasing. */
const ASCII_PREFIX = /^[A-Za-z0-9_]{4,}\*$/
const vocabTables = new WeakMap<object, Set<string>>()

/**
 * A temporary fts5vocab table over the index, of the `instance` kind: one row
 * per occurrence, in term order. Its first row at or after a string is one
 * seek away; the `row` kind would count every document of each term it
 * returns first (the whole doclist: milliseconds for a common word).
 */
function vocabTable(store: Store, ftsTable: string): string {
  const name = `${ftsTable}_vocab_instance`
  let made = vocabTables.get(store.sqlite)
  if (!made) vocabTables.set(store.sqlite, (made = new Set()))
  if (!made.has(name)) {
    // Temporary: it holds nothing (it reads the index), so it needs no migration and lives with the connection.
    store.sqlite.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.${name} USING fts5vocab(main, ${ftsTable}, instance)`)
    made.add(name)
  }
  return `temp.${name}`
}

/** The index's terms from `from` up to (not including) `before`, at most `max`, each found by one seek. */
function termsBetween(store: Store, ftsTable: string, from: string, before: string, max: number): string[] {
  const first = store.stmt<{ term: string }>(`SELECT term FROM ${vocabTable(store, ftsTable)} WHERE term >= ? AND term < ? LIMIT 1`)
  const found: string[] = []
  let at = from
  while (found.length < max) {
    const row = first.get(at, before)
    if (!row) break
    found.push(row.term)
    // The least string after the term: the next seek skips the rest of its occurrences.
    at = `${row.term}\u0000`
  }
  return found
}

/**
 * Replaces each prefix word (`sanction*`) by the terms of the index it
 * stands for (`(sanction OR sanctions)`), when there are at most
 * `maxExpansion` of them. The same rows match; but FTS5 answers a prefix by
 * merging every matching term's list each time it is asked, which makes
 * probing a prefix cost O(matches) per row, while a few plain terms are
 * probed like one. Prefixes of 2 or 3 characters have prefix indexes of
 * their own and are left alone, as are queries with NEAR groups.
 */
export function expandPrefixes(store: Store, ftsTable: string, match: string): string {
  const { maxExpansion } = FTS_PLANNING
  if (maxExpansion === 0 || !match.includes('*') || /\bNEAR\b/.test(match)) return match
  const tokens = match.split(' ')
  if (!tokens.some((t) => ASCII_PREFIX.test(t))) return match
  const out: string[] = []
  const operand = (t: string | undefined) => t !== undefined && t !== '(' && t !== ')' && !OPERATORS.has(t)
  tokens.forEach((token, i) => {
    let text = token
    if (ASCII_PREFIX.test(token)) {
      const prefix = token.slice(0, -1).toLowerCase()
      // The first string after every term starting with the prefix.
      const after = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)
      const found = termsBetween(store, ftsTable, prefix, after, maxExpansion + 1)
      if (found.length === 1) text = found[0]
      else if (found.length > 1 && found.length <= maxExpansion) {
        // FTS5 takes no implicit AND next to parentheses: spell it out.
        text = `${operand(out[out.length - 1]) ? 'AND ' : ''}(${found.join(' OR ')})${operand(tokens[i + 1]) ? ' AND' : ''}`
      }
    }
    out.push(text)
  })
  return out.join(' ')
}

/**
 * The list filter for `q`: the user's text as FTS5 syntax and the condition
 * of the plan chosen for it. A malformed query is a 400 naming the parameter.
 */
export function ftsFilter(
  store: Store,
  ftsTable: string,
  contentTable: string,
  parameter: string,
  q: string,
  alone: boolean,
  estimate = true,
): { cond: string; param: string; plan: FtsPlan; density: number | null } {
  const match = expandPrefixes(store, ftsTable, ftsQuery(q, parameter))
  // Not estimated when the caller reads the page another way: its SQL then serves the total (lookup counts the matches
  // without scanning the table) and a page only if that way stops holding in the meantime.
  const { plan, density } = estimate ? withFtsErrors(parameter, () => estimateFts(store, ftsTable, contentTable, match, alone)) : { plan: 'lookup' as const, density: null }
  return { cond: ftsCondition(plan, ftsTable), param: match, plan, density }
}
