import { createHash } from 'node:crypto'
import { isUniqueViolation } from '../db/types.ts'
import { editionOfArticle } from './article-refs.ts'
import type { Kysely } from 'kysely'
import type { Principal } from '../http/permissions.ts'
import type { DB } from '../db/schema.ts'
import { AppError } from '../errors.ts'
import type { RateLimiter } from '../http/rate-limit.ts'
import { normalizeCommentText } from './comment-text.ts'
import { createCommentStore, type CommentRecord } from './comment-store.ts'
import { createDiscussionStore } from './discussion-store.ts'
import type { LiveHub } from './live/hub.ts'
import { moderate, type Decision, type ModerationContext } from './moderation/pipeline.ts'
import { MODERATION_RULES } from './moderation/rules/index.ts'
import { createReportStore } from './report-store.ts'
import { getSettings, type DiscussionSettings } from './settings.ts'
import { createStandardsStore } from './standards-store.ts'
import { applyCounts } from './transition.ts'

export interface PostResult {
  comment: CommentRecord
  /** approved: visible now; pending: waiting for a moderator. */
  status: 'approved' | 'pending'
  message: string
}

/** Milliseconds only: keyset cursors carry milliseconds. */
const ms = (d: Date) => new Date(Math.floor(d.getTime()))

/** The refusal of an edit after the window, saying how long the window is. */
export function editWindowClosed(minutes: number): AppError {
  return new AppError('EDIT_WINDOW_CLOSED', { message: `Comments can be edited for ${minutes} minutes after posting; this one can no longer be changed.` })
}

