import { recordAudit } from '../accounts/audit.ts'
import { isEditor, type Principal } from '../http/permissions.ts'
import { createArticleStore, type ArticleFields } from '../content/article-store.ts'
import type { Article, ArticleStatus, Correction } from '../content/types.ts'
import { AppError } from '../errors.ts'
import { canEdit, cleanNote, createArticleService, refuseUnpublishable, type EditableArticle, type NewsroomDeps } from './article-service.ts'
import { createWorkingCopyStore } from './working-copy-store.ts'
import { notifyWorkflow } from './notifications.ts'
import { createVersionStore } from '../content/version-store.ts'
import type { Queryable } from '../db/types.ts'
import { compareSnapshots, listRevisions, saveRevision, type FieldDiff, type Revision } from './revisions.ts'

export type WorkflowAction = 'submit' | 'return' | 'publish' | 'schedule' | 'unschedule' | 'unpublish' | 'update' | 'discard'
export const WORKFLOW_ACTIONS: readonly WorkflowAction[] = ['submit', 'return', 'publish', 'schedule', 'unschedule', 'unpublish', 'update', 'discard']

/** From which statuses each action may be taken, and where it leads. */
const TRANSITIONS: Record<WorkflowAction, { from: ArticleStatus[]; to: ArticleStatus; editorsOnly: boolean; label: string }> = {
  submit: { from: ['draft'], to: 'review', editorsOnly: false, label: 'submitted for review' },
  return: { from: ['review'], to: 'draft', editorsOnly: true, label: 'returned to draft' },
  publish: { from: ['draft', 'review', 'scheduled', 'unpublished'], to: 'published', editorsOnly: true, label: 'published' },
  schedule: { from: ['draft', 'review'], to: 'scheduled', editorsOnly: true, label: 'scheduled' },
  unschedule: { from: ['scheduled'], to: 'draft', editorsOnly: true, label: 'unscheduled' },
  unpublish: { from: ['published'], to: 'unpublished', editorsOnly: true, label: 'unpublished' },
  // a published article's working copy: put it live (Update live), or throw it away
  update: { from: ['published'], to: 'published', editorsOnly: true, label: 'updated' },
  discard: { from: ['published'], to: 'published', editorsOnly: false, label: 'discarded' },
}

/**
 * On a published article, submit / return / schedule / unschedule act on its working copy: a
 * reporter proposes changes, an editor returns them or schedules the update.
 */
const WORKING_COPY_ACTIONS: readonly WorkflowAction[] = ['submit', 'return', 'schedule', 'unschedule']

/** The actions this person can take on an article now (for the editor's buttons). */
export function availableActions(article: Pick<EditableArticle, 'status' | 'editing'>, who: Principal, mayEdit: boolean): WorkflowAction[] {
  const editor = isEditor(who)
  if (article.status === 'published') {
    const wc = article.editing.workingCopy
    const actions: WorkflowAction[] = []
    if (wc) {
      if (editor) actions.push('update')
      if (!editor && mayEdit && wc.state === 'editing') actions.push('submit')
      if (editor && wc.state === 'review') actions.push('return')
      if (editor) actions.push(wc.scheduledFor ? 'unschedule' : 'schedule')
      if (mayEdit) actions.push('discard')
    }
    if (editor) actions.push('unpublish')
    return actions
  }
  return WORKFLOW_ACTIONS.filter((a) => {
    const t = TRANSITIONS[a]
    return a !== 'update' && a !== 'discard' && t.from.includes(article.status) && (t.editorsOnly ? editor : mayEdit)
  })
}

/** Fields that change when an article goes live now. */
function goLive(a: Pick<Article, 'firstPublishedAt' | 'publishedAt'>, at: Date): Partial<ArticleFields> {
  return { status: 'published', firstPublishedAt: a.firstPublishedAt ?? at, publishedAt: a.publishedAt ?? at, scheduledFor: null }
}

export interface TransitionOptions {
  /** When to publish (schedule), or to put the working copy live (schedule on a published article). */
  scheduledFor?: Date | undefined
  /** The one-line change note of an update (shown on the article's Versions page). */
  note?: string | undefined
  /** The working copy's version the editor saw (Update live refuses if it has changed since). */
  version?: number | undefined
}

