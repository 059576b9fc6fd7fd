// fast-check arbitraries for requests, built from an OpenAPI 3.1 document
// alone: values that fit each operation's schemas, and hostile mutations of
// them (wrong types, extreme numbers, injection strings, odd Unicode, deep
// nesting, duplicate keys, missing and extra fields, broken encodings).
import fc from 'fast-check'

type Schema = Record<string, any>
export type Doc = { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, Schema> } }

export interface Operation {
  method: string
  path: string
  id: string
  op: Record<string, any>
}

export interface FuzzRequest {
  method: string
  url: string
  headers: Record<string, string>
  /** A JSON value to send, or raw text/bytes when `raw` is set. */
  body?: unknown
  raw?: string | Buffer
  /** What was done to the valid request, for the failure report. */
  mutation: string
}

export const METHODS = ['get', 'post', 'put', 'patch', 'delete']

export function operations(doc: Doc): Operation[] {
  const out: Operation[] = []
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) if (item[method]) out.push({ method: method.toUpperCase(), path, id: item[method].operationId, op: item[method] })
  }
  return out
}

const SQL = ["' OR '1'='1", "'; DROP TABLE events; --", '" OR 1=1 --', '1 UNION SELECT hash FROM api_keys', "%' AND 1=0 UNION SELECT sql FROM sqlite_master --", "Robert'); DELETE FROM actors;--"]
const FTS = ['"', '""', '"unbalanced', 'NEAR(a b', 'NEAR(', 'a OR', 'OR', 'AND', 'NOT x', '*', '**', 'a*b*', '^start', 'title:x', '{title summary}: x', '(a OR', 'a) OR (b', '-x', 'col:"x"', '+', 'x AND NOT', '\\']
const UNICODE = ['\u0000', 'nul\u0000byte', '\uD800', '\uDFFFlone', '\u202Eevil\u202C', 'zero\u200Bwidth', 'e\u0301\u0301\u0301', '𝕌𝕟𝕚𝕔𝕠𝕕𝕖', '🏳️‍🌈👨‍👩‍👧', '\uFEFFbom', 'ﷺ', 'Ⅻ', 'ß', 'İ', '\u0085', '\r\n\r\nHTTP/1.1 200 OK', '\t', ' ', '']
const MISC = ['../../etc/passwd', '%00', '%ZZ', '${7*7}', '{{7*7}}', '<script>alert(1)</script>', 'null', 'undefined', 'NaN', '0x10', '1e309', '-0', 'true', '[]', '{}']

export const HOSTILE_STRINGS = [...SQL, ...FTS, ...UNICODE, ...MISC]
export const HOSTILE_NUMBERS = [-1, 0, -0.5, 1e308, -1e308, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), 2 ** 64, 1.5, 1e-320, 9007199254740993]

