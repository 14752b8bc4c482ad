import { findWord } from '../../comment-text.ts'
import type { ModerationRule } from '../pipeline.ts'

/** A comment using a banned word is rejected with a message; it is kept for moderators to see. */
export const bannedWords: ModerationRule = {
  name: 'banned-words',
  check({ text, settings }) {
    const word = findWord(text, settings.bannedWords)
    if (!word) return undefined
    return {
      action: 'reject',
      rule: 'banned-words',
      code: 'COMMENT_REJECTED',
      store: true,
      section: 1,
      message: 'Your comment was not published: it uses language that our community standards do not allow (section 1, Be civil). Please rephrase it.',
    }
  },
}
