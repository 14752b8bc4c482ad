import { waitText } from '../../../http/rate-limit.ts'
import type { ModerationRule } from '../pipeline.ts'

/** Each reader may post only so many comments per window. */
export const readerRate: ModerationRule = {
  name: 'reader-rate',
  modes: ['post'],
  async check({ author, settings, limiter, now }) {
    const { limit, windowMinutes } = settings.readerRate
    const v = await limiter.hit(`comments:reader:${author.id}`, limit, windowMinutes * 60_000, now.getTime())
    if (v.allowed) return undefined
    return {
      action: 'reject',
      rule: 'reader-rate',
      code: 'RATE_LIMITED',
      store: false,
      message: `You are posting too fast. Try again in ${waitText(v.retryAfterMs)}.`,
    }
  },
}
