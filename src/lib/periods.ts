// Calendar intervals for counts over time. Stored periods come from fuzzy
// dates: 'YYYY-MM' for a month- or day-precise date, 'YYYY' for a
// year-precise one, '' for none. A count goes in the interval of its date's
// first day, and only when the date is at least as precise as the interval:
// a date known only to the year is never put in a month (Parley does not
// invent precision), it is reported apart as coarser.
import { parseFuzzyDate } from './fuzzy-date.js'

export const INTERVALS = ['month', 'quarter', 'year'] as const
export type Interval = (typeof INTERVALS)[number]

export interface Bucket {
  /** `2025-02`, `2025-Q1` or `2025`. */
  period: string
  /** First and last day of the period. */
  start: string
  end: string
}

const pad = (n: number) => String(n).padStart(2, '0')
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
/** Gregorian: every fourth year is a leap year, but not centuries, unless divisible by 400. (No Date: a dyad series works out hundreds.) */
const lastDay = (year: number, month: number) => (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : MONTH_DAYS[month - 1])

/** The interval a stored period falls in, or null when the period is coarser than the interval (or undated). */
export function bucketOf(stored: string, interval: Interval): Bucket | null {
  if (stored.length === 4) return interval === 'year' ? yearBucket(Number(stored)) : null
  if (stored.length !== 7) return null
  const year = Number(stored.slice(0, 4))
  const month = Number(stored.slice(5, 7))
  if (interval === 'year') return yearBucket(year)
  if (interval === 'quarter') return quarterBucket(year, Math.floor((month - 1) / 3) + 1)
  return { period: stored, start: `${stored}-01`, end: `${stored}-${pad(lastDay(year, month))}` }
}

/** The bucket a key of bucketKeySql names (`2025-02`, `2025-Q1`, `2025`). */
export function bucketFromKey(key: string, interval: Interval): Bucket {
  if (interval === 'quarter') return quarterBucket(Number(key.slice(0, 4)), Number(key.slice(6)))
  return bucketOf(key, interval)!
}

/**
 * SQL that turns a stored period column into its interval's key: '' for
 * undated, '~YYYY' for a year-precise period finer intervals cannot hold
 * (reported as coarser), else the key bucketFromKey reads.
 */
export function bucketKeySql(column: string, interval: Interval): string {
  if (interval === 'year') return `CASE WHEN length(${column}) >= 4 THEN substr(${column}, 1, 4) ELSE '' END`
  const fine = interval === 'month' ? column : `substr(${column}, 1, 4) || '-Q' || ((CAST(substr(${column}, 6, 2) AS INTEGER) + 2) / 3)`
  return `CASE WHEN length(${column}) = 7 THEN ${fine} WHEN length(${column}) = 4 THEN '~' || ${column} ELSE '' END`
}

/** A stored period too coarse for the interval, as its own (year) bucket. */
export function coarseBucketOf(stored: string): Bucket | null {
  return stored.length === 4 ? yearBucket(Number(stored)) : null
}

function yearBucket(year: number): Bucket {
  return { period: String(year), start: `${year}-01-01`, end: `${year}-12-31` }
}

function quarterBucket(year: number, q: number): Bucket {
  const first = (q - 1) * 3 + 1
  return { period: `${year}-Q${q}`, start: `${year}-${pad(first)}-01`, end: `${year}-${pad(first + 2)}-${pad(lastDay(year, first + 2))}` }
}

/** The bucket after this one. */
export function nextBucket(b: Bucket, interval: Interval): Bucket {
  const year = Number(b.start.slice(0, 4))
  const month = Number(b.start.slice(5, 7))
  if (interval === 'year') return yearBucket(year + 1)
  if (interval === 'quarter') return month >= 10 ? quarterBucket(year + 1, 1) : quarterBucket(year, Math.floor((month - 1) / 3) + 2)
  const [y, m] = month === 12 ? [year + 1, 1] : [year, month + 1]
  return bucketOf(`${y}-${pad(m)}`, 'month')!
}

/**
 * SQL parameters that keep stored periods overlapping [from, to] (each a
 * YYYY or YYYY-MM text): month periods between two months, year periods
 * between two years. Undated rows never match a range.
 */
export function periodRange(from: string | undefined, to: string | undefined): [string, string, string, string] {
  const start = from ? parseFuzzyDate(from)!.start : '0000-01-01'
  const end = to ? parseFuzzyDate(to)!.end : '9999-12-31'
  return [start.slice(0, 7), end.slice(0, 7), start.slice(0, 4), end.slice(0, 4)]
}

/** The SQL condition periodRange's four parameters go with. */
export function periodRangeSql(column: string): string {
  return `((length(${column}) = 7 AND ${column} BETWEEN ? AND ?) OR (length(${column}) = 4 AND ${column} BETWEEN ? AND ?))`
}
