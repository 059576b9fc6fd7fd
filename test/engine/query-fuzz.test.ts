// Fuzzing the query string of every list and of /v1/search: random and
// hostile keys and values (huge numbers, SQL and FTS5 injection, odd Unicode,
// broken percent-encoding) never yield a 5xx, and every error is an RFC 9457
// problem document. fast-check prints the seed of any failure to replay it.
import fc from 'fast-check'
import t from 'tap'
import { makeApp } from '../helpers.js'
import { seedIds } from '../query-helpers.js'

t.setTimeout(300_000)

const PARAMS = [
  'limit', 'cursor', 'sort', 'include', 'total', 'q', 'types',
  'category', 'mode', 'context', 'actor', 'source_actor', 'target_actor', 'status', 'parent', 'occurred_from', 'occurred_to',
  'speaker', 'event', 'about_actor', 'about_term', 'kind', 'said_from', 'said_to',
  'party', 'deal', 'obligor', 'beneficiary', 'action',
  'publisher', 'published_from', 'published_to', 'country', 'sector', 'holder', 'organization', 'type',
]

const HOSTILE = [
  "' OR 1=1 --", '"; DROP TABLE events; --', "x') UNION SELECT * FROM api_keys --", '1; SELECT sqlite_version()',
  '"', '""', '*', 'AND', 'OR OR', 'NOT', 'NEAR(', 'NEAR(a b, -1)', 'NEAR(a b, 99999999999999999999)', 'title:x', '{title body}: x', '^x', '-x', '+x',
  '((((((((((((((((((((((((((((((((((((((((((((((((((x', ')))', 'a OR', 'x*y*', '"a" * "b"', 'rank MATCH x', "x' AND rank > 0",
  '\u0000', 'a\u0000b', '\u0002mark\u0003', '😀', '👩‍👩‍👧', 'Lukašenka', 'ЛУКАШЕНКО', 'ﬁ', 'İ', '\u202e', '\ufeff', '\u200b',
  '9'.repeat(400), '-1', '0', '1e309', '-0', 'NaN', 'Infinity', '0x10', '1.5', '2020-02-30', '2020-13', '9999-12-31', '0000', '-2020',
  'null', 'undefined', '[]', '{}', 'true', '__proto__', 'constructor', 'toString',
  'evt_01jm0000000000000000000000', 'act_01jm0000000000000000000000', 'belarus', 'aleksandr-lukashenko', 'luka*',
  '-title', 'title,-title', '-occurred_on,title', 'id,id', ',', ',,', 'CONSULT,', 'participants,quotes', 'RETREAT:release', 'RETREAT:', ':',
  'x'.repeat(6000),
]

/** Percent-encodes every UTF-8 byte, so lone surrogates and invalid sequences reach the server too. */
const bytes = (b: Uint8Array) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('')
const encode = (s: string) => bytes(Buffer.from(s, 'utf8'))

const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PARAMS).map(encode) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map(encode) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 8 }).map(bytes) },
)
const value = fc.oneof(
  fc.constantFrom(...HOSTILE).map(encode),
  fc.string({ maxLength: 40 }).map(encode),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(encode),
  fc.string({ unit: 'binary', maxLength: 20 }).map(encode),
  fc.uint8Array({ maxLength: 20 }).map(bytes),
  fc.oneof(fc.integer(), fc.double(), fc.bigInt()).map((n) => encode(String(n))),
  fc.array(fc.constantFrom('CONSULT', 'RETREAT', 'direct', 'offer', 'belarus', 'title', '-id', 'x', ''), { maxLength: 5 }).map((a) => encode(a.join(','))),
)
/** Bits of query string that are malformed on their own. */
const raw = fc.constantFrom('%', '%zz', '%E2%82', '&&', '==', '=x', 'a=1=2', '%00=%00', 'q', 'q=', '&=&', '%2', '+', 'q=a+b')
const queryString = fc
  .array(fc.oneof({ weight: 8, arbitrary: fc.tuple(key, value).map(([k, v]) => `${k}=${v}`) }, { weight: 1, arbitrary: raw }), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.join('&'))

/** Checks one answer: never a 5xx; an error is a problem document that leaks nothing; a success has data. */
function checkAnswer(url: string, res: { statusCode: number; headers: Record<string, unknown>; body: string }, statuses: Map<number, number>): void {
  statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
  if (res.statusCode >= 500) throw new Error(`${url} answered ${res.statusCode}: ${res.body.slice(0, 300)}`)
  if (res.statusCode >= 400) {
    if (!String(res.headers['content-type']).startsWith('application/problem+json')) throw new Error(`${url}: ${res.statusCode} as ${res.headers['content-type']}`)
    const problem = JSON.parse(res.body)
    if (problem.status !== res.statusCode || typeof problem.code !== 'string' || typeof problem.detail !== 'string') throw new Error(`${url}: not a problem: ${res.body.slice(0, 300)}`)
    // A detail may quote the caller's own input back; only what remains can be a leak.
    let own = res.body
    for (const [k, v] of new URLSearchParams(url.split('?')[1] ?? '')) for (const s of [k, v]) if (s) own = own.split(JSON.stringify(s).slice(1, -1)).join('')
    if (/SQLITE|sqlite3|SELECT |fts5|\bat .*\.ts:/.test(own)) throw new Error(`${url}: the problem leaks internals: ${res.body.slice(0, 300)}`)
  } else if (res.statusCode === 200) {
    if (!Array.isArray(JSON.parse(res.body).data)) throw new Error(`${url}: 200 without data`)
  } else throw new Error(`${url}: unexpected ${res.statusCode}`)
}

