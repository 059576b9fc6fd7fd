// The HTTP shape every dashboard feed shares: a read that any write may change,
// so its ETag is tied to the change log and a refresh that finds nothing new
// costs a 304 and no query.
import type { TSchema } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { COMMON_ERRORS, EtagHeader, problemResponses, versionedRead } from '../http/http.js'

export const feedGet = {
  responses(body: TSchema, ...errors: number[]) {
    return {
      200: { ...body, headers: { ETag: EtagHeader } },
      304: { type: 'null', description: 'Not modified: nothing was written since the ETag in If-None-Match.' },
      ...problemResponses(...errors, ...COMMON_ERRORS),
    }
  },

  send<T>(request: FastifyRequest, reply: FastifyReply, build: () => T): T | FastifyReply {
    return versionedRead(request, reply, build)
  },

  /**
   * The same, serialised with JSON.stringify. For bodies whose schema is a
   * union (anyOf): the schema serialiser tries each branch per item, which
   * costs more than building the page. The repository builds the exact shape;
   * tests hold it to the schema.
   */
  sendJson<T>(request: FastifyRequest, reply: FastifyReply, build: () => T): FastifyReply {
    const body = versionedRead(request, reply, () => JSON.stringify(build()))
    return typeof body === 'string' ? reply.type('application/json; charset=utf-8').send(body) : body
  },
}
