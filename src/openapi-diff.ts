// Compares two OpenAPI 3.1 documents and lists what changed for a client:
// breaking changes (a removed operation, field, enum value or parameter; a
// newly required parameter or request field; a changed type; a tightened
// limit) and compatible ones (additions). The README's versioning policy says
// which version bump a breaking change needs; `compatibility()` applies it.
//
// Schemas are compared in the direction data flows: a request schema may only
// accept more than before, a response schema may only promise more.

type Json = any
type Context = 'request' | 'response'

export interface Change {
  breaking: boolean
  kind: string
  /** Where in the base document (operation, parameter or schema pointer). */
  where: string
  message: string
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

/** The set of JSON types a schema allows, with its enum, properties and items, after $ref, anyOf, oneOf and allOf. */
interface Shape {
  /** 'any' when the schema does not restrict the type. */
  types: Set<string>
  enum?: Set<string>
  properties: Map<string, { schema: Json; where: string }>
  required: Set<string>
  closed: boolean
  items: { schema: Json; where: string }[]
  limits: Record<string, number>
}

const UPPER_LIMITS = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties']
const LOWER_LIMITS = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties']

class Differ {
  readonly changes: Change[] = []
  private readonly seen = new Set<string>()

  constructor(
    private readonly base: Json,
    private readonly head: Json,
  ) {}

  add(breaking: boolean, kind: string, where: string, message: string): void {
    if (this.changes.some((c) => c.kind === kind && c.where === where)) return
    this.changes.push({ breaking, kind, where, message })
  }

  /** Follows a local $ref; returns the target and the pointer it lives at. */
  private deref(doc: Json, schema: Json, where: string): { schema: Json; where: string } {
    let hops = 0
    while (schema && typeof schema.$ref === 'string' && hops++ < 50) {
      const ref: string = schema.$ref
      if (!ref.startsWith('#/')) break
      where = ref
      schema = ref
        .slice(2)
        .split('/')
        .reduce((node: Json, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc)
    }
    return { schema: schema ?? {}, where }
  }

  private shape(doc: Json, raw: Json, at: string): Shape {
    const { schema, where } = this.deref(doc, raw, at)
    const out: Shape = { types: new Set(), properties: new Map(), required: new Set(), closed: false, items: [], limits: {} }
    const branches: Json[] = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]
    if (branches.length > 0) {
      const parts = branches.map((b: Json, i: number) => this.shape(doc, b, `${where}/${schema.anyOf ? 'anyOf' : 'oneOf'}/${i}`))
      for (const p of parts) merge(out, p)
      // An enum restricts the union only when every non-null branch is an enum.
      const valued = parts.filter((p) => !(p.types.size === 1 && p.types.has('null')))
      out.enum = valued.every((p) => p.enum) ? new Set(valued.flatMap((p) => [...p.enum!])) : undefined
      if (parts.some((p) => p.types.has('any'))) out.types = new Set(['any'])
      return out
    }
    for (const [i, part] of (schema.allOf ?? []).entries()) merge(out, this.shape(doc, part, `${where}/allOf/${i}`))
    const type = schema.type ?? (schema.properties ? 'object' : schema.items ? 'array' : undefined)
    for (const t of Array.isArray(type) ? type : type ? [type] : []) out.types.add(t)
    const values = schema.const !== undefined ? [schema.const] : schema.enum
    if (Array.isArray(values)) {
      out.enum = new Set(values.map((v: unknown) => JSON.stringify(v)))
      if (!type) for (const v of values) out.types.add(v === null ? 'null' : Number.isInteger(v) ? 'integer' : typeof v)
    }
    if (out.types.size === 0 && !schema.allOf) out.types.add('any')
    for (const [name, prop] of Object.entries(schema.properties ?? {})) out.properties.set(name, { schema: prop, where: `${where}/properties/${name}` })
    for (const name of schema.required ?? []) out.required.add(name)
    if (schema.additionalProperties === false) out.closed = true
    if (schema.items) out.items.push({ schema: schema.items, where: `${where}/items` })
    for (const k of [...UPPER_LIMITS, ...LOWER_LIMITS]) if (typeof schema[k] === 'number') out.limits[k] = schema[k]
    return out
  }

