// Response serializers, compiled once per distinct schema. Every route
// documents the same Problem responses, so Fastify's default compiled about
// five hundred fast-json-stringify functions per app (seconds of CPU at each
// start, and for each app a test builds). A serializer is a pure function of
// its schema and the shared schemas, so equal inputs can share one.
import SerializerSelector from '@fastify/fast-json-stringify-compiler'

type Serializer = SerializerSelector.Serializer

const defaultFactory = SerializerSelector()
/** Compiled serializers by the shared schemas they resolve against, then by route schema. */
const cache = new Map<string, Map<string, Serializer>>()

export const cachedSerializerFactory: SerializerSelector.SerializerFactory = (externalSchemas, options) => {
  const compile = defaultFactory(externalSchemas, options)
  const sharedKey = JSON.stringify([externalSchemas ?? null, options ?? null])
  const compiled = cache.get(sharedKey) ?? new Map<string, Serializer>()
  cache.set(sharedKey, compiled)
  return (route) => {
    const key = JSON.stringify(route.schema ?? null)
    let fn = compiled.get(key)
    if (!fn) compiled.set(key, (fn = compile(route)))
    return fn
  }
}
