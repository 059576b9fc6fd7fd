import { typeid } from 'typeid-js'

/** Prefixes of Parley's type-prefixed, time-sortable ids. */
export const ID_PREFIX = {
  source: 'src',
  actor: 'act',
  position: 'pos',
  relation: 'rel',
  event: 'evt',
  quote: 'qte',
  deal: 'deal',
  term: 'term',
  key: 'key',
} as const
export type EntityType = keyof typeof ID_PREFIX

export function newId(type: EntityType): string {
  return typeid(ID_PREFIX[type]).toString()
}