  /** Compares a schema of the base document with its counterpart in the head document. */
  schema(baseRaw: Json, headRaw: Json, ctx: Context, at: string): void {
    const b = this.deref(this.base, baseRaw, at)
    const h = this.deref(this.head, headRaw, at)
    const key = `${ctx}|${b.where}|${h.where}`
    if (this.seen.has(key)) return
    this.seen.add(key)
    // Inside one component, name the component; where one side swapped its schema, name the place that uses it.
    const where = b.where === h.where ? b.where : at
    const bs = this.shape(this.base, baseRaw, at)
    const hs = this.shape(this.head, headRaw, at)

    const bt = [...bs.types].join('|')
    const ht = [...hs.types].join('|')
    // A request must still accept every type it did; a response must not send a type it did not.
    const lost = ctx === 'request' ? missingTypes(bs.types, hs.types) : missingTypes(hs.types, bs.types)
    if (lost.length > 0) {
      this.add(true, 'type-changed', where, `type was ${bt}, is now ${ht}`)
      // Nothing in common: the fields of the old shape say no more.
      if (missingTypes(bs.types, hs.types).length === bs.types.size && missingTypes(hs.types, bs.types).length === hs.types.size) return
    }

    if (bs.enum && hs.enum) {
      const removed = [...bs.enum].filter((v) => !hs.enum!.has(v))
      const added = [...hs.enum].filter((v) => !bs.enum!.has(v))
      if (removed.length) this.add(true, 'enum-value-removed', where, `enum value(s) ${removed.join(', ')} removed`)
      if (added.length) this.add(false, 'enum-value-added', where, `enum value(s) ${added.join(', ')} added`)
    } else if (!bs.enum && hs.enum && ctx === 'request') {
      this.add(true, 'enum-restricted', where, `now restricted to ${[...hs.enum].join(', ')}`)
    }

    if (ctx === 'request') {
      for (const k of UPPER_LIMITS) {
        const was = bs.limits[k]
        const now = hs.limits[k]
        if (now !== undefined && (was === undefined || now < was)) this.add(true, 'constraint-tightened', where, `${k} was ${was ?? 'unset'}, is now ${now}`)
      }
      for (const k of LOWER_LIMITS) {
        const was = bs.limits[k]
        const now = hs.limits[k]
        if (now !== undefined && now > (was ?? -Infinity)) this.add(true, 'constraint-tightened', where, `${k} was ${was ?? 'unset'}, is now ${now}`)
      }
    }

    for (const [name, prop] of bs.properties) {
      const next = hs.properties.get(name)
      if (!next) {
        if (ctx === 'response') this.add(true, 'response-field-removed', prop.where, `response field ${name} removed`)
        else if (hs.closed) this.add(true, 'request-field-removed', prop.where, `request field ${name} removed: sending it is now refused`)
        else this.add(false, 'request-field-removed', prop.where, `request field ${name} removed`)
        continue
      }
      if (ctx === 'request' && hs.required.has(name) && !bs.required.has(name)) this.add(true, 'request-field-required', prop.where, `request field ${name} is now required`)
      if (ctx === 'response' && bs.required.has(name) && !hs.required.has(name)) this.add(true, 'response-field-optional', prop.where, `response field ${name} may now be absent`)
      this.schema(prop.schema, next.schema, ctx, prop.where)
    }
    for (const name of hs.properties.keys()) {
      if (bs.properties.has(name)) continue
      if (ctx === 'request' && hs.required.has(name)) this.add(true, 'request-field-required', `${where}/properties/${name}`, `new request field ${name} is required`)
      else this.add(false, `${ctx}-field-added`, `${where}/properties/${name}`, `${ctx} field ${name} added`)
    }
    if (ctx === 'request' && hs.closed && !bs.closed && bs.properties.size > 0) this.add(true, 'request-closed', where, 'unknown fields are now refused')

    const n = Math.min(bs.items.length, hs.items.length)
    for (let i = 0; i < n; i++) this.schema(bs.items[i].schema, hs.items[i].schema, ctx, bs.items[i].where)
  }

