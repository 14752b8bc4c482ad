import { sql } from 'kysely'
import type { Queryable } from '../db/types.ts'
import { findArticleRefs, type ArticleRef } from './article-refs.ts'
import { createCommentStore, type CommentCursor, type CommentRecord } from './comment-store.ts'
import { createDiscussionStore, type ReaderStanding } from './discussion-store.ts'
import { createReportStore, type ReportView } from './report-store.ts'

export type QueueName = 'pending' | 'reported' | 'rejected'
export const QUEUES: readonly QueueName[] = ['pending', 'reported', 'rejected']

export interface QueueItem {
  comment: CommentRecord
  article: ArticleRef | undefined
  reports: ReportView[]
  standing: ReaderStanding
}

export const QUEUE_PAGE = 50

/**
 * A page of a moderation queue: pending oldest first (first come, first served), reported
 * oldest first, rejected newest first. Keyset pages over partial indexes.
 */
export async function findQueue(db: Queryable, queue: QueueName, after?: CommentCursor): Promise<{ items: QueueItem[]; next: CommentCursor | undefined }> {
  let q = db.selectFrom('comments').select(['id', 'created_at', 'status_changed_at'])
  if (queue === 'pending') {
    q = q.where('status', '=', 'pending').orderBy('created_at').orderBy('id')
    if (after) q = q.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(new Date(after.key), after.id)))
  } else if (queue === 'reported') {
    q = q.where('open_reports', '>', 0).where('status', 'in', ['approved', 'pending']).orderBy('status_changed_at').orderBy('id')
    if (after) q = q.where((eb) => eb(eb.refTuple('status_changed_at', 'id'), '>', eb.tuple(new Date(after.key), after.id)))
  } else {
    q = q.where('status', '=', 'rejected').orderBy('status_changed_at', 'desc').orderBy('id', 'desc')
    if (after) q = q.where((eb) => eb(eb.refTuple('status_changed_at', 'id'), '<', eb.tuple(new Date(after.key), after.id)))
  }
  const rows = await q.limit(QUEUE_PAGE + 1).execute()
  const page = rows.slice(0, QUEUE_PAGE)
  const comments = await createCommentStore(db).getComments(page.map((r) => r.id))
  const byId = new Map(comments.map((c) => [c.id, c]))
  const [articles, reports] = await Promise.all([
    findArticleRefs(
      db,
      comments.map((c) => c.articleId),
    ),
    createReportStore(db).findOpenReports(comments.map((c) => c.id)),
  ])
  const standings = new Map<number, ReaderStanding>()
  for (const authorId of new Set(comments.map((c) => c.authorId))) standings.set(authorId, await createDiscussionStore(db).getStanding(authorId))
  const items = page
    .map((r) => byId.get(r.id))
    .filter((c): c is CommentRecord => c !== undefined)
    .map((c) => ({
      comment: c,
      article: articles.get(c.articleId),
      reports: reports.filter((x) => x.commentId === c.id),
      standing: standings.get(c.authorId)!,
    }))
  const last = rows.length > QUEUE_PAGE ? page.at(-1) : undefined
  return { items, next: last ? { key: (queue === 'pending' ? last.created_at : last.status_changed_at).getTime(), id: last.id } : undefined }
}

/** How many comments wait in each queue (partial indexes keep these cheap). */
export async function queueCounts(db: Queryable): Promise<Record<QueueName, number>> {
  const r = await sql<{ pending: number; reported: number; rejected: number }>`select
    (select count(*) from comments where status = 'pending')::int as pending,
    (select count(*) from comments where open_reports > 0 and status in ('approved', 'pending'))::int as reported,
    (select count(*) from comments where status = 'rejected')::int as rejected`.execute(db)
  return r.rows[0] ?? { pending: 0, reported: 0, rejected: 0 }
}

/** A reader's latest comments, any status, for the moderator's reader page. */
export async function findReaderComments(db: Queryable, accountId: number, limit = 50): Promise<CommentRecord[]> {
  const ids = await db.selectFrom('comments').select('id').where('author_id', '=', accountId).orderBy('created_at', 'desc').limit(limit).execute()
  const comments = await createCommentStore(db).getComments(ids.map((r) => r.id))
  return comments.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id)
}

/** The moderation audit trail: approvals, rejections, sanctions, settings, newest first. */
export async function findModerationLog(db: Queryable, limit = 200) {
  return db
    .selectFrom('audit_log')
    .leftJoin('accounts', 'accounts.id', 'audit_log.actor_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.action',
      'audit_log.subject_type',
      'audit_log.subject_id',
      'audit_log.detail',
      'accounts.display_name as actor',
      // who the action was about, by name: the reader, or the comment's author
      sql<string | null>`(select a.display_name from accounts a where audit_log.subject_type = 'account' and a.id::text = audit_log.subject_id
        union all select a.display_name from comments c join accounts a on a.id = c.author_id where audit_log.subject_type = 'comment' and c.id::text = audit_log.subject_id
        limit 1)`.as('subject_name'),
    ])
    .where((eb) => eb.or(['comment.%', 'reader.%', 'discussion.%', 'standards.%', 'moderation.%'].map((p) => eb('audit_log.action', 'like', p))))
    .orderBy('audit_log.at', 'desc')
    .orderBy('audit_log.id', 'desc')
    .limit(limit)
    .execute()
}
