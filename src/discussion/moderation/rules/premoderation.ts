import type { ModerationRule } from '../pipeline.ts'

/** On a pre-moderated article every reader's comment waits for a moderator. */
export const premoderation: ModerationRule = {
  name: 'premoderation',
  check({ article, author }) {
    if (!article.premoderated || author.isStaff) return undefined
    return { action: 'hold', rule: 'premoderation', reason: 'This article is pre-moderated.' }
  },
}
