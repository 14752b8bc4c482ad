import { editionSlugOptions } from '../content/section-store.ts'
import { mayWorkIn } from './edition-admin.ts'
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import { recordAudit } from '../accounts/audit.ts'
import { isEditor, type Principal } from '../http/permissions.ts'
import { createArticleStore, type ArticleFields } from '../content/article-store.ts'
import { createTagStore } from '../content/people-store.ts'
import { slugify } from '../content/slug.ts'
import { publishProblems, type Block } from '../content/blocks.ts'
import type { Article, ArticleStatus } from '../content/types.ts'
import type { DB } from '../db/schema.ts'
import type { Queryable } from '../db/types.ts'
import { AppError, type FieldProblem } from '../errors.ts'
import type { EventBus } from '../events.ts'
import { checkArticleInput, type ArticleInput, type CheckedArticle } from './article-input.ts'
import { saveRevision, type Snapshot } from './revisions.ts'
import { createWorkingCopyStore } from './working-copy-store.ts'
import { createVersionStore } from '../content/version-store.ts'
import { authorProblems } from './writers.ts'
import { notifyWorkflow } from './notifications.ts'

export interface NewsroomDeps {
  db: Kysely<DB>
  events: EventBus
  now: () => Date
}

export interface EditableArticle extends Article {
  tags: string[]
  authorIds: number[]
  related: { articleId?: number; headline?: string }[]
  sectionName: string
  /** Which copy the fields above are, and how it stands against what readers see. */
  editing: EditingState
}

/**
 * A published article is edited in its working copy: the fields of an EditableArticle are the
 * working copy's (or the live version's, until the first edit), and readers keep seeing the live
 * version until an editor updates it. Any other article is edited in place.
 */
export interface EditingState {
  /** 'article': the article itself (not published); 'live': a published article, no pending edits; 'working': its working copy. */
  copy: 'article' | 'live' | 'working'
  /** The latest published version readers are shown (published articles). */
  live: { version: number; publishedAt: Date; sectionId: number; slug: string } | null
  /** True when the working copy differs from what readers see. */
  differsFromLive: boolean
  workingCopy: { state: 'editing' | 'review'; modifiedAt: Date; modifiedBy: string | null; scheduledFor: Date | null; scheduledNote: string | null } | null
}

/** Statuses in which a reporter may still change their own copy (a published one: its working copy, to propose changes). */
const REPORTER_EDITABLE: ArticleStatus[] = ['draft', 'review', 'published']

/** May this person change this article's copy? */
export async function canEdit(db: Queryable, article: Article, who: Principal): Promise<boolean> {
  // staff limited to some editions change nothing in the others
  if (!(await mayWorkIn(db, who, article.editionId))) return false
  if (isEditor(who)) return true
  if (who.kind !== 'staff' || who.role !== 'reporter' || !REPORTER_EDITABLE.includes(article.status)) return false
  if (article.createdBy === who.id) return true
  if (who.personId === null) return false
  const byline = await db
    .selectFrom('article_authors')
    .select('person_id')
    .where('article_id', '=', article.id)
    .where('person_id', '=', who.personId)
    .executeTakeFirst()
  return byline !== undefined
}

/** The editable fields of an article as a revision keeps them. */
function snapshotOfEditable(e: Omit<EditableArticle, 'editing'>): Snapshot {
  return snapshotOf(e, { tags: e.tags, authorIds: e.authorIds, related: e.related })
}

/** True when two snapshots hold the same copy (key order aside). */
export function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  return canonicalJson(a) === canonicalJson(b)
}

function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x as Record<string, unknown>)
            .filter(([, y]) => y !== undefined)
            .sort(([p], [q]) => (p < q ? -1 : 1)),
        )
      : x,
  )
}

/** A one-line change note: spaces folded, at most 300 characters. */
/** Refuses to put a body before readers that breaks a publishing rule (a picture without alt text). */
export function refuseUnpublishable(body: Block[]): void {
  const fields = publishProblems(body)
  if (fields.length) throw new AppError('VALIDATION_FAILED', { message: 'The article cannot be published yet: every picture needs alt text.', fields })
}

export function cleanNote(note: string | undefined): string {
  return (note ?? '')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300)
}

export function snapshotOf(a: Article, extras: { tags: string[]; authorIds: number[]; related: Snapshot['related'] }): Snapshot {
  return { headline: a.headline, lead: a.lead, slug: a.slug, sectionId: a.sectionId, dateline: a.dateline, body: a.body, ...extras }
}

