import { createHash } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import { sql } from 'kysely'
import { createAccountStore } from '../accounts/account-store.ts'
import { createArticleStore } from '../content/article-store.ts'
import type { Block } from '../content/blocks.ts'
import { createPeopleStore, createTagStore } from '../content/people-store.ts'
import { createSectionStore } from '../content/section-store.ts'
import { RESERVED_SEGMENTS, slugify } from '../content/slug.ts'
import type { ArticleStatus } from '../content/types.ts'
import { createVersionStore } from '../content/version-store.ts'
import type { DB } from '../db/schema.ts'
import type { Queryable } from '../db/types.ts'
import type { ImportReport, ProgressMeter } from './import-report.ts'
import type { ImportKind } from './tables.ts'

/**
 * The writing half every importer shares: what a source item became here (import_items), one
 * transaction per item so nothing is half-written, staff without passwords, nested sections, tags,
 * articles with their status and dates, comments as discussion, old addresses as redirects.
 */

/** A comment as the discussion module stores it, written through it (importers do not own comments). */
export interface ImportedComment {
  articleId: number
  parentId: number | null
  authorId: number
  body: string
  status: 'approved' | 'pending'
  createdAt: Date
}

/** What the importers need from other modules, wired by the command line. */
export interface ImportPorts {
  /** Adds a picture to the media library; returns its id. */
  uploadPicture?: (p: { bytes: Buffer; filename: string; alt: string; caption: string }) => Promise<number>
  /** The discussion's comment writer inside the item's transaction. */
  comments?: (trx: Queryable) => {
    createComment(c: ImportedComment): Promise<{ id: number }>
    adjustCount(articleId: number, delta: number, now: Date): Promise<number>
    adjustReplyCount(parentId: number, delta: number): Promise<void>
    /**
     * Brings a comment imported before up to date with the source (text, approved or pending),
     * keeping the counts right. A comment a moderator here has since removed or rejected is kept as is.
     */
    updateImportedComment?(id: number, patch: { body: string; status: 'approved' | 'pending' }, now: Date): Promise<'updated' | 'same' | 'kept'>
  }
}

export interface ImportContext {
  db: Kysely<DB>
  now: () => Date
  /** The source site, e.g. "wordpress:https://old.example.org". */
  source: string
  editionId: number
  ports: ImportPorts
  report: ImportReport
  progress: ProgressMeter
}

/** A stable fingerprint of what an item held in the source. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex')
}

export async function getImported(db: Queryable, source: string, kind: ImportKind, sourceId: string): Promise<{ localId: number; hash: string } | undefined> {
  const r = await db
    .selectFrom('import_items')
    .select(['local_id', 'content_hash'])
    .where('source', '=', source)
    .where('kind', '=', kind)
    .where('source_id', '=', sourceId)
    .executeTakeFirst()
  return r && { localId: r.local_id, hash: r.content_hash }
}

export async function setImported(
  db: Queryable,
  o: { source: string; kind: ImportKind; sourceId: string; localId: number; hash: string; now: Date },
): Promise<void> {
  await db
    .insertInto('import_items')
    .values({ source: o.source, kind: o.kind, source_id: o.sourceId, local_id: o.localId, content_hash: o.hash, imported_at: o.now, updated_at: o.now })
    .onConflict((oc) => oc.columns(['source', 'kind', 'source_id']).doUpdateSet({ local_id: o.localId, content_hash: o.hash, updated_at: o.now }))
    .execute()
}

/** A hash no password verifies: imported staff have no password until an administrator sets one. */
export const NO_PASSWORD = '!imported-no-password'

export interface SourceAuthor {
  sourceId: string
  displayName: string
  email: string
  /** A login or slug, used when the name is empty. */
  login: string
}

/**
 * A source author as a byline, and (with a usable, unclaimed e-mail) a disabled staff account
 * without a password: an administrator enables it and sets a password (`dateline user
 * reset-password`). An e-mail already used here is not taken over; the byline is still made.
 */