/** Search text: hostile FTS5 syntax, random words and odd Unicode; most of it reaches SQLite. */
const searchText = fc.oneof(
  fc.constantFrom(...HOSTILE.filter((h) => h.length < 500)),
  fc.string({ minLength: 1, maxLength: 30 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 15 }),
  fc.array(fc.constantFrom('belarus', 'luka*', 'AND', 'OR', 'NOT', '"', '(', ')', '*', 'NEAR', 'NEAR(', ',', ':', '^', '-', '+', 'sanctions', '"potash exports"', 'x:y'), { minLength: 1, maxLength: 6 }).map((a) => a.join(' ')),
)

t.test('random and hostile query strings never get a 5xx, and every error is a problem document', async (t) => {
  const app = await makeApp(t)
  const deal = seedIds(app)('deal-prisoners-for-sanctions-relief')
  const paths = ['/v1/sources', '/v1/actors', '/v1/positions', '/v1/relations', '/v1/events', '/v1/quotes', '/v1/deals', '/v1/terms', `/v1/deals/${deal}/terms`, '/v1/search']
  const statuses = new Map<number, number>()
  for (const path of paths) {
    await fc.assert(
      fc.asyncProperty(queryString, async (qs) => {
        const url = `${path}?${qs}`
        checkAnswer(url, await app.inject({ method: 'GET', url }), statuses)
      }),
      { numRuns: 100 },
    )
  }
  t.ok((statuses.get(400) ?? 0) > 500, `hostile queries are refused with a 400 (${JSON.stringify(Object.fromEntries(statuses))})`)
})

t.test('well-formed queries with hostile search text and random values never get a 5xx', async (t) => {
  const app = await makeApp(t)
  const statuses = new Map<number, number>()
  const collections = ['sources', 'actors', 'positions', 'relations', 'events', 'quotes', 'deals', 'terms'] as const
  const endpoints = [...collections.map((c) => ({ path: `/v1/${c}`, spec: app.repos[c].list.spec })), { path: '/v1/search', spec: null }]
  for (const { path, spec } of endpoints) {
    // Each of the endpoint's own parameters, with a value that is usually plausible and sometimes not.
    const params: fc.Arbitrary<[string, string]>[] = [
      fc.tuple(fc.constant('q'), searchText),
      fc.tuple(fc.constant('limit'), fc.oneof(fc.integer({ min: 1, max: 200 }).map(String), fc.constantFrom('0', '201', '1e3', 'x'))),
      fc.tuple(fc.constant('total'), fc.constantFrom('true', 'false', 'yes')),
    ]
    if (spec) {
      params.push(fc.tuple(fc.constant('sort'), fc.array(fc.constantFrom(...Object.keys(spec.sorts).flatMap((k) => [k, `-${k}`])), { minLength: 1, maxLength: 3 }).map((a) => a.join(','))))
      for (const [name, f] of Object.entries(spec.filters)) {
        const plausible =
          f.kind === 'enum' ? fc.subarray([...f.values], { minLength: 1, maxLength: Math.min(3, f.values.length) }).map((a) => a.join(','))
          : f.kind === 'from' || f.kind === 'to' ? fc.constantFrom('2020', '2020-08', '2020-08-15', '2025-02', '1900', '2999-12-31', '2021-02-29')
          : f.kind === 'actor' ? fc.constantFrom('belarus', 'aleksandr-lukashenko,united-states', 'nobody', 'act_01jm0000000000000000000000')
          : f.kind === 'fts' ? searchText
          : f.kind === 'custom' ? fc.constantFrom('CONCEDE', 'RETREAT:release', 'RETREAT:release,CONCEDE')
          : fc.string({ minLength: 1, maxLength: 10 })
        params.push(fc.tuple(fc.constant(name), fc.oneof({ weight: 4, arbitrary: plausible }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) })))
      }
    } else params.push(fc.tuple(fc.constant('types'), fc.subarray(['actor', 'event', 'quote', 'deal', 'term', 'source'], { minLength: 1 }).map((a) => a.join(','))))
    const query = fc
      .uniqueArray(fc.oneof(...params), { minLength: 1, maxLength: 4, selector: ([k]) => k })
      .map((pairs) => (path === '/v1/search' && !pairs.some(([k]) => k === 'q') ? [['q', 'belarus'] as [string, string], ...pairs] : pairs))
      .map((pairs) => pairs.map(([k, v]) => `${k}=${encode(v)}`).join('&'))
    await fc.assert(
      fc.asyncProperty(query, async (qs) => {
        const url = `${path}?${qs}`
        checkAnswer(url, await app.inject({ method: 'GET', url }), statuses)
      }),
      { numRuns: 150 },
    )
  }
  t.ok((statuses.get(200) ?? 0) > 300, `many of these queries run (${JSON.stringify(Object.fromEntries(statuses))})`)
})
