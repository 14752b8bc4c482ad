import fs from 'node:fs'
import { JSONParser } from '@streamparser/json'
import type { Block } from '../content/blocks.ts'
import { slugify } from '../content/slug.ts'
import type { ArticleStatus } from '../content/types.ts'
import { ghostPostToBlocks } from './ghost-content.ts'
import { plainText } from './html-blocks.ts'
import {
  addSectionRedirect,
  fallbackSection,
  fingerprint,
  importAuthor,
  importSection,
  sensibleDate,
  upsertArticle,
  type ImportContext,
  type SourceArticle,
} from './import-core.ts'
import { createPictureResolver, type PictureOptions } from './pictures.ts'

/**
 * `dateline import ghost FILE.json`: a Ghost export read as a stream (each row of each table is
 * parsed and dropped in turn, so a 200 MB export never sits in memory whole). A first pass keeps
 * the small tables (tags, users and the joins); the second imports the posts one at a time. Ghost's
 * primary tag becomes the section; its address `/{slug}/` answers a 301 to the new one.
 */

type Row = Record<string, unknown>

const CONVERSION = 1
const STATUS: Record<string, ArticleStatus | undefined> = { published: 'published', draft: 'draft', scheduled: 'scheduled', sent: 'published' }
const SMALL_TABLES = new Set(['tags', 'users', 'posts_tags', 'posts_authors', 'posts_meta'])

export class GhostFileError extends Error {}

/** Calls `onRow(table, row)` for every row of every table, streaming; throws GhostFileError on bad bytes or JSON. */
export async function readGhostRows(file: string, onRow: (table: string, row: Row) => Promise<void> | void): Promise<void> {
  const parser = new JSONParser({ paths: ['$.db.*.data.*.*', '$.data.*.*', '$.db.*.meta', '$.meta'], keepStack: false })
  const rows: [string, Row][] = []
  let failure: Error | undefined
  parser.onValue = ({ value, stack }) => {
    const table = String(stack.at(-1)?.key ?? '')
    if (table === 'meta' || stack.length <= 2) return
    if (value && typeof value === 'object' && !Array.isArray(value)) rows.push([table, value as Row])
  }
  parser.onError = (e) => {
    failure = e
  }
  const decoder = new TextDecoder('utf-8', { fatal: true })
  const stream = fs.createReadStream(file, { highWaterMark: 256 * 1024 })
  let sawAny = false
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let s: string
      try {
        s = decoder.decode(chunk, { stream: true })
      } catch {
        throw new GhostFileError('the file is not UTF-8 (Ghost exports are)')
      }
      if (!sawAny && s.trim()) {
        sawAny = true
        if (!s.trimStart().startsWith('{')) throw new GhostFileError('this is not a Ghost export: it is not a JSON object')
      }
      parser.write(s)
      if (failure) throw new GhostFileError(`not valid JSON: ${failure.message}`)
      for (const [table, row] of rows.splice(0)) await onRow(table, row)
    }
    if (!parser.isEnded) throw new GhostFileError('the file ends in the middle (truncated export?)')
  } finally {
    stream.destroy()
  }
}

export interface GhostImportOptions extends PictureOptions {
  file: string
}