/** Looks up what the checked input refers to; problems name the field. */
async function checkReferences(db: Queryable, v: CheckedArticle, editionId: number, articleId?: number): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = []
  const section = await db.selectFrom('sections').select('id').where('id', '=', v.sectionId).where('edition_id', '=', editionId).executeTakeFirst()
  if (!section && v.sectionId > 0) problems.push({ field: 'sectionId', message: 'That section does not exist.' })
  problems.push(...(await authorProblems(db, v.authorIds, articleId)))
  const ids = v.related.map((r) => r.articleId).filter((id): id is number => id !== undefined)
  if (articleId !== undefined && ids.includes(articleId)) problems.push({ field: 'related', message: 'An article cannot be related to itself.' })
  if (ids.length) {
    const found = await db.selectFrom('articles').select('id').where('id', 'in', ids).execute()
    if (found.length !== new Set(ids).size) problems.push({ field: 'related', message: 'One of the related articles does not exist.' })
  }
  if (section && v.slug) {
    let q = db.selectFrom('articles').select('id').where('section_id', '=', v.sectionId).where('slug', '=', v.slug)
    if (articleId !== undefined) q = q.where('id', '<>', articleId)
    if (await q.executeTakeFirst()) problems.push({ field: 'slug', message: 'Another article in this section already uses that slug.' })
  }
  return problems
}

/**
 * A slug no other article in the section has: the headline's, else "article" (a headline of only
 * emoji or punctuation has no letters), with -2, -3… added while taken; never longer than 120.
 */
export async function freeSlug(db: Queryable, sectionId: number, base: string, exceptId?: number): Promise<string> {
  const store = createArticleStore(db)
  const stem = [...(base || 'article')].slice(0, 112).join('').replace(/-+$/, '')
  let slug = stem
  for (let n = 2; await store.slugTaken(sectionId, slug, exceptId); n++) slug = `${stem}-${n}`
  return slug
}

async function writeExtras(
  db: Queryable,
  article: Pick<Article, 'id' | 'editionId'>,
  v: Pick<CheckedArticle, 'tags' | 'authorIds' | 'related'>,
): Promise<string[]> {
  const store = createArticleStore(db)
  const tags = await createTagStore(db).upsertTags(article.editionId, v.tags)
  await store.setTags(
    article.id,
    tags.map((t) => t.id),
  )
  await store.setAuthors(article.id, v.authorIds)
  await store.setRelated(
    article.id,
    v.related.map((r) => (r.articleId !== undefined ? { targetArticleId: r.articleId } : { headline: r.headline! })),
  )
  // the names as stored (an existing tag keeps its spelling): revisions compare these, so a tag
  // typed "transport" where "Transport" exists is no phantom change
  return tags.map((t) => t.name)
}

