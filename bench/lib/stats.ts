// Small statistics over repeated runs: medians with their spread.

export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo)
}

export interface Spread {
  median: number
  min: number
  max: number
  n: number
}

export function spread(values: number[]): Spread {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  return { median: quantile(v, 0.5), min: v[0] ?? NaN, max: v[v.length - 1] ?? NaN, n: v.length }
}

/** (max - min) / median, as a percentage: how noisy the runs were. */
export function relativeRange(s: Spread): number {
  return s.median === 0 ? NaN : ((s.max - s.min) / s.median) * 100
}