function checkScheduledFor(at: Date | undefined, now: Date): Date {
  if (!at || Number.isNaN(at.getTime()))
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'scheduledFor', message: 'Give a date and time to publish at.' }] })
  if (at.getTime() <= now.getTime())
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'scheduledFor', message: 'The time to publish at must be in the future.' }] })
  return at
}

/** submit, return, schedule and unschedule on a published article: they act on its working copy. */
async function onWorkingCopy(
  trx: Queryable,
  current: EditableArticle,
  action: WorkflowAction,
  who: Principal,
  options: TransitionOptions,
  now: Date,
): Promise<void> {
  const wc = current.editing.workingCopy
  const store = createWorkingCopyStore(trx)
  if (!wc) throw new AppError('CONFLICT', { message: 'This article is live and has no pending changes: edit it first, then submit or schedule the changes.' })
  if (action === 'submit') {
    if (!(await canEdit(trx, current, who))) throw new AppError('FORBIDDEN', { message: 'You cannot change this article.' })
    if (wc.state === 'review') throw new AppError('CONFLICT', { message: 'These changes are already waiting for an editor.' })
    await store.setState(current.id, 'review', now)
    await notifyWorkflow(trx, { kind: 'changes-submitted', articleId: current.id, actorId: who.id, at: now })
  } else {
    if (!isEditor(who)) throw new AppError('FORBIDDEN', { message: 'Only editors can do that.' })
    if (action === 'return') {
      if (wc.state !== 'review') throw new AppError('CONFLICT', { message: 'These changes were not submitted for review.' })
      await store.setState(current.id, 'editing', now)
      await notifyWorkflow(trx, { kind: 'changes-returned', articleId: current.id, actorId: who.id, at: now })
    }
    if (action === 'schedule') refuseUnpublishable(current.body)
    if (action === 'schedule')
      await store.schedule(current.id, { at: checkScheduledFor(options.scheduledFor, now), note: cleanNote(options.note) || 'Updated', by: who.id })
    if (action === 'unschedule') {
      if (!wc.scheduledFor) throw new AppError('CONFLICT', { message: 'No update of this article is scheduled.' })
      await store.schedule(current.id, null)
    }
  }
  await recordAudit(trx, {
    actorId: who.id,
    action: `article.changes.${action}`,
    subjectType: 'article',
    subjectId: current.id,
    detail: action === 'schedule' ? { scheduledFor: options.scheduledFor, note: cleanNote(options.note) } : {},
    at: now,
  })
}