  operations(): void {
    const baseOps = operationsOf(this.base)
    const headOps = operationsOf(this.head)
    for (const [key, b] of baseOps) {
      const h = headOps.get(key)
      if (!h) {
        this.add(true, 'operation-removed', b.where, `${b.label} (${b.op.operationId ?? 'no operationId'}) removed`)
        continue
      }
      if (b.op.operationId && b.op.operationId !== h.op.operationId) {
        this.add(true, 'operation-id-changed', b.where, `operationId ${b.op.operationId} is now ${h.op.operationId ?? 'absent'}: generated SDK methods are named after it`)
      }
      this.parameters(b, h)
      this.requestBody(b, h)
      this.responses(b, h)
    }
    for (const [key, h] of headOps) if (!baseOps.has(key)) this.add(false, 'operation-added', h.where, `${h.label} (${h.op.operationId ?? 'no operationId'}) added`)
  }

  private parameters(b: Operation, h: Operation): void {
    const bp = parametersOf(this.base, b)
    const hp = parametersOf(this.head, h)
    for (const [key, p] of bp) {
      const next = hp.get(key)
      const where = `${b.where}/parameters/${key}`
      if (!next) {
        // Parley refuses unknown query parameters, so a removed one breaks callers; unknown headers are ignored.
        this.add(p.in !== 'header', 'parameter-removed', where, `${p.in} parameter ${p.name} removed`)
        continue
      }
      if (next.required && !p.required) this.add(true, 'parameter-required', where, `${p.in} parameter ${p.name} is now required`)
      this.schema(p.schema ?? {}, next.schema ?? {}, 'request', where)
    }
    for (const [key, p] of hp) {
      if (bp.has(key)) continue
      const where = `${h.where}/parameters/${key}`
      if (p.required) this.add(true, 'parameter-required', where, `new ${p.in} parameter ${p.name} is required`)
      else this.add(false, 'parameter-added', where, `${p.in} parameter ${p.name} added`)
    }
  }

  private requestBody(b: Operation, h: Operation): void {
    const bb = this.deref(this.base, b.op.requestBody, b.where).schema
    const hb = this.deref(this.head, h.op.requestBody, h.where).schema
    const where = `${b.where}/requestBody`
    if (!b.op.requestBody) {
      if (h.op.requestBody?.required || hb?.required) this.add(true, 'request-body-required', where, 'a request body is now required')
      return
    }
    if (!h.op.requestBody) {
      this.add(true, 'request-body-removed', where, 'the request body was removed')
      return
    }
    if (hb.required && !bb.required) this.add(true, 'request-body-required', where, 'the request body is now required')
    for (const [type, media] of Object.entries<Json>(bb.content ?? {})) {
      const next = hb.content?.[type]
      if (!next) this.add(true, 'media-type-removed', `${where}/content/${type}`, `request media type ${type} no longer accepted`)
      else this.schema(media.schema ?? {}, next.schema ?? {}, 'request', `${where}/content/${type}/schema`)
    }
  }

