import { recordAudit } from '../accounts/audit.ts'
import { isEditor, type Principal } from '../http/permissions.ts'
import { createArticleStore, type ArticleFields } from '../content/article-store.ts'
import type { Article, ArticleStatus, Correction } from '../content/types.ts'
import { AppError } from '../errors.ts'
import { canEdit, createArticleService, type NewsroomDeps } from './article-service.ts'
import { compareSnapshots, listRevisions, type FieldDiff, type Revision } from './revisions.ts'

export type WorkflowAction = 'submit' | 'return' | 'publish' | 'schedule' | 'unschedule' | 'unpublish'
export const WORKFLOW_ACTIONS: readonly WorkflowAction[] = ['submit', 'return', 'publish', 'schedule', 'unschedule', 'unpublish']

/** From which statuses each action may be taken, and where it leads. */
const TRANSITIONS: Record<WorkflowAction, { from: ArticleStatus[]; to: ArticleStatus; editorsOnly: boolean; label: string }> = {
  submit: { from: ['draft'], to: 'review', editorsOnly: false, label: 'submitted for review' },
  return: { from: ['review'], to: 'draft', editorsOnly: true, label: 'returned to draft' },
  publish: { from: ['draft', 'review', 'scheduled', 'unpublished'], to: 'published', editorsOnly: true, label: 'published' },
  schedule: { from: ['draft', 'review'], to: 'scheduled', editorsOnly: true, label: 'scheduled' },
  unschedule: { from: ['scheduled'], to: 'draft', editorsOnly: true, label: 'unscheduled' },
  unpublish: { from: ['published'], to: 'unpublished', editorsOnly: true, label: 'unpublished' },
}

/** The actions this person can take on an article now (for the editor's buttons). */
export function availableActions(article: Pick<Article, 'status'>, who: Principal, mayEdit: boolean): WorkflowAction[] {
  return WORKFLOW_ACTIONS.filter((a) => {
    const t = TRANSITIONS[a]
    return t.from.includes(article.status) && (t.editorsOnly ? isEditor(who) : mayEdit)
  })
}

/** Fields that change when an article goes live now. */
function goLive(a: Pick<Article, 'firstPublishedAt' | 'publishedAt'>, at: Date): Partial<ArticleFields> {
  return { status: 'published', firstPublishedAt: a.firstPublishedAt ?? at, publishedAt: a.publishedAt ?? at, scheduledFor: null }
}

