// A seeded random source, so a data set can be rebuilt with the same shape,
// and a Zipf sampler, because news coverage is skewed: a few actors and words
// appear in most stories and most appear in few.

/** mulberry32: small, fast and good enough for test data (not for secrets). */
export class Rng {
  private state: number
  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }

  /** Picks by weight: `weighted([['day', 7], ['month', 2], ['year', 1]])`. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0
    for (const [, w] of choices) total += w
    let r = this.next() * total
    for (const [v, w] of choices) {
      r -= w
      if (r < 0) return v
    }
    return choices[choices.length - 1][0]
  }
}

/** Draws ranks 0..n-1 with probability proportional to 1 / (rank + 1)^s. */
export class Zipf {
  private readonly cdf: Float64Array
  constructor(
    readonly n: number,
    readonly s: number,
  ) {
    this.cdf = new Float64Array(n)
    let sum = 0
    for (let k = 0; k < n; k++) {
      sum += 1 / Math.pow(k + 1, s)
      this.cdf[k] = sum
    }
    for (let k = 0; k < n; k++) this.cdf[k] /= sum
  }

  sample(rng: Rng): number {
    const r = rng.next()
    let lo = 0
    let hi = this.n - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.cdf[mid] < r) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}