export async function importAuthor(ctx: ImportContext, a: SourceAuthor): Promise<number> {
  const name = (a.displayName.trim() || a.login.trim() || 'Unknown author').replace(/\s+/g, ' ').slice(0, 80)
  const hash = fingerprint({ name, email: a.email })
  const known = await getImported(ctx.db, ctx.source, 'author', a.sourceId)
  if (known && known.hash === hash) {
    ctx.report.count('authors', 'unchanged')
    return known.localId
  }
  return ctx.db.transaction().execute(async (trx) => {
    const people = createPeopleStore(trx)
    let personId = known?.localId
    if (personId === undefined || !(await people.getPerson(personId))) personId = (await people.findOrCreatePerson(name)).id
    const email = a.email.trim().toLowerCase()
    if (email) {
      const accounts = createAccountStore(trx, ctx.now)
      const existing = await accounts.findAccountByEmail(email)
      if (!existing && /^[^\s@]+@[^\s@]+$/.test(email) && email.length <= 254) {
        const created = await accounts.createAccount({ kind: 'staff', email, displayName: name, passwordHash: NO_PASSWORD, role: 'reporter', personId })
        await trx.updateTable('accounts').set({ disabled_at: ctx.now() }).where('id', '=', created.id).execute()
        ctx.report.note('staff accounts created disabled, without a password (an admin enables them and runs `dateline user reset-password`)', email)
      } else if (existing && existing.personId !== personId) {
        ctx.report.note('authors whose e-mail already has an account here (no second account; the byline is separate)', `${name} <${email}>`)
      }
    } else ctx.report.note('authors without an e-mail (byline only, no account)', name)
    await setImported(trx, { source: ctx.source, kind: 'author', sourceId: a.sourceId, localId: personId, hash, now: ctx.now() })
    ctx.report.count('authors', known ? 'updated' : 'created')
    return personId
  })
}

export interface SourceSection {
  sourceId: string
  slug: string
  name: string
  description: string
  parentLocalId: number | null
}

/** A source category as a section (nested under its parent's section); its slug is kept where it can be. */
export async function importSection(ctx: ImportContext, s: SourceSection): Promise<number> {
  const name = (s.name.trim() || s.slug || 'Section').replace(/\s+/g, ' ').slice(0, 120)
  let slug = slugify(s.slug || name, 80) || slugify(name, 80) || `section-${s.sourceId}`
  if (s.parentLocalId === null && RESERVED_SEGMENTS.has(slug)) slug = `${slug}-section`
  const hash = fingerprint({ name, slug, d: s.description, p: s.parentLocalId })
  const known = await getImported(ctx.db, ctx.source, 'category', s.sourceId)
  if (known && known.hash === hash) {
    ctx.report.count('sections', 'unchanged')
    return known.localId
  }
  return ctx.db.transaction().execute(async (trx) => {
    const sections = createSectionStore(trx, ctx.now)
    const all = await sections.listSections(ctx.editionId)
    const current = known ? all.find((x) => x.id === known.localId) : undefined
    let id: number
    if (current) {
      await sections.updateSection(current.id, { name, description: s.description.slice(0, 500) })
      id = current.id
      ctx.report.count('sections', 'updated')
    } else {
      const same = all.find((x) => x.slug === slug && (x.parentId ?? null) === s.parentLocalId)
      if (same) {
        id = same.id
        ctx.report.count('sections', 'unchanged')
      } else {
        const created = await sections.createSection({
          editionId: ctx.editionId,
          parentId: s.parentLocalId,
          slug,
          name,
          description: s.description.slice(0, 500),
          position: 100 + all.length,
        })
        id = created.id
        ctx.report.count('sections', 'created')
      }
    }
    await setImported(trx, { source: ctx.source, kind: 'category', sourceId: s.sourceId, localId: id, hash, now: ctx.now() })
    return id
  })
}

/** The section articles go to when their source gave none ("News", or "Pages" for pages). */
export async function fallbackSection(ctx: ImportContext, name: string): Promise<number> {
  const sections = createSectionStore(ctx.db, ctx.now)
  const found = await sections.findSectionByName(ctx.editionId, name)
  if (found) return found.id
  return (await sections.createSection({ editionId: ctx.editionId, slug: slugify(name, 80), name, position: 900 })).id
}

export interface SourceComment {
  sourceId: string
  parentSourceId: string | null
  authorName: string
  authorEmail: string
  body: string
  status: 'approved' | 'pending'
  createdAt: Date
}

export interface SourceArticle {
  kind: 'post' | 'page'
  sourceId: string
  /** Fingerprint of the source item: the same one again changes nothing. */
  hash: string
  headline: string
  headlineNeedsReview: boolean
  slug: string
  lead: string
  body: Block[]
  status: ArticleStatus
  date: Date | null
  modified: Date | null
  sectionId: number
  tags: string[]
  authorIds: number[]
  /** Old addresses ('/2019/05/04/slug/', '/?p=12'). */
  redirects: string[]
  comments: SourceComment[]
  /** How the item is named in the report. */
  label: string
}

