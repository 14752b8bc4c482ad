import type { Queryable } from '../db/types.ts'

export interface AuditEntry {
  actorId: number | null
  action: string
  subjectType: string
  subjectId: string | number
  detail?: Record<string, unknown>
  at?: Date
}

/** Records who did what to what, and when. */
export async function recordAudit(db: Queryable, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: e.actorId,
      action: e.action,
      subject_type: e.subjectType,
      subject_id: String(e.subjectId),
      detail: JSON.stringify(e.detail ?? {}),
      ...(e.at ? { at: e.at } : {}),
    })
    .execute()
}

/** The audit trail of one subject, newest first, with the actor's name. */
export async function findAudit(db: Queryable, subjectType: string, subjectId: string | number, limit = 100, actionPrefix?: string) {
  let q = db
    .selectFrom('audit_log')
    .leftJoin('accounts', 'accounts.id', 'audit_log.actor_id')
    .select(['audit_log.id', 'audit_log.at', 'audit_log.action', 'audit_log.detail', 'accounts.display_name as actor'])
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', String(subjectId))
  if (actionPrefix) q = q.where('action', 'like', `${actionPrefix.replace(/[\\%_]/g, '\\$&')}%`)
  return q.orderBy('audit_log.at', 'desc').orderBy('audit_log.id', 'desc').limit(limit).execute()
}
