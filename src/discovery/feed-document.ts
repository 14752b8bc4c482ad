import type { Section } from '../content/types.ts'
import { articlePath } from '../web/format.ts'
import { renderBody } from '../web/body.ts'
import { html, join } from '../web/html.ts'
import { formatDateline } from '../web/view-models.ts'
import type { FeedArticle } from './feed-store.ts'
import { leadImage } from '../content/lead-image.ts'
import { creditLine, pictureAt, type Picture } from '../web/picture.ts'

/** One feed, independent of its format: what RSS, Atom and JSON Feed each render. */
export interface FeedDocument {
  title: string
  description: string
  /** The HTML page the feed follows. */
  homeUrl: string
  /** Absolute URLs of this feed in each format ("self" links). */
  urls: { rss: string; atom: string; json: string }
  /** The feed's permanent id (Atom id): its Atom URL. */
  id: string
  language: string
  siteName: string
  hub: string | undefined
  updated: Date
  entries: FeedEntry[]
}

export interface FeedEntry {
  /** Stable across edits, slug and section changes: a tag URI made of the host, first-publication day and id. */
  guid: string
  url: string
  title: string
  summary: string
  /** Our own rendered body (escaped markup), links and images made absolute. */
  contentHtml: string
  published: Date
  updated: Date
  authors: string[]
  categories: string[]
  section: string
  image: { url: string; type?: string; alt: string; credit?: string; caption?: string; copyright?: string; width?: number; height?: number } | undefined
}

/** An entry's lead picture: the body's first image, the 1,200 px JPEG when it is from the media library. */
function entryImage(body: FeedArticle['body'], pictures: Map<number, Picture>, siteUrl: string): FeedEntry['image'] {
  const block = body.find((b) => b.type === 'image')
  if (block?.type === 'image' && block.mediaId !== undefined) {
    const p = pictures.get(block.mediaId)
    if (!p) return undefined
    const at = pictureAt(p, 'o', 1200)
    const credit = block.credit || creditLine(p.credit, p.copyright)
    const caption = block.caption || p.caption
    return {
      url: siteUrl + at.url,
      type: at.type,
      width: at.width,
      height: at.height,
      alt: block.alt || p.alt,
      ...(credit ? { credit } : {}),
      ...(caption ? { caption } : {}),
      ...(p.copyright ? { copyright: p.copyright } : {}),
    }
  }
  return leadImage(body, siteUrl)
}

/** tag:dateline.example,2020-08-05:article/42 — survives updates, new slugs and section moves. */
export function entryGuid(siteUrl: string, a: Pick<FeedArticle, 'id' | 'firstPublishedAt'>): string {
  return `tag:${new URL(siteUrl).hostname},${a.firstPublishedAt.toISOString().slice(0, 10)}:article/${a.id}`
}

/** Makes our own markup's root-relative links and image sources absolute, for feed readers. */
export function absolutize(markup: string, siteUrl: string): string {
  return markup.replace(/ (href|src)="\/(?!\/)/g, ` $1="${siteUrl}/`)
}

/** The latest moment an entry changed in a way a reader would see. */
function entryUpdated(a: FeedArticle): Date {
  const times = [a.publishedAt, a.updatedAt, ...a.corrections.map((c) => c.createdAt)].filter((d): d is Date => d instanceof Date)
  return new Date(Math.max(...times.map((d) => d.getTime())))
}

function contentOf(a: FeedArticle, siteUrl: string, language: string, pictures: Map<number, Picture>): string {
  const dateline = a.datelinePlace ? formatDateline({ place: a.datelinePlace, dateText: a.datelineDateText, agency: a.datelineAgency }) : undefined
  const corrections = a.corrections.length
    ? html`\n<h2>Corrections</h2>\n<ol>${a.corrections.map((c) => html`<li>${c.createdAt.toISOString().slice(0, 16).replace('T', ' ')} GMT: ${c.text}</li>`)}</ol>`
    : ''
  return absolutize(join([renderBody(a.body, dateline, language, { byId: pictures, plain: true }), corrections]).value, siteUrl)
}

export interface FeedHeader {
  title: string
  description: string
  homeUrl: string
  /** Absolute URL of the feed's folder; the formats are rss.xml, atom.xml and feed.json inside it. */
  baseUrl: string
  siteName: string
  language: string
  hub: string | undefined
}

/** Builds a feed document from articles, newest first. */
export function buildFeedDocument(
  header: FeedHeader,
  articles: FeedArticle[],
  sections: Map<number, Section>,
  siteUrl: string,
  pictures: Map<number, Picture> = new Map(),
): FeedDocument {
  const entries = articles.flatMap((a): FeedEntry[] => {
    const section = sections.get(a.sectionId)
    if (!section) return []
    return [
      {
        guid: entryGuid(siteUrl, a),
        url: siteUrl + articlePath(section, a),
        title: a.headline,
        summary: a.lead,
        contentHtml: contentOf(a, siteUrl, header.language, pictures),
        published: a.firstPublishedAt,
        updated: entryUpdated(a),
        authors: a.authors,
        categories: a.tags,
        section: section.name,
        image: entryImage(a.body, pictures, siteUrl),
      },
    ]
  })
  const updated = entries.length ? new Date(Math.max(...entries.map((e) => e.updated.getTime()))) : new Date(0)
  return {
    title: header.title,
    description: header.description,
    homeUrl: header.homeUrl,
    urls: { rss: `${header.baseUrl}rss.xml`, atom: `${header.baseUrl}atom.xml`, json: `${header.baseUrl}feed.json` },
    id: `${header.baseUrl}atom.xml`,
    language: header.language,
    siteName: header.siteName,
    hub: header.hub,
    updated,
    entries,
  }
}
