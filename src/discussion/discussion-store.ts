import { sql } from 'kysely'
import type { Queryable } from '../db/types.ts'

/** An article's discussion: its count and the moderators' settings for it. */
export interface ArticleDiscussion {
  articleId: number
  count: number
  /** null: follows the site-wide closing rule. */
  closed: boolean | null
  premoderated: boolean
}

/** A reader's standing: approved and rejected comments, and any sanction. */
export interface ReaderStanding {
  accountId: number
  approvedCount: number
  rejectedCount: number
  banned: boolean
  suspendedUntil: Date | null
  sanctionReason: string
}

/** Per-article discussion state and readers' standing. */
export function createDiscussionStore(db: Queryable) {
  return {
    async getDiscussion(articleId: number): Promise<ArticleDiscussion> {
      const r = await db
        .selectFrom('article_discussions')
        .select(['comment_count', 'closed', 'premoderated'])
        .where('article_id', '=', articleId)
        .executeTakeFirst()
      return { articleId, count: r?.comment_count ?? 0, closed: r?.closed ?? null, premoderated: r?.premoderated ?? false }
    },

    /** Comment counts of several articles (0 where none). */
    async getCounts(articleIds: number[]): Promise<Map<number, number>> {
      const out = new Map(articleIds.map((id) => [id, 0]))
      if (articleIds.length === 0) return out
      const rows = await db.selectFrom('article_discussions').select(['article_id', 'comment_count']).where('article_id', 'in', articleIds).execute()
      for (const r of rows) out.set(r.article_id, r.comment_count)
      return out
    },

    async updateDiscussion(articleId: number, patch: { closed: boolean | null; premoderated: boolean }, now: Date): Promise<void> {
      await db
        .insertInto('article_discussions')
        .values({ article_id: articleId, closed: patch.closed, premoderated: patch.premoderated, updated_at: now })
        .onConflict((oc) => oc.column('article_id').doUpdateSet({ closed: patch.closed, premoderated: patch.premoderated, updated_at: now }))
        .execute()
    },

    async getStanding(accountId: number): Promise<ReaderStanding> {
      const r = await db.selectFrom('discussion_readers').selectAll().where('account_id', '=', accountId).executeTakeFirst()
      return {
        accountId,
        approvedCount: r?.approved_count ?? 0,
        rejectedCount: r?.rejected_count ?? 0,
        banned: r?.banned ?? false,
        suspendedUntil: r?.suspended_until ?? null,
        sanctionReason: r?.sanction_reason ?? '',
      }
    },

    /** Adds to a reader's approved and rejected counts (negative to take away). */
    async adjustStanding(accountId: number, delta: { approved?: number; rejected?: number }, now: Date): Promise<void> {
      const a = delta.approved ?? 0
      const r = delta.rejected ?? 0
      if (a === 0 && r === 0) return
      await db
        .insertInto('discussion_readers')
        .values({ account_id: accountId, approved_count: Math.max(0, a), rejected_count: Math.max(0, r), updated_at: now })
        .onConflict((oc) =>
          oc.column('account_id').doUpdateSet({
            approved_count: sql<number>`greatest(0, discussion_readers.approved_count + ${a})`,
            rejected_count: sql<number>`greatest(0, discussion_readers.rejected_count + ${r})`,
            updated_at: now,
          }),
        )
        .execute()
    },

    async setSanction(accountId: number, s: { banned: boolean; suspendedUntil: Date | null; reason: string }, now: Date): Promise<void> {
      const values = { banned: s.banned, suspended_until: s.suspendedUntil, sanction_reason: s.reason, updated_at: now }
      await db
        .insertInto('discussion_readers')
        .values({ account_id: accountId, ...values })
        .onConflict((oc) => oc.column('account_id').doUpdateSet(values))
        .execute()
    },
  }
}

export type DiscussionStore = ReturnType<typeof createDiscussionStore>
