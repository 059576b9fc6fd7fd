// Builds the Parley application: a Fastify instance with its database,
// plugins and routes. Tests build it and call it through inject(); server.ts
// builds it and listens.
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { loadSeed } from '../seed/load.js'
import { checkConfig, loadConfig, type AppConfig } from './config.js'
import { startCheckpointer, type Checkpointer } from './db/checkpointer.js'
import { openDatabase, type DatabaseHandle } from './db/client.js'
import { runMigrations } from './db/migrate.js'
import auth from './plugins/auth.js'
import browserSecurity from './plugins/browser-security.js'
import cacheControl from './plugins/cache-control.js'
import closing from './plugins/closing.js'
import idempotency from './plugins/idempotency.js'
import loadShedding from './plugins/load-shedding.js'
import openapi from './plugins/openapi.js'
import problems, { clientErrors, frameworkErrors } from './plugins/problems.js'
import rateLimit from './plugins/rate-limit.js'
import requestId, { genReqId } from './plugins/request-id.js'
import { installValidators } from './plugins/validation.js'
import { RequestLog } from './logging.js'
import { invalidEncoding, invalidUtf8Offset } from './lib/utf8.js'
import { createRepositories, type Repositories } from './resources/index.js'
import routes from './routes/index.js'
import { cachedSerializerFactory } from './plugins/serializer-cache.js'
import { namedSchemas } from './schemas/index.js'

declare module 'fastify' {
  interface FastifyInstance {
    repos: Repositories
    config: AppConfig
  }
}

export interface BuildOptions {
  config?: Partial<AppConfig>
  logger?: FastifyServerOptions['logger']
  /** An open database to use instead of opening config.dbPath (closed with the app). */
  database?: DatabaseHandle
}

export async function buildApp(options: BuildOptions = {}): Promise<FastifyInstance> {
  const config: AppConfig = checkConfig({ ...loadConfig({}), ...options.config })
  const app = Fastify({
    logger: options.logger ?? false,
    logController: new RequestLog(),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    requestIdHeader: false,
    genReqId,
    frameworkErrors,
    clientErrorHandler: clientErrors,
    bodyLimit: config.bodyLimit,
    connectionTimeout: config.connectionTimeout,
    requestTimeout: config.requestTimeout,
    keepAliveTimeout: config.keepAliveTimeout,
    // Node enforces requestTimeout only when it sweeps its connections (every 30 s by default).
    // requestTimeout goes in too: Node refuses a headersTimeout above its own default (300 s).
    http: config.requestTimeout > 0 ? { requestTimeout: config.requestTimeout, headersTimeout: config.requestTimeout, connectionsCheckingInterval: Math.min(5_000, Math.max(100, config.requestTimeout / 4)) } : null,
    trustProxy: config.trustProxy,
    schemaController: { compilersFactory: { buildSerializer: cachedSerializerFactory } },
  }).withTypeProvider<TypeBoxTypeProvider>()

  const handle = options.database ?? openDatabase(config.dbPath)
  let checkpointer: Checkpointer | null = null
  app.addHook('onClose', async () => {
    await checkpointer?.close()
    handle.close()
  })
  runMigrations(handle)
  const repos = createRepositories(handle)
  // With the first write: a server that is only read from never needs the worker (nor its ~15 MB).
  repos.store.firstWrite = () => {
    checkpointer = startCheckpointer(handle.sqlite)
    if (checkpointer) checkpointer.onError = (err) => app.log.warn({ err }, 'the background WAL checkpoint failed')
  }
  if (config.seed && repos.store.latestSeq() === 0) {
    // Nothing was ever written here: a new database gets the seed, once.
    const report = loadSeed(repos)
    app.log.info({ created: report.created }, 'loaded the seed data set')
  }
  app.decorate('repos', repos)
  app.decorate('config', config)

  // RFC 7396 bodies are JSON. Plain text is not: without its default parser it gets a 415, not a confusing 400.
  // JSON bodies are read as bytes and checked to be UTF-8 first: decoding them
  // as a string would turn a bad byte into U+FFFD and store it as if sent.
  const parseJson = app.getDefaultJsonParser('error', 'error')
  const utf8Json = (request: FastifyRequest, body: Buffer, done: (err: Error | null, body?: unknown) => void) => {
    const bad = invalidUtf8Offset(body)
    if (bad !== -1) return done(invalidEncoding(body[bad], bad))
    parseJson(request, body.toString('utf8'), done)
  }
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, utf8Json)
  app.addContentTypeParser('application/merge-patch+json', { parseAs: 'buffer' }, utf8Json)
  app.removeContentTypeParser('text/plain')
  installValidators(app, namedSchemas)
  for (const schema of namedSchemas) app.addSchema(schema)

  // Order matters: errors become problems first; then the checks a request
  // meets before any work (load, browser headers, who is calling, how often,
  // has it been answered before); then the document; then the routes.
  await app.register(problems)
  await app.register(requestId)
  await app.register(closing)
  await app.register(loadShedding)
  await app.register(browserSecurity)
  await app.register(cacheControl)
  await app.register(auth)
  await app.register(rateLimit)
  await app.register(idempotency)
  await app.register(openapi)
  await app.register(routes)
  return app
}
