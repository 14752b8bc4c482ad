import type { ModerationRule } from '../pipeline.ts'

/** A reader's first comments wait for a moderator until enough of theirs have been approved. */
export const newReader: ModerationRule = {
  name: 'new-reader',
  check({ author, settings }) {
    if (author.isStaff || author.approvedCount >= settings.holdFirstComments) return undefined
    return { action: 'hold', rule: 'new-reader', reason: `A new commenter: ${author.approvedCount} of ${settings.holdFirstComments} comments approved so far.` }
  },
}
