// The environment for a spawned tool (a linter, tsx, openapi-ts): this
// process's, minus a test runner's instrumentation. Under tap, NODE_OPTIONS
// loads its coverage hooks into every child; a child compiles our sources its
// own way (tsx), and its coverage merged with ours garbles the report.
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'NODE_OPTIONS' || k === 'NODE_V8_COVERAGE' || k.startsWith('_TAPJS_') || k.startsWith('TAP') || k.startsWith('TS_NODE_')) continue
    env[k] = v
  }
  // tap's process tracking wraps spawn and puts its hooks back into NODE_OPTIONS;
  // this is what keeps the child from recording coverage.
  return { ...env, _TAPJS_PROCESSINFO_COVERAGE_: '0', ...extra }
}
