// Response serializers, compiled once per distinct schema, on first use.
// Every route documents the same Problem responses, so Fastify's default
// compiled about five hundred fast-json-stringify functions per app: seconds of
// CPU at each start. A serializer is a pure function of its schema and the
// shared schemas, so equal inputs share one; and most route/status pairs are
// never answered in a given process (an error status, a rarely used route), so
// each is compiled when it first serializes, not at start-up.
import SerializerSelector from '@fastify/fast-json-stringify-compiler'
import { noteCompile } from '../lib/first-use-compiles.js'

type Serializer = SerializerSelector.Serializer
type RouteDefinition = SerializerSelector.RouteDefinition

const defaultFactory = SerializerSelector()
/** Compiled serializers by the shared schemas they resolve against, then by route schema. */
const cache = new Map<string, Map<string, Serializer>>()

export const cachedSerializerFactory: SerializerSelector.SerializerFactory = (externalSchemas, options) => {
  const compile = defaultFactory(externalSchemas, options)
  const sharedKey = JSON.stringify([externalSchemas ?? null, options ?? null])
  const compiled = cache.get(sharedKey) ?? new Map<string, Serializer>()
  cache.set(sharedKey, compiled)
  const compileOnce = (route: RouteDefinition): Serializer => {
    const key = JSON.stringify(route.schema ?? null)
    let fn = compiled.get(key)
    if (!fn) {
      compiled.set(key, (fn = compile(route)))
      noteCompile()
    }
    return fn
  }
  return (route) => {
    let fn: Serializer | undefined
    return (data) => (fn ??= compileOnce(route))(data)
  }
}

/**
 * For routes whose handlers build records in exactly the documented shape
 * (the resource repositories' hydrated records): plain JSON.stringify. On
 * these nested pages it is faster than fast-json-stringify, whose nullable
 * references cost a schema check of every value (a 25-event page: about 90 µs
 * against 135-160 µs). The shape is held by the repositories' hydration and
 * checked against the schemas by the fuzz test, not re-filtered per answer.
 */
export const plainJsonSerializer = () => (data: unknown) => JSON.stringify(data)