/** Writes one article (creating or updating it) with its tags, bylines, comments and old addresses, in one transaction. */
export async function upsertArticle(ctx: ImportContext, a: SourceArticle): Promise<'created' | 'updated' | 'unchanged'> {
  const known = await getImported(ctx.db, ctx.source, a.kind, a.sourceId)
  if (known && known.hash === a.hash) {
    const still = await ctx.db.selectFrom('articles').select('id').where('id', '=', known.localId).executeTakeFirst()
    if (still) return 'unchanged'
  }
  return ctx.db.transaction().execute(async (trx) => {
    const articles = createArticleStore(trx, ctx.now)
    const existing = known ? await articles.getArticle(known.localId) : undefined
    const now = ctx.now()
    const date = a.date ?? now
    const status = a.status
    const fields = {
      editionId: ctx.editionId,
      sectionId: a.sectionId,
      headline: a.headline,
      headlineNeedsReview: a.headlineNeedsReview,
      lead: a.lead,
      body: a.body,
      status,
      firstPublishedAt: status === 'published' || status === 'unpublished' ? date : null,
      publishedAt: status === 'published' || status === 'unpublished' ? date : null,
      updatedAt: a.modified && a.modified.getTime() > date.getTime() + 60_000 && status === 'published' ? a.modified : null,
      scheduledFor: status === 'scheduled' ? date : null,
    }
    let slug = a.slug
    const base = slug
    let duplicate = false
    for (let n = 2; await articles.slugTaken(a.sectionId, slug, existing?.id); n++) {
      duplicate = true
      slug = `${base.slice(0, 110)}-${n}`
    }
    if (duplicate) ctx.report.note('slugs already taken in the section (a number was added)', `${a.label} → ${slug}`)
    const article = existing
      ? await articles.updateArticle(existing.id, { ...fields, slug })
      : await articles.createArticle({ ...fields, slug, sourceKey: `${ctx.source}#${a.kind}:${a.sourceId}`.slice(0, 500) })
    const tags = await createTagStore(trx).upsertTags(ctx.editionId, a.tags)
    await articles.setTags(
      article.id,
      tags.map((t) => t.id),
    )
    await articles.setAuthors(article.id, [...new Set(a.authorIds)])
    for (const path of a.redirects) {
      // an old one-segment address must not hide a section or a platform path of this site
      const single = /^\/([^/?]+)$/.exec(path)?.[1]
      if (
        single &&
        (RESERVED_SEGMENTS.has(single) ||
          (await trx.selectFrom('sections').select('id').where('slug', '=', single).where('parent_id', 'is', null).executeTakeFirst()))
      ) {
        ctx.report.note('old addresses not redirected (they are a section or platform path here)', `${a.label}: ${path}`)
        continue
      }
      await trx
        .insertInto('redirects')
        .values({ path, article_id: article.id, section_id: null, source: ctx.source })
        .onConflict((oc) => oc.column('path').doUpdateSet({ article_id: article.id, section_id: null, source: ctx.source }))
        .execute()
    }
    await importComments(ctx, trx, article.id, a)
    if (status === 'published') {
      // what readers see is a published version like any other
      await createVersionStore(trx).appendVersion(article.id, {
        kind: 'import',
        at: existing ? now : date,
        by: null,
        note: existing ? `Updated from ${ctx.source.split(':')[0]}` : `Imported from ${ctx.source.split(':')[0]}`,
      })
    }
    await setImported(trx, { source: ctx.source, kind: a.kind, sourceId: a.sourceId, localId: article.id, hash: a.hash, now })
    return existing ? 'updated' : 'created'
  })
}

/** A commenter's reader account (no password: they can claim it by resetting it), found or created by e-mail. */
async function commenterAccount(ctx: ImportContext, trx: Transaction<DB>, name: string, email: string): Promise<number> {
  const clean = email.trim().toLowerCase()
  const valid = /^[^\s@]+@[^\s@]+$/.test(clean) && clean.length <= 254
  const displayName = (name.replace(/\s+/g, ' ').trim() || 'Anonymous').slice(0, 80)
  const key = valid ? clean : `name:${displayName}`
  const known = await getImported(trx, ctx.source, 'commenter', key)
  if (known) return known.localId
  const accounts = createAccountStore(trx, ctx.now)
  const address = valid ? clean : `commenter-${fingerprint([ctx.source, displayName]).slice(0, 16)}@import.invalid`
  const existing = await accounts.findAccountByEmail(address)
  const id = existing ? existing.id : (await accounts.createAccount({ kind: 'reader', email: address, displayName, passwordHash: NO_PASSWORD })).id
  await setImported(trx, { source: ctx.source, kind: 'commenter', sourceId: key, localId: id, hash: '', now: ctx.now() })
  return id
}