/** The publishing workflow: draft → review → scheduled / published → unpublished; corrections; revisions. */
export function createWorkflow(deps: NewsroomDeps) {
  const { db, events } = deps
  const articles = createArticleService(deps)
  // sections and people by name, for diffs that would otherwise show ids
  const labels = async () => {
    const [sections, people] = await Promise.all([
      db.selectFrom('sections').select(['id', 'name']).execute(),
      db.selectFrom('people').select(['id', 'display_name']).execute(),
    ])
    return {
      section: (sid: number) => sections.find((s) => s.id === sid)?.name ?? `#${sid}`,
      person: (pid: number) => people.find((p) => p.id === pid)?.display_name ?? `#${pid}`,
    }
  }

  return {
    async transition(id: number, action: WorkflowAction, who: Principal, options: TransitionOptions = {}): Promise<Article> {
      if (action === 'update') return articles.updateLive(id, who, { note: options.note ?? '', version: options.version })
      if (action === 'discard') return articles.discardWorkingCopy(id, who)
      const t = TRANSITIONS[action]
      const { article, from } = await db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('articles').select('id').where('id', '=', id).forUpdate().executeTakeFirst()
        if (!row) throw new AppError('ARTICLE_NOT_FOUND', { message: 'That article does not exist.' })
        const current = await articles.editable(id, trx)
        const now = deps.now()
        if (current.status === 'published' && WORKING_COPY_ACTIONS.includes(action)) {
          await onWorkingCopy(trx, current, action, who, options, now)
          return { article: current as Article, from: current }
        }
        if (t.editorsOnly ? !isEditor(who) : !(await canEdit(trx, current, who))) {
          throw new AppError('FORBIDDEN', { message: t.editorsOnly ? 'Only editors can do that.' : 'You cannot change this article.' })
        }
        if (!t.from.includes(current.status)) {
          throw new AppError('CONFLICT', { message: `An article that is ${current.status} cannot be ${t.label}.` })
        }
        // readers must be able to know what every picture shows (schedule: checked now, published later)
        if (action === 'publish' || action === 'schedule') refuseUnpublishable(current.body)
        let patch: Partial<ArticleFields> = { status: t.to }
        if (action === 'publish') patch = goLive(current, now)
        if (action === 'schedule') patch = { status: 'scheduled', scheduledFor: checkScheduledFor(options.scheduledFor, now) }
        if (action === 'unschedule') patch = { status: 'draft', scheduledFor: null }
        if (action === 'unpublish' && current.editing.copy === 'working') {
          // no longer live: the pending edits become the article's copy, as the editor last saw it
          patch = {
            ...patch,
            headline: current.headline,
            lead: current.lead,
            slug: current.slug,
            sectionId: current.sectionId,
            dateline: current.dateline,
            body: current.body,
          }
          await articles.writeExtras(trx, current, current)
          await createWorkingCopyStore(trx).deleteWorkingCopy(id)
        }
        const updated = await createArticleStore(trx, deps.now).updateArticle(id, patch)
        if (action === 'publish') {
          const first = current.firstPublishedAt === null
          await createVersionStore(trx).appendVersion(id, {
            kind: first ? 'publish' : 'republish',
            at: now,
            by: who.id,
            note: cleanNote(options.note) || (first ? 'First published' : 'Published again'),
          })
          await saveRevision(trx, id, articles.snapshotOfEditable(current), { authorId: who.id, kind: 'publish', now })
        }
        await recordAudit(trx, {
          actorId: who.id,
          action: `article.${action}`,
          subjectType: 'article',
          subjectId: id,
          detail: { from: current.status, to: t.to, ...(patch.scheduledFor ? { scheduledFor: patch.scheduledFor } : {}) },
          at: now,
        })
        const tell = action === 'submit' ? 'submitted' : action === 'return' ? 'returned' : action === 'publish' ? 'published' : undefined
        if (tell) await notifyWorkflow(trx, { kind: tell, articleId: id, actorId: who.id, at: now })
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
        const versions = createVersionStore(trx)
        const corrected = (await versions.listVersions(id)).at(-1)?.number
        // created_by names the byline (people), not the account
        const correction = await store.createCorrection(id, clean, now, who.personId ?? undefined, corrected)
        await store.updateArticle(id, { updatedAt: now })
        // the correction is part of what readers are shown: a new published version carries it
        await versions.appendVersion(id, { kind: 'correction', at: now, by: who.id, note: `Correction: ${clean}` })
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
      return { from, to, fields: compareSnapshots(from.snapshot, to.snapshot, await labels()) }
    },

    /** What Update live would change: the live version against the working copy. */
    async compareLive(id: number): Promise<{ liveVersion: number; fields: FieldDiff[] } | undefined> {
      const pair = await articles.liveAndWorking(id)
      if (!pair) return undefined
      return { liveVersion: pair.liveVersion, fields: compareSnapshots(pair.live, pair.working, await labels()) }
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
      const first = a.first_published_at === null
      await createVersionStore(trx).appendVersion(a.id, {
        kind: first ? 'publish' : 'republish',
        at: now,
        by: null,
        note: first ? 'First published (scheduled)' : 'Published again (scheduled)',
      })
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
  // scheduled updates of published articles: each working copy goes live once, on one node
  const articles = createArticleService(deps)
  const updated: number[] = []
  for (;;) {
    const next = await deps.db.transaction().execute(async (trx) => (await createWorkingCopyStore(trx).lockDue(now, 1))[0])
    if (!next) break
    try {
      await articles.updateLive(next.articleId, null, { note: next.note || 'Updated (scheduled)', scheduled: true })
    } catch (e) {
      // a copy that cannot go live (the article was taken down meanwhile) is unscheduled, not retried forever
      await createWorkingCopyStore(deps.db).schedule(next.articleId, null)
      if (!(e instanceof AppError)) throw e
    }
    updated.push(next.articleId)
    if (updated.length >= limit) break
  }
  return [...published.map((a) => a.id), ...updated]
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
