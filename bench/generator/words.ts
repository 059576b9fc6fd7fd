// Word lists the text generator assembles titles, summaries, quotes and
// source bodies from. Ordered roughly from common to rare: the generator draws
// them with a Zipf distribution, so full-text search meets both very common
// terms and rare ones, as it would in a real news archive.

export const NOUNS = [
  'talks', 'sanctions', 'prisoners', 'agreement', 'ceasefire', 'border', 'delegation', 'embassy', 'minister',
  'government', 'visit', 'summit', 'deal', 'release', 'negotiations', 'opposition', 'election', 'trade',
  'security', 'troops', 'envoy', 'statement', 'proposal', 'exchange', 'treaty', 'relations', 'officials',
  'detainees', 'pipeline', 'aid', 'refugees', 'protest', 'parliament', 'military', 'energy', 'grain',
  'corridor', 'airspace', 'inspectors', 'observers', 'hostages', 'journalists', 'dissidents', 'activists',
  'referendum', 'tariffs', 'exports', 'loans', 'debt', 'reserves', 'fertilizer', 'potash', 'oil', 'gas',
  'nuclear', 'missiles', 'drones', 'warships', 'exercises', 'blockade', 'checkpoint', 'crossing', 'airport',
  'consulate', 'ambassador', 'attaché', 'spokesperson', 'chancellor', 'premier', 'president', 'monarch',
  'coalition', 'alliance', 'bloc', 'council', 'commission', 'tribunal', 'court', 'verdict', 'pardon',
  'amnesty', 'asylum', 'visa', 'passport', 'airline', 'flights', 'shipping', 'port', 'harbour', 'railway',
  'bridge', 'dam', 'reactor', 'plant', 'factory', 'mine', 'farmland', 'harvest', 'drought', 'flood',
  'earthquake', 'epidemic', 'vaccine', 'hospital', 'school', 'university', 'church', 'mosque', 'monastery',
  'newspaper', 'broadcaster', 'website', 'blogger', 'hackers', 'leak', 'cables', 'memorandum', 'communiqué',
  'roadmap', 'framework', 'timetable', 'deadline', 'ultimatum', 'guarantees', 'assurances', 'concessions',
  'compensation', 'reparations', 'restitution', 'embargo', 'quota', 'licence', 'waiver', 'exemption',
  'moratorium', 'truce', 'armistice', 'withdrawal', 'deployment', 'mobilization', 'conscription', 'veterans',
  'militia', 'insurgents', 'separatists', 'smugglers', 'mercenaries', 'peacekeepers', 'monitors', 'mediators',
  'backchannel', 'intermediary', 'interlocutor', 'counterpart', 'stalemate', 'impasse', 'breakthrough',
  'rapprochement', 'détente', 'thaw', 'normalization', 'recognition', 'sovereignty', 'annexation', 'enclave',
] as const

export const VERBS_PAST = [
  'met', 'discussed', 'rejected', 'welcomed', 'condemned', 'announced', 'signed', 'proposed', 'demanded',
  'released', 'accused', 'urged', 'warned', 'praised', 'denied', 'confirmed', 'postponed', 'suspended',
  'resumed', 'expelled', 'detained', 'pardoned', 'sanctioned', 'recognized', 'threatened', 'offered',
  'approved', 'vetoed', 'criticized', 'hosted', 'visited', 'called', 'negotiated', 'brokered', 'mediated',
  'blocked', 'lifted', 'extended', 'renewed', 'froze', 'unfroze', 'summoned', 'recalled', 'dismissed',
  'appointed', 'endorsed', 'ratified', 'breached', 'violated', 'honoured',
] as const

export const VERBS_PRESENT = [
  'will not accept', 'remains ready to discuss', 'expects', 'cannot ignore', 'is prepared to consider',
  'hopes to see', 'will respond to', 'strongly opposes', 'fully supports', 'is studying', 'rejects',
  'welcomes', 'condemns', 'calls for', 'insists on', 'is open to', 'wants', 'demands', 'refuses', 'needs',
] as const

export const ADJECTIVES = [
  'new', 'fresh', 'secret', 'quiet', 'discreet', 'public', 'formal', 'informal', 'bilateral', 'regional',
  'international', 'economic', 'political', 'humanitarian', 'military', 'diplomatic', 'historic',
  'unprecedented', 'limited', 'broad', 'tentative', 'preliminary', 'final', 'binding', 'unilateral',
  'reciprocal', 'sweeping', 'targeted', 'partial', 'full', 'urgent', 'lengthy', 'brief', 'tense', 'cordial',
  'frank', 'constructive', 'stalled', 'renewed', 'fragile', 'lasting', 'conditional', 'verifiable',
  'contested', 'disputed', 'controversial', 'symbolic', 'pragmatic', 'cautious', 'landmark',
] as const

export const CONNECTORS = [
  'after', 'before', 'amid', 'despite', 'following', 'ahead of', 'in response to', 'as part of', 'over', 'during',
] as const

export const SETTINGS = [
  'at a press conference', 'in a televised address', 'in an interview', 'on state television', 'in a statement',
  'to reporters', 'outside the embassy', 'after the talks', 'at the summit', 'in parliament', 'on social media',
  'at a briefing', 'during a phone call', 'at the border crossing', 'in a letter', 'at the United Nations',
  'before the vote', 'at a rally', 'in a radio interview', 'at the airport',
] as const

