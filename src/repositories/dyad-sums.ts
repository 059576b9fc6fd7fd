// The sums a dyad's series is made of, over feed_dyads rows scored by
// feed_intensity (migration 0007): what feed_dyad_periods keeps per pair,
// period and status, and what a series within some categories sums itself.
// The migration's triggers and backfill write the same SQL out in full.
import { QUAD_CLASSES } from '../domain/intensity.js'

/** The summed columns, as feed_dyad_periods names them. */
export const DYAD_SUM_COLUMNS = ['events', ...QUAD_CLASSES, 'score_tenths', 'a_to_b', 'b_to_a', 'joint'] as const

/**
 * feed_dyads as d, with c its category's feed_intensity row and m its mode's,
 * when the mode is scored apart (else its category's score applies).
 */
export const SCORED_DYADS = `feed_dyads d
  JOIN feed_intensity c ON c.category = d.category AND c.mode = ''
  LEFT JOIN feed_intensity m ON m.category = d.category AND m.mode = d.mode AND d.mode <> ''`

/** DYAD_SUM_COLUMNS summed over SCORED_DYADS: scores in tenths (whole numbers add up exactly), directions from dir's bits. */
export const DYAD_SUMS = [
  'count(*) AS events',
  ...QUAD_CLASSES.map((quad) => `sum(c.quad_class = '${quad}') AS ${quad}`),
  'sum(coalesce(m.score_tenths, c.score_tenths)) AS score_tenths',
  'sum((d.dir & 1) > 0) AS a_to_b',
  'sum((d.dir & 2) > 0) AS b_to_a',
  'sum((d.dir & 4) > 0) AS joint',
].join(', ')
