// Validators and response serializers are compiled on their first use
// (plugins/validation.ts, plugins/serializer-cache.ts), not at start-up. Each
// compile stalls the event loop once, for a fraction of a second; load shedding
// asks here so that it does not read that one-off stall as overload.
let lastCompileEnd = -Infinity

/** Called after each compile. */
export function noteCompile(): void {
  lastCompileEnd = Date.now()
}

/** When the most recent compile finished (ms since the epoch), or -Infinity. */
export function lastCompileAt(): number {
  return lastCompileEnd
}
