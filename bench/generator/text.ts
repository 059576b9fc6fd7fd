// Assembles titles, summaries, quotes and article bodies from the word lists,
// with Zipf-skewed word choice so full-text search sees a realistic mix of
// very common and rare terms.
import * as W from './words.js'
import { Zipf, type Rng } from './random.js'

export class TextMaker {
  private readonly nouns = new Zipf(W.NOUNS.length, 0.9)
  private readonly adjectives = new Zipf(W.ADJECTIVES.length, 0.8)
  private readonly verbs = new Zipf(W.VERBS_PAST.length, 0.8)
  private readonly cities = new Zipf(W.CITIES.length, 1.0)

  constructor(private readonly rng: Rng) {}

  noun(): string {
    return W.NOUNS[this.nouns.sample(this.rng)]
  }
  adjective(): string {
    return W.ADJECTIVES[this.adjectives.sample(this.rng)]
  }
  verb(): string {
    return W.VERBS_PAST[this.verbs.sample(this.rng)]
  }
  city(): string {
    return W.CITIES[this.cities.sample(this.rng)]
  }

  /** A headline naming the actors involved: "Minsk and Vilnius discussed prisoner exchange". */
  title(names: string[]): string {
    const r = this.rng
    const [a, b] = names
    switch (r.int(0, 3)) {
      case 0:
        return b ? `${a} ${this.verb()} ${this.adjective()} ${this.noun()} with ${b}` : `${a} ${this.verb()} ${this.adjective()} ${this.noun()}`
      case 1:
        return `${capital(this.adjective())} ${this.noun()} ${r.pick(W.CONNECTORS)} ${this.noun()} in ${this.city()}`
      case 2:
        return `${a} ${this.verb()} ${this.noun()} ${r.pick(W.CONNECTORS)} ${this.adjective()} ${this.noun()}`
      default:
        return b ? `${a} and ${b} ${this.verb()} ${this.noun()}` : `${a} ${this.verb()} the ${this.noun()} in ${this.city()}`
    }
  }

  /** One reporting sentence. */
  sentence(names: string[] = []): string {
    const r = this.rng
    const who = names.length > 0 && r.chance(0.5) ? r.pick(names) : `The ${this.noun() === 'talks' ? 'delegation' : this.noun()}`
    switch (r.int(0, 2)) {
      case 0:
        return `${who} ${this.verb()} the ${this.adjective()} ${this.noun()} ${r.pick(W.CONNECTORS)} the ${this.noun()} in ${this.city()}.`
      case 1:
        return `Officials said the ${this.adjective()} ${this.noun()} was ${this.verb()} ${r.pick(W.CONNECTORS)} ${this.adjective()} ${this.noun()}.`
      default:
        return `${who} ${this.verb()} ${this.noun()} and ${this.noun()}, according to ${r.pick(W.PUBLISHERS)}.`
    }
  }

  paragraph(names: string[], min: number, max: number): string {
    const n = this.rng.int(min, max)
    const out: string[] = []
    for (let i = 0; i < n; i++) out.push(this.sentence(names))
    return out.join(' ')
  }

  /** Words attributed to a speaker. */
  quote(names: string[]): string {
    const r = this.rng
    const parts: string[] = []
    const n = r.int(1, 3)
    for (let i = 0; i < n; i++) {
      const target = names.length > 0 && r.chance(0.4) ? r.pick(names) : `the ${this.noun()}`
      parts.push(
        r.chance(0.5)
          ? `We ${r.pick(W.VERBS_PRESENT)} any ${this.adjective()} ${this.noun()} ${r.pick(W.CONNECTORS)} ${target}.`
          : `${capital(target)} ${r.pick(W.VERBS_PRESENT)} a ${this.adjective()} ${this.noun()}, and that is ${this.adjective()}.`,
      )
    }
    return parts.join(' ')
  }

  setting(): string {
    return `${this.rng.pick(W.SETTINGS)} in ${this.city()}`
  }
}

export function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

export function slugify(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}
