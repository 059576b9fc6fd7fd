// How cooperative or conflictual each kind of event is: the one table the
// dyad series and GET /v1/reference/intensity read.
//
// Quad classes follow the PLOVER codebook, which labels each category verbal
// or material, cooperation or conflict (REQUEST stands where the codebook's
// draft had DEMAND; ACCUSE merges its DISAPPROVE and INVESTIGATE).
//
// Scores run from -10 (most conflictual) to +10 (most cooperative), in the
// spirit of the Goldstein scale. A category's score is the PLOVER codebook's
// numeric conflict-cooperation score for it (its "Schrodt scores": weighted
// means of the Goldstein scores of the CAMEO codes each category absorbed).
// Modes refine it where the mode says something about intensity: a release is
// a smaller step than a ceasefire, asking for a meeting is milder than
// demanding a change of policy. The mode scores are Parley's own judgement,
// kept within the category's range of CAMEO scores; a mode not listed scores
// as its category.
import { CATEGORIES, MODES_BY_CATEGORY, type Category } from './vocabulary.js'

export const QUAD_CLASSES = ['verbal_cooperation', 'material_cooperation', 'verbal_conflict', 'material_conflict'] as const
export type QuadClass = (typeof QUAD_CLASSES)[number]

export interface CategoryIntensity {
  quad_class: QuadClass
  score: number
  /** Scores for modes that differ from the category's. */
  modes?: Readonly<Record<string, number>>
}

export const INTENSITY: Readonly<Record<Category, CategoryIntensity>> = {
  AGREE: { quad_class: 'verbal_cooperation', score: 4.2 },
  CONSULT: { quad_class: 'verbal_cooperation', score: 2.1, modes: { phone: 1.0, visit: 2.8, 'third-party': 2.5, multilateral: 2.5 } },
  SUPPORT: { quad_class: 'verbal_cooperation', score: 4.6 },
  CONCEDE: { quad_class: 'verbal_cooperation', score: 5.0 },
  COOPERATE: { quad_class: 'material_cooperation', score: 6.8 },
  AID: { quad_class: 'material_cooperation', score: 7.4 },
  RETREAT: {
    quad_class: 'material_cooperation',
    score: 7.6,
    modes: { release: 7.0, withdraw: 7.5, disarm: 8.0, ceasefire: 9.0, access: 6.5, resign: 5.0 },
  },
  REQUEST: { quad_class: 'verbal_conflict', score: -5.0, modes: { assist: -3.0, meet: -3.0, change: -5.0, yield: -5.0 } },
  ACCUSE: { quad_class: 'verbal_conflict', score: -2.0, modes: { disapprove: -2.0, investigate: -2.0, allege: -3.0 } },
  REJECT: { quad_class: 'verbal_conflict', score: -4.2, modes: { assist: -4.0, meet: -4.5, change: -4.0, yield: -5.0 } },
  THREATEN: { quad_class: 'verbal_conflict', score: -5.1 },
  PROTEST: { quad_class: 'material_conflict', score: -6.6 },
  SANCTION: { quad_class: 'material_conflict', score: -5.2, modes: { convict: -5.0, expel: -6.0, withdraw: -4.5, discontinue: -5.5 } },
  MOBILIZE: { quad_class: 'material_conflict', score: -5.3 },
  COERCE: { quad_class: 'material_conflict', score: -7.2 },
  ASSAULT: { quad_class: 'material_conflict', score: -9.3 },
}

/** The score of an event of this category and (optional) mode. */
export function intensityScore(category: string, mode?: string | null): number {
  const entry = INTENSITY[category as Category]
  if (!entry) throw new Error(`unknown category ${category}`)
  return (mode ? entry.modes?.[mode] : undefined) ?? entry.score
}

export function quadClassOf(category: string): QuadClass {
  const entry = INTENSITY[category as Category]
  if (!entry) throw new Error(`unknown category ${category}`)
  return entry.quad_class
}

/** The table as the reference endpoint serves it: every category with every valid mode's score. */
export function intensityTable() {
  return CATEGORIES.map((category) => {
    const entry = INTENSITY[category]
    return {
      category,
      quad_class: entry.quad_class,
      score: entry.score,
      modes: (MODES_BY_CATEGORY[category] ?? []).map((mode) => ({ mode, score: intensityScore(category, mode) })),
    }
  })
}
