// The schemas of GET /v1/search: mixed hits across every kind of record.
import { Type, type Static } from '@sinclair/typebox'
import { SEARCH_PLANNING, SEARCH_TYPES } from './repository.js'
import { StringEnum, ref } from '../schemas/common.js'
import { pageParams } from '../engine/list-query-schema.js'

export const SearchType = StringEnum(SEARCH_TYPES, { $id: 'SearchType', title: 'SearchType', description: 'The kind of record a search hit is.' })

export const SearchHit = Type.Object(
  {
    type: ref(SearchType),
    id: Type.String({ description: 'The record id.' }),
    title: Type.String({ description: "What the record is called: an actor's name, an event's or deal's title, a quote's or term's words (cut at 200 characters). Plain text." }),
    snippet: Type.String({
      description:
        'The passage that matched, as an HTML fragment: the text is HTML-escaped (&amp; &lt; &gt;) and each matching word is wrapped in <mark>…</mark>; … marks a cut. Safe to render as HTML; strip the tags and unescape for plain text.',
      examples: ['President Aleksandr G. <mark>Lukashenko</mark> · Aliaksandr <mark>Lukashenka</mark>, …'],
    }),
    score: Type.Number({
      description:
        'Relevance: the hit\'s BM25 score (as FTS5\'s bm25() computes it, with its sign turned so higher is better). Every kind is ranked in one index, so scores compare across kinds within a query; a title match weighs four times a match elsewhere. Scores of different queries do not compare.',
    }),
    url: Type.String({ description: 'The path of the record, e.g. /v1/actors/act_….' }),
  },
  { $id: 'SearchHit', title: 'SearchHit', additionalProperties: false, description: 'One record that matches a search.' },
)
export type SearchHitT = Static<typeof SearchHit>

export const SearchResults = Type.Object(
  {
    data: Type.Array(ref(SearchHit), { description: 'Hits, best first.' }),
    next_cursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` to get the next page; null on the last page.' }),
    has_more: Type.Boolean(),
    total: Type.Optional(Type.Integer({ minimum: 0, description: `The number of records that match, when \`total=true\` was asked: every match, also beyond the ${SEARCH_PLANNING.candidates.toLocaleString('en-US')} ranked (counting them costs a read of every match).` })),
  },
  { $id: 'SearchResults', title: 'SearchResults', additionalProperties: false, description: 'A page of search hits, best first.' },
)

const typeList = `(${SEARCH_TYPES.join('|')})`

export const SearchQuerystring = Type.Object(
  {
    q: Type.String({
      minLength: 1,
      maxLength: 500,
      description:
        'What to look for, in FTS5 syntax: words (all must match), "an exact phrase", OR, NOT, (groups), and prefix* for type-ahead. Case and accents are ignored; actor aliases are searched too.',
      examples: ['luka*'],
    }),
    types: Type.Optional(
      Type.String({ pattern: `^${typeList}(,${typeList})*$`, description: `Only hits of these kinds, comma-separated: ${SEARCH_TYPES.join(', ')}.`, examples: ['actor,event'] }),
    ),
    ...pageParams,
  },
  { additionalProperties: false },
)
