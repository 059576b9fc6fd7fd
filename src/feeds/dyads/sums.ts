// The sums a dyad's series is made of, over feed_dyads rows: what
// feed_dyad_periods keeps per pair, period and status (migration 0007), and
// what a series within some categories sums itself. The scale is the intensity
// module's, in tenths; the migration's triggers and backfill hold the same SQL
// written out in full, and test/dyad-periods.test.ts holds them to the module
// for every category and mode (changing a score takes a migration).
import { INTENSITY, QUAD_CLASSES, type QuadClass } from '../../domain/intensity.js'

/** The summed columns, as feed_dyad_periods names them. */
export const DYAD_SUM_COLUMNS = ['events', ...QUAD_CLASSES, 'score_tenths', 'a_to_b', 'b_to_a', 'joint'] as const

/** An event's intensity score in tenths, from its category and mode columns ('' for none; a mode not scored apart scores as its category). */
export function scoreTenthsSql(category: string, mode: string): string {
  const branches = Object.entries(INTENSITY).map(([name, entry]) => {
    const base = Math.round(entry.score * 10)
    const modes = Object.entries(entry.modes ?? {})
    const score = modes.length ? `CASE ${mode} ${modes.map(([m, s]) => `WHEN '${m}' THEN ${Math.round(s * 10)}`).join(' ')} ELSE ${base} END` : String(base)
    return `WHEN '${name}' THEN ${score}`
  })
  return `CASE ${category} ${branches.join(' ')} END`
}

/** 1 when the category is of this quad class, else 0. */
export function quadSql(category: string, quad: QuadClass): string {
  const names = Object.entries(INTENSITY).filter(([, e]) => e.quad_class === quad).map(([name]) => `WHEN '${name}' THEN 1`)
  return `CASE ${category} ${names.join(' ')} ELSE 0 END`
}

/** DYAD_SUM_COLUMNS summed over feed_dyads rows (alias d): scores in tenths (whole numbers add up exactly), directions from dir's bits. */
export const DYAD_SUMS = [
  'count(*) AS events',
  ...QUAD_CLASSES.map((quad) => `sum(${quadSql('d.category', quad)}) AS ${quad}`),
  `sum(${scoreTenthsSql('d.category', 'd.mode')}) AS score_tenths`,
  'sum((d.dir & 1) > 0) AS a_to_b',
  'sum((d.dir & 2) > 0) AS b_to_a',
  'sum((d.dir & 4) > 0) AS joint',
].join(', ')
