import type { Queryable } from '../db/types.ts'
import type { CommentRecord } from './comment-store.ts'
import { createCommentStore } from './comment-store.ts'
import { createDiscussionStore } from './discussion-store.ts'
import type { CommentStatus } from './tables.ts'

const one = (b: boolean) => (b ? 1 : 0)

/**
 * Keeps the maintained counts right when a comment changes status: the article's comment count,
 * the parent's reply count and the author's standing (the discussion module then announces
 * `comments.counted`, and the counters module copies the count to the article's counters). Call inside the transaction that changes
 * the status; returns the article's count afterwards when it changed.
 */
export async function applyCounts(
  db: Queryable,
  c: Pick<CommentRecord, 'articleId' | 'parentId' | 'authorId'>,
  from: CommentStatus | null,
  to: CommentStatus,
  now: Date,
): Promise<number | undefined> {
  const visible = one(to === 'approved') - one(from === 'approved')
  const rejected = one(to === 'rejected') - one(from === 'rejected')
  await createDiscussionStore(db).adjustStanding(c.authorId, { approved: visible, rejected }, now)
  if (visible === 0) return undefined
  const comments = createCommentStore(db)
  if (c.parentId !== null) await comments.adjustReplyCount(c.parentId, visible)
  return await comments.adjustCount(c.articleId, visible, now)
}
