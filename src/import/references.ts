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

/** Given a reference's value, the type it must name and its JSON pointer, returns what to store. */
export type ReferenceLookup = (value: string, target: EntityType, pointer: string) => string

type Json = unknown

/** Replaces every string reference in `data` with what `lookup` returns, in place. */
export function mapReferences(type: EntityType, data: Record<string, Json>, lookup: ReferenceLookup): void {
  for (const [path, target] of Object.entries(REFERENCE_PATHS[type])) walk(data, path.split('.'), '', (v, p) => lookup(v, target, p))
}

function walk(node: Json, steps: string[], at: string, lookup: (value: string, pointer: string) => string): void {
  if (node === null || typeof node !== 'object') return
  const [step, ...rest] = steps
  const isList = step.endsWith('[]')
  const name = isList ? step.slice(0, -2) : step
  const obj = node as Record<string, Json>
  const here = `${at}/${name}`
  if (isList) {
    const list = obj[name]
    if (!Array.isArray(list)) return
    list.forEach((item, i) => {
      if (rest.length > 0) walk(item, rest, `${here}/${i}`, lookup)
      else if (typeof item === 'string') list[i] = lookup(item, `${here}/${i}`)
    })
  } else if (rest.length > 0) walk(obj[name], rest, here, lookup)
  else if (typeof obj[name] === 'string') obj[name] = lookup(obj[name] as string, here)
}
