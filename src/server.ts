// Reads the configuration, starts Parley, and shuts it down gracefully: on
// SIGTERM or SIGINT it stops accepting connections, lets in-flight requests
// finish, and closes the database (folding its WAL back in). `npm start` runs
// it as `node --max-old-space-size=1024`: with a bounded heap V8 collects before
// the old generation reaches 4× its live data (README, "Build and deploy").
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { loadConfig, type AppConfig } from './config.js'
import { logDestination, loggerOptions } from './logging.js'

let config: AppConfig
try {
  config = loadConfig()
} catch (err) {
  // A bad setting is the operator's to fix: say which, without a stack trace.
  process.stderr.write(`parley: not starting: ${(err as Error).message}\n`)
  process.exit(1)
}

const app = await buildApp({ config, logger: { ...loggerOptions(config.logLevel), stream: logDestination() } })

// With no key at all and no PARLEY_ADMIN_KEY nobody could ever write, so the
// first start makes an admin key and shows it once, on stderr, never in the log.
if (!config.adminKey && app.apiKeys.count() === 0) {
  const key = app.apiKeys.create('first admin key', 'admin')
  app.log.warn({ key_id: key.id, prefix: key.prefix }, 'created the first admin API key; its secret is printed once on stderr')
  process.stderr.write(
    [
      '',
      'Parley created its first API key, with the admin scope. It is shown only this once: store it now.',
      '',
      `    ${key.secret}`,
      '',
      `Use it as:  curl -H "Authorization: Bearer ${key.secret}" http://${config.host}:${config.port}/v1/keys`,
      'Make narrower keys with POST /v1/keys or `npm run keys -- create --name NAME --scope read|write|admin`.',
      '',
      '',
    ].join('\n'),
  )
}

closeWithGrace({ delay: 10_000, logger: app.log }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'closing after an error')
  else app.log.info({ signal }, 'closing: finishing in-flight requests')
  await app.close()
  app.log.info('closed')
})

await app.listen({ port: config.port, host: config.host })
