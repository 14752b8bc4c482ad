/**
 * What an import did, item by item: counts of what was created, updated or left as it was, every
 * item skipped with its reason, and notes (things converted imperfectly) counted with examples. It
 * ends every import, so nothing is lost silently.
 */

export interface ProgressUpdate {
  label: string
  done: number
  total: number
  created: number
  updated: number
  unchanged: number
  skipped: number
  /** Items per second since the phase began. */
  rate: number
  finished?: boolean
}

export type ProgressSink = (p: ProgressUpdate) => void

const MAX_EXAMPLES = 3
const MAX_SKIP_LINES = 200

export class ImportReport {
  readonly counts = new Map<string, { created: number; updated: number; unchanged: number }>()
  readonly skipped: { what: string; reason: string }[] = []
  skippedCount = 0
  readonly notes = new Map<string, { count: number; examples: string[] }>()
  fatal: string | undefined

  count(kind: string, outcome: 'created' | 'updated' | 'unchanged', n = 1): void {
    let c = this.counts.get(kind)
    if (!c) this.counts.set(kind, (c = { created: 0, updated: 0, unchanged: 0 }))
    c[outcome] += n
  }

  skip(what: string, reason: string): void {
    this.skippedCount++
    if (this.skipped.length < MAX_SKIP_LINES) this.skipped.push({ what, reason })
  }

  note(reason: string, example: string): void {
    let n = this.notes.get(reason)
    if (!n) this.notes.set(reason, (n = { count: 0, examples: [] }))
    n.count++
    if (n.examples.length < MAX_EXAMPLES && !n.examples.includes(example)) n.examples.push(example)
  }

  total(outcome: 'created' | 'updated' | 'unchanged'): number {
    let t = 0
    for (const c of this.counts.values()) t += c[outcome]
    return t
  }

  /** The report as lines for the terminal. */
  lines(): string[] {
    const out: string[] = []
    for (const [kind, c] of this.counts) out.push(`  ${kind}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`)
    if (this.skippedCount) {
      out.push(`Skipped ${this.skippedCount}:`)
      for (const s of this.skipped) out.push(`  ${s.what}: ${s.reason}`)
      if (this.skippedCount > this.skipped.length) out.push(`  … and ${this.skippedCount - this.skipped.length} more`)
    }
    if (this.notes.size) {
      out.push('To check (imported, with a note):')
      for (const [reason, n] of this.notes) out.push(`  ${reason}: ${n.count} (${n.examples.join('; ')}${n.count > n.examples.length ? '; …' : ''})`)
    }
    if (this.fatal) out.push(`Stopped early: ${this.fatal}`)
    return out
  }
}

/** Reports progress at most every `everyMs`, with a rate since the phase began. */
export function progressMeter(sink: ProgressSink | undefined, report: ImportReport, now: () => number = () => Date.now(), everyMs = 250) {
  let label = ''
  let total = 0
  let done = 0
  let started = now()
  let last = 0
  const update = (finished = false): ProgressUpdate => {
    const seconds = Math.max(0.001, (now() - started) / 1000)
    return {
      label,
      done,
      total,
      created: report.total('created'),
      updated: report.total('updated'),
      unchanged: report.total('unchanged'),
      skipped: report.skippedCount,
      rate: Math.round((done / seconds) * 10) / 10,
      ...(finished ? { finished: true } : {}),
    }
  }
  return {
    start(l: string, t: number) {
      label = l
      total = t
      done = 0
      started = now()
      last = 0
      sink?.(update())
    },
    tick(n = 1) {
      done += n
      const t = now()
      if (t - last >= everyMs) {
        last = t
        sink?.(update())
      }
    },
    finish(): ProgressUpdate {
      const u = update(true)
      sink?.(u)
      return u
    },
  }
}

export type ProgressMeter = ReturnType<typeof progressMeter>
