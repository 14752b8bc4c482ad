import type { Block } from '../content/blocks.ts'
import { slugify } from '../content/slug.ts'
import type { ArticleStatus } from '../content/types.ts'
import { plainText, wordpressContentToBlocks, type AttachmentInfo } from './html-blocks.ts'
import {
  addSectionRedirect,
  fallbackSection,
  fingerprint,
  importAuthor,
  importSection,
  redirectKeyOfUrl,
  sensibleDate,
  upsertArticle,
  type ImportContext,
  type SourceArticle,
  type SourceComment,
} from './import-core.ts'
import { createPictureResolver, type PictureOptions } from './pictures.ts'
import { readWxr, WxrError, type WxrAuthor, type WxrCategory, type WxrItem } from './wxr-reader.ts'

/**
 * `dateline import wordpress FILE.xml`: two streaming passes over the export. The first learns the
 * channel (its address), authors, categories, tags and attachment posts (pictures: URL, alt,
 * caption) and counts the posts; the second imports posts and pages one at a time, each in its own
 * transaction, with their comments, pictures and old addresses.
 */

/** Bumped when the conversion changes, so a re-import rewrites what the old conversion made. */
const CONVERSION = 1
/** A post whose content is longer than this is skipped with a report line (an article holds about this much). */
export const MAX_POST_CHARS = 5 * 1024 * 1024

const STATUS: Record<string, ArticleStatus | undefined> = {
  publish: 'published',
  draft: 'draft',
  pending: 'review',
  future: 'scheduled',
  private: 'draft',
}

export interface WordpressImportOptions extends PictureOptions {
  file: string
}

interface Scan {
  baseUrl: string
  authors: WxrAuthor[]
  categories: WxrCategory[]
  tags: number
  attachmentsById: Map<string, AttachmentInfo>
  attachmentsByUrl: Map<string, AttachmentInfo>
  total: number
  error?: WxrError
}