/** What readers do in a discussion: post, reply, edit, delete, like, report. */
export function createCommentService(deps: { db: Kysely<DB>; limiter: RateLimiter; now: () => Date; hub: Pick<LiveHub, 'publish'> }) {
  const { db, hub } = deps
  const comments = createCommentStore(db)

  async function publishedArticle(articleId: number) {
    const a = await db.selectFrom('articles').select(['id', 'status', 'first_published_at']).where('id', '=', articleId).executeTakeFirst()
    if (!a || a.status !== 'published' || !a.first_published_at)
      throw new AppError('ARTICLE_NOT_FOUND', { message: 'That article does not exist or is not published, so it cannot be discussed.' })
    return { id: a.id, firstPublishedAt: a.first_published_at }
  }

  async function context(
    mode: 'post' | 'edit',
    text: string,
    who: Principal,
    articleId: number,
    ip: string,
    settings: DiscussionSettings,
  ): Promise<ModerationContext> {
    const [article, discussion, standing] = await Promise.all([
      publishedArticle(articleId),
      createDiscussionStore(db).getDiscussion(articleId),
      createDiscussionStore(db).getStanding(who.id),
    ])
    return {
      mode,
      text,
      now: deps.now(),
      settings,
      ip,
      limiter: deps.limiter,
      author: {
        id: who.id,
        isStaff: who.kind === 'staff',
        approvedCount: standing.approvedCount,
        banned: standing.banned,
        suspendedUntil: standing.suspendedUntil,
      },
      article: { id: article.id, firstPublishedAt: article.firstPublishedAt, closed: discussion.closed, premoderated: discussion.premoderated },
      recentTexts: (since) => comments.recentTexts(who.id, since),
    }
  }

  const refusal = (d: Extract<Decision, { status: 'rejected' }>) =>
    new AppError(d.rejection.code, { message: d.rejection.message, fields: d.rejection.fields ?? [] })

  /** A visible comment of this article (for replies, likes and reports); throws COMMENT_NOT_FOUND otherwise. */
  async function visibleComment(id: number, message = 'That comment does not exist or has been removed.'): Promise<CommentRecord> {
    const c = await comments.getComment(id)
    if (!c || c.status !== 'approved') throw new AppError('COMMENT_NOT_FOUND', { message })
    return c
  }

  const announce = async (c: CommentRecord, count: number | undefined, from: string | null, to: string) => {
    if (count !== undefined && to === 'approved') await hub.publish({ type: 'comment', articleId: c.articleId, commentId: c.id, count })
    else if (count !== undefined && from === 'approved') await hub.publish({ type: 'removed', articleId: c.articleId, commentId: c.id, count })
    else if (from === 'approved' && to === 'approved') await hub.publish({ type: 'edited', articleId: c.articleId, commentId: c.id })
  }

  function resultOf(comment: CommentRecord): PostResult {
    const status = comment.status === 'approved' ? 'approved' : 'pending'
    return {
      comment,
      status,
      message: status === 'approved' ? 'Your comment is published.' : 'Thank you. Your comment will appear once a moderator has approved it.',
    }
  }

  /** The comment an earlier request with this key stored, when it is still there to show. */
  async function storedRetry(authorId: number, key: string): Promise<PostResult | undefined> {
    const row = await db.selectFrom('comment_idempotency_keys').select('comment_id').where('author_id', '=', authorId).where('key', '=', key).executeTakeFirst()
    const c = row ? await comments.getComment(row.comment_id) : undefined
    if (!c) return undefined
    if (c.status === 'rejected') throw new AppError('COMMENT_REJECTED', { message: c.reason ?? undefined })
    return resultOf(c)
  }

  return {
    /**
     * Posts a comment or a reply through the moderation pipeline. A reply to a reply joins the
     * same thread (one level). Refusals throw with the rule's message; a stored rejection is
     * saved for moderators and then thrown.
     */
    async post(input: {
      articleId: number
      parentId?: number | undefined
      text: string
      who: Principal
      ip: string
      /** The client's idempotency key: a retry with the same key and words returns the comment already stored. */
      idempotencyKey?: string | undefined
    }): Promise<PostResult> {
      await publishedArticle(input.articleId)
      const key = input.idempotencyKey
        ? `${input.idempotencyKey}:${createHash('sha256')
            .update(`${input.articleId}\n${input.parentId ?? ''}\n${normalizeCommentText(input.text)}`)
            .digest('base64url')}`
        : undefined
      const earlier = key ? await storedRetry(input.who.id, key) : undefined
      if (earlier) return earlier
      let parentId: number | null = null
      if (input.parentId !== undefined) {
        const parent = await visibleComment(input.parentId, 'The comment you are replying to does not exist or has been removed.')
        if (parent.articleId !== input.articleId)
          throw new AppError('COMMENT_NOT_FOUND', { message: 'The comment you are replying to is not under this article.' })
        parentId = parent.parentId ?? parent.id
        if (parent.parentId !== null) await visibleComment(parent.parentId, 'The comment you are replying to does not exist or has been removed.')
      }
      const text = normalizeCommentText(input.text)
      const settings = await getSettings(db)
      const decision = await moderate(MODERATION_RULES, await context('post', text, input.who, input.articleId, input.ip, settings))
      if (decision.status === 'rejected' && !decision.rejection.store) throw refusal(decision)
      const now = ms(deps.now())
      const status = decision.status
      const { comment, count, retried } = await db
        .transaction()
        .execute(async (trx) => {
          const c = await createCommentStore(trx).createComment({
            articleId: input.articleId,
            parentId,
            authorId: input.who.id,
            body: text,
            status,
            rule: decision.status === 'pending' ? decision.rule : decision.status === 'rejected' ? decision.rejection.rule : null,
            reason: decision.status === 'pending' ? decision.reason : decision.status === 'rejected' ? decision.rejection.message : null,
            section: decision.status === 'rejected' ? (decision.rejection.section ?? null) : null,
            createdAt: now,
          })
          if (key) await trx.insertInto('comment_idempotency_keys').values({ author_id: input.who.id, key, comment_id: c.id, created_at: now }).execute()
          return { comment: c, count: await applyCounts(trx, c, null, status, now), retried: false }
        })
        .catch(async (e: unknown) => {
          // the same retry, twice at once: the other one stored it
          const other = key && isUniqueViolation(e) ? await storedRetry(input.who.id, key) : undefined
          if (other) return { comment: other.comment, count: undefined, retried: true }
          throw e
        })
      if (retried) return resultOf(comment)
      if (decision.status === 'rejected') throw refusal(decision)
      await announce(comment, count, null, status)
      return resultOf(comment)
    },

    /** Changes the text of your own comment within the edit window, through the pipeline again. */
    async edit(input: { commentId: number; text: string; who: Principal; ip: string }): Promise<PostResult> {
      const c = await comments.getComment(input.commentId)
      if (!c || c.authorId !== input.who.id || (c.status !== 'approved' && c.status !== 'pending'))
        throw new AppError('COMMENT_NOT_FOUND', { message: 'You have no comment there that can be edited.' })
      const settings = await getSettings(db)
      const now = ms(deps.now())
      if (now.getTime() - c.createdAt.getTime() > settings.editWindowMinutes * 60_000) {
        throw editWindowClosed(settings.editWindowMinutes)
      }
      const text = normalizeCommentText(input.text)
      const decision = await moderate(MODERATION_RULES, await context('edit', text, input.who, c.articleId, input.ip, settings))
      if (decision.status === 'rejected' && !decision.rejection.store) throw refusal(decision)
      // A comment a moderator is holding stays held, whatever the edit.
      const status = c.status === 'pending' && decision.status === 'approved' ? 'pending' : decision.status
      const count = await db.transaction().execute(async (trx) => {
        await createCommentStore(trx).updateComment(c.id, {
          body: text,
          editedAt: now,
          status,
          ...(status !== c.status ? { statusChangedAt: now } : {}),
          ...(decision.status === 'pending' ? { rule: decision.rule, reason: decision.reason } : {}),
          ...(decision.status === 'rejected'
            ? { rule: decision.rejection.rule, reason: decision.rejection.message, section: decision.rejection.section ?? null }
            : {}),
        })
        return applyCounts(trx, c, c.status, status, now)
      })
      if (decision.status === 'rejected') throw refusal(decision)
      const updated = (await comments.getComment(c.id))!
      await announce(updated, count, c.status, status)
      return {
        comment: updated,
        status: status === 'approved' ? 'approved' : 'pending',
        message: status === 'approved' ? 'Your comment is updated.' : 'Your comment is updated and will appear once a moderator has approved it.',
      }
    },

    /** Deletes your own comment; with replies, a placeholder keeps the thread together. */
    async remove(commentId: number, who: Principal): Promise<CommentRecord> {
      const c = await comments.getComment(commentId)
      if (!c || c.authorId !== who.id || c.status === 'deleted') throw new AppError('COMMENT_NOT_FOUND', { message: 'You have no comment there to delete.' })
      const now = ms(deps.now())
      const count = await db.transaction().execute(async (trx) => {
        await createCommentStore(trx).updateComment(c.id, { status: 'deleted', statusChangedAt: now })
        return applyCounts(trx, c, c.status, 'deleted', now)
      })
      await announce(c, count, c.status, 'deleted')
      return c
    },

    /** Likes a visible comment, once per reader. */
    async like(commentId: number, who: Principal): Promise<number> {
      const c = await visibleComment(commentId)
      if (c.authorId === who.id) throw new AppError('FORBIDDEN', { message: 'You cannot like your own comment.' })
      const added = await db.transaction().execute((trx) => createCommentStore(trx).addLike(c.id, who.id, deps.now()))
      if (!added) throw new AppError('CONFLICT', { message: 'You already like this comment.' })
      const likes = await comments.likeCount(c.id)
      await hub.publish({ type: 'likes', articleId: c.articleId, commentId: c.id, likes })
      return likes
    },

    async unlike(commentId: number, who: Principal): Promise<number> {
      const c = await visibleComment(commentId)
      const removed = await db.transaction().execute((trx) => createCommentStore(trx).removeLike(c.id, who.id))
      if (!removed) throw new AppError('CONFLICT', { message: 'You do not like this comment yet.' })
      const likes = await comments.likeCount(c.id)
      await hub.publish({ type: 'likes', articleId: c.articleId, commentId: c.id, likes })
      return likes
    },

    /** Reports a visible comment as breaking a numbered section of the community standards. */
    async report(input: { commentId: number; who: Principal; section: number; note: string }): Promise<CommentRecord> {
      const c = await visibleComment(input.commentId)
      if (c.authorId === input.who.id) throw new AppError('FORBIDDEN', { message: 'You cannot report your own comment.' })
      const sections = await createStandardsStore(db, await editionOfArticle(db, c.articleId)).findActiveSections()
      if (!sections.some((s) => s.number === input.section)) {
        throw new AppError('VALIDATION_FAILED', {
          message: 'Choose which section of the community standards the comment breaks.',
          fields: [{ field: 'section', message: 'Choose a section of the community standards.' }],
        })
      }
      const note = normalizeCommentText(input.note).slice(0, 500)
      const filed = await db
        .transaction()
        .execute((trx) => createReportStore(trx).createReport({ commentId: c.id, reporterId: input.who.id, section: input.section, note, now: deps.now() }))
      if (!filed) throw new AppError('CONFLICT', { message: 'You have already reported this comment. A moderator will look at it.' })
      return c
    },

    visibleComment,
  }
}

export type CommentService = ReturnType<typeof createCommentService>