/** Writing and editing articles, with permissions, validation and a revision per save. */
export function createArticleService(deps: NewsroomDeps) {
  const { db } = deps

  async function load(id: number, trx: Queryable = db): Promise<Article> {
    const a = await createArticleStore(trx, deps.now).getArticle(id)
    if (!a) throw new AppError('ARTICLE_NOT_FOUND', { message: 'That article does not exist.' })
    return a
  }

  /** The article as stored (for a published one: the live version), with its extras. */
  async function stored(id: number, trx: Queryable): Promise<Omit<EditableArticle, 'editing'>> {
    const a = await load(id, trx)
    const store = createArticleStore(trx, deps.now)
    const [tags, authors, related, section] = await Promise.all([
      store.getTags(id),
      store.getAuthors(id),
      store.getRelated(id),
      trx.selectFrom('sections').select('name').where('id', '=', a.sectionId).executeTakeFirst(),
    ])
    return {
      ...a,
      tags: tags.map((t) => t.name),
      authorIds: authors.map((p) => p.id),
      related: related.map((r) => (r.targetArticleId !== null ? { articleId: r.targetArticleId } : { headline: r.headline! })),
      sectionName: section?.name ?? '',
    }
  }

  /** What the newsroom edits: the article, or a published article's working copy laid over its live version. */
  async function editable(id: number, trx: Queryable = db): Promise<EditableArticle> {
    const base = await stored(id, trx)
    if (base.status !== 'published') return { ...base, editing: { copy: 'article', live: null, differsFromLive: false, workingCopy: null } }
    const [wc, versions] = await Promise.all([createWorkingCopyStore(trx).getWorkingCopy(id), createVersionStore(trx).listVersions(id)])
    const latest = versions.at(-1)
    const live = latest ? { version: latest.number, publishedAt: latest.publishedAt, sectionId: base.sectionId, slug: base.slug } : null
    if (!wc) return { ...base, editing: { copy: 'live', live, differsFromLive: false, workingCopy: null } }
    const s = wc.snapshot
    const sectionName =
      s.sectionId === base.sectionId
        ? base.sectionName
        : ((await trx.selectFrom('sections').select('name').where('id', '=', s.sectionId).executeTakeFirst())?.name ?? '')
    return {
      ...base,
      headline: s.headline,
      lead: s.lead,
      slug: s.slug,
      sectionId: s.sectionId,
      dateline: s.dateline,
      body: s.body,
      tags: s.tags,
      authorIds: s.authorIds,
      related: s.related,
      sectionName,
      version: wc.version,
      editing: {
        copy: 'working',
        live,
        differsFromLive: !sameSnapshot(s, snapshotOfEditable(base)),
        workingCopy: {
          state: wc.state,
          modifiedAt: wc.modifiedAt,
          modifiedBy: wc.modifiedByName,
          scheduledFor: wc.scheduledFor,
          scheduledNote: wc.scheduledNote,
        },
      },
    }
  }

  return {
    load,

    /** The article with its tags, authors and pins, if this person may see it in the newsroom. */
    async getForEditing(id: number, who: Principal): Promise<EditableArticle & { canEdit: boolean }> {
      const e = await editable(id)
      return { ...e, canEdit: await canEdit(db, e, who) }
    },

    async createArticle(input: ArticleInput, who: Principal): Promise<EditableArticle> {
      const checked = checkArticleInput(input)
      if (!checked.ok) throw new AppError('VALIDATION_FAILED', { message: 'The article was not saved: some fields need attention.', fields: checked.problems })
      const v = checked.value
      const id = await db.transaction().execute(async (trx) => {
        const edition = await trx.selectFrom('sections').select('edition_id').where('id', '=', v.sectionId).executeTakeFirst()
        const problems = await checkReferences(trx, v, edition?.edition_id ?? -1)
        if (edition && !(await mayWorkIn(trx, who, edition.edition_id)))
          problems.push({ field: 'sectionId', message: 'You work in other editions: choose a section of one of them.' })
        if (problems.length) throw new AppError('VALIDATION_FAILED', { message: 'The article was not saved: some fields need attention.', fields: problems })
        const slug = v.slug ?? (await freeSlug(trx, v.sectionId, slugify(v.headline, 100, await editionSlugOptions(trx, edition!.edition_id))))
        const article = await createArticleStore(trx, deps.now).createArticle({
          editionId: edition!.edition_id,
          sectionId: v.sectionId,
          slug,
          headline: v.headline,
          lead: v.lead,
          dateline: v.dateline,
          body: v.body,
          status: 'draft',
          createdBy: who.id,
        })
        // A reporter who writes a piece is its byline unless they name others.
        if (v.authorIds.length === 0 && who.personId !== null) v.authorIds = [who.personId]
        const tags = await writeExtras(trx, article, v)
        await saveRevision(trx, article.id, { ...v, slug, tags }, { authorId: who.id, kind: 'save', now: deps.now() })
        await recordAudit(trx, { actorId: who.id, action: 'article.create', subjectType: 'article', subjectId: article.id, at: deps.now() })
        return article.id
      })
      return editable(id)
    },

    /**
     * Saves an edit (or an autosave); refuses a stale version instead of overwriting someone's work.
     * A field left out keeps what is stored (an API client that changes the headline does not wipe
     * the body, tags, bylines or an import's headline-only related pins); send '', null or [] to clear.
     */
    async updateArticle(id: number, input: ArticleInput, who: Principal, options: { autosave?: boolean } = {}): Promise<EditableArticle> {
      const first = checkArticleInput(input)
      if (!first.ok) throw new AppError('VALIDATION_FAILED', { message: 'The article was not saved: some fields need attention.', fields: first.problems })
      await db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('articles').select('id').where('id', '=', id).forUpdate().executeTakeFirst()
        if (!before) throw new AppError('ARTICLE_NOT_FOUND', { message: 'That article does not exist.' })
        const current = await editable(id, trx)
        if (!(await canEdit(trx, current, who))) {
          throw new AppError('FORBIDDEN', {
            message: isEditor(who) ? undefined : 'Only editors can change an article once it is scheduled or published, or someone else’s copy.',
          })
        }
        if (input.version !== undefined && input.version !== current.version) {
          throw new AppError('CONFLICT', { message: 'Someone else saved this article after you opened it. Reload to see their changes before saving yours.' })
        }
        const kept: Omit<ArticleInput, 'headline' | 'sectionId'> = {
          lead: current.lead,
          dateline: current.dateline
            ? { place: current.dateline.place, dateText: current.dateline.dateText ?? undefined, agency: current.dateline.agency ?? undefined }
            : null,
          body: current.body,
          tags: current.tags,
          authorIds: current.authorIds,
          related: current.related,
        }
        const merged = Object.fromEntries(Object.entries({ ...kept, ...input }).filter(([, x]) => x !== undefined)) as ArticleInput
        const checked = checkArticleInput(merged)
        if (!checked.ok)
          throw new AppError('VALIDATION_FAILED', { message: 'The article was not saved: some fields need attention.', fields: checked.problems })
        const v = checked.value
        const problems = await checkReferences(trx, v, current.editionId, id)
        if (problems.length) throw new AppError('VALIDATION_FAILED', { message: 'The article was not saved: some fields need attention.', fields: problems })
        const slug = v.slug ?? current.slug
        const now = deps.now()
        const kind = options.autosave ? 'autosave' : 'save'
        if (current.status === 'published') {
          // Readers keep seeing the live version: the edit goes to the working copy.
          const tags = await createTagStore(trx).canonicalNames(current.editionId, v.tags)
          const snapshot: Snapshot = {
            headline: v.headline,
            lead: v.lead,
            slug,
            sectionId: v.sectionId,
            dateline: v.dateline,
            body: v.body,
            tags,
            authorIds: v.authorIds,
            related: v.related,
          }
          await createWorkingCopyStore(trx).saveWorkingCopy({
            articleId: id,
            snapshot,
            baseVersion: current.editing.live?.version ?? 0,
            version: current.version + 1,
            by: who.id,
            at: now,
          })
          await saveRevision(trx, id, snapshot, { authorId: who.id, kind, now, copy: 'working' })
          if (!options.autosave)
            await recordAudit(trx, { actorId: who.id, action: 'article.save', subjectType: 'article', subjectId: id, detail: { copy: 'working' }, at: now })
          return
        }
        const patch: Partial<ArticleFields> = {
          headline: v.headline,
          headlineNeedsReview: current.headlineNeedsReview && v.headline === current.headline,
          lead: v.lead,
          slug,
          sectionId: v.sectionId,
          dateline: v.dateline,
          body: v.body,
        }
        const article = await createArticleStore(trx, deps.now).updateArticle(id, patch)
        const tags = await writeExtras(trx, article, v)
        await saveRevision(trx, id, { ...v, slug, tags }, { authorId: who.id, kind, now })
        if (!options.autosave) await recordAudit(trx, { actorId: who.id, action: 'article.save', subjectType: 'article', subjectId: id, at: now })
      })
      return editable(id)
    },

    /**
     * Update live: the working copy becomes what readers see, as a new published version with the
     * editor's change note. Two editors pressing it at once: the first updates, the second is told
     * there is nothing left to put live (or that the copy changed since they looked).
     */
    async updateLive(
      id: number,
      who: Principal | null,
      options: { note: string; version?: number | undefined; scheduled?: boolean } = { note: '' },
    ): Promise<EditableArticle> {
      // null: the schedule itself, for an update an editor scheduled
      if (who && !isEditor(who)) throw new AppError('FORBIDDEN', { message: 'Only editors can update a published article.' })
      const note = cleanNote(options.note)
      const result = await db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('articles').select('id').where('id', '=', id).forUpdate().executeTakeFirst()
        if (!row) throw new AppError('ARTICLE_NOT_FOUND', { message: 'That article does not exist.' })
        const current = await editable(id, trx)
        if (current.status !== 'published')
          throw new AppError('CONFLICT', { message: 'Only a published article has a live version to update; publish it instead.' })
        if (current.editing.copy !== 'working')
          throw new AppError('CONFLICT', {
            message: 'There are no changes to put live: the working copy is the same as the live version (someone may have just updated it).',
          })
        if (options.version !== undefined && options.version !== current.version) {
          throw new AppError('CONFLICT', { message: 'The working copy changed after you opened it. Reload to see the changes before putting them live.' })
        }
        refuseUnpublishable(current.body)
        const live = await stored(id, trx)
        const now = deps.now()
        const moved = live.slug !== current.slug || live.sectionId !== current.sectionId
        const changed = !sameSnapshot(snapshotOfEditable(current), snapshotOfEditable(live))
        if (changed) {
          await createArticleStore(trx, deps.now).updateArticle(id, {
            headline: current.headline,
            headlineNeedsReview: live.headlineNeedsReview && current.headline === live.headline,
            lead: current.lead,
            slug: current.slug,
            sectionId: current.sectionId,
            dateline: current.dateline,
            body: current.body,
            updatedAt: now,
          })
          await writeExtras(trx, { id, editionId: current.editionId }, current)
        }
        await createWorkingCopyStore(trx).deleteWorkingCopy(id)
        const version = changed
          ? await createVersionStore(trx).appendVersion(id, { kind: 'update', at: now, by: who?.id ?? null, note: note || 'Updated' })
          : undefined
        await saveRevision(trx, id, snapshotOfEditable(current), { authorId: who?.id ?? null, kind: 'update', now, copy: 'article' })
        if (changed) await notifyWorkflow(trx, { kind: 'updated', articleId: id, actorId: who?.id ?? null, at: now })
        await recordAudit(trx, {
          actorId: who?.id ?? null,
          action: 'article.update-live',
          subjectType: 'article',
          subjectId: id,
          detail: { version: version?.number ?? null, note, scheduled: options.scheduled === true },
          at: now,
        })
        return { sectionId: current.sectionId, previousSectionId: live.sectionId, moved, changed }
      })
      if (result.changed) {
        await deps.events.emit('article.changed', {
          articleId: id,
          sectionId: result.sectionId,
          previousSectionId: result.previousSectionId,
          reason: result.moved ? 'moved' : 'updated',
        })
      }
      return editable(id)
    },

    /** Throws the working copy away: the editor shows the live version again. */
    async discardWorkingCopy(id: number, who: Principal): Promise<EditableArticle> {
      await db.transaction().execute(async (trx) => {
        await trx.selectFrom('articles').select('id').where('id', '=', id).forUpdate().executeTakeFirst()
        const current = await editable(id, trx)
        if (current.editing.copy !== 'working') throw new AppError('CONFLICT', { message: 'There is no working copy to discard.' })
        if (!(await canEdit(trx, current, who)))
          throw new AppError('FORBIDDEN', { message: 'Only editors, or the reporter who wrote it, can discard these changes.' })
        const now = deps.now()
        await createWorkingCopyStore(trx).deleteWorkingCopy(id)
        const live = await stored(id, trx)
        await saveRevision(trx, id, snapshotOfEditable(live), { authorId: who.id, kind: 'discard', now, copy: 'article' })
        await recordAudit(trx, { actorId: who.id, action: 'article.discard', subjectType: 'article', subjectId: id, at: now })
      })
      return editable(id)
    },

    editable,
    snapshotOfEditable,
    writeExtras,

    /** The live version's snapshot and the working copy's (undefined when there is no working copy). */
    async liveAndWorking(id: number): Promise<{ live: Snapshot; working: Snapshot; liveVersion: number } | undefined> {
      const current = await editable(id)
      if (current.editing.copy !== 'working') return undefined
      return { live: snapshotOfEditable(await stored(id, db)), working: snapshotOfEditable(current), liveVersion: current.editing.live?.version ?? 0 }
    },
  }
}

