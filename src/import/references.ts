// Where each record type holds references to other records, so an import can
// swap client-chosen keys for ids.
import type { EntityType } from '../lib/ids.js'

/** Paths of reference fields; `[]` steps into every item of a list. */
export const REFERENCE_PATHS: Record<EntityType, string[]> = {
  source: [],
  actor: ['citations[].source_id'],
  position: ['holder_id', 'organization_id', 'citations[].source_id'],
  relation: ['subject_id', 'object_id', 'citations[].source_id'],
  event: ['parent_event_id', 'participants[].actor_id', 'citations[].source_id'],
  quote: ['speaker_id', 'speaker_position_id', 'event_id', 'about_actor_ids[]', 'about_term_ids[]', 'citations[].source_id'],
  deal: ['parties[].actor_id', 'status_source_id', 'citations[].source_id'],
  term: ['deal_id', 'obligor_id', 'beneficiary_id', 'links[].target_term_id', 'stances[].actor_id', 'stances[].quote_id', 'status_source_id', 'citations[].source_id'],
  key: [],
}

type Json = unknown

/** Replaces every reference that `lookup` knows with what it returns, in place. */
export function mapReferences(type: EntityType, data: Record<string, Json>, lookup: (value: string) => string | undefined): void {
  for (const path of REFERENCE_PATHS[type]) walk(data, path.split('.'), lookup)
}

function walk(node: Json, steps: string[], lookup: (value: string) => string | undefined): void {
  if (node === null || typeof node !== 'object') return
  const [step, ...rest] = steps
  const isList = step.endsWith('[]')
  const name = isList ? step.slice(0, -2) : step
  const obj = node as Record<string, Json>
  if (isList) {
    const list = obj[name]
    if (!Array.isArray(list)) return
    list.forEach((item, i) => {
      if (rest.length === 0) {
        if (typeof item === 'string') list[i] = lookup(item) ?? item
      } else walk(item, rest, lookup)
    })
  } else if (rest.length === 0) {
    if (typeof obj[name] === 'string') obj[name] = lookup(obj[name] as string) ?? obj[name]
  } else walk(obj[name], rest, lookup)
}