export const CITIES = [
  'Minsk', 'Vilnius', 'Warsaw', 'Kyiv', 'Moscow', 'Geneva', 'Vienna', 'Istanbul', 'Ankara', 'Doha', 'Riyadh',
  'Abu Dhabi', 'Cairo', 'Brussels', 'Berlin', 'Paris', 'London', 'Washington', 'New York', 'Beijing',
  'Tokyo', 'Seoul', 'Delhi', 'Tehran', 'Baku', 'Yerevan', 'Tbilisi', 'Helsinki', 'Oslo', 'Stockholm',
  'Riga', 'Tallinn', 'Budapest', 'Prague', 'Bratislava', 'Belgrade', 'Sarajevo', 'Skopje', 'Athens',
  'Nicosia', 'Beirut', 'Amman', 'Baghdad', 'Muscat', 'Nairobi', 'Addis Ababa', 'Khartoum', 'Pretoria',
  'Havana', 'Caracas', 'Bogotá', 'Brasília', 'Mexico City', 'Ottawa', 'Canberra', 'Jakarta', 'Manila',
  'Hanoi', 'Bangkok', 'Islamabad', 'Kabul', 'Tashkent', 'Astana', 'Bishkek', 'Dushanbe', 'Ashgabat',
] as const

export const FIRST_NAMES = [
  'Aleksandr', 'Christopher', 'Vladimir', 'Sviatlana', 'Maria', 'Ihar', 'Anna', 'John', 'Olga', 'Pavel',
  'Elena', 'Sergei', 'Natalia', 'Andrei', 'Tatsiana', 'Viktor', 'Irina', 'Mikhail', 'Yulia', 'Dmitri',
  'Sarah', 'Michael', 'David', 'Laura', 'Ahmed', 'Fatima', 'Omar', 'Leila', 'Hassan', 'Amina', 'Wei',
  'Li', 'Hiroshi', 'Yuki', 'Min-jun', 'Ji-woo', 'Rahul', 'Priya', 'Carlos', 'Lucía', 'João', 'Ana',
  'Pierre', 'Claire', 'Hans', 'Greta', 'Lars', 'Ingrid', 'Giorgi', 'Nino', 'Arman', 'Aigerim', 'Kemal',
  'Ayşe', 'Tomás', 'Zofia', 'Jakub', 'Eva', 'Nikos', 'Eleni',
] as const

/** Syllables that combine into many distinct surnames. */
export const SURNAME_PARTS = [
  ['Luk', 'Tsik', 'Smi', 'Kov', 'Ivan', 'Petr', 'Sok', 'Mor', 'Bel', 'Vol', 'Kar', 'Nov', 'Gor', 'Zel',
    'Bar', 'Mel', 'Dan', 'Har', 'Kal', 'Ros', 'Mak', 'Fed', 'Tar', 'Lev', 'Os', 'Ber', 'Chen', 'Wat', 'Yam'],
  ['a', 'o', 'e', 'i', 'ash', 'ov', 'en', 'ar', 'il', 'ur', 'an', 'el', 'in'],
  ['shenko', 'nouskaya', 'th', 'alenko', 'ov', 'ova', 'ski', 'ska', 'vich', 'man', 'son', 'er', 'ez',
    'aki', 'oglu', 'ian', 'idze', 'ayev', 'ini', 'escu', 'sen', 'berg', 'ley', 'ton', 'uchi'],
] as const

export const ORG_WORDS = [
  'Institute', 'Foundation', 'Centre', 'Committee', 'Movement', 'Union', 'Front', 'Council', 'Network',
  'Association', 'Group', 'Party', 'League', 'Forum', 'Watch', 'Initiative', 'Alliance', 'Bureau',
] as const

export const ORG_TOPICS = [
  'Human Rights', 'Democracy', 'Peace', 'Strategic Studies', 'Press Freedom', 'Political Prisoners',
  'Energy Security', 'Trade', 'Reconciliation', 'Civil Liberties', 'Conflict Resolution', 'Development',
  'Free Elections', 'Refugees', 'Transparency', 'National Unity', 'Liberation', 'Solidarity',
] as const

export const BODIES = [
  'Ministry of Foreign Affairs', 'Ministry of Defence', 'Ministry of the Interior', 'State Security Committee',
  'Presidential Administration', 'National Security Council', 'Central Election Commission', 'Supreme Court',
  'Prosecutor General’s Office', 'Border Guard Service', 'Ministry of Justice', 'Ministry of Economy',
  'Central Bank', 'State Department', 'Ministry of Energy',
] as const

export const PUBLISHERS = [
  'The Daily Dispatch', 'Eastern Review', 'Global Wire', 'The Correspondent', 'Capital Times', 'Radio Liberty',
  'State News Agency', 'The Observer Weekly', 'Continental Press', 'Baltic Herald', 'The Ledger',
  'Morning Chronicle', 'Independent Monitor', 'World Affairs Digest', 'The Standard',
] as const

export const POST_TITLES = [
  'foreign minister', 'deputy foreign minister', 'ambassador', 'special envoy', 'president', 'prime minister',
  'defence minister', 'spokesperson', 'deputy assistant secretary of state', 'chief negotiator',
  'national security adviser', 'opposition leader', 'head of delegation', 'chairman', 'director',
] as const
