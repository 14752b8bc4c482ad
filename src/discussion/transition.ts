import { createCounterStore } from '../counters/counter-store.ts'
import type { Queryable } from '../db/types.ts'
import type { CommentRecord } from './comment-store.ts'
import { createCommentStore } from './comment-store.ts'
import { createDiscussionStore } from './discussion-store.ts'
import type { CommentStatus } from './tables.ts'

const one = (b: boolean) => (b ? 1 : 0)

/**
 * Keeps the maintained counts right when a comment changes status: the article's comment count,
 * the parent's reply count, the author's standing, and the article's counters. Call inside the transaction that changes
 * the status; returns the article's count afterwards when it changed.
 */
export async function applyCounts(db: Queryable, c: Pick<CommentRecord, 'articleId' | 'parentId' | 'authorId'>, from: CommentStatus | null, to: CommentStatus, now: Date): Promise<number | undefined> {
  const visible = one(to === 'approved') - one(from === 'approved')
  const rejected = one(to === 'rejected') - one(from === 'rejected')
  await createDiscussionStore(db).adjustStanding(c.authorId, { approved: visible, rejected }, now)
  if (visible === 0) return undefined
  const comments = createCommentStore(db)
  if (c.parentId !== null) await comments.adjustReplyCount(c.parentId, visible)
  const count = await comments.adjustCount(c.articleId, visible, now)
  // the page counters (near the top of the article) show the same number
  await createCounterStore(db).setCommentCount(c.articleId, count)
  return count
}