/** Runs the import; the report (ctx.report) says what happened. */
export async function importGhost(ctx: Omit<ImportContext, 'source'>, o: GhostImportOptions): Promise<ImportContext> {
  const small = new Map<string, Row[]>([...SMALL_TABLES].map((t) => [t, []]))
  let total = 0
  const full: ImportContext = { ...ctx, source: 'ghost' }
  try {
    await readGhostRows(o.file, (table, row) => {
      if (table === 'posts') total++
      else small.get(table)?.push(row)
    })
  } catch (e) {
    if (!(e instanceof GhostFileError)) throw e
    full.report.fatal = `${e.message}; what came before it was imported`
  }
  const users = small.get('users')!
  const tags = new Map(small.get('tags')!.map((t) => [String(t.id), t]))
  const tagsOf = new Map<string, { tag: string; order: number }[]>()
  for (const pt of small.get('posts_tags')!) {
    const list = tagsOf.get(String(pt.post_id)) ?? []
    list.push({ tag: String(pt.tag_id), order: Number(pt.sort_order ?? 0) })
    tagsOf.set(String(pt.post_id), list)
  }
  const authorsOf = new Map<string, { author: string; order: number }[]>()
  for (const pa of small.get('posts_authors')!) {
    const list = authorsOf.get(String(pa.post_id)) ?? []
    list.push({ author: String(pa.author_id), order: Number(pa.sort_order ?? 0) })
    authorsOf.set(String(pa.post_id), list)
  }
  const metaOf = new Map(small.get('posts_meta')!.map((m) => [String(m.post_id), m]))

  const personOf = new Map<string, number>()
  const emails = new Set<string>()
  for (const u of users) {
    const email = String(u.email ?? '')
      .trim()
      .toLowerCase()
    const dup = email !== '' && emails.has(email)
    if (dup) full.report.note('authors sharing an e-mail with another author in the export (one account; separate bylines)', String(u.name ?? u.slug))
    emails.add(email)
    try {
      personOf.set(
        String(u.id),
        await importAuthor(full, {
          sourceId: String(u.id),
          displayName: plainText(String(u.name ?? '')),
          email: dup ? '' : email,
          login: String(u.slug ?? ''),
        }),
      )
    } catch (e) {
      full.report.skip(`author ${String(u.name)}`, (e as Error).message)
    }
  }

  const pictures = createPictureResolver(full, o)
  full.progress.start('posts and pages', total)
  try {
    await readGhostRows(o.file, async (table, row) => {
      if (table !== 'posts') return
      const type = row.type === 'page' ? 'page' : 'post'
      const label = `${type} ${String(row.id)} "${plainText(String(row.title ?? '')).slice(0, 60)}"`
      try {
        const article = await toArticle(full, row, { tags, tagsOf, authorsOf, metaOf, personOf }, label)
        if (article) {
          article.body = await pictures.resolve(article.body, label)
          full.report.count(type === 'post' ? 'posts' : 'pages', await upsertArticle(full, article))
        }
      } catch (e) {
        full.report.skip(label, (e as Error).message)
      }
      full.progress.tick()
    })
  } catch (e) {
    if (!(e instanceof GhostFileError)) throw e
    full.report.fatal ??= `${e.message}; what came before it was imported`
  }
  return full
}

