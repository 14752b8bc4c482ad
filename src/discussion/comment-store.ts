import { sql } from 'kysely'
import type { Queryable } from '../db/types.ts'
import type { CommentStatus } from './tables.ts'

/** A stored comment with its author's display name. */
export interface CommentRecord {
  id: number
  articleId: number
  parentId: number | null
  authorId: number
  authorName: string
  body: string
  status: CommentStatus
  rule: string | null
  reason: string | null
  section: number | null
  likeCount: number
  replyCount: number
  openReports: number
  createdAt: Date
  editedAt: Date | null
  statusChangedAt: Date
}

export type CommentSort = 'newest' | 'oldest' | 'liked'
export const COMMENT_SORTS: readonly CommentSort[] = ['newest', 'oldest', 'liked']

/** Where a page of comments starts: after this (created time or likes, id). */
export interface CommentCursor {
  key: number
  id: number
}

/** "1764417600000.42": a keyset cursor in a URL. */
export function encodeCommentCursor(c: CommentCursor): string {
  return `${c.key}.${c.id}`
}

export const COMMENT_CURSOR_PATTERN = '^\\d{1,15}\\.\\d{1,10}$'

export function decodeCommentCursor(text: string): CommentCursor | undefined {
  if (!new RegExp(COMMENT_CURSOR_PATTERN).test(text)) return undefined
  const [key, id] = text.split('.').map(Number) as [number, number]
  return id <= 2_147_483_647 && key <= 8_640_000_000_000_000 ? { key, id } : undefined
}

/** The cursor after a comment in a given order. */
export function cursorOf(c: Pick<CommentRecord, 'id' | 'createdAt' | 'likeCount'>, sort: CommentSort): CommentCursor {
  return { key: sort === 'liked' ? c.likeCount : c.createdAt.getTime(), id: c.id }
}

