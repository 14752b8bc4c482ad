import type { Kysely } from 'kysely'
import type { DB } from '../db/schema.ts'
import { AppError } from '../errors.ts'
import { findArticleRefs, type ArticleRef } from './article-refs.ts'
import { createCommentStore, cursorOf, encodeCommentCursor, type CommentCursor, type CommentRecord, type CommentSort } from './comment-store.ts'
import { createDiscussionStore } from './discussion-store.ts'
import { isClosed } from './moderation/rules/discussion-closed.ts'
import { getSettings } from './settings.ts'
import { toCommentView, type CommentView, type DiscussionView, type Viewer } from './view-models.ts'
import { createEditionStore } from '../content/people-store.ts'
import { ENGLISH, translatorFor, type Translator } from '../web/i18n.ts'

export const PAGE_SIZE = 20
export const INLINE_REPLIES = 5
export const THREAD_PAGE_SIZE = 50

/** Builds what discussion pages, fragments and live updates show. */
export function createDiscussionReader(deps: { db: Kysely<DB>; now: () => Date }) {
  const { db } = deps
  const store = createCommentStore(db)

  async function publishedArticle(articleId: number): Promise<ArticleRef & { path: string; firstPublishedAt: Date }> {
    const a = (await findArticleRefs(db, [articleId])).get(articleId)
    if (!a?.path || !a.firstPublishedAt) throw new AppError('ARTICLE_NOT_FOUND')
    return a as ArticleRef & { path: string; firstPublishedAt: Date }
  }

  /** The words, dates and digits of an article's edition, and its prefix (editions are few and change rarely). */
  async function editionOf(editionId: number): Promise<{ tr: Translator; prefix: string }> {
    const e = await createEditionStore(db).getEdition(editionId)
    return e ? { tr: translatorFor(e), prefix: e.prefix } : { tr: ENGLISH, prefix: '' }
  }

  async function withReplies(top: CommentRecord[], viewer: Viewer, editWindowMinutes: number, perParent: number, tr: Translator): Promise<CommentView[]> {
    const replies = await store.findReplies(
      top.filter((c) => c.replyCount > 0).map((c) => c.id),
      perParent,
    )
    const liked = viewer
      ? await store.likedAmong(
          viewer.id,
          [...top, ...replies].map((c) => c.id),
        )
      : undefined
    const now = deps.now()
    const opts = { viewer, now, editWindowMinutes, tr, ...(liked ? { liked } : {}) }
    return top.map((c) => toCommentView(c, { ...opts, replies: replies.filter((r) => r.parentId === c.id).map((r) => toCommentView(r, opts)) }))
  }

  return {
    publishedArticle,

    /** One page of an article's discussion, as `viewer` sees it. */
    async view(
      articleId: number,
      o: { viewer: Viewer; sort?: CommentSort | undefined; after?: CommentCursor | undefined; replyTo?: number | undefined },
    ): Promise<DiscussionView> {
      const sort = o.sort ?? 'newest'
      const [article, settings, discussion] = await Promise.all([
        publishedArticle(articleId),
        getSettings(db),
        createDiscussionStore(db).getDiscussion(articleId),
      ])
      const page = await store.findTopLevel({ articleId, sort, after: o.after, limit: PAGE_SIZE + 1 })
      const shown = page.slice(0, PAGE_SIZE)
      const last = shown.at(-1)
      const [pending, standing] = o.viewer
        ? await Promise.all([store.findOwnPending(articleId, o.viewer.id), createDiscussionStore(db).getStanding(o.viewer.id)])
        : [[], undefined]
      const now = deps.now()
      // a banned or suspended reader is told before typing, not after posting
      const sanctioned = standing && (standing.banned || (standing.suspendedUntil !== null && standing.suspendedUntil > now))
      const { tr, prefix } = await editionOf(article.editionId)
      return {
        articleId,
        articlePath: article.path,
        headline: article.headline,
        count: discussion.count,
        closed: isClosed(
          { id: articleId, firstPublishedAt: article.firstPublishedAt, closed: discussion.closed, premoderated: discussion.premoderated },
          settings.closeAfterDays,
          now,
        ),
        sort,
        comments: await withReplies(shown, o.viewer, settings.editWindowMinutes, INLINE_REPLIES, tr),
        nextHref: page.length > PAGE_SIZE && last ? `/discussion/${articleId}?sort=${sort}&after=${encodeCommentCursor(cursorOf(last, sort))}` : undefined,
        viewer: o.viewer,
        ownPending: pending.map((c) => toCommentView(c, { viewer: o.viewer, now, editWindowMinutes: settings.editWindowMinutes, tr })),
        maxLength: settings.maxLength,
        maxLinks: settings.maxLinks,
        replyTo: o.replyTo,
        sanction: sanctioned
          ? { banned: standing.banned, until: standing.banned ? null : standing.suspendedUntil, reason: standing.sanctionReason }
          : undefined,
        tr,
        prefix,
      }
    },

    /** A top-level comment with a page of its replies (the thread page). */
    async thread(commentId: number, viewer: Viewer, after: CommentCursor | undefined) {
      const c = await store.getComment(commentId)
      if (!c || c.parentId !== null || !(c.status === 'approved' || c.replyCount > 0)) throw new AppError('COMMENT_NOT_FOUND')
      const [article, settings] = await Promise.all([publishedArticle(c.articleId), getSettings(db)])
      const replies = await store.findRepliesPage(c.id, after, THREAD_PAGE_SIZE + 1)
      const shown = replies.slice(0, THREAD_PAGE_SIZE)
      const liked = viewer ? await store.likedAmong(viewer.id, [c.id, ...shown.map((r) => r.id)]) : undefined
      const { tr, prefix } = await editionOf(article.editionId)
      const opts = { viewer, now: deps.now(), editWindowMinutes: settings.editWindowMinutes, tr, ...(liked ? { liked } : {}) }
      const view = toCommentView(c, { ...opts, replies: shown.map((r) => toCommentView(r, opts)) })
      const last = shown.at(-1)
      return {
        article,
        prefix,
        comment: { ...view, moreReplies: 0 },
        nextHref: replies.length > THREAD_PAGE_SIZE && last ? `/discussion/comments/${c.id}?after=${encodeCommentCursor(cursorOf(last, 'oldest'))}` : undefined,
      }
    },

    /** A comment as a viewer sees it (for JSON answers after posting or editing). */
    async commentView(commentId: number, viewer: Viewer): Promise<CommentView | undefined> {
      const c = await store.getComment(commentId)
      if (!c) return undefined
      const [settings, ref] = await Promise.all([getSettings(db), findArticleRefs(db, [c.articleId])])
      const edition = ref.get(c.articleId)
      const tr = edition ? (await editionOf(edition.editionId)).tr : ENGLISH
      return toCommentView(c, { viewer, now: deps.now(), editWindowMinutes: settings.editWindowMinutes, tr })
    },
  }
}

export type DiscussionReader = ReturnType<typeof createDiscussionReader>
