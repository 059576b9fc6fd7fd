// The query-string schema of a collection, derived from its list spec, so
// every filter is a typed, documented parameter and unknown ones are refused.
import { Type, type TSchema } from '@sinclair/typebox'
import type { ListSpec } from './list-query.js'
import { FUZZY_DATE_PATTERN } from '../schemas/common.js'

// Filters carry no `examples`: the docs page's "Try it out" fills every
// parameter with its example, and all filters at once match nothing.

/** `limit`, `cursor` and `total`: the same on every list and on /v1/search. */
export const pageParams = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 25, description: 'Records per page: a whole number from 1 to 200; 25 when left out.' })),
  cursor: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 2000,
      description: 'The `next_cursor` of the previous page, passed back as it is, with the same `sort` and filters. Cursors are signed: an edited one is refused with 400.',
    }),
  ),
  total: Type.Optional(Type.Boolean({ description: '`true` to also count every matching record into `total` (costs a query); left out, `total` is absent.' })),
}

export function listQuerySchema(spec: ListSpec) {
  const filters: Record<string, TSchema> = {}
  for (const [name, f] of Object.entries(spec.filters)) {
    let schema: TSchema
    switch (f.kind) {
      case 'enum':
        schema = Type.String({ minLength: 1, maxLength: 2000, description: `${f.description} One or more of: ${f.values.join(', ')}.` })
        break
      case 'from':
      case 'to':
        schema = Type.String({ pattern: FUZZY_DATE_PATTERN, description: `${f.description} A fuzzy date: \`YYYY\`, \`YYYY-MM\` or \`YYYY-MM-DD\`.` })
        break
      case 'fts':
        schema = Type.String({
          minLength: 1,
          maxLength: 500,
          description: `${f.description} FTS5 syntax: "exact phrase", AND, OR, NOT, prefix*. Case and accents are ignored; up to 500 characters.`,
        })
        break
      case 'actor':
        schema = Type.String({ minLength: 1, maxLength: 5000, description: `${f.description} A record matches any of them.` })
        break
      case 'ids':
        schema = Type.String({
          minLength: 1,
          maxLength: 5000,
          description: `${f.description} Each id starts with \`${f.prefix}_\`; a record matches any of them.`,
        })
        break
      default:
        schema = Type.String({ minLength: 1, maxLength: 5000, description: f.description })
    }
    filters[name] = Type.Optional(schema)
  }
  const sortNames = Object.keys(spec.sorts)
  const includeNames = Object.keys(spec.includes ?? {})
  const sortItem = `-?(${sortNames.join('|')})`
  return Type.Object(
    {
      limit: pageParams.limit,
      cursor: pageParams.cursor,
      sort: Type.Optional(
        Type.String({
          pattern: `^${sortItem}(,${sortItem})*$`,
          description: `Comma-separated sort fields from: ${sortNames.join(', ')}; prefix with "-" for descending. Ties are broken by id. Default: ${spec.defaultSort}.`,
          examples: [sortNames[sortNames.length > 1 ? 1 : 0]],
        }),
      ),
      ...(includeNames.length
        ? {
            include: Type.Optional(
              Type.String({
                pattern: `^(${includeNames.join('|')})(,(${includeNames.join('|')}))*$`,
                description: `Related records to embed, comma-separated: ${includeNames.map((n) => `\`${n}\` (${spec.includes![n].description})`).join('; ')}`,
              }),
            ),
          }
        : {}),
      total: pageParams.total,
      ...filters,
    },
    { additionalProperties: false },
  )
}

export function includeQuerySchema(spec: ListSpec) {
  const includeNames = Object.keys(spec.includes ?? {})
  return Type.Object(
    includeNames.length
      ? {
          include: Type.Optional(
            Type.String({
              pattern: `^(${includeNames.join('|')})(,(${includeNames.join('|')}))*$`,
              description: `Related records to embed, comma-separated: ${includeNames.join(', ')}.`,
            }),
          ),
        }
      : {},
    { additionalProperties: false },
  )
}
