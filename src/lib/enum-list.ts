// Comma-separated query values from a fixed vocabulary (`category=CONSULT,RETREAT`).
import { badParameter } from './problem.js'

/** The values of a comma list, each one of `allowed`, or a 400 naming the parameter. */
export function enumList<T extends string>(value: string, allowed: readonly T[], parameter: string): T[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
  const bad = items.find((v) => !(allowed as readonly string[]).includes(v))
  if (bad !== undefined || items.length === 0) throw badParameter(parameter, `${JSON.stringify(bad ?? '')} is not one of ${allowed.join(', ')}.`)
  return items as T[]
}
