import { AppError } from '../errors.ts'

/**
 * A few slots for heavy jobs (decoding pictures, storing uploads): at most `concurrency` run at
 * once, up to `queueLimit` wait in order, and past that new jobs get MEDIA_BUSY (503, try again)
 * rather than a growing queue that holds memory and times out anyway.
 */
export function createSlots(o: { concurrency: number; queueLimit: number }) {
  let running = 0
  const waiting: (() => void)[] = []
  return {
    async run<T>(job: () => Promise<T>): Promise<T> {
      if (running >= o.concurrency) {
        if (waiting.length >= o.queueLimit) throw new AppError('MEDIA_BUSY')
        await new Promise<void>((resolve) => waiting.push(resolve))
      } else running++
      try {
        return await job()
      } finally {
        // a waiting job takes over this slot (running stays the same), or the slot is freed
        const next = waiting.shift()
        if (next) next()
        else running--
      }
    },
    stats: () => ({ running, waiting: waiting.length }),
  }
}

export type Slots = ReturnType<typeof createSlots>
