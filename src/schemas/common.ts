// Shared TypeBox building blocks. Every schema that appears in the OpenAPI
// document as a component carries a `$id`; routes refer to it with `ref()`.
import { Kind, Type, type Static, type TSchema } from '@sinclair/typebox'
// The package's main entry also loads the country names in 80 languages; the codes need none.
import countries from 'i18n-iso-countries/index.js'
import * as V from '../domain/vocabulary.js'

/** A reference to a named component, typed as the schema it points to. */
export function ref<T extends TSchema>(schema: T) {
  if (!schema.$id) throw new Error('ref() needs a schema with an $id')
  return Type.Unsafe<Static<T>>(Type.Ref(schema.$id))
}

/** A string enum from a vocabulary list. */
export function StringEnum<T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options })
}

/**
 * A value or null. A plain schema becomes a type array (`type: ['string', 'null']`,
 * with null added to an enum): fast-json-stringify writes that with a null check,
 * where an anyOf costs a schema validation of every value it serializes. A
 * reference to a component cannot carry a type, so it stays an anyOf.
 */
export function Nullable<T extends TSchema>(schema: T) {
  if (typeof schema.type === 'string' && schema.$id === undefined) {
    const { [Kind]: _kind, ...plain } = schema as TSchema
    return Type.Unsafe<Static<T> | null>({ ...plain, type: [schema.type, 'null'], ...(Array.isArray(schema.enum) ? { enum: [...schema.enum, null] } : {}) })
  }
  return Type.Union([schema, Type.Null()])
}

export const FUZZY_DATE_PATTERN = '^\\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?)?$'

export const FuzzyDate = Type.String({
  $id: 'FuzzyDate',
  title: 'FuzzyDate',
  pattern: FUZZY_DATE_PATTERN,
  description:
    'An ISO 8601 date at the precision the source gives: a year (`2020`), a month (`2020-08`) or a day (`2025-02-12`). Range filters match any record whose span overlaps the asked range.',
  examples: ['2025-02'],
})

export const CountryCode = StringEnum(Object.keys(countries.getAlpha3Codes()).sort(), {
  $id: 'CountryCode',
  title: 'CountryCode',
  description: 'An ISO 3166-1 alpha-3 country code.',
  examples: ['BLR'],
})

export const Timestamp = Type.String({ format: 'date-time', description: 'An RFC 3339 timestamp in UTC.' })

/** A type-prefixed, time-sortable identifier (TypeID). */
export function IdOf(prefix: string, description: string) {
  return Type.String({ pattern: `^${prefix}_[0-7][0-9a-hjkmnp-tv-z]{25}$`, description, examples: [`${prefix}_01jm0000000000000000000000`] })
}

/** An actor given by id or by slug. */
export const ActorRef = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'An actor id (`act_…`) or slug (`aleksandr-lukashenko`).',
  examples: ['aleksandr-lukashenko'],
})

export const Slug = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 120, description: 'Lowercase words joined by hyphens.' })

export const Text = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) })

export const CitationBasis = StringEnum(V.CITATION_BASES, {
  $id: 'CitationBasis',
  title: 'CitationBasis',
  description: 'How the claim is known.',
})

export const Citation = Type.Object(
  {
    source_id: IdOf('src', 'The source that makes the claim.'),
    excerpt: Text(5000, 'The exact words of the source that support the record.'),
    start_offset: Type.Optional(Nullable(Type.Integer({ minimum: 0, description: 'Offset of the excerpt in the source body, in UTF-16 code units. Computed when the source has a body.' }))),
    end_offset: Type.Optional(Nullable(Type.Integer({ minimum: 0, description: 'Offset just past the excerpt.' }))),
    basis: ref(CitationBasis),
  },
  { $id: 'Citation', title: 'Citation', additionalProperties: false, description: 'The provenance of a record: which source says so, in which words.' },
)
export type CitationT = Static<typeof Citation>

export const Citations = Type.Array(ref(Citation), { maxItems: 100, description: 'The sources for this record. Replaced as a whole on update.' })

const ProblemFieldError = Type.Object(
  {
    in: StringEnum(['body', 'query', 'path', 'header'] as const),
    pointer: Type.String({ description: 'JSON pointer to the field, relative to the part named by `in`.' }),
    parameter: Type.Optional(Type.String({ description: 'The parameter name, for query, path and header errors.' })),
    detail: Type.String(),
  },
  { $id: 'ProblemFieldError', title: 'ProblemFieldError', additionalProperties: false },
)

export const Problem = Type.Object(
  {
    type: Type.String({ description: 'A URI naming the problem type.' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    code: Type.String({ description: 'A stable, machine-readable code such as `validation_failed` or `not_found`.' }),
    errors: Type.Optional(Type.Array(ref(ProblemFieldError))),
    current_version: Type.Optional(Type.Integer({ description: 'On a 412: the version the record has now.' })),
    references: Type.Optional(
      Type.Array(Type.Object({ type: Type.String(), id: Type.String() }, { additionalProperties: false }), {
        description: 'On a 409 for a delete: the records that still refer to this one.',
      }),
    ),
  },
  { $id: 'Problem', title: 'Problem', additionalProperties: true, description: 'An RFC 9457 problem document.' },
)
export type ProblemT = Static<typeof Problem>

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, description: 'The record id.' }) }, { additionalProperties: false })

export const sharedSchemas: TSchema[] = [FuzzyDate, CountryCode, CitationBasis, Citation, ProblemFieldError, Problem]
