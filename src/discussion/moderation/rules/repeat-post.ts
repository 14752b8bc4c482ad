import { foldText } from '../../comment-text.ts'
import type { ModerationRule } from '../pipeline.ts'

const key = (t: string) =>
  foldText(t)
    .replace(/[\s\p{P}]+/gu, ' ')
    .trim()

/** The same text from the same reader again within the repeat window is refused. */
export const repeatPost: ModerationRule = {
  name: 'repeat-post',
  modes: ['post'],
  async check({ text, settings, now, recentTexts }) {
    if (settings.repeatWindowMinutes === 0) return undefined
    const mine = key(text)
    const recent = await recentTexts(new Date(now.getTime() - settings.repeatWindowMinutes * 60_000))
    if (!recent.some((t) => key(t) === mine)) return undefined
    return { action: 'reject', rule: 'repeat-post', code: 'COMMENT_REJECTED', store: false, message: 'You have already posted this comment.', section: 4 }
  },
}
