import type { Queryable } from '../db/types.ts'

/** An open report as moderators see it. */
export interface ReportView {
  id: number
  commentId: number
  reporterName: string
  section: number
  note: string
  createdAt: Date
}

/** Readers' reports of comments. */
export function createReportStore(db: Queryable) {
  return {
    /** Files a report; false when this reader already reported the comment. */
    async createReport(r: { commentId: number; reporterId: number; section: number; note: string; now: Date }): Promise<boolean> {
      const res = await db
        .insertInto('comment_reports')
        .values({ comment_id: r.commentId, reporter_id: r.reporterId, standards_section: r.section, note: r.note, created_at: r.now })
        .onConflict((oc) => oc.columns(['comment_id', 'reporter_id']).doNothing())
        .returning('id')
        .executeTakeFirst()
      if (!res) return false
      await db
        .updateTable('comments')
        .set((eb) => ({ open_reports: eb('open_reports', '+', 1) }))
        .where('id', '=', r.commentId)
        .execute()
      return true
    },

    /** Closes every open report of a comment (a moderator decided); returns how many. */
    async resolveReports(commentId: number, by: number, now: Date): Promise<number> {
      const r = await db
        .updateTable('comment_reports')
        .set({ resolved_at: now, resolved_by: by })
        .where('comment_id', '=', commentId)
        .where('resolved_at', 'is', null)
        .executeTakeFirst()
      await db.updateTable('comments').set({ open_reports: 0 }).where('id', '=', commentId).execute()
      return Number(r.numUpdatedRows)
    },

    async findOpenReports(commentIds: number[]): Promise<ReportView[]> {
      if (commentIds.length === 0) return []
      const rows = await db
        .selectFrom('comment_reports as r')
        .innerJoin('accounts as a', 'a.id', 'r.reporter_id')
        .select(['r.id', 'r.comment_id', 'a.display_name', 'r.standards_section', 'r.note', 'r.created_at'])
        .where('r.comment_id', 'in', commentIds)
        .where('r.resolved_at', 'is', null)
        .orderBy('r.created_at')
        .execute()
      return rows.map((r) => ({
        id: r.id,
        commentId: r.comment_id,
        reporterName: r.display_name,
        section: r.standards_section,
        note: r.note,
        createdAt: r.created_at,
      }))
    },
  }
}
