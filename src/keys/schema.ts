// API keys as the admin endpoints show them. The secret appears once, in the
// answer to the create call; afterwards only its prefix is shown.
import { Type, type Static } from '@sinclair/typebox'
import { API_SCOPES } from '../lib/api-keys.js'
import { Nullable, StringEnum, Timestamp, ref } from '../schemas/common.js'

export const ApiKeyScope = StringEnum(API_SCOPES, {
  $id: 'ApiKeyScope',
  title: 'ApiKeyScope',
  description: 'What a key may do: `read` (GET), `write` (also POST, PATCH, DELETE), `admin` (also manage keys). Each scope includes the ones before it.',
})

const keyFields = {
  id: Type.String({ pattern: '^key_[0-7][0-9a-hjkmnp-tv-z]{25}$', description: 'The key id (not the secret).' }),
  name: Type.String({ minLength: 1, maxLength: 100, description: 'Who or what uses the key.' }),
  scope: ref(ApiKeyScope),
  prefix: Type.String({ description: 'The first characters of the secret, to tell keys apart.' }),
  created_at: Timestamp,
  revoked_at: Nullable(Timestamp),
  last_used_at: Nullable({ ...Timestamp, description: 'When the key last authenticated a request (to the minute).' }),
}

export const ApiKey = Type.Object(keyFields, { $id: 'ApiKey', title: 'ApiKey', additionalProperties: false, description: 'An API key, without its secret.' })
export type ApiKeyT = Static<typeof ApiKey>

export const ApiKeyCreate = Type.Object(
  { name: keyFields.name, scope: ref(ApiKeyScope) },
  { $id: 'ApiKeyCreate', title: 'ApiKeyCreate', additionalProperties: false, description: 'The body that creates an API key.' },
)

export const ApiKeyCreated = Type.Object(
  {
    ...keyFields,
    secret: Type.String({ description: 'The secret to send as `Authorization: Bearer <secret>`. Shown only in this answer: store it now.' }),
  },
  { $id: 'ApiKeyCreated', title: 'ApiKeyCreated', additionalProperties: false, description: 'A new API key with its secret, shown this once.' },
)
export type ApiKeyCreatedT = Static<typeof ApiKeyCreated>

export const ApiKeyList = Type.Object(
  {
    data: Type.Array(ref(ApiKey)),
    next_cursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` to get the next page; null on the last page.' }),
    has_more: Type.Boolean(),
  },
  { $id: 'ApiKeyList', title: 'ApiKeyList', additionalProperties: false, description: 'A page of API keys, oldest first.' },
)

export const keySchemas = [ApiKeyScope, ApiKey, ApiKeyCreate, ApiKeyCreated, ApiKeyList]
