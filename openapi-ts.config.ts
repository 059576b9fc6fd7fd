// `npm run sdk`: a typed TypeScript SDK for Parley, generated from the
// committed openapi.json into sdk/ (not committed) by @hey-api/openapi-ts.
// Functions are named after operationIds (listEvents, getEvent, ...), with
// typed parameters, bodies, responses and Problem errors; the fetch client is
// bundled into the output, so the SDK needs no runtime dependency.
import { defineConfig, type UserConfig } from '@hey-api/openapi-ts'

/** Shared with test/sdk.test.ts, which generates the same SDK into a temporary folder. */
export const sdkConfig = {
  input: 'openapi.json',
  output: { path: 'sdk', module: { extension: '.js' } },
  plugins: [{ name: '@hey-api/client-fetch', includeInEntry: true }, '@hey-api/typescript', '@hey-api/sdk'],
} satisfies UserConfig

export default defineConfig(sdkConfig)
