// Where each record type holds references to other records, and of which
// type, so an import can swap client-chosen keys for ids (and say which
// reference it could not resolve).
import type { EntityType } from '../lib/ids.js'

/** Paths of reference fields and the type each points to; `[]` steps into every item of a list. */
export const REFERENCE_PATHS: Record<EntityType, Record<string, EntityType>> = {
  source: {},
  actor: { 'citations[].source_id': 'source' },
  position: { holder_id: 'actor', organization_id: 'actor', 'citations[].source_id': 'source' },
  relation: { subject_id: 'actor', object_id: 'actor', 'citations[].source_id': 'source' },
  event: { parent_event_id: 'event', 'participants[].actor_id': 'actor', 'citations[].source_id': 'source' },
  quote: {
    speaker_id: 'actor',
    speaker_position_id: 'position',
    event_id: 'event',
    'about_actor_ids[]': 'actor',
    'about_term_ids[]': 'term',
    'citations[].source_id': 'source',
  },
  deal: { 'parties[].actor_id': 'actor', status_source_id: 'source', 'citations[].source_id': 'source' },
  term: {
    deal_id: 'deal',
    obligor_id: 'actor',
    beneficiary_id: 'actor',
    'links[].target_term_id': 'term',
    'stances[].actor_id': 'actor',
    'stances[].quote_id': 'quote',
    status_source_id: 'source',
    'citations[].source_id': 'source',
  },
  key: {},
}

/**
 * Given a reference's value, the type it must name and a way to get its JSON
 * pointer (built only when asked: most references are fine), returns what to store.
 */
export type ReferenceLookup = (value: string, target: EntityType, pointer: () => string) => string

type Json = unknown

interface Step {
  name: string
  list: boolean
}

/** REFERENCE_PATHS split into steps once: an import walks them for every record. */
const PLANS = Object.fromEntries(
  Object.entries(REFERENCE_PATHS).map(([type, paths]) => [
    type,
    Object.entries(paths).map(([path, target]) => ({ target, steps: path.split('.').map((s): Step => ({ name: s.replace(/\[\]$/, ''), list: s.endsWith('[]') })) })),
  ]),
) as Record<EntityType, { target: EntityType; steps: Step[] }[]>

/** Replaces every string reference in `data` with what `lookup` returns, in place. */
export function mapReferences(type: EntityType, data: Record<string, Json>, lookup: ReferenceLookup): void {
  // The path walked so far (names and list positions), for the pointer of a reference that fails.
  const at: (string | number)[] = []
  const pointer = () => at.map((p) => `/${p}`).join('')
  for (const { target, steps } of PLANS[type]) {
    const walk = (node: Json, i: number): void => {
      if (node === null || typeof node !== 'object') return
      const { name, list } = steps[i]
      const obj = node as Record<string, Json>
      const last = i === steps.length - 1
      at.push(name)
      if (list) {
        const items = obj[name]
        if (Array.isArray(items)) {
          for (let j = 0; j < items.length; j++) {
            at.push(j)
            if (!last) walk(items[j], i + 1)
            else if (typeof items[j] === 'string') items[j] = lookup(items[j] as string, target, pointer)
            at.pop()
          }
        }
      } else if (!last) walk(obj[name], i + 1)
      else if (typeof obj[name] === 'string') obj[name] = lookup(obj[name] as string, target, pointer)
      at.pop()
    }
    walk(data, 0)
  }
}