function base(db: Queryable) {
  return db
    .selectFrom('comments as c')
    .innerJoin('accounts as a', 'a.id', 'c.author_id')
    .select([
      'c.id',
      'c.article_id',
      'c.parent_id',
      'c.author_id',
      'a.display_name',
      'c.body',
      'c.status',
      'c.moderation_rule',
      'c.moderation_reason',
      'c.standards_section',
      'c.like_count',
      'c.reply_count',
      'c.open_reports',
      'c.created_at',
      'c.edited_at',
      'c.status_changed_at',
    ])
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>

function toRecord(r: Row): CommentRecord {
  return {
    id: r.id,
    articleId: r.article_id,
    parentId: r.parent_id,
    authorId: r.author_id,
    authorName: r.display_name,
    body: r.body,
    status: r.status,
    rule: r.moderation_rule,
    reason: r.moderation_reason,
    section: r.standards_section,
    likeCount: r.like_count,
    replyCount: r.reply_count,
    openReports: r.open_reports,
    createdAt: r.created_at,
    editedAt: r.edited_at,
    statusChangedAt: r.status_changed_at,
  }
}

export interface NewComment {
  articleId: number
  parentId: number | null
  authorId: number
  body: string
  status: CommentStatus
  rule?: string | null
  reason?: string | null
  section?: number | null
  /** Millisecond precision: keyset cursors carry milliseconds. */
  createdAt: Date
}

/** Comments, their likes and reports, and per-article counts. */
export function createCommentStore(db: Queryable) {
  return {
    async getComment(id: number): Promise<CommentRecord | undefined> {
      const r = await base(db).where('c.id', '=', id).executeTakeFirst()
      return r && toRecord(r)
    },

    /** Comments by id (any status), for queues and live updates. */
    async getComments(ids: number[]): Promise<CommentRecord[]> {
      if (ids.length === 0) return []
      return (await base(db).where('c.id', 'in', ids).execute()).map(toRecord)
    },

    async createComment(c: NewComment): Promise<CommentRecord> {
      const { id } = await db
        .insertInto('comments')
        .values({
          article_id: c.articleId,
          parent_id: c.parentId,
          author_id: c.authorId,
          body: c.body,
          status: c.status,
          moderation_rule: c.rule ?? null,
          moderation_reason: c.reason ?? null,
          standards_section: c.section ?? null,
          created_at: c.createdAt,
          status_changed_at: c.createdAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return (await this.getComment(id))!
    },

    async updateComment(
      id: number,
      patch: {
        body?: string
        status?: CommentStatus
        rule?: string | null
        reason?: string | null
        section?: number | null
        moderatedBy?: number | null
        editedAt?: Date
        statusChangedAt?: Date
      },
    ): Promise<void> {
      await db
        .updateTable('comments')
        .set({
          ...(patch.body !== undefined ? { body: patch.body } : {}),
          ...(patch.status !== undefined ? { status: patch.status } : {}),
          ...(patch.rule !== undefined ? { moderation_rule: patch.rule } : {}),
          ...(patch.reason !== undefined ? { moderation_reason: patch.reason } : {}),
          ...(patch.section !== undefined ? { standards_section: patch.section } : {}),
          ...(patch.moderatedBy !== undefined ? { moderated_by: patch.moderatedBy } : {}),
          ...(patch.editedAt !== undefined ? { edited_at: patch.editedAt } : {}),
          ...(patch.statusChangedAt !== undefined ? { status_changed_at: patch.statusChangedAt } : {}),
        })
        .where('id', '=', id)
        .execute()
    },

    /** The query behind findTopLevel (tests read its plan). */
    topLevelQuery(q: { articleId: number; sort: CommentSort; after?: CommentCursor | undefined; limit: number }) {
      let query = base(db).where('c.article_id', '=', q.articleId).where('c.parent_id', 'is', null).where('c.listed', '=', true)
      const { after } = q
      if (q.sort === 'liked') {
        if (after) query = query.where((eb) => eb(eb.refTuple('c.like_count', 'c.id'), '<', eb.tuple(after.key, after.id)))
        query = query.orderBy('c.like_count', 'desc').orderBy('c.id', 'desc')
      } else if (q.sort === 'oldest') {
        if (after) query = query.where((eb) => eb(eb.refTuple('c.created_at', 'c.id'), '>', eb.tuple(new Date(after.key), after.id)))
        query = query.orderBy('c.created_at', 'asc').orderBy('c.id', 'asc')
      } else {
        if (after) query = query.where((eb) => eb(eb.refTuple('c.created_at', 'c.id'), '<', eb.tuple(new Date(after.key), after.id)))
        query = query.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc')
      }
      return query.limit(q.limit)
    },

    /** One page of an article's listed top-level comments in the given order (keyset, by index). */
    async findTopLevel(q: { articleId: number; sort: CommentSort; after?: CommentCursor | undefined; limit: number }): Promise<CommentRecord[]> {
      return (await this.topLevelQuery(q).execute()).map(toRecord)
    },

    /** The first `perParent` listed replies of each parent, oldest first. */
    async findReplies(parentIds: number[], perParent: number): Promise<CommentRecord[]> {
      if (parentIds.length === 0) return []
      const rows = await db
        .selectFrom(
          base(db)
            .select(sql<number>`row_number() over (partition by c.parent_id order by c.created_at, c.id)`.as('rn'))
            .where('c.parent_id', 'in', parentIds)
            .where('c.listed', '=', true)
            .as('r'),
        )
        .selectAll()
        .where('r.rn', '<=', perParent)
        .orderBy('r.created_at')
        .orderBy('r.id')
        .execute()
      return rows.map(toRecord)
    },

    /** A page of one comment's replies, oldest first. */
    async findRepliesPage(parentId: number, after: CommentCursor | undefined, limit: number): Promise<CommentRecord[]> {
      let q = base(db).where('c.parent_id', '=', parentId).where('c.listed', '=', true)
      if (after) q = q.where((eb) => eb(eb.refTuple('c.created_at', 'c.id'), '>', eb.tuple(new Date(after.key), after.id)))
      return (await q.orderBy('c.created_at').orderBy('c.id').limit(limit).execute()).map(toRecord)
    },

    /** The author's own comments on an article that are waiting for a moderator. */
    async findOwnPending(articleId: number, authorId: number): Promise<CommentRecord[]> {
      return (
        await base(db)
          .where('c.author_id', '=', authorId)
          .where('c.article_id', '=', articleId)
          .where('c.status', '=', 'pending')
          .orderBy('c.created_at', 'desc')
          .limit(20)
          .execute()
      ).map(toRecord)
    },

    /** Everything an author has waiting for a moderator, on any article (a ban clears it). */
    async findPendingByAuthor(authorId: number): Promise<CommentRecord[]> {
      return (await base(db).where('c.author_id', '=', authorId).where('c.status', '=', 'pending').orderBy('c.id').execute()).map(toRecord)
    },

    /** Texts of an author's comments since a time, any article (repeat-post rule). */
    async recentTexts(authorId: number, since: Date): Promise<string[]> {
      const rows = await db
        .selectFrom('comments')
        .select('body')
        .where('author_id', '=', authorId)
        .where('created_at', '>=', since)
        .orderBy('created_at', 'desc')
        .limit(50)
        .execute()
      return rows.map((r) => r.body)
    },

    /** Which of these comments the account likes. */
    async likedAmong(accountId: number, commentIds: number[]): Promise<Set<number>> {
      if (commentIds.length === 0) return new Set()
      const rows = await db.selectFrom('comment_likes').select('comment_id').where('account_id', '=', accountId).where('comment_id', 'in', commentIds).execute()
      return new Set(rows.map((r) => r.comment_id))
    },

    /** Adds a like; false when the account already liked the comment. */
    async addLike(commentId: number, accountId: number, now: Date): Promise<boolean> {
      const r = await db
        .insertInto('comment_likes')
        .values({ comment_id: commentId, account_id: accountId, created_at: now })
        .onConflict((oc) => oc.doNothing())
        .returning('comment_id')
        .executeTakeFirst()
      if (!r) return false
      await db
        .updateTable('comments')
        .set((eb) => ({ like_count: eb('like_count', '+', 1) }))
        .where('id', '=', commentId)
        .execute()
      return true
    },

    /** Removes a like; false when there was none. */
    async removeLike(commentId: number, accountId: number): Promise<boolean> {
      const r = await db.deleteFrom('comment_likes').where('comment_id', '=', commentId).where('account_id', '=', accountId).executeTakeFirst()
      if (Number(r.numDeletedRows) === 0) return false
      await db
        .updateTable('comments')
        .set((eb) => ({ like_count: eb('like_count', '-', 1) }))
        .where('id', '=', commentId)
        .execute()
      return true
    },

    async likeCount(commentId: number): Promise<number> {
      const r = await db.selectFrom('comments').select('like_count').where('id', '=', commentId).executeTakeFirst()
      return r?.like_count ?? 0
    },

    /** Adds approved comments to the article's count (negative to take away); returns the new count. */
    async adjustCount(articleId: number, delta: number, now: Date): Promise<number> {
      const r = await db
        .insertInto('article_discussions')
        .values({ article_id: articleId, comment_count: Math.max(0, delta), updated_at: now })
        .onConflict((oc) =>
          oc
            .column('article_id')
            .doUpdateSet((eb) => ({ comment_count: sql<number>`greatest(0, ${eb.ref('article_discussions.comment_count')} + ${delta})`, updated_at: now })),
        )
        .returning('comment_count')
        .executeTakeFirstOrThrow()
      return r.comment_count
    },

    async adjustReplyCount(parentId: number, delta: number): Promise<void> {
      await db
        .updateTable('comments')
        .set({ reply_count: sql<number>`greatest(0, reply_count + ${delta})` })
        .where('id', '=', parentId)
        .execute()
    },
  }
}

export type CommentStore = ReturnType<typeof createCommentStore>
