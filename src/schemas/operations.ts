// What the health probes answer.
import { Type } from '@sinclair/typebox'

export const Health = Type.Object(
  {
    status: Type.Literal('ok'),
    version: Type.String({ description: 'The running Parley version.' }),
    uptime_seconds: Type.Number({ minimum: 0, description: 'Seconds since the process started.' }),
  },
  { $id: 'Health', title: 'Health', additionalProperties: false, description: 'The process is up and answering.' },
)

export const Readiness = Type.Object(
  {
    status: Type.Literal('ready'),
    checks: Type.Object(
      { database: Type.Literal('ok', { description: 'The database answered a query.' }) },
      { additionalProperties: false },
    ),
    latest_change_seq: Type.Integer({ minimum: 0, description: 'The newest change-log sequence number the database holds.' }),
  },
  { $id: 'Readiness', title: 'Readiness', additionalProperties: false, description: 'The server can serve requests: its database answers.' },
)

export const operationSchemas = [Health, Readiness]