/** The publishing workflow: draft → review → scheduled / published → unpublished; corrections; revisions. */
export function createWorkflow(deps: NewsroomDeps) {
  const { db, events } = deps
  const articles = createArticleService(deps)

  return {
    async transition(id: number, action: WorkflowAction, who: Principal, options: { scheduledFor?: Date } = {}): Promise<Article> {
      const t = TRANSITIONS[action]
      const { article, from } = await db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('articles').select('id').where('id', '=', id).forUpdate().executeTakeFirst()
        if (!row) throw new AppError('ARTICLE_NOT_FOUND', { message: 'That article does not exist.' })
        const current = await articles.load(id, trx)
        if (t.editorsOnly ? !isEditor(who) : !(await canEdit(trx, current, who))) {
          throw new AppError('FORBIDDEN', { message: t.editorsOnly ? 'Only editors can do that.' : 'You cannot change this article.' })
        }
        if (!t.from.includes(current.status)) {
          throw new AppError('CONFLICT', { message: `An article that is ${current.status} cannot be ${t.label}.` })
        }
        const now = deps.now()
        let patch: Partial<ArticleFields> = { status: t.to }
        if (action === 'publish') patch = goLive(current, now)
        if (action === 'schedule') {
          const at = options.scheduledFor
          if (!at || Number.isNaN(at.getTime()))
            throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'scheduledFor', message: 'Give a date and time to publish at.' }] })
          if (at.getTime() <= now.getTime())
            throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'scheduledFor', message: 'The time to publish at must be in the future.' }] })
          patch = { status: 'scheduled', scheduledFor: at }
        }
        if (action === 'unschedule') patch = { status: 'draft', scheduledFor: null }
        const updated = await createArticleStore(trx, deps.now).updateArticle(id, patch)
        await recordAudit(trx, {
          actorId: who.id,
          action: `article.${action}`,
          subjectType: 'article',
          subjectId: id,
          detail: { from: current.status, to: t.to, ...(patch.scheduledFor ? { scheduledFor: patch.scheduledFor } : {}) },
          at: now,
        })
        return { article: updated, from: current }
      })
      if (action === 'publish')
        await events.emit('article.published', { articleId: id, sectionId: article.sectionId, firstTime: from.firstPublishedAt === null })
      if (action === 'unpublish') await events.emit('article.changed', { articleId: id, sectionId: article.sectionId, reason: 'unpublished' })
      return article
    },

    /** Appends a correction to a published article and marks it updated. */
    async addCorrection(id: number, text: string, who: Principal): Promise<Correction> {
      if (!isEditor(who)) throw new AppError('FORBIDDEN', { message: 'Only editors can correct an article.' })
      const clean = text.replace(/\s+/g, ' ').trim()
      if (clean === '') throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'text', message: 'Write the correction.' }] })
      if (clean.length > 2000) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'text', message: 'A correction may be at most 2000 characters.' }] })
      const { correction, sectionId } = await db.transaction().execute(async (trx) => {
        const current = await articles.load(id, trx)
        if (current.status !== 'published') throw new AppError('CONFLICT', { message: 'Only a published article can be corrected; edit the copy instead.' })
        const now = deps.now()
        const store = createArticleStore(trx, deps.now)
        // created_by names the byline (people), not the account
        const correction = await store.createCorrection(id, clean, now, who.personId ?? undefined)
        await store.updateArticle(id, { updatedAt: now })
        await recordAudit(trx, {
          actorId: who.id,
          action: 'article.correct',
          subjectType: 'article',
          subjectId: id,
          detail: { correctionId: correction.id },
          at: now,
        })
        return { correction, sectionId: current.sectionId }
      })
      await events.emit('article.changed', { articleId: id, sectionId, reason: 'corrected' })
      return correction
    },

    async revisions(id: number): Promise<Revision[]> {
      await articles.load(id)
      return listRevisions(db, id)
    },

    async compare(id: number, fromNumber: number, toNumber: number): Promise<{ from: Revision; to: Revision; fields: FieldDiff[] }> {
      const all = await this.revisions(id)
      const from = all.find((r) => r.number === fromNumber)
      const to = all.find((r) => r.number === toNumber)
      if (!from || !to) throw new AppError('NOT_FOUND', { message: 'One of those revisions does not exist.' })
      const sections = await db.selectFrom('sections').select(['id', 'name']).execute()
      const name = (sid: number) => sections.find((s) => s.id === sid)?.name ?? `#${sid}`
      return { from, to, fields: compareSnapshots(from.snapshot, to.snapshot, { section: name }) }
    },

    /** Makes an old revision the current copy (as a new revision, so nothing is lost). */
    async restore(id: number, number: number, who: Principal) {
      const all = await this.revisions(id)
      const rev = all.find((r) => r.number === number)
      if (!rev) throw new AppError('NOT_FOUND', { message: 'That revision does not exist.' })
      const s = rev.snapshot
      const restored = await articles.updateArticle(
        id,
        {
          headline: s.headline,
          lead: s.lead,
          slug: s.slug,
          sectionId: s.sectionId,
          dateline: s.dateline ? { place: s.dateline.place, dateText: s.dateline.dateText ?? undefined, agency: s.dateline.agency ?? undefined } : null,
          body: s.body,
          tags: s.tags,
          authorIds: s.authorIds,
          related: s.related,
        },
        who,
      )
      // Relabel the revision that save just made as a restore.
      await db
        .updateTable('article_revisions')
        .set({ kind: 'restore' })
        .where('article_id', '=', id)
        .where('number', '=', (eb) =>
          eb
            .selectFrom('article_revisions')
            .select((e) => e.fn.max('number').as('n'))
            .where('article_id', '=', id),
        )
        .execute()
      await recordAudit(db, { actorId: who.id, action: 'article.restore', subjectType: 'article', subjectId: id, detail: { revision: number }, at: deps.now() })
      return restored
    },
  }
}

export type Workflow = ReturnType<typeof createWorkflow>

/**
 * Publishes scheduled articles whose time has come. Safe with several nodes running it at once:
 * each due row is locked with FOR UPDATE SKIP LOCKED, so exactly one node publishes it, once.
 */
export async function publishDue(deps: NewsroomDeps, limit = 50): Promise<number[]> {
  const now = deps.now()
  const published = await deps.db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('articles')
      .select(['id', 'section_id', 'first_published_at', 'published_at'])
      .where('status', '=', 'scheduled')
      .where('scheduled_for', '<=', now)
      .orderBy('scheduled_for')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute()
    for (const a of due) {
      await trx
        .updateTable('articles')
        .set((eb) => ({
          status: 'published',
          first_published_at: a.first_published_at ?? now,
          published_at: a.published_at ?? now,
          scheduled_for: null,
          modified_at: now,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', a.id)
        .execute()
      await recordAudit(trx, {
        actorId: null,
        action: 'article.publish',
        subjectType: 'article',
        subjectId: a.id,
        detail: { from: 'scheduled', to: 'published', by: 'schedule' },
        at: now,
      })
    }
    return due
  })
  for (const a of published) await deps.events.emit('article.published', { articleId: a.id, sectionId: a.section_id, firstTime: a.first_published_at === null })
  return published.map((a) => a.id)
}

/** Runs publishDue every `intervalMs` until stopped; errors are logged, never thrown. */
export function startScheduler(deps: NewsroomDeps & { log: { error: (o: object, m: string) => void } }, intervalMs = 5000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve()
  const timer = setInterval(() => {
    running = publishDue(deps).catch((err) => deps.log.error({ err }, 'scheduled publishing failed'))
  }, intervalMs)
  timer.unref()
  return async () => {
    clearInterval(timer)
    await running
  }
}
