// After tsc: copies the files the server reads at run time relative to its own
// module (the migrations and the seed bundle) into dist/, so the build runs from
// dist/ exactly as the sources run from the repository root.
import { cpSync, rmSync } from 'node:fs'

rmSync('dist/migrations', { recursive: true, force: true })
cpSync('migrations', 'dist/migrations', { recursive: true })
cpSync('seed/parley-seed.json', 'dist/seed/parley-seed.json')