async function importComments(ctx: ImportContext, trx: Transaction<DB>, articleId: number, a: SourceArticle): Promise<void> {
  if (a.comments.length === 0) return
  const writer = ctx.ports.comments?.(trx)
  if (!writer) {
    ctx.report.note('comments not imported (no discussion module)', a.label)
    return
  }
  // our threads are one level deep: a reply to a reply hangs under the top-level comment it answers
  const bySource = new Map(a.comments.map((c) => [c.sourceId, c]))
  const topOf = (c: SourceComment): SourceComment => {
    let cur = c
    for (let i = 0; i < 100 && cur.parentSourceId && bySource.has(cur.parentSourceId); i++) cur = bySource.get(cur.parentSourceId)!
    return cur
  }
  const ordered = [...a.comments].sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime())
  const localOf = new Map<string, number>()
  let approved = 0
  let flattened = 0
  for (const c of ordered) {
    const body = c.body.slice(0, 10000)
    const hash = fingerprint({ body, status: c.status })
    const known = await getImported(trx, ctx.source, 'comment', c.sourceId)
    if (known) {
      localOf.set(c.sourceId, known.localId)
      // a newer export with the comment edited, approved or held again: updated here too
      if (known.hash !== hash && writer.updateImportedComment) {
        const r = await writer.updateImportedComment(known.localId, { body, status: c.status }, ctx.now())
        if (r === 'updated') ctx.report.count('comments', 'updated')
        if (r === 'kept') ctx.report.note('comments changed in the source but moderated here (kept as moderated)', `${a.label}: ${c.sourceId}`)
        await setImported(trx, { source: ctx.source, kind: 'comment', sourceId: c.sourceId, localId: known.localId, hash, now: ctx.now() })
      }
      continue
    }
    const top = topOf(c)
    const parentLocal = top !== c ? localOf.get(top.sourceId) : undefined
    if (top !== c && c.parentSourceId !== top.sourceId) flattened++
    if (c.body.length > 10000) ctx.report.note('comments cut to 10,000 characters', a.label)
    const authorId = await commenterAccount(ctx, trx, c.authorName, c.authorEmail)
    const created = await writer.createComment({ articleId, parentId: parentLocal ?? null, authorId, body, status: c.status, createdAt: c.createdAt })
    localOf.set(c.sourceId, created.id)
    await setImported(trx, { source: ctx.source, kind: 'comment', sourceId: c.sourceId, localId: created.id, hash, now: ctx.now() })
    if (c.status === 'approved') {
      approved++
      if (parentLocal) await writer.adjustReplyCount(parentLocal, 1)
    }
    ctx.report.count('comments', 'created')
  }
  if (flattened) ctx.report.note('replies to replies placed under their top-level comment (threads here are one level deep)', `${a.label}: ${flattened}`)
  if (approved) await writer.adjustCount(articleId, approved, ctx.now())
}

/** Adds old addresses of a section (category archives). */
export async function addSectionRedirect(db: Queryable, source: string, path: string, sectionId: number): Promise<void> {
  await db
    .insertInto('redirects')
    .values({ path, article_id: null, section_id: sectionId, source })
    .onConflict((oc) => oc.column('path').doUpdateSet({ article_id: null, section_id: sectionId, source }))
    .execute()
}

/** The old address as we store it: its path, without a trailing slash, with `p`/`page_id` when it is one of WordPress's query links. */
export function redirectKey(pathname: string, search: string): string | undefined {
  const params = new URLSearchParams(search)
  let path = pathname.replace(/\/+$/, '') || '/'
  for (const name of ['p', 'page_id', 'attachment_id']) {
    const v = params.get(name)
    if (v !== null && /^\d{1,12}$/.test(v)) return `${path === '/' ? '/' : `${path}/`}?${name}=${Number(v)}`
  }
  if (path === '/') return undefined
  try {
    path = decodeURI(path)
  } catch {
    /* keep it as it came */
  }
  return path.normalize('NFC').slice(0, 2000)
}

/** The stored key of a source URL (its host dropped), or undefined when it is the site's root. */
export function redirectKeyOfUrl(url: string): string | undefined {
  try {
    const u = new URL(url)
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined
    return redirectKey(u.pathname, u.search)
  } catch {
    return undefined
  }
}

/** The edition's id by code. */
export async function editionIdOf(db: Queryable, code: string): Promise<number> {
  const r = await db.selectFrom('editions').select('id').where('code', '=', code).executeTakeFirst()
  if (!r) throw new Error(`edition "${code}" does not exist`)
  return r.id
}

/** Timestamps that make sense for news: a real date between 1900 and 9999. */
export function sensibleDate(s: string | undefined | null): Date | null {
  if (!s) return null
  const t = s.trim()
  if (t === '' || /^0000-00-00/.test(t)) return null
  const d = new Date(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(t) ? `${t.replace(' ', 'T')}Z` : t)
  if (Number.isNaN(d.getTime())) return null
  const y = d.getUTCFullYear()
  return y >= 1900 && y <= 9999 ? d : null
}

export async function countRows(db: Queryable, table: 'redirects'): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db)
  return r.rows[0]!.n
}