export type ArticleService = ReturnType<typeof createArticleService>

/** Newsroom list of articles: filters by status, section, author (person) and headline text. */
export async function findNewsroomArticles(
  db: Queryable,
  q: { status?: ArticleStatus; sectionId?: number; personId?: number; text?: string; createdBy?: number; limit: number; offset: number },
) {
  let query = db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .leftJoin('accounts', 'accounts.id', 'articles.created_by')
    .select([
      'articles.id',
      'articles.headline',
      'articles.status',
      'articles.modified_at',
      'articles.published_at',
      'articles.scheduled_for',
      'articles.headline_needs_review',
      'sections.name as section_name',
      'accounts.display_name as created_by_name',
      sql<string>`coalesce((select string_agg(p.display_name, ', ' order by aa.position) from article_authors aa join people p on p.id = aa.person_id where aa.article_id = articles.id), '')`.as(
        'bylines',
      ),
    ])
  if (q.status) query = query.where('articles.status', '=', q.status)
  if (q.sectionId) query = query.where('articles.section_id', '=', q.sectionId)
  if (q.personId)
    query = query.where((eb) =>
      eb.exists(
        eb.selectFrom('article_authors').select('person_id').whereRef('article_authors.article_id', '=', 'articles.id').where('person_id', '=', q.personId!),
      ),
    )
  if (q.createdBy) query = query.where('articles.created_by', '=', q.createdBy)
  if (q.text) {
    const pattern = `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    query = query.where('articles.headline', 'ilike', pattern)
  }
  return query.orderBy('articles.modified_at', 'desc').orderBy('articles.id', 'desc').limit(q.limit).offset(q.offset).execute()
}
