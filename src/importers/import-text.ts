import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import type { Kysely, Transaction } from 'kysely'
import { createArticleStore } from '../content/article-store.ts'
import { createEditionStore } from '../content/people-store.ts'
import { createSectionStore } from '../content/section-store.ts'
import { createVersionStore } from '../content/version-store.ts'
import { slugify } from '../content/slug.ts'
import type { Article } from '../content/types.ts'
import type { DB } from '../db/schema.ts'
import type { Queryable } from '../db/types.ts'
import { NO_BREAK_SPACES } from './quote-attribution.ts'
import { CaptureError, decodeCapture, parseTextCapture, type TextCapture } from './text-capture.ts'

export interface ImportTextOptions {
  /** Section name; overrides the capture's section label. */
  section?: string | undefined
  /** Headline; the capture format has none. */
  headline?: string | undefined
  edition?: string
  /** Record what readers now see as a published version (default true; the demo loader records its own). */
  recordVersion?: boolean
  /** The clock (default: the system's). */
  now?: () => Date
}

export interface ImportResult {
  article: Article
  created: boolean
  warnings: string[]
  capture: TextCapture
}

const STOP_AT_END = new Set(['a', 'an', 'the', 'of', 'to', 'on', 'in', 'for', 'from', 'and', 'or', 'with', 'by', 'at', 'that', 'its', 'as'])

const CLAUSE_WORDS = new Set([
  'on',
  'in',
  'at',
  'with',
  'after',
  'as',
  'for',
  'from',
  'over',
  'amid',
  'while',
  'which',
  'who',
  'that',
  'by',
  'leaving',
  'saying',
])

/** A stand-in headline from the lead: its main clause, cut at a clause boundary (an editor must review it). */
export function deriveHeadline(lead: string, maxLength = 90): string {
  let text = lead
    .replace(NO_BREAK_SPACES, ' ')
    .trim()
    .replace(/^(The|A|An) /, '')
  text = text.split(/[.;:!?](?:\s|$)/)[0]!
  const comma = text.indexOf(', ')
  if (comma > 30) text = text.slice(0, comma)
  if (text.length > maxLength) {
    const words = text.split(' ')
    let cut = -1
    let length = 0
    for (let i = 0; i < words.length && length + words[i]!.length <= maxLength; i++) {
      if (i > 0 && CLAUSE_WORDS.has(words[i]!.toLowerCase()) && length >= 40) cut = i
      length += words[i]!.length + 1
    }
    if (cut > 0) text = words.slice(0, cut).join(' ')
    else {
      const kept = text.slice(0, maxLength + 1).split(' ')
      kept.pop()
      text = kept.join(' ')
    }
  }
  const words = text.split(' ')
  while (words.length > 3 && STOP_AT_END.has(words.at(-1)!.toLowerCase())) words.pop()
  text = words.join(' ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** Identity of a capture across re-imports: the normalised lead. */
export function captureSourceKey(capture: TextCapture): string {
  // no-break spaces read as spaces: the key of a capture imported before they were kept still matches
  return `text-capture:${createHash('sha256').update(capture.lead.replace(NO_BREAK_SPACES, ' ').toLowerCase()).digest('hex').slice(0, 24)}`
}

/** Imports one capture into the database in one transaction; importing again updates the same article. */
export async function importTextCapture(db: Kysely<DB>, text: string, options: ImportTextOptions = {}): Promise<ImportResult> {
  const { capture, sectionName } = readCapture(text, options)
  return db.transaction().execute((trx) => write(trx, capture, sectionName, options))
}

/** The same import inside a transaction the caller holds, so it commits or rolls back with the caller's other writes. */
export async function importTextCaptureIn(trx: Transaction<DB>, text: string, options: ImportTextOptions = {}): Promise<ImportResult> {
  const { capture, sectionName } = readCapture(text, options)
  return write(trx, capture, sectionName, options)
}

function readCapture(text: string, options: ImportTextOptions): { capture: TextCapture; sectionName: string } {
  const capture = parseTextCapture(text)
  const sectionName = options.section?.trim() || capture.section
  if (!sectionName) throw new CaptureError(2, 'the capture has no section label; pass --section NAME')
  if (options.headline !== undefined && (options.headline.trim() === '' || options.headline.length > 200)) {
    throw new CaptureError(1, '--headline must be 1 to 200 characters')
  }
  return { capture, sectionName }
}

async function write(trx: Queryable, capture: TextCapture, sectionName: string, options: ImportTextOptions): Promise<ImportResult> {
  const edition = await createEditionStore(trx).getEditionByCode(options.edition ?? 'en')
  if (!edition) throw new Error(`edition "${options.edition ?? 'en'}" does not exist`)
  const sections = createSectionStore(trx)
  const articles = createArticleStore(trx)
  const section =
    (await sections.findSectionByName(edition.id, sectionName)) ??
    (await sections.createSection({ editionId: edition.id, slug: slugify(sectionName, 80) || 'news', name: sectionName.slice(0, 120), position: 100 }))

  const sourceKey = captureSourceKey(capture)
  const existing = await articles.getArticleBySourceKey(sourceKey)
  const given = options.headline?.trim()
  const headline = given ?? existing?.headline ?? deriveHeadline(capture.lead)
  const needsReview = given ? false : (existing?.headlineNeedsReview ?? true)

  const fields = {
    editionId: edition.id,
    sectionId: section.id,
    headline,
    headlineNeedsReview: needsReview,
    lead: capture.lead,
    dateline: capture.dateline ? { place: capture.dateline.place, dateText: capture.dateline.dateText ?? null, agency: capture.dateline.agency ?? null } : null,
    body: capture.body,
    status: 'published' as const,
    publishedAt: capture.pageTime,
    firstPublishedAt: existing?.firstPublishedAt && existing.firstPublishedAt < capture.pageTime ? existing.firstPublishedAt : capture.pageTime,
    baseCommentCount: capture.counters?.comments ?? 0,
    baseViewCount: capture.counters?.views ?? 0,
    sourceKey,
  }

  let article: Article
  if (existing) {
    article = await articles.updateArticle(existing.id, fields)
  } else {
    const base = slugify(headline, 100) || 'article'
    let slug = base
    for (let n = 2; await articles.slugTaken(section.id, slug); n++) slug = `${base}-${n}`
    article = await articles.createArticle({ ...fields, slug })
  }
  await articles.setRelated(
    article.id,
    capture.related.map((h) => ({ headline: h })),
  )
  if (options.recordVersion !== false) {
    // an import changes what readers see: it is a published version like any other
    await createVersionStore(trx).appendVersion(article.id, {
      kind: 'import',
      at: existing ? (options.now?.() ?? new Date()) : (article.publishedAt ?? options.now?.() ?? new Date()),
      by: null,
      note: existing ? 'Updated from the page capture' : 'Imported from the page capture',
    })
  }
  return { article, created: !existing, warnings: capture.warnings, capture }
}

/** Reads a capture file (naming the line of any problem) and imports it. */
export async function importTextFile(db: Kysely<DB>, file: string, options: ImportTextOptions = {}): Promise<ImportResult> {
  let bytes: Buffer
  try {
    bytes = await fs.readFile(file)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new Error(
      code === 'ENOENT' ? `${file}: no such file` : code === 'EISDIR' ? `${file}: is a folder, not a file` : `${file}: cannot be read (${code})`,
      { cause: e },
    )
  }
  return importTextCapture(db, decodeCapture(bytes), options)
}