async function scan(file: string, onBytes: (n: number) => void): Promise<Scan> {
  const s: Scan = { baseUrl: '', authors: [], categories: [], tags: 0, attachmentsById: new Map(), attachmentsByUrl: new Map(), total: 0 }
  try {
    for await (const e of readWxr(file, { onBytes })) {
      if (e.kind === 'channel') s.baseUrl = (e.baseBlogUrl || e.baseSiteUrl).replace(/\/+$/, '')
      else if (e.kind === 'author') s.authors.push(e.author)
      else if (e.kind === 'category') s.categories.push(e.category)
      else if (e.kind === 'tag') s.tags++
      else if (e.item.postType === 'attachment') {
        const url = (e.item.attachmentUrl || e.item.guid).trim()
        const info: AttachmentInfo = {
          url,
          alt: (e.item.meta['_wp_attachment_image_alt'] ?? '').trim(),
          caption: plainText(e.item.excerpt),
          title: plainText(e.item.title),
        }
        if (e.item.postId) s.attachmentsById.set(e.item.postId, info)
        if (url) s.attachmentsByUrl.set(url.split(/[?#]/)[0]!, info)
      } else if (e.item.postType === 'post' || e.item.postType === 'page') s.total++
    }
  } catch (e) {
    if (!(e instanceof WxrError)) throw e
    s.error = e
  }
  return s
}

/** Runs the import; the report (ctx.report) says what happened. */
export async function importWordpress(ctx: Omit<ImportContext, 'source'>, o: WordpressImportOptions): Promise<ImportContext> {
  const s = await scan(o.file, () => {})
  const site = s.baseUrl || 'unknown-site'
  const full: ImportContext = { ...ctx, source: `wordpress:${site}`.slice(0, 400) }
  if (s.error) full.report.fatal = `${s.error.message}; what came before it was imported`

  // authors: bylines, and staff accounts without passwords
  const personByLogin = new Map<string, number>()
  const seenEmails = new Map<string, string>()
  for (const a of s.authors) {
    const email = a.email.trim().toLowerCase()
    const dup = email ? seenEmails.get(email) : undefined
    if (dup) full.report.note('authors sharing an e-mail with another author in the export (one account; separate bylines)', `${a.login} and ${dup}`)
    if (email && !dup) seenEmails.set(email, a.login)
    const name = a.displayName || [a.firstName, a.lastName].filter(Boolean).join(' ') || a.login
    try {
      personByLogin.set(a.login, await importAuthor(full, { sourceId: a.login || a.id, displayName: name, email: dup ? '' : email, login: a.login }))
    } catch (e) {
      full.report.skip(`author ${a.login}`, (e as Error).message)
    }
  }

  // categories → nested sections, parents first
  const sectionByNicename = new Map<string, number>()
  const pathByNicename = new Map<string, string>()
  const pending = [...s.categories]
  for (let guard = 0; pending.length && guard < 100; guard++) {
    for (let i = 0; i < pending.length; i++) {
      const c = pending[i]!
      const parent = c.parent ? sectionByNicename.get(c.parent) : null
      if (c.parent && parent === undefined && pending.some((p) => p.nicename === c.parent)) continue
      pending.splice(i--, 1)
      if (c.parent && parent === undefined) full.report.note('categories whose parent is not in the export (placed at the top level)', c.name)
      try {
        const nicename = safeDecode(c.nicename)
        const id = await importSection(full, {
          sourceId: c.nicename || c.id,
          slug: nicename,
          name: plainText(c.name),
          description: plainText(c.description),
          parentLocalId: parent ?? null,
        })
        sectionByNicename.set(c.nicename, id)
        const path = `${c.parent && pathByNicename.get(c.parent) ? `${pathByNicename.get(c.parent)}/` : ''}${c.nicename}`
        pathByNicename.set(c.nicename, path)
        if (s.baseUrl) {
          const key = redirectKeyOfUrl(`${s.baseUrl}/category/${path}/`)
          if (key) await addSectionRedirect(full.db, full.source, key, id)
        }
      } catch (e) {
        full.report.skip(`category ${c.name}`, (e as Error).message)
      }
    }
  }
  for (const c of pending) full.report.skip(`category ${c.name}`, 'its parents form a loop')

  const pictures = createPictureResolver(full, o)
  const otherTypes = new Map<string, number>()
  full.progress.start('posts and pages', s.total)
  try {
    for await (const e of readWxr(o.file)) {
      if (e.kind !== 'item') continue
      const item = e.item
      if (item.postType !== 'post' && item.postType !== 'page') {
        if (item.postType !== 'attachment') otherTypes.set(item.postType || '(none)', (otherTypes.get(item.postType || '(none)') ?? 0) + 1)
        continue
      }
      const label = `${item.postType} ${item.postId} "${plainText(item.title).slice(0, 60)}" (line ${item.line})`
      try {
        const article = await toArticle(full, item, s, { personByLogin, sectionByNicename }, label)
        if (article) {
          article.body = await pictures.resolve(article.body, label)
          const outcome = await upsertArticle(full, article)
          full.report.count(item.postType === 'post' ? 'posts' : 'pages', outcome)
        }
      } catch (err) {
        full.report.skip(label, (err as Error).message)
      }
      full.progress.tick()
    }
  } catch (err) {
    if (!(err instanceof WxrError)) throw err
    full.report.fatal ??= `${err.message}; what came before it was imported`
  }
  for (const [type, n] of otherTypes) full.report.note(`items of a type not imported (${type})`, `${n}`)
  return full
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

async function toArticle(
  ctx: ImportContext,
  item: WxrItem,
  s: Scan,
  maps: { personByLogin: Map<string, number>; sectionByNicename: Map<string, number> },
  label: string,
): Promise<SourceArticle | undefined> {
  if (item.oversize || item.content.length > MAX_POST_CHARS) {
    ctx.report.skip(label, `its content is over ${MAX_POST_CHARS / 1048576} MB; an article here holds less (split it, then import again)`)
    return undefined
  }
  const status = STATUS[item.status]
  if (!status) {
    ctx.report.skip(label, `status "${item.status || 'none'}" is not imported (trash, auto-draft and the like)`)
    return undefined
  }
  if (!item.postId) {
    ctx.report.skip(label, 'it has no post id')
    return undefined
  }
  if (item.status === 'private') ctx.report.note('private posts (imported as drafts, seen only in the newsroom)', label)
  if (item.isSticky === '1') ctx.report.note('sticky posts (tagged "Featured"; there is no sticky flag here)', label)

  let date = sensibleDate(item.postDateGmt) ?? sensibleDate(item.postDate)
  if (!date && (status === 'published' || status === 'scheduled')) {
    ctx.report.note('posts without a usable date (e.g. year 0; given the import time)', label)
    date = ctx.now()
  }
  const modified = sensibleDate(item.postModifiedGmt)

  let headline = plainText(item.title).replace(/\s+/g, ' ').trim()
  let needsReview = false
  if (/<\s*script|javascript:/i.test(item.title)) ctx.report.note('titles with markup or script (kept as plain text)', label)
  if (headline === '') {
    headline = 'Untitled'
    needsReview = true
    ctx.report.note('posts without a title (called "Untitled", flagged for an editor)', label)
  } else if (headline.length > 200) {
    headline = `${headline.slice(0, 199)}…`
    needsReview = true
    ctx.report.note('titles over 200 characters (cut, flagged for an editor)', label)
  }

  const converted = wordpressContentToBlocks(item.content, { attachmentsById: s.attachmentsById, attachmentsByUrl: s.attachmentsByUrl })
  for (const n of converted.notes) ctx.report.note(n, label)
  const body: Block[] = []
  const thumb = item.meta['_thumbnail_id']
  const featured = thumb ? s.attachmentsById.get(thumb) : undefined
  if (thumb && !featured) ctx.report.note('featured images not found among the export’s attachments', label)
  if (featured && /^https?:\/\//i.test(featured.url) && !converted.blocks.some((b) => b.type === 'image' && b.src === featured.url)) {
    // our lead picture is the body's first image
    body.push({ type: 'image', src: featured.url, alt: featured.alt.slice(0, 300), ...(featured.caption ? { caption: featured.caption.slice(0, 500) } : {}) })
  }
  body.push(...converted.blocks)

  const categories = item.terms.filter((t) => t.domain === 'category')
  const sectionId =
    categories.map((c) => maps.sectionByNicename.get(c.nicename)).find((id) => id !== undefined) ??
    (await fallbackSection(ctx, item.postType === 'page' ? 'Pages' : 'News'))
  const tags = [
    ...item.terms.filter((t) => t.domain === 'post_tag').map((t) => plainText(t.name)),
    // further categories stay findable as tags
    ...categories.slice(1).map((c) => plainText(c.name)),
    ...(item.isSticky === '1' ? ['Featured'] : []),
  ].filter((t) => t !== '')
  const authorId = maps.personByLogin.get(item.creator)
  if (item.creator && authorId === undefined) ctx.report.note('posts by an author missing from the export’s author list (no byline)', label)

  const slug = slugify(safeDecode(item.postName), 120) || slugify(headline, 100) || `${item.postType}-${item.postId}`
  const redirects = new Set<string>()
  for (const u of [item.link, item.guid]) {
    const key = u && redirectKeyOfUrl(u)
    if (key) redirects.add(key)
  }
  redirects.add(item.postType === 'page' ? `/?page_id=${Number(item.postId)}` : `/?p=${Number(item.postId)}`)

  const comments: SourceComment[] = []
  let spam = 0
  let pings = 0
  for (const c of item.comments) {
    if (c.approved === 'spam' || c.approved === 'trash') {
      spam++
      continue
    }
    if (c.type === 'pingback' || c.type === 'trackback') {
      pings++
      continue
    }
    const body = plainText(c.content.replace(/\r\n?/g, '\n').replace(/\n/g, '<br>'))
    if (!body || !c.id) continue
    comments.push({
      sourceId: `${item.postId}:${c.id}`,
      parentSourceId: c.parent && c.parent !== '0' ? `${item.postId}:${c.parent}` : null,
      authorName: plainText(c.author),
      authorEmail: c.authorEmail,
      body,
      status: c.approved === '1' ? 'approved' : 'pending',
      createdAt: sensibleDate(c.dateGmt) ?? sensibleDate(c.date) ?? date ?? ctx.now(),
    })
  }
  if (spam) ctx.report.note('spam and trashed comments dropped', `${label}: ${spam}`)
  if (pings) ctx.report.note('pingbacks and trackbacks dropped', `${label}: ${pings}`)

  return {
    kind: item.postType as 'post' | 'page',
    sourceId: item.postId,
    hash: fingerprint([
      CONVERSION,
      item.title,
      item.content,
      item.excerpt,
      item.status,
      item.postDateGmt,
      item.postDate,
      item.postModifiedGmt,
      item.postName,
      item.terms,
      item.creator,
      thumb,
      featured,
      item.isSticky,
      item.comments.length,
    ]),
    headline,
    headlineNeedsReview: needsReview,
    slug,
    lead: plainText(item.excerpt).replace(/\s+/g, ' ').slice(0, 2000),
    body,
    status,
    date,
    modified,
    sectionId,
    tags,
    authorIds: authorId !== undefined ? [authorId] : [],
    redirects: [...redirects],
    comments,
    label,
  }
}
