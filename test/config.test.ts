import t from 'tap'
import { loadConfig } from '../src/config.js'

t.test('defaults work out of the box', async (t) => {
  t.match(loadConfig({}), { port: 3000, host: '127.0.0.1', dbPath: 'data/parley.db', logLevel: 'info', seed: true, adminKey: null })
})

t.test('the environment overrides each default', async (t) => {
  const config = loadConfig({ PORT: '8080', HOST: '0.0.0.0', PARLEY_DB: ':memory:', LOG_LEVEL: 'debug', PARLEY_SEED: 'false', PARLEY_ADMIN_KEY: 'k'.repeat(32) })
  t.match(config, { port: 8080, host: '0.0.0.0', dbPath: ':memory:', logLevel: 'debug', seed: false, adminKey: 'k'.repeat(32) })
  for (const off of ['0', 'no', 'OFF', 'False']) t.equal(loadConfig({ PARLEY_SEED: off }).seed, false, `PARLEY_SEED=${off} turns the seed off`)
  t.equal(loadConfig({ PARLEY_SEED: 'yes' }).seed, true)
  t.equal(loadConfig({ PORT: '' }).port, 3000, 'an empty value means the default')
})

t.test('a PORT that is not a whole number stops the start with a clear message', async (t) => {
  t.throws(() => loadConfig({ PORT: 'eighty' }), /PORT must be a whole number/)
  t.throws(() => loadConfig({ PORT: '-1' }), /PORT must be a whole number/)
  t.throws(() => loadConfig({ PORT: '80.5' }), /PORT must be a whole number/)
})
