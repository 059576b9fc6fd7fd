// The ceiling: bare Fastify routes that answer each scenario with a fixed JSON
// body of the same size as Parley's answer (Parley's own answer, captured
// before the run). No database, no plugins, no logging: what HTTP on this
// machine can do at that body size.
//
// BENCH_CEILING_BODIES=file.json PORT=3002 node --import tsx bench/ceiling-server.ts
import Fastify from 'fastify'
import { readFileSync } from 'node:fs'

export interface CeilingRoute {
  name: string
  method: 'GET' | 'POST'
  status: number
  body: string
}

const routes = JSON.parse(readFileSync(process.env.BENCH_CEILING_BODIES!, 'utf8')) as CeilingRoute[]
const app = Fastify({ logger: false, bodyLimit: 1_048_576 })
app.get('/ready', (_req, reply) => reply.send('{}'))
for (const r of routes) {
  app.route({ method: r.method, url: `/ceiling/${r.name}`, handler: (_req, reply) => reply.code(r.status).type('application/json').send(r.body) })
}

await app.listen({ port: Number(process.env.PORT ?? 3002), host: process.env.HOST ?? '127.0.0.1' })
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void app.close().then(() => process.exit(0)))
