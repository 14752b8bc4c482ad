import cliProgress from 'cli-progress'
import type { ProgressUpdate } from '../importers/import-report.ts'

/**
 * Shows an import's progress: a bar with counts and the rate on a terminal (cli-progress), plain
 * lines every few seconds otherwise (a log, a pipe, CI), so output stays readable either way.
 */
export function progressRenderer(stream: NodeJS.WriteStream = process.stderr, plainEveryMs = 5000): (p: ProgressUpdate) => void {
  let bar: cliProgress.SingleBar | undefined
  let label = ''
  let lastPlain = 0
  const counts = (p: ProgressUpdate) => `${p.created} new, ${p.updated} updated, ${p.unchanged} unchanged, ${p.skipped} skipped`
  return (p) => {
    if (stream.isTTY) {
      if (!bar || label !== p.label) {
        bar?.stop()
        label = p.label
        bar = new cliProgress.SingleBar(
          { format: `${p.label} [{bar}] {value}/{total} · {rate}/s · {counts}`, stream, hideCursor: true, clearOnComplete: false },
          cliProgress.Presets.shades_classic,
        )
        bar.start(Math.max(p.total, p.done), p.done, { rate: p.rate, counts: counts(p) })
      }
      bar.setTotal(Math.max(p.total, p.done))
      bar.update(p.done, { rate: p.rate, counts: counts(p) })
      if (p.finished) {
        bar.stop()
        bar = undefined
        label = ''
      }
      return
    }
    const now = Date.now()
    if (p.finished || now - lastPlain >= plainEveryMs) {
      lastPlain = now
      stream.write(`${p.label}: ${p.done}/${p.total} (${p.rate}/s) ${counts(p)}\n`)
    }
  }
}