  private responses(b: Operation, h: Operation): void {
    const br = b.op.responses ?? {}
    const hr = h.op.responses ?? {}
    for (const [status, raw] of Object.entries<Json>(br)) {
      const where = `${b.where}/responses/${status}`
      const success = /^2/.test(status)
      if (!hr[status]) {
        if (success) this.add(true, 'response-removed', where, `response ${status} removed`)
        continue
      }
      const bres = this.deref(this.base, raw, where).schema
      const hres = this.deref(this.head, hr[status], where).schema
      if (success) {
        for (const name of Object.keys(bres.headers ?? {})) {
          const has = Object.keys(hres.headers ?? {}).some((n) => n.toLowerCase() === name.toLowerCase())
          if (!has) this.add(true, 'response-header-removed', `${where}/headers/${name}`, `response header ${name} removed`)
        }
      }
      for (const [type, media] of Object.entries<Json>(bres.content ?? {})) {
        const next = hres.content?.[type]
        if (!next) {
          if (success) this.add(true, 'media-type-removed', `${where}/content/${type}`, `response media type ${type} removed`)
        } else this.schema(media.schema ?? {}, next.schema ?? {}, 'response', `${where}/content/${type}/schema`)
      }
    }
    for (const status of Object.keys(hr)) if (!br[status]) this.add(false, 'response-added', `${h.where}/responses/${status}`, `response ${status} added`)
  }
}

interface Operation {
  label: string
  where: string
  op: Json
  pathItem: Json
}

/** Operations by method and path template; parameter names in the path do not matter. */
function operationsOf(doc: Json): Map<string, Operation> {
  const out = new Map<string, Operation>()
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const method of METHODS) {
      if (!item?.[method]) continue
      const label = `${method.toUpperCase()} ${path}`
      out.set(`${method} ${path.replace(/\{[^}]+\}/g, '{}')}`, { label, where: `#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}`, op: item[method], pathItem: item })
    }
  }
  return out
}

function parametersOf(doc: Json, o: Operation): Map<string, Json> {
  const out = new Map<string, Json>()
  const resolve = (p: Json) => (p?.$ref ? p.$ref.slice(2).split('/').reduce((n: Json, k: string) => n?.[k], doc) : p)
  for (const raw of [...(o.pathItem.parameters ?? []), ...(o.op.parameters ?? [])]) {
    const p = resolve(raw)
    if (!p) continue
    // Path parameters are matched by position, not name; header names ignore case.
    const name = p.in === 'header' ? String(p.name).toLowerCase() : p.name
    const slots: string[] = o.label.match(/\{[^}]+\}/g) ?? []
    const key = p.in === 'path' ? `path:${slots.indexOf(`{${p.name}}`)}` : `${p.in}:${name}`
    out.set(key, p)
  }
  return out
}

function merge(into: Shape, part: Shape): void {
  for (const t of part.types) into.types.add(t)
  for (const [k, v] of part.properties) into.properties.set(k, v)
  for (const r of part.required) into.required.add(r)
  into.closed ||= part.closed
  into.items.push(...part.items)
  Object.assign(into.limits, part.limits)
  if (part.enum) into.enum = new Set([...(into.enum ?? []), ...part.enum])
}

/** Types in `from` that `to` does not allow (an integer is a number; 'any' allows all). */
function missingTypes(from: Set<string>, to: Set<string>): string[] {
  if (to.has('any')) return []
  if (from.has('any')) return ['any']
  return [...from].filter((t) => !to.has(t) && !(t === 'integer' && to.has('number')))
}

/** Every change from `base` to `head`, breaking ones first. */
export function diffOpenApi(base: Json, head: Json): Change[] {
  const d = new Differ(base, head)
  d.operations()
  return [...d.changes].sort((a, b) => Number(b.breaking) - Number(a.breaking))
}

function semver(version: unknown): [number, number, number] | null {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(String(version ?? ''))
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null
}

/** True when `head` bumps `base` enough for a breaking change: the major version, or the minor one while the major is 0. */
export function allowsBreakingChange(baseVersion: string, headVersion: string): boolean {
  const b = semver(baseVersion)
  const h = semver(headVersion)
  if (!b || !h) return false
  if (h[0] > b[0]) return true
  return b[0] === 0 && h[0] === 0 && h[1] > b[1]
}

export interface Compatibility {
  changes: Change[]
  breaking: Change[]
  baseVersion: string
  headVersion: string
  /** False when there is a breaking change the version bump does not allow. */
  ok: boolean
}

export function compatibility(base: Json, head: Json): Compatibility {
  const changes = diffOpenApi(base, head)
  const breaking = changes.filter((c) => c.breaking)
  const baseVersion = String(base.info?.version ?? '')
  const headVersion = String(head.info?.version ?? '')
  return { changes, breaking, baseVersion, headVersion, ok: breaking.length === 0 || allowsBreakingChange(baseVersion, headVersion) }
}
