import type { ModerationRule } from '../pipeline.ts'

const day = (d: Date) => d.toISOString().slice(0, 10)

/** A banned reader may not comment; a suspended one not until the suspension ends. */
export const readerSanctioned: ModerationRule = {
  name: 'reader-sanctioned',
  check({ author, now }) {
    if (author.banned)
      return {
        action: 'reject',
        rule: 'reader-sanctioned',
        code: 'READER_SUSPENDED',
        store: false,
        message: 'Your account may no longer take part in discussion.',
      }
    if (author.suspendedUntil && author.suspendedUntil > now) {
      return {
        action: 'reject',
        rule: 'reader-sanctioned',
        code: 'READER_SUSPENDED',
        store: false,
        message: `Your account is suspended from discussion until ${day(author.suspendedUntil)}.`,
      }
    }
    return undefined
  },
}