async function toArticle(
  ctx: ImportContext,
  row: Row,
  maps: {
    tags: Map<string, Row>
    tagsOf: Map<string, { tag: string; order: number }[]>
    authorsOf: Map<string, { author: string; order: number }[]>
    metaOf: Map<string, Row>
    personOf: Map<string, number>
  },
  label: string,
): Promise<SourceArticle | undefined> {
  const id = String(row.id ?? '')
  if (!id) {
    ctx.report.skip(label, 'it has no id')
    return undefined
  }
  const status = STATUS[String(row.status)]
  if (!status) {
    ctx.report.skip(label, `status "${String(row.status)}" is not imported`)
    return undefined
  }
  const size = String(row.lexical ?? '').length + String(row.mobiledoc ?? '').length + String(row.html ?? '').length
  if (size > 15 * 1024 * 1024) {
    ctx.report.skip(label, 'its content is over 5 MB; an article here holds less (split it, then import again)')
    return undefined
  }
  const converted = ghostPostToBlocks(row)
  for (const n of converted.notes) ctx.report.note(n, label)
  const meta = maps.metaOf.get(id)
  const body: Block[] = []
  const feature = String(row.feature_image ?? '')
  if (feature) {
    const alt = String(meta?.feature_image_alt ?? row.feature_image_alt ?? '')
    const caption = plainText(String(meta?.feature_image_caption ?? row.feature_image_caption ?? ''))
    body.push({ type: 'image', src: feature.replace(/^__GHOST_URL__/, ''), alt: alt.slice(0, 300), ...(caption ? { caption: caption.slice(0, 500) } : {}) })
    if (!/^https?:\/\//.test(feature)) ctx.report.note('feature images with a site-relative address (give --uploads to bring them in)', label)
  }
  body.push(...converted.blocks.map((b) => (b.type === 'image' ? { ...b, src: b.src.replace(/^__GHOST_URL__/, '') } : b)))
  let headline = plainText(String(row.title ?? '')).replace(/\s+/g, ' ')
  let needsReview = false
  if (!headline) {
    headline = 'Untitled'
    needsReview = true
  } else if (headline.length > 200) {
    headline = `${headline.slice(0, 199)}…`
    needsReview = true
  }
  const tagRows = (maps.tagsOf.get(id) ?? [])
    .sort((a, b) => a.order - b.order)
    .map((t) => maps.tags.get(t.tag))
    .filter((t): t is Row => t !== undefined)
  const publicTags = tagRows.filter((t) => !String(t.name ?? '').startsWith('#'))
  // the primary (first) tag is the section, as Ghost's own routes treat it
  const primary = publicTags[0]
  const sectionId = primary ? await sectionForTag(ctx, primary) : await fallbackSection(ctx, row.type === 'page' ? 'Pages' : 'News')
  const date = sensibleDate(String(row.published_at ?? '')) ?? sensibleDate(String(row.created_at ?? ''))
  const slug = slugify(String(row.slug ?? ''), 120) || slugify(headline, 100) || `post-${id.slice(0, 12)}`
  const redirects = [`/${String(row.slug ?? slug)}`].filter((p) => p.length > 1)
  if (row.featured === true || row.featured === 1) ctx.report.note('featured posts (tagged "Featured")', label)
  return {
    kind: row.type === 'page' ? 'page' : 'post',
    sourceId: id,
    hash: fingerprint([
      CONVERSION,
      row.title,
      row.lexical,
      row.mobiledoc,
      row.html,
      row.status,
      row.published_at,
      row.updated_at,
      row.slug,
      row.feature_image,
      row.custom_excerpt,
      tagRows.map((t) => t.id),
      maps.authorsOf.get(id),
      meta,
    ]),
    headline,
    headlineNeedsReview: needsReview,
    slug,
    lead: plainText(String(row.custom_excerpt ?? '')).slice(0, 2000),
    body,
    status,
    date,
    modified: sensibleDate(String(row.updated_at ?? '')),
    sectionId,
    tags: [...publicTags.slice(1).map((t) => plainText(String(t.name))), ...(row.featured === true || row.featured === 1 ? ['Featured'] : [])],
    authorIds: (maps.authorsOf.get(id) ?? [])
      .sort((a, b) => a.order - b.order)
      .map((a) => maps.personOf.get(a.author))
      .filter((p): p is number => p !== undefined),
    redirects,
    comments: [],
    label,
  }
}

const sectionsSeen = new WeakMap<ImportContext, Map<string, number>>()

async function sectionForTag(ctx: ImportContext, tag: Row): Promise<number> {
  let seen = sectionsSeen.get(ctx)
  if (!seen) sectionsSeen.set(ctx, (seen = new Map()))
  const known = seen.get(String(tag.id))
  if (known !== undefined) return known
  const id = await importSection(ctx, {
    sourceId: String(tag.id),
    slug: String(tag.slug ?? ''),
    name: plainText(String(tag.name ?? '')),
    description: plainText(String(tag.description ?? '')),
    parentLocalId: null,
  })
  await addSectionRedirect(ctx.db, ctx.source, `/tag/${String(tag.slug ?? '')}`, id)
  seen.set(String(tag.id), id)
  return id
}
