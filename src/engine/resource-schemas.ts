// Builds the four named schemas every resource has (the record, its create
// body, its merge-patch body, and its list page) from one field table, so the
// shapes cannot drift apart.
import { Type, type Static, type TObject, type TOptional, type TProperties, type TSchema } from '@sinclair/typebox'
import { Citations, Timestamp, ref } from '../schemas/common.js'

export interface FieldTable {
  /** Fields a create body must carry. */
  required: TProperties
  /** Fields a create body may leave out (nullable scalars default to null, lists to []). */
  optional: TProperties
}

type Optionals<P extends TProperties> = { [K in keyof P]: TOptional<P[K]> }
type Cite<C extends boolean> = C extends false ? {} : { citations: typeof Citations }

function optionals<P extends TProperties>(props: P): Optionals<P> {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, Type.Optional(v)])) as Optionals<P>
}

export function resourceSchemas<const N extends string, R extends TProperties, O extends TProperties, X extends TProperties = {}, C extends boolean = true>(
  name: N,
  idSchema: TSchema,
  fields: { required: R; optional: O },
  options: {
    description: string
    citations?: C
    embeds?: X
    example?: Record<string, unknown>
    /** Update-body schemas for fields whose patch is looser than the record (nested objects are merged, so their fields are optional). */
    patch?: TProperties
  },
) {
  const a = `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name.toLowerCase()}`
  const cite = (options.citations === false ? {} : { citations: Citations }) as Cite<C>
  const writable = { ...fields.required, ...fields.optional, ...cite }
  const optionalWritable = optionals({ ...fields.optional, ...cite })

  const Create = Type.Object(
    { ...fields.required, ...optionalWritable },
    { $id: `${name}Create`, title: `${name}Create`, additionalProperties: false, description: `The body that creates ${a}.` },
  )
  const Update = Type.Partial(Type.Object({ ...writable, ...options.patch }), {
    $id: `${name}Update`,
    title: `${name}Update`,
    additionalProperties: false,
    minProperties: 1,
    description: `A JSON merge patch (RFC 7396) for ${a}: fields left out stay as they are, null clears a field, and a list given replaces the whole list.`,
  })
  const embeds = optionals((options.embeds ?? {}) as X)
  const Entity = Type.Object(
    {
      id: idSchema,
      ...writable,
      version: Type.Integer({ minimum: 1, description: 'Bumped by every change; send it back in `If-Match`.' }),
      created_at: Timestamp,
      updated_at: Timestamp,
      ...embeds,
    },
    { $id: name, title: name, additionalProperties: false, description: options.description, ...(options.example ? { examples: [options.example] } : {}) },
  )
  const List = Type.Object(
    {
      data: Type.Array(ref(Entity)),
      next_cursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` to get the next page; null on the last page.' }),
      has_more: Type.Boolean(),
      total: Type.Optional(Type.Integer({ minimum: 0, description: 'The number of matching records, when `total=true` was asked.' })),
    },
    { $id: `${name}List`, title: `${name}List`, additionalProperties: false, description: `A page of ${name.toLowerCase()} records.` },
  )
  return { Entity, Create, Update, List }
}

export type EntityOf<S extends { Entity: TObject }> = Static<S['Entity']>
