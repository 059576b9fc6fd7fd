// After tsc (which type-checks) and build-assets: the server as one ES module,
// dist/server.js, which `npm start` runs. Node then reads one file at start-up
// instead of resolving and compiling some 900 modules: on the 1M-event
// database start-up to the first answer took about half as long.
// better-sqlite3 (a native addon) and @fastify/swagger-ui (it serves its own
// files from its package folder) stay in node_modules; so do the modules ajv's
// generated validators require at run time, through the require made below.
import { build } from 'esbuild'

await build({
  entryPoints: ['src/server.ts'],
  outfile: 'dist/server.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', '@fastify/swagger-ui'],
  // CommonJS dependencies call require(), which an ES module lacks.
  banner: { js: "import { createRequire as __parleyRequire } from 'node:module'; const require = __parleyRequire(import.meta.url);" },
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
})
