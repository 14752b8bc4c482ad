import { findLinks } from '../../comment-text.ts'
import type { ModerationRule } from '../pipeline.ts'

/** More links than allowed is refused, with a message saying how many are allowed. */
export const tooManyLinks: ModerationRule = {
  name: 'too-many-links',
  check({ text, settings }) {
    const n = findLinks(text).length
    if (n <= settings.maxLinks) return undefined
    const allowed =
      settings.maxLinks === 0
        ? 'Comments may not contain links'
        : `A comment may contain at most ${settings.maxLinks} link${settings.maxLinks === 1 ? '' : 's'}`
    const message = `${allowed}; yours has ${n}.`
    return { action: 'reject', rule: 'too-many-links', code: 'VALIDATION_FAILED', store: false, message, fields: [{ field: 'body', message }], section: 4 }
  },
}
