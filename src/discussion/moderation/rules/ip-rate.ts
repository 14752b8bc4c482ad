import { waitText } from '../../../http/rate-limit.ts'
import type { ModerationRule } from '../pipeline.ts'

/** Only so many comments per window from one network address, whoever posts them. */
export const ipRate: ModerationRule = {
  name: 'ip-rate',
  modes: ['post'],
  async check({ ip, settings, limiter, now }) {
    const { limit, windowMinutes } = settings.ipRate
    const v = await limiter.hit(`comments:ip:${ip}`, limit, windowMinutes * 60_000, now.getTime())
    if (v.allowed) return undefined
    return {
      action: 'reject',
      rule: 'ip-rate',
      code: 'RATE_LIMITED',
      store: false,
      message: `Too many comments from your network. Try again in ${waitText(v.retryAfterMs)}.`,
    }
  },
}
