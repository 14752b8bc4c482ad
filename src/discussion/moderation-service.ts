import { editionOfArticle } from './article-refs.ts'
import type { Kysely } from 'kysely'
import { createAccountStore } from '../accounts/account-store.ts'
import { recordAudit } from '../accounts/audit.ts'
import type { Principal } from '../http/permissions.ts'
import type { DB } from '../db/schema.ts'
import { AppError } from '../errors.ts'
import { createCommentStore, type CommentRecord } from './comment-store.ts'
import { createDiscussionStore } from './discussion-store.ts'
import type { LiveHub } from './live/hub.ts'
import { createReportStore } from './report-store.ts'
import { createStandardsStore } from './standards-store.ts'
import { applyCounts } from './transition.ts'

export type SanctionAction = 'ban' | 'suspend' | 'lift'

/** What moderators do: approve and reject comments, sanction readers, set an article's discussion. */
export function createModerationService(deps: { db: Kysely<DB>; now: () => Date; hub: Pick<LiveHub, 'publish'> }) {
  const { db, hub } = deps
  const comments = createCommentStore(db)

  async function load(commentId: number): Promise<CommentRecord> {
    const c = await comments.getComment(commentId)
    if (!c || c.status === 'deleted') throw new AppError('COMMENT_NOT_FOUND', { message: 'That comment does not exist or was deleted by its author.' })
    return c
  }

  async function announce(c: CommentRecord, count: number | undefined, to: 'approved' | 'rejected') {
    if (count === undefined) return
    await hub.publish(
      to === 'approved'
        ? { type: 'comment', articleId: c.articleId, commentId: c.id, count }
        : { type: 'removed', articleId: c.articleId, commentId: c.id, count },
    )
  }

  return {
    /** Approves a held or rejected comment (it appears live), or keeps a reported one and closes its reports. */
    async approve(commentId: number, moderator: Principal, note = ''): Promise<CommentRecord> {
      const c = await load(commentId)
      const now = deps.now()
      const count = await db.transaction().execute(async (trx) => {
        await createCommentStore(trx).updateComment(c.id, {
          status: 'approved',
          moderatedBy: moderator.id,
          ...(c.status !== 'approved' ? { statusChangedAt: now } : {}),
        })
        const resolved = await createReportStore(trx).resolveReports(c.id, moderator.id, now)
        await recordAudit(trx, {
          actorId: moderator.id,
          action: 'comment.approve',
          subjectType: 'comment',
          subjectId: c.id,
          detail: { from: c.status, rule: c.rule, reportsClosed: resolved, note: note.slice(0, 500) },
          at: now,
        })
        return applyCounts(trx, c, c.status, 'approved', now)
      })
      await announce(c, count, 'approved')
      return c
    },

    /** Rejects a comment, citing a section of the community standards; it disappears live. */
    async reject(commentId: number, moderator: Principal, input: { section: number; reason: string }): Promise<CommentRecord> {
      const c = await load(commentId)
      const sections = await createStandardsStore(db, await editionOfArticle(db, c.articleId)).findActiveSections()
      if (!sections.some((s) => s.number === input.section)) {
        throw new AppError('VALIDATION_FAILED', {
          message: 'Choose the section of the community standards the comment breaks.',
          fields: [{ field: 'section', message: 'Choose a section.' }],
        })
      }
      const reason = input.reason.trim().slice(0, 500)
      const now = deps.now()
      const count = await db.transaction().execute(async (trx) => {
        await createCommentStore(trx).updateComment(c.id, {
          status: 'rejected',
          rule: 'moderator',
          reason: reason || null,
          section: input.section,
          moderatedBy: moderator.id,
          statusChangedAt: now,
        })
        const resolved = await createReportStore(trx).resolveReports(c.id, moderator.id, now)
        await recordAudit(trx, {
          actorId: moderator.id,
          action: 'comment.reject',
          subjectType: 'comment',
          subjectId: c.id,
          detail: { from: c.status, section: input.section, reason, reportsClosed: resolved },
          at: now,
        })
        return applyCounts(trx, c, c.status, 'rejected', now)
      })
      await announce(c, count, 'rejected')
      return c
    },

    /** Bans a reader, suspends them until a date, or lifts either. */
    async sanction(
      readerId: number,
      moderator: Principal,
      input: { action: SanctionAction; until?: Date | undefined; reason: string },
    ): Promise<{ pendingRejected: number }> {
      const account = await createAccountStore(db).getAccount(readerId)
      if (!account) throw new AppError('NOT_FOUND', { message: 'That reader does not exist.' })
      if (account.kind !== 'reader') throw new AppError('FORBIDDEN', { message: 'Staff accounts are managed under People, not here.' })
      const now = deps.now()
      if (input.action === 'suspend' && (!input.until || input.until <= now)) {
        throw new AppError('VALIDATION_FAILED', {
          message: 'Give a date in the future for the suspension to end.',
          fields: [{ field: 'until', message: 'Give a date in the future.' }],
        })
      }
      const reason = input.reason.trim().slice(0, 500)
      const rejected = await db.transaction().execute(async (trx) => {
        await createDiscussionStore(trx).setSanction(
          readerId,
          { banned: input.action === 'ban', suspendedUntil: input.action === 'suspend' ? input.until! : null, reason: input.action === 'lift' ? '' : reason },
          now,
        )
        // A ban also clears what the reader has waiting in the queue: nobody should approve it by
        // mistake, and moderators should not have to reject it one by one. (A suspension leaves it.)
        const waiting = input.action === 'ban' ? await createCommentStore(trx).findPendingByAuthor(readerId) : []
        for (const c of waiting) {
          await createCommentStore(trx).updateComment(c.id, {
            status: 'rejected',
            rule: 'moderator',
            reason: `author banned${reason ? `: ${reason}` : ''}`.slice(0, 500),
            moderatedBy: moderator.id,
            statusChangedAt: now,
          })
          await createReportStore(trx).resolveReports(c.id, moderator.id, now)
          await applyCounts(trx, c, 'pending', 'rejected', now)
        }
        await recordAudit(trx, {
          actorId: moderator.id,
          action: `reader.${input.action}`,
          subjectType: 'account',
          subjectId: readerId,
          detail: {
            reason,
            ...(input.until && input.action === 'suspend' ? { until: input.until.toISOString() } : {}),
            ...(waiting.length ? { pendingRejected: waiting.map((c) => c.id) } : {}),
          },
          at: now,
        })
        return waiting.length
      })
      return { pendingRejected: rejected }
    },

    /** Closes or reopens an article's discussion (or leaves it to the age rule), and sets pre-moderation. */
    async setArticleDiscussion(articleId: number, moderator: Principal, input: { closed: boolean | null; premoderated: boolean }): Promise<void> {
      const a = await db.selectFrom('articles').select('id').where('id', '=', articleId).executeTakeFirst()
      if (!a) throw new AppError('ARTICLE_NOT_FOUND')
      const now = deps.now()
      await db.transaction().execute(async (trx) => {
        await createDiscussionStore(trx).updateDiscussion(articleId, input, now)
        await recordAudit(trx, { actorId: moderator.id, action: 'discussion.settings', subjectType: 'article', subjectId: articleId, detail: input, at: now })
      })
    },
  }
}

export type ModerationService = ReturnType<typeof createModerationService>
