import type { ErrorCode, FieldProblem } from '../../errors.ts'
import type { RateLimiter } from '../../http/rate-limit.ts'
import type { DiscussionSettings } from '../settings.ts'

/** What a moderation rule sees of a comment being posted or edited. */
export interface ModerationContext {
  mode: 'post' | 'edit'
  /** The normalized text. */
  text: string
  now: Date
  settings: DiscussionSettings
  author: { id: number; isStaff: boolean; approvedCount: number; banned: boolean; suspendedUntil: Date | null }
  article: { id: number; firstPublishedAt: Date; closed: boolean | null; premoderated: boolean }
  ip: string
  limiter: RateLimiter
  /** Texts of the author's comments posted since `since` (for the repeat-post rule). */
  recentTexts(since: Date): Promise<string[]>
}

/** A rule refuses the comment: the reader is told why. `store` keeps it in the rejected queue. */
export interface Rejection {
  action: 'reject'
  rule: string
  code: ErrorCode
  message: string
  store: boolean
  fields?: FieldProblem[]
  /** The community standards section the rejection cites. */
  section?: number
}

/** A rule sends the comment to the moderation queue; `reason` is for moderators. */
export interface Hold {
  action: 'hold'
  rule: string
  reason: string
}

export type Verdict = Rejection | Hold

/** One small moderation rule: returns a verdict, or nothing to let the comment through. */
export interface ModerationRule {
  name: string
  /** Which submissions it applies to (default: both). */
  modes?: readonly ('post' | 'edit')[]
  check(ctx: ModerationContext): Verdict | undefined | Promise<Verdict | undefined>
}

export type Decision = { status: 'approved' } | { status: 'pending'; rule: string; reason: string } | { status: 'rejected'; rejection: Rejection }

/**
 * Runs the rules in order. The first rejection ends the run; the first hold is remembered while
 * later rules still run, so a comment that is both suspect and banned is rejected, not held.
 */
export async function moderate(rules: readonly ModerationRule[], ctx: ModerationContext): Promise<Decision> {
  let hold: Hold | undefined
  for (const rule of rules) {
    if (rule.modes && !rule.modes.includes(ctx.mode)) continue
    const v = await rule.check(ctx)
    if (!v) continue
    if (v.action === 'reject') return { status: 'rejected', rejection: v }
    hold ??= v
  }
  return hold ? { status: 'pending', rule: hold.rule, reason: hold.reason } : { status: 'approved' }
}
