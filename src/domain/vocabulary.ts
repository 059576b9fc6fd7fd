// Controlled vocabularies shared by the database CHECKs, the TypeBox schemas
// and the validators. One list per concept, so the three can never disagree.

/** PLOVER's sixteen event categories. */
export const CATEGORIES = [
  'AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST',
  'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT',
] as const
export type Category = (typeof CATEGORIES)[number]

/** PLOVER modes, by the category they refine. A category not listed takes no mode. */
export const MODES_BY_CATEGORY: Readonly<Partial<Record<Category, readonly string[]>>> = {
  CONSULT: ['visit', 'third-party', 'multilateral', 'phone'],
  RETREAT: ['withdraw', 'release', 'disarm', 'ceasefire', 'access', 'resign'],
  REQUEST: ['assist', 'change', 'yield', 'meet'],
  REJECT: ['assist', 'change', 'yield', 'meet'],
  ACCUSE: ['disapprove', 'investigate', 'allege'],
  SANCTION: ['convict', 'expel', 'withdraw', 'discontinue'],
}
export const MODES = [...new Set(Object.values(MODES_BY_CATEGORY).flat())] as string[]

export function modeIsValid(category: string, mode: string | null | undefined): boolean {
  if (mode == null) return true
  return (MODES_BY_CATEGORY[category as Category] ?? []).includes(mode)
}

/** PLOVER contexts. */
export const CONTEXTS = [
  'diplomatic', 'human_rights', 'repression', 'economic', 'military', 'election', 'political',
  'legal', 'security', 'terrorism', 'migration', 'energy', 'environment', 'health', 'cyber',
  'intelligence', 'territory', 'pro_democracy', 'pro_autocracy', 'ethnic', 'religious', 'gender',
  'crime', 'disaster', 'refugees', 'government',
] as const

export const EVENT_STATUSES = ['occurred', 'reported', 'claimed', 'planned', 'hypothetical', 'denied'] as const
export const PARTICIPANT_ROLES = ['source', 'target', 'participant', 'mediator', 'beneficiary'] as const

export const ACTOR_KINDS = [
  'person', 'state', 'government', 'government_body', 'organization', 'armed_group', 'media', 'other',
] as const
export const SECTORS = ['GOV', 'MIL', 'OPP', 'JRN', 'ELI', 'IGO', 'NGO', 'BUS', 'CVL', 'ANA'] as const
export const RELATION_TYPES = [
  'member_of', 'leads', 'aide_to', 'ally_of', 'adversary_of', 'represents', 'detained_by',
] as const

export const SOURCE_KINDS = ['news_article', 'official_statement', 'briefing', 'social_post', 'report', 'other'] as const

export const QUOTE_KINDS = ['direct', 'paraphrase'] as const

export const DEAL_STATUSES = [
  'exploratory', 'proposed', 'negotiating', 'agreed', 'partially_implemented', 'implemented',
  'stalled', 'collapsed',
] as const
export const TERM_KINDS = ['offer', 'demand', 'condition'] as const
export const TERM_STATUSES = [
  'floated', 'proposed', 'offered', 'demanded', 'accepted', 'rejected', 'implemented', 'withdrawn',
] as const
export const TERM_LINK_TYPES = ['in_exchange_for', 'conditional_on', 'supersedes'] as const
export const STANCES = ['supports', 'opposes', 'conditional', 'skeptical'] as const

/** How a cited claim is known. */
export const CITATION_BASES = [
  'on_record', 'private_briefing', 'state_media', 'anonymous_official', 'analyst_assessment', 'reported',
] as const

export const CHANGE_OPS = ['create', 'update', 'delete'] as const
