import { AsyncLocalStorage } from 'node:async_hooks'
import type { Queryable } from '../db/types.ts'

/**
 * The audit entries recorded while one request is served: app.ts runs each request inside it, so
 * a staff request that changed something without a service recording it gets an entry of its own
 * (see installRequestAudit). It carries no state between requests.
 */
export const auditScope = new AsyncLocalStorage<{ recorded: number }>()

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
  const scope = auditScope.getStore()
  if (scope) scope.recorded++
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

/** The whole audit log, newest first, with the actor's name; filtered by actor, action prefix or subject. */
export async function findAuditLog(
  db: Queryable,
  q: { limit?: number; offset?: number; actorId?: number; actionPrefix?: string; subjectType?: string; subjectId?: string } = {},
) {
  let query = db
    .selectFrom('audit_log')
    .leftJoin('accounts', 'accounts.id', 'audit_log.actor_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.action',
      'audit_log.subject_type',
      'audit_log.subject_id',
      'audit_log.detail',
      'audit_log.actor_id',
      'accounts.display_name as actor',
    ])
  if (q.actorId !== undefined) query = query.where('audit_log.actor_id', '=', q.actorId)
  if (q.actionPrefix) query = query.where('audit_log.action', 'like', `${q.actionPrefix.replace(/[\\%_]/g, '\\$&')}%`)
  if (q.subjectType) query = query.where('audit_log.subject_type', '=', q.subjectType)
  if (q.subjectId) query = query.where('audit_log.subject_id', '=', q.subjectId)
  return query
    .orderBy('audit_log.at', 'desc')
    .orderBy('audit_log.id', 'desc')
    .limit(q.limit ?? 100)
    .offset(q.offset ?? 0)
    .execute()
}
