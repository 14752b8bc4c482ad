import type { Queryable } from '../db/types.ts'
import type { Translator } from '../web/i18n.ts'

export type NotificationKind = 'submitted' | 'returned' | 'published' | 'changes-submitted' | 'changes-returned' | 'updated' | 'wire-updated' | 'wire-killed'

export interface Notification {
  id: number
  kind: NotificationKind
  articleId: number
  headline: string
  actor: string | null
  createdAt: Date
  read: boolean
}

/** What each notification says, after the actor's name. */
export const NOTIFICATION_TEXT: Record<NotificationKind, string> = {
  submitted: 'submitted a story for review',
  returned: 'returned your story to draft',
  published: 'published your story',
  'changes-submitted': 'proposed changes to a published story',
  'changes-returned': 'returned your proposed changes',
  updated: 'put your changes to a published story live',
  'wire-updated': 'sent a new version of a story taken from it',
  'wire-killed': 'KILLED a story taken from it: take it down or replace it',
}

/** Who a notification comes from when no person acted (the scheduler, the agencies' wire). */
export function notificationActor(kind: NotificationKind, actor: string | null): string {
  return actor ?? (kind.startsWith('wire-') ? 'The wire' : 'The schedule')
}

/** A notification's line in the newsroom's language: who did what ("Анна опубликовала вашу статью"). */
export function notificationLine(tr: Translator, kind: NotificationKind, actor: string | null): string {
  return actor
    ? tr.t(`nr.notif.${kind}`, { actor })
    : tr.t(`nr.notif.${kind}`, { actor: tr.t(kind.startsWith('wire-') ? 'nr.notif.wire' : 'nr.notif.schedule') })
}

/**
 * In-newsroom notifications: who should hear of a workflow step, told in the same transaction as
 * the step. Editors hear of submissions; the story's writers (its creator and bylined staff) hear
 * that it was returned, published or updated. Nobody is told of their own action.
 */
export async function notifyWorkflow(db: Queryable, n: { kind: NotificationKind; articleId: number; actorId: number | null; at: Date }): Promise<number> {
  const wire = n.kind === 'wire-updated' || n.kind === 'wire-killed'
  const toEditors = n.kind === 'submitted' || n.kind === 'changes-submitted'
  // agency updates and kills: every editor, and the story's own writers
  const editors = toEditors || wire
  const writers = !toEditors
  const editorRows = editors
    ? await db
        .selectFrom('accounts')
        .select('id')
        .where('kind', '=', 'staff')
        .where('role', 'in', ['editor', 'admin'])
        .where('disabled_at', 'is', null)
        .execute()
    : []
  const writerRows = writers
    ? await db
        .selectFrom('accounts')
        .select('accounts.id')
        .where('accounts.kind', '=', 'staff')
        .where('accounts.disabled_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb('accounts.id', '=', eb.selectFrom('articles').select('created_by').where('articles.id', '=', n.articleId)),
            eb.exists(
              eb
                .selectFrom('article_authors as aa')
                .select('aa.person_id')
                .whereRef('aa.person_id', '=', 'accounts.person_id')
                .where('aa.article_id', '=', n.articleId),
            ),
          ]),
        )
        .execute()
    : []
  const ids = [...new Set([...editorRows, ...writerRows].map((r) => r.id))].filter((id) => id !== n.actorId)
  if (ids.length === 0) return 0
  await db
    .insertInto('newsroom_notifications')
    .values(ids.map((account_id) => ({ account_id, kind: n.kind, article_id: n.articleId, actor_id: n.actorId, created_at: n.at })))
    .execute()
  return ids.length
}

/** A person's notifications, newest first, with how many are unread. */
export async function findNotifications(db: Queryable, accountId: number, limit = 50): Promise<{ unread: number; items: Notification[] }> {
  const [rows, unread] = await Promise.all([
    db
      .selectFrom('newsroom_notifications as n')
      .innerJoin('articles as a', 'a.id', 'n.article_id')
      .leftJoin('accounts as x', 'x.id', 'n.actor_id')
      .select(['n.id', 'n.kind', 'n.article_id', 'a.headline', 'x.display_name', 'n.created_at', 'n.read_at'])
      .where('n.account_id', '=', accountId)
      .orderBy('n.created_at', 'desc')
      .orderBy('n.id', 'desc')
      .limit(limit)
      .execute(),
    countUnread(db, accountId),
  ])
  return {
    unread,
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      articleId: r.article_id,
      headline: r.headline,
      actor: r.display_name,
      createdAt: r.created_at,
      read: r.read_at !== null,
    })),
  }
}

export async function countUnread(db: Queryable, accountId: number): Promise<number> {
  const r = await db
    .selectFrom('newsroom_notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function markAllRead(db: Queryable, accountId: number, at: Date): Promise<void> {
  await db.updateTable('newsroom_notifications').set({ read_at: at }).where('account_id', '=', accountId).where('read_at', 'is', null).execute()
}

/** How many stories wait for an editor: drafts submitted for review, and changes proposed to published ones. */
export async function reviewCounts(db: Queryable): Promise<{ review: number; changes: number }> {
  const [a, w] = await Promise.all([
    db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'review')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('article_working_copies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', '=', 'review')
      .executeTakeFirstOrThrow(),
  ])
  return { review: Number(a.n), changes: Number(w.n) }
}
