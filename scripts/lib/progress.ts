// Progress of a long command: a bar with the rate and time left on a
// terminal, plain lines every few seconds elsewhere (logs, CI). Both work
// while the event loop is blocked by a synchronous transaction: they draw
// from tick(), never from a timer.
import cliProgress from 'cli-progress'

export interface Progress {
  /** The number of items done so far; cheap to call for every item. */
  tick(done: number): void
  finish(done: number): void
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

export function startProgress(label: string, unit: string, total: number | null, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now()
  const rate = (done: number) => done / Math.max((Date.now() - started) / 1000, 0.001)
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: total
          ? `${label} |{bar}| {percentage}% | {value}/{total} ${unit} | {speed} ${unit}/s | ETA {eta_formatted}`
          : `${label} | {value} ${unit} | {speed} ${unit}/s`,
        formatValue: (v, _o, type) => (type === 'value' || type === 'total' ? fmt(v) : String(v)),
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    )
    bar.start(total ?? 0, 0, { speed: '0' })
    return {
      tick(done) {
        if (done % 256 === 0) bar.update(done, { speed: fmt(rate(done)) })
      },
      finish(done) {
        bar.setTotal(total ? Math.max(total, done) : done)
        bar.update(done, { speed: fmt(rate(done)) })
        bar.stop()
      },
    }
  }
  let last = started
  const line = (done: number) => {
    const pct = total ? ` (${Math.min(100, Math.floor((done / total) * 100))}%)` : ''
    const left = total && done > 0 && done < total ? `, about ${Math.ceil(Math.max(0, total - done) / rate(done))} s left` : ''
    stream.write(`${label}: ${fmt(done)}${total ? `/${fmt(total)}` : ''} ${unit}${pct}, ${fmt(rate(done))} ${unit}/s${left}\n`)
  }
  return {
    tick(done) {
      if (done % 256 !== 0) return
      const now = Date.now()
      if (now - last < 2000) return
      last = now
      line(done)
    },
    finish(done) {
      line(done)
    },
  }
}
