// Fuzzy dates: ISO 8601 text at the precision a source gives, plus the first
// and last day it covers, so range filters can use an index.

export type Precision = 'year' | 'month' | 'day'

export interface FuzzySpan {
  text: string
  start: string
  end: string
  precision: Precision
}

const pad = (n: number) => String(n).padStart(2, '0')

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** Parses `2020`, `2020-08` or `2020-08-15`; returns null for anything else, including impossible days. */
export function parseFuzzyDate(text: string): FuzzySpan | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text)
  if (!m) return null
  const year = Number(m[1])
  if (m[2] === undefined) return { text, start: `${m[1]}-01-01`, end: `${m[1]}-12-31`, precision: 'year' }
  const month = Number(m[2])
  if (month < 1 || month > 12) return null
  const last = daysInMonth(year, month)
  if (m[3] === undefined) return { text, start: `${m[1]}-${m[2]}-01`, end: `${m[1]}-${m[2]}-${pad(last)}`, precision: 'month' }
  const day = Number(m[3])
  if (day < 1 || day > last) return null
  return { text, start: text, end: text, precision: 'day' }
}

export function precisionOf(text: string | null | undefined): Precision | null {
  return text ? (parseFuzzyDate(text)?.precision ?? null) : null
}
