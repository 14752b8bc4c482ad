import type { Queryable } from '../db/types.ts'
import type { Snapshot } from './revisions.ts'

/** A published article's pending edits: what the editor shows; readers keep seeing the live version. */
export interface WorkingCopy {
  articleId: number
  snapshot: Snapshot
  baseVersion: number
  state: 'editing' | 'review'
  scheduledFor: Date | null
  scheduledNote: string | null
  scheduledBy: number | null
  version: number
  createdAt: Date
  modifiedAt: Date
  modifiedBy: number | null
  modifiedByName: string | null
}

/** The working copies of published articles (migration 0011). */
export function createWorkingCopyStore(db: Queryable) {
  return {
    async getWorkingCopy(articleId: number): Promise<WorkingCopy | undefined> {
      const r = await db
        .selectFrom('article_working_copies as w')
        .leftJoin('accounts as a', 'a.id', 'w.modified_by')
        .selectAll('w')
        .select('a.display_name')
        .where('w.article_id', '=', articleId)
        .executeTakeFirst()
      return (
        r && {
          articleId: r.article_id,
          snapshot: r.snapshot as Snapshot,
          baseVersion: r.base_version,
          state: r.state,
          scheduledFor: r.scheduled_for,
          scheduledNote: r.scheduled_note,
          scheduledBy: r.scheduled_by,
          version: r.version,
          createdAt: r.created_at,
          modifiedAt: r.modified_at,
          modifiedBy: r.modified_by,
          modifiedByName: r.display_name,
        }
      )
    },

    /** Creates or replaces the working copy's content (one per article). */
    async saveWorkingCopy(w: { articleId: number; snapshot: Snapshot; baseVersion: number; version: number; by: number; at: Date }): Promise<void> {
      await db
        .insertInto('article_working_copies')
        .values({
          article_id: w.articleId,
          snapshot: JSON.stringify(w.snapshot),
          base_version: w.baseVersion,
          version: w.version,
          created_at: w.at,
          modified_at: w.at,
          modified_by: w.by,
        })
        .onConflict((oc) =>
          oc.column('article_id').doUpdateSet({ snapshot: JSON.stringify(w.snapshot), version: w.version, modified_at: w.at, modified_by: w.by }),
        )
        .execute()
    },

    async setState(articleId: number, state: 'editing' | 'review', at: Date): Promise<void> {
      await db.updateTable('article_working_copies').set({ state, modified_at: at }).where('article_id', '=', articleId).execute()
    },

    /** Schedules the working copy to go live by itself (null: unschedules). */
    async schedule(articleId: number, s: { at: Date; note: string; by: number } | null): Promise<void> {
      await db
        .updateTable('article_working_copies')
        .set(s ? { scheduled_for: s.at, scheduled_note: s.note, scheduled_by: s.by } : { scheduled_for: null, scheduled_note: null, scheduled_by: null })
        .where('article_id', '=', articleId)
        .execute()
    },

    async deleteWorkingCopy(articleId: number): Promise<boolean> {
      const r = await db.deleteFrom('article_working_copies').where('article_id', '=', articleId).executeTakeFirst()
      return Number(r.numDeletedRows) > 0
    },

    /** Working copies whose scheduled update is due, locked for this node alone. */
    async lockDue(now: Date, limit: number): Promise<{ articleId: number; scheduledBy: number | null; note: string }[]> {
      const rows = await db
        .selectFrom('article_working_copies')
        .select(['article_id', 'scheduled_by', 'scheduled_note'])
        .where('scheduled_for', '<=', now)
        .orderBy('scheduled_for')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute()
      return rows.map((r) => ({ articleId: r.article_id, scheduledBy: r.scheduled_by, note: r.scheduled_note ?? '' }))
    },
  }
}

export type WorkingCopyStore = ReturnType<typeof createWorkingCopyStore>
