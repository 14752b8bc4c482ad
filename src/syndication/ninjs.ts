import { bodyText, type ImageBlock } from '../content/blocks.ts'
import type { VersionContent } from '../content/version-store.ts'
import { renderBody } from '../web/body.ts'
import { formatDateline } from '../web/view-models.ts'

/** The ninjs generation and schema Dateline writes (IPTC ninjs 2.1). */
export const NINJS_STANDARD = { name: 'ninjs', version: '2.1', schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json' } as const
export const NINJS_MEDIA_TYPE = 'application/ninjs+json'

/** A ninjs 2.x news item as Dateline writes it (the properties it uses; the schema allows more). */
export interface NinjsItem {
  uri: string
  standard: { name: string; version: string; schema: string }
  type: 'text'
  representationtype: 'full' | 'partial'
  profile: string
  version: string
  firstcreated: string
  versioncreated: string
  pubstatus: 'usable' | 'canceled'
  language: string
  headlines: { role: string; value: string }[]
  descriptions?: { role: string; contenttype?: string; value: string }[]
  bodies?: { role: string; contenttype: string; value: string; charcount: number; wordcount: number }[]
  by?: string
  located?: string
  slugline: string
  subjects?: { name: string; rel: string; literal: string }[]
  infosources: { name: string; role: string; uri?: string }[]
  altids: { role: string; value: string }[]
  copyrightholder: string
  associations?: NinjsAssociation[]
}

interface NinjsAssociation {
  name: string
  uri: string
  type: 'picture'
  representationtype: 'partial'
  descriptions: { role: string; value: string }[]
  by?: string
  renditions: { name: string; href: string }[]
}

/** What one ninjs item is made from: an article's published version (or its last, canceled). */
export interface NinjsSource {
  articleId: number
  /** The item's stable identifier (survives slug and section changes). */
  uri: string
  /** The article's public URL, absolute. */
  url: string
  siteUrl: string
  siteName: string
  language: string
  version: number
  firstPublishedAt: Date
  versionCreated: Date
  pubstatus: 'usable' | 'canceled'
  content: VersionContent
}

const words = (text: string) => (text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? []).length

const absolute = (siteUrl: string, href: string): string | undefined => {
  try {
    const u = new URL(href, siteUrl + '/')
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined
  } catch {
    return undefined
  }
}

/**
 * An article as an IPTC ninjs 2.1 item: headline, lead (summary), body as HTML and as plain text,
 * bylines, the dateline's place, tags as subjects, the agency as an info source, corrections as
 * descriptions, pictures as associations. A canceled item (unpublished) keeps only what identifies it.
 */
export function articleToNinjs(s: NinjsSource): NinjsItem {
  const c = s.content
  const item: NinjsItem = {
    uri: s.uri,
    standard: { ...NINJS_STANDARD },
    type: 'text',
    representationtype: s.pubstatus === 'canceled' ? 'partial' : 'full',
    profile: 'dateline-article',
    version: String(s.version),
    firstcreated: s.firstPublishedAt.toISOString(),
    versioncreated: s.versionCreated.toISOString(),
    pubstatus: s.pubstatus,
    language: s.language,
    headlines: [{ role: 'main', value: c.headline }],
    slugline: c.slug,
    infosources: [{ name: s.siteName, role: 'publisher', uri: s.siteUrl + '/' }],
    altids: [
      { role: 'url', value: s.url },
      { role: 'dateline-article-id', value: String(s.articleId) },
    ],
    copyrightholder: c.dateline?.agency || s.siteName,
  }
  if (c.dateline?.agency && c.dateline.agency !== s.siteName) item.infosources.unshift({ name: c.dateline.agency, role: 'originator' })
  if (s.pubstatus === 'canceled') return item

  const html = renderBody(c.body, formatDateline(c.dateline), s.language).value
  const text = bodyText(c.body)
  item.bodies = [
    { role: 'main', contenttype: 'text/html', value: html, charcount: [...text].length, wordcount: words(text) },
    { role: 'main', contenttype: 'text/plain', value: text, charcount: [...text].length, wordcount: words(text) },
  ]
  const descriptions: NonNullable<NinjsItem['descriptions']> = []
  if (c.lead) descriptions.push({ role: 'summary', contenttype: 'text/plain', value: c.lead })
  for (const k of c.corrections) descriptions.push({ role: 'correction', contenttype: 'text/plain', value: `${k.at}: ${k.text}` })
  if (descriptions.length) item.descriptions = descriptions
  if (c.bylines.length) item.by = c.bylines.map((b) => b.name).join(', ')
  if (c.dateline?.place) item.located = c.dateline.place
  if (c.tags.length) {
    item.subjects = c.tags.map((name) => ({ name, rel: 'tag', literal: name }))
  }
  const images = c.body.filter((b): b is ImageBlock => b.type === 'image')
  const associations: NinjsAssociation[] = []
  images.forEach((img, i) => {
    const href = absolute(s.siteUrl, img.src)
    if (!href) return
    associations.push({
      name: `picture-${i + 1}`,
      uri: img.mediaId !== undefined ? `${s.siteUrl}/media/${img.mediaId}` : href,
      type: 'picture',
      representationtype: 'partial',
      descriptions: [{ role: 'alt', value: img.alt }, ...(img.caption ? [{ role: 'caption', value: img.caption }] : [])],
      ...(img.credit ? { by: img.credit } : {}),
      renditions: [{ name: 'original', href }],
    })
  })
  if (associations.length) item.associations = associations
  return item
}
