// Semantic validation that a JSON schema cannot express: references that must
// exist, modes that must fit their category, dates that must be real days.
// Collects every failure so one answer names every bad field.
import { modeIsValid } from '../domain/vocabulary.js'
import { parseFuzzyDate } from '../lib/fuzzy-date.js'
import { validationFailed, type FieldError } from '../lib/problem.js'
import type { Store } from '../db/store.js'

type Obj = Record<string, unknown>

const ACTOR_ID = /^act_[0-7][0-9a-hjkmnp-tv-z]{25}$/

export class Checker {
  readonly errors: FieldError[] = []
  constructor(private readonly store: Store) {}

  fail(pointer: string, detail: string): void {
    this.errors.push({ in: 'body', pointer, detail })
  }

  /** Resolves an actor id or slug held at obj[key] to the actor's id, in place. */
  actor(obj: Obj, key: string, pointer: string): void {
    const value = obj[key]
    if (value == null) return
    const id = resolveActorId(this.store, String(value))
    if (id) obj[key] = id
    else this.fail(pointer, `No actor has the id or slug ${JSON.stringify(value)}.`)
  }

  /** The value at obj[key], when set, must be the id of a row in table. */
  exists(obj: Obj, key: string, table: string, what: string, pointer: string): void {
    const value = obj[key]
    if (value == null) return
    const row = this.store.lookup(`SELECT 1 FROM ${table} WHERE id = ?`, String(value))
    if (!row) this.fail(pointer, `No ${what} has the id ${JSON.stringify(value)}.`)
  }

  /** Fuzzy dates must name real days (the schema pattern lets 2025-02-30 through). */
  date(obj: Obj, key: string, pointer: string): void {
    const value = obj[key]
    if (value == null) return
    if (!parseFuzzyDate(String(value))) this.fail(pointer, `${JSON.stringify(value)} is not a real date (YYYY, YYYY-MM or YYYY-MM-DD).`)
  }

  /** An end date must not come before the start it closes. */
  order(obj: Obj, startKey: string, endKey: string, pointer: string): void {
    const a = obj[startKey] == null ? null : parseFuzzyDate(String(obj[startKey]))
    const b = obj[endKey] == null ? null : parseFuzzyDate(String(obj[endKey]))
    if (a && b && b.end < a.start) this.fail(pointer, `${endKey} (${b.text}) is before ${startKey} (${a.text}).`)
  }

  mode(category: string, mode: unknown, pointer: string): void {
    if (mode != null && !modeIsValid(category, String(mode))) {
      this.fail(pointer, `The mode ${JSON.stringify(mode)} is not valid for the category ${category}.`)
    }
  }

  throwIfAny(): void {
    if (this.errors.length > 0) throw validationFailed(this.errors)
  }
}

export function resolveActorId(store: Store, idOrSlug: string): string | null {
  const row = ACTOR_ID.test(idOrSlug)
    ? store.lookup<{ id: string }>('SELECT id FROM actors WHERE id = ?', idOrSlug)
    : store.lookup<{ id: string }>('SELECT id FROM actors WHERE slug = ?', idOrSlug)
  return row?.id ?? null
}