/** Percent-encodes any string, lone surrogates included (as UTF-8 of U+FFFD, as a client would send them). */
export function enc(value: string): string {
  let out = ''
  for (const b of Buffer.from(value, 'utf8')) out += /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`
  return out
}

/** JSON text nested `depth` levels deep, built as text (too deep for JSON.stringify). */
export function deepText(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
}

/** A value nested `depth` levels deep: arrays, objects, or both. */
export function deep(depth: number, kind: 'array' | 'object' | 'mixed'): unknown {
  let v: unknown = 1
  for (let i = 0; i < depth; i++) v = kind === 'array' || (kind === 'mixed' && i % 2) ? [v] : { a: v }
  return v
}

const hostileString = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ unit: 'binary', maxLength: 30 }), fc.nat({ max: 20_000 }).map((n) => 'x'.repeat(n)))
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(null, true, false, [], {}, [[]], { '': null }, { __proto__x: 1 }),
  // Moderately deep here (values pass through fast-check and JSON.stringify); far deeper as raw text below.
  fc.constantFrom(50, 200).chain((d) => fc.constantFrom(deep(d, 'array'), deep(d, 'object'), deep(d, 'mixed'))),
  fc.array(hostileString, { maxLength: 5 }),
  fc.jsonValue({ maxDepth: 3 }),
)

export class Arbitraries {
  constructor(
    private readonly doc: Doc,
    /** Ids that exist, by prefix (`evt`, `act`, ...), so valid requests reach real records. */
    private readonly ids: Record<string, string[]>,
  ) {}

  resolve(schema: Schema): Schema {
    let s = schema
    for (let i = 0; s?.$ref && i < 10; i++) s = this.doc.components.schemas[String(s.$ref).replace('#/components/schemas/', '')]
    return s ?? {}
  }

  private existingIds(prefix?: string): string[] {
    if (prefix) return this.ids[prefix] ?? []
    return Object.values(this.ids).flat()
  }

  /** A value that fits the schema (mostly: patterns and lengths are approximated). */
  value(schema: Schema, name = '', depth = 0): fc.Arbitrary<unknown> {
    const s = this.resolve(schema)
    if (s.anyOf || s.oneOf) return fc.oneof(...(s.anyOf ?? s.oneOf).map((x: Schema) => this.value(x, name, depth)))
    if (s.enum) return fc.constantFrom(...s.enum)
    if ('const' in s) return fc.constant(s.const)
    const type = Array.isArray(s.type) ? s.type[0] : s.type
    switch (type) {
      case 'string':
        return this.string(s, name)
      case 'integer':
        return fc.integer({ min: s.minimum ?? -1_000_000, max: s.maximum ?? 1_000_000 })
      case 'number':
        return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true })
      case 'boolean':
        return fc.boolean()
      case 'null':
        return fc.constant(null)
      case 'array': {
        const item = depth > 4 ? fc.constant(null) : this.value(s.items ?? {}, name.replace(/s$/, ''), depth + 1)
        const opts = { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 3, 3) }
        return s.uniqueItems ? fc.uniqueArray(item, { ...opts, selector: (v) => JSON.stringify(v) }) : fc.array(item, opts)
      }
      case 'object':
      default: {
        const props: Record<string, Schema> = s.properties ?? {}
        if (depth > 4 || Object.keys(props).length === 0) return fc.constant({})
        const model: Record<string, fc.Arbitrary<unknown>> = {}
        for (const [k, v] of Object.entries(props)) model[k] = this.value(v, k, depth + 1)
        return fc.record(model, { requiredKeys: (s.required ?? []).filter((k: string) => k in props) as never[] })
      }
    }
  }

  private string(s: Schema, name: string): fc.Arbitrary<string> {
    const max = Math.min(s.maxLength ?? 60, 60)
    const min = s.minLength ?? 0
    if (s.format === 'date-time') return fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString())
    const prefix = /^\^([a-z]+)_/.exec(s.pattern ?? '')?.[1]
    const known = this.existingIds(prefix)
    const generated = s.pattern
      ? fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length >= min && x.length <= (s.maxLength ?? Infinity))
      : fc.string({ minLength: Math.max(min, 1), maxLength: Math.max(max, min, 1) })
    // Fields that name records get real ones most of the time.
    if (known.length > 0 && (prefix || /_id$|^id$/.test(name))) return fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 3 }, { arbitrary: generated, weight: 1 })
    return generated
  }

  /** A request to the operation: valid, or with one hostile mutation. */
  request(o: Operation, auth: Record<string, string>): fc.Arbitrary<FuzzRequest> {
    const params: Schema[] = o.op.parameters ?? []
    const pathParams = params.filter((p) => p.in === 'path')
    const queryParams = params.filter((p) => p.in === 'query')
    const headerParams = params.filter((p) => p.in === 'header')
    const prefix = /^\/v1\/([a-z]+)/.exec(o.path)?.[1]
    const pathIds = this.existingIds(PREFIX_OF[prefix ?? ''])
    const idArb = fc.oneof({ arbitrary: pathIds.length ? fc.constantFrom(...pathIds) : fc.constant('x'), weight: 4 }, { arbitrary: fc.constantFrom(...this.existingIds()), weight: 1 }, { arbitrary: hostileString.filter((x) => x.length > 0 && x.length < 1000), weight: 1 })
    // Ids come from the records that exist; other path parameters (a collection name) from their schema.
    const paramArb = (p: Schema) => (p.name === 'id' ? idArb : fc.oneof({ arbitrary: this.value(p.schema, p.name).map(String), weight: 4 }, { arbitrary: hostileString.filter((x) => x.length > 0), weight: 1 }))
    const pathArb = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, paramArb(p)]))) as fc.Arbitrary<Record<string, string>>
    const queryArb = fc.record(Object.fromEntries(queryParams.map((p) => [p.name, this.value(p.schema, p.name)])), { requiredKeys: queryParams.filter((p) => p.required).map((p) => p.name) as never[] })
    const headerArb = fc.record(Object.fromEntries(headerParams.map((p) => [p.name, this.headerValue(p)])), { requiredKeys: [] })
    const bodySchema = o.op.requestBody?.content?.['application/json']?.schema ?? o.op.requestBody?.content?.['application/merge-patch+json']?.schema
    const bodyArb = bodySchema ? this.value(bodySchema) : fc.constant(undefined)
    const valid = fc.record({ path: pathArb, query: queryArb, headers: headerArb, body: bodyArb })
    return fc.tuple(valid, fc.nat({ max: 99 }), mutationArb(bodySchema ? this.resolve(bodySchema) : null, queryParams.map((p) => p.name), pathParams.length > 0)).map(([v, dice, mutation]) => {
      const fill = (raw?: string) => {
        let first = true
        return o.path.replace(/\{(\w+)\}/g, (_: string, k: string) => {
          const value = first && raw !== undefined ? raw : enc(v.path[k])
          first = false
          return value
        })
      }
      const req: FuzzRequest = {
        method: o.method,
        url: '',
        headers: { ...(o.method === 'GET' ? {} : auth), ...(v.headers as Record<string, string>) },
        body: v.body,
        mutation: 'none',
      }
      let path = fill()
      let query = Object.entries(v.query as Record<string, unknown>).map(([k, x]) => `${enc(k)}=${enc(String(x))}`)
      // About a third of the cases are left valid, so the happy paths run too.
      if (dice < 65) {
        const applied = mutation(req, query, path, fill)
        query = applied.query
        path = applied.path
        req.mutation = applied.what
      }
      req.url = path + (query.length ? `?${query.join('&')}` : '')
      return req
    })
  }

  private headerValue(p: Schema): fc.Arbitrary<string> {
    if (p.name === 'if-match' || p.name === 'if-none-match') return fc.oneof(fc.constantFrom('*', '"v1"', 'W/"v1"', '"v2"', '"v999999999999"', 'v1', '"v1", "v2"', '"v-1"', '"v1e3"'), fc.nat({ max: 5 }).map((n) => `"v${n}"`))
    return this.value(p.schema, p.name).map(String).map((x) => x.replace(/[^\x21-\x7e]/g, '') || 'k')
  }
}

const PREFIX_OF: Record<string, string> = { sources: 'src', actors: 'act', positions: 'pos', relations: 'rel', events: 'evt', quotes: 'qte', deals: 'deal', terms: 'term', keys: 'key' }

/** A change to a request; `fill(raw)` rebuilds the path with `raw` (already encoded) as its first parameter. */
type Mutation = (req: FuzzRequest, query: string[], path: string, fill: (raw?: string) => string) => { query: string[]; path: string; what: string }

/** One hostile change to a valid request. */
function mutationArb(body: Schema | null, queryNames: string[], hasPathParam: boolean): fc.Arbitrary<Mutation> {
  const fields = Object.keys(body?.properties ?? {})
  const required: string[] = body?.required ?? []
  const keep = (what: string, f: (req: FuzzRequest) => void): Mutation => (req, query, path) => {
    f(req)
    return { query, path, what }
  }
  const bodyMutations: fc.Arbitrary<Mutation>[] = [
    fc.tuple(fc.constantFrom(...(fields.length ? fields : ['title'])), hostileValue).map(([k, v]) => keep(`body.${k} = hostile`, (r) => (r.body = { ...(asObject(r.body) ?? {}), [k]: v }))),
    fc.constantFrom(...(required.length ? required : ['title'])).map((k) => keep(`body.${k} missing`, (r) => (r.body = omit(asObject(r.body) ?? {}, k)))),
    fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), hostileValue).map(([k, v]) => keep(`extra field ${k}`, (r) => (r.body = { ...(asObject(r.body) ?? {}), [`x_${k}`]: v }))),
    hostileValue.map((v) => keep('whole body hostile', (r) => (r.body = v))),
    fc.tuple(fc.constantFrom(...(fields.length ? fields : ['title'])), hostileValue).map(([k, v]) =>
      keep(`duplicate key ${k}`, (r) => {
        const text = JSON.stringify(asObject(r.body) ?? {})
        r.raw = text.length > 2 ? `${text.slice(0, -1)},${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}}` : `{${JSON.stringify(k)}:1,${JSON.stringify(k)}:2}`
        r.headers['content-type'] = 'application/json'
      }),
    ),
    fc.tuple(fc.constantFrom(...(fields.length ? fields : ['title'])), fc.constantFrom(1000, 10_000, 100_000), fc.constantFrom<'array' | 'object'>('array', 'object')).map(([k, depth, kind]) =>
      keep(`deeply nested ${k} (${depth})`, (r) => {
        const text = JSON.stringify(asObject(r.body) ?? {})
        r.raw = `${text.length > 2 ? `${text.slice(0, -1)},` : '{'}${JSON.stringify(k)}:${deepText(depth, kind)}}`
        r.headers['content-type'] = 'application/json'
      }),
    ),
    fc.constantFrom(
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '{"title":',
      '{"title":"a"} trailing',
      '\uFEFF{"title":"bom"}',
      '',
      'null',
      '[]',
      '"text"',
      '1e999',
      '{"title":"\\ud800"}',
      '{"title":"\\u0000"}',
    ).map((raw) => keep(`raw body ${raw.slice(0, 30)}`, (r) => ((r.raw = raw), (r.headers['content-type'] = 'application/json')))),
    fc.constantFrom(Buffer.from([0xff, 0xfe, 0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), Buffer.from('{"title":"\xed\xa0\x80"}', 'latin1')).map((raw) =>
      keep('invalid UTF-8 body', (r) => ((r.raw = raw), (r.headers['content-type'] = 'application/json'))),
    ),
    fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/jsonx', '').map((ct) =>
      keep(`content-type ${ct}`, (r) => ((r.raw = JSON.stringify(r.body ?? {})), (r.headers['content-type'] = ct))),
    ),
  ]
  const queryMutations: fc.Arbitrary<Mutation>[] = [
    fc.tuple(fc.constantFrom(...(queryNames.length ? queryNames : ['limit'])), fc.oneof(hostileString, fc.constantFrom(...HOSTILE_NUMBERS.map(String)))).map(
      ([k, v]) => (req, query, path) => ({ query: [...query.filter((q) => !q.startsWith(`${k}=`)), `${k}=${enc(v)}`], path, what: `query ${k} hostile` }),
    ),
    fc.constantFrom(...(queryNames.length ? queryNames : ['limit'])).map((k) => (req: FuzzRequest, query: string[], path: string) => ({ query: [...query, `${k}=1`, `${k}=2`], path, what: `query ${k} repeated` })),
    fc.string({ minLength: 1, maxLength: 10 }).map((k) => (req: FuzzRequest, query: string[], path: string) => ({ query: [...query, `${enc(k)}x=1`], path, what: 'unknown query parameter' })),
    fc.constantFrom('%', '%ZZ', '%ED%A0%80', '%C0%AF', 'q=%00', 'limit[]=1', 'limit[a]=1', '=1', '&&', '__proto__=1', 'constructor[prototype]=1').map(
      (raw) => (req: FuzzRequest, query: string[], path: string) => ({ query: [...query, raw], path, what: `raw query ${raw}` }),
    ),
  ]
  const pathMutations: fc.Arbitrary<Mutation>[] = [
    // The path parameter replaced by a broken one, sent as it is.
    fc
      .constantFrom('%', '%ZZ', '%ED%A0%80', '..%2F..%2Fetc', 'a'.repeat(600), '%00', ';', '%20', 'act_' + '0'.repeat(26))
      .map((seg): Mutation => (_req, query, _path, fill) => ({ query, path: fill(seg), what: `path parameter ${seg.slice(0, 20)}` })),
  ]
  const headerMutations: fc.Arbitrary<Mutation>[] = [
    fc.constantFrom<[string, string]>(
      ['authorization', 'Bearer prly_forged000000000000000000000000000000000000'],
      ['authorization', 'Basic YTpi'],
      ['authorization', ''],
      ['if-match', 'garbage'],
      ['if-match', '"v0"'],
      ['if-none-match', '*'],
      ['idempotency-key', 'x'.repeat(300)],
      ['idempotency-key', 'fuzz-fixed-key'],
      ['x-request-id', 'bad id, with "quotes"'],
      ['accept', 'application/xml'],
    ).map(([k, v]) => keep(`header ${k}: ${v.slice(0, 20)}`, (r) => (r.headers[k] = v))),
  ]
  return fc.oneof(...(body ? bodyMutations : []), ...queryMutations, ...(hasPathParam ? pathMutations : []), ...headerMutations)
}

function asObject(v: unknown): Record<string, unknown> | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null
}

function omit(o: Record<string, unknown>, k: string): Record<string, unknown> {
  const { [k]: _gone, ...rest } = o
  return rest
}
