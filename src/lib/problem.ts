// RFC 9457 problem details: the one way Parley reports an error.
import type { ProblemT } from '../schemas/common.js'

export interface FieldError {
  in: 'body' | 'query' | 'path' | 'header'
  pointer: string
  parameter?: string
  detail: string
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

export const PROBLEM_TYPE_BASE = 'https://parley.dev/problems/'

export class ProblemError extends Error {
  readonly status: number
  readonly code: string
  readonly errors?: FieldError[]
  readonly extra: Record<string, unknown>
  readonly headers: Record<string, string>

  constructor(
    status: number,
    code: string,
    detail: string,
    opts: { errors?: FieldError[]; extra?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(detail)
    this.status = status
    this.code = code
    this.errors = opts.errors
    this.extra = opts.extra ?? {}
    this.headers = opts.headers ?? {}
  }

  toProblem(instance?: string): ProblemT {
    return {
      type: PROBLEM_TYPE_BASE + this.code.replace(/_/g, '-'),
      title: TITLES[this.status] ?? 'Error',
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      code: this.code,
      ...(this.errors ? { errors: this.errors } : {}),
      ...this.extra,
    }
  }
}

export const validationFailed = (errors: FieldError[], detail?: string) =>
  new ProblemError(400, 'validation_failed', detail ?? errors.map((e) => `${e.parameter ?? e.pointer}: ${e.detail}`).join('; '), { errors })

export const badParameter = (parameter: string, detail: string) =>
  validationFailed([{ in: 'query', pointer: `/${parameter}`, parameter, detail }])

export const notFound = (what: string, id: string) => new ProblemError(404, 'not_found', `No ${what} has the id ${JSON.stringify(id)}.`)

export const preconditionFailed = (currentVersion: number) =>
  new ProblemError(412, 'precondition_failed', `The record has changed: it is at version ${currentVersion} now. Fetch it again and retry.`, {
    extra: { current_version: currentVersion },
  })
