import { createXml as create } from '../web/xml.ts'
import type { FeedDocument } from './feed-document.ts'

/**
 * The three feed formats, rendered from one FeedDocument with an XML builder that escapes every
 * text and attribute (and drops characters XML cannot carry). No CDATA: escaped text is enough
 * for every reader and cannot be broken out of.
 */

export const FEED_FORMATS = {
  'rss.xml': { type: 'application/rss+xml; charset=utf-8', render: renderRss },
  'atom.xml': { type: 'application/atom+xml; charset=utf-8', render: renderAtom },
  'feed.json': { type: 'application/feed+json; charset=utf-8', render: renderJsonFeed },
} as const

export type FeedFormat = keyof typeof FEED_FORMATS

export function isFeedFormat(name: string): name is FeedFormat {
  return Object.hasOwn(FEED_FORMATS, name)
}

const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  media: 'http://search.yahoo.com/mrss/',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
}

/** RSS 2.0 with atom:link self/hub, dc:creator, content:encoded and media:content for images. */
export function renderRss(doc: FeedDocument): string {
  const rss = create({ version: '1.0', encoding: 'UTF-8' }).ele('rss', {
    version: '2.0',
    'xmlns:atom': NS.atom,
    'xmlns:content': NS.content,
    'xmlns:dc': NS.dc,
    'xmlns:media': NS.media,
  })
  const ch = rss.ele('channel')
  ch.ele('title').txt(doc.title)
  ch.ele('link').txt(doc.homeUrl)
  ch.ele('description').txt(doc.description)
  ch.ele('language').txt(doc.language)
  ch.ele('lastBuildDate').txt(doc.updated.toUTCString())
  ch.ele('generator').txt('Dateline')
  ch.ele('docs').txt('https://www.rssboard.org/rss-specification')
  ch.ele('atom:link', { href: doc.urls.rss, rel: 'self', type: 'application/rss+xml' })
  if (doc.hub) ch.ele('atom:link', { href: doc.hub, rel: 'hub' })
  for (const e of doc.entries) {
    const item = ch.ele('item')
    item.ele('title').txt(e.title)
    item.ele('link').txt(e.url)
    item.ele('guid', { isPermaLink: 'false' }).txt(e.guid)
    item.ele('pubDate').txt(e.published.toUTCString())
    item.ele('description').txt(e.summary)
    item.ele('content:encoded').txt(e.contentHtml)
    for (const a of e.authors) item.ele('dc:creator').txt(a)
    item.ele('category').txt(e.section)
    for (const c of e.categories) item.ele('category').txt(c)
    if (e.image) {
      // the size of a picture made on first request is not known yet: RSS says to give 0 then
      if (e.image.type) item.ele('enclosure', { url: e.image.url, length: '0', type: e.image.type })
      const m = item.ele('media:content', {
        url: e.image.url,
        medium: 'image',
        ...(e.image.type ? { type: e.image.type } : {}),
        ...(e.image.width ? { width: String(e.image.width), height: String(e.image.height) } : {}),
      })
      if (e.image.alt || e.image.caption) m.ele('media:description', { type: 'plain' }).txt(e.image.caption ?? e.image.alt)
      if (e.image.credit) m.ele('media:credit').txt(e.image.credit)
      if (e.image.copyright) m.ele('media:copyright').txt(e.image.copyright)
    }
  }
  return rss.end({ prettyPrint: true })
}

/** Atom 1.0 (RFC 4287) with self and hub links. */
export function renderAtom(doc: FeedDocument): string {
  const feed = create({ version: '1.0', encoding: 'UTF-8' }).ele(NS.atom, 'feed', { 'xml:lang': doc.language, 'xmlns:media': NS.media })
  feed.ele('id').txt(doc.id)
  feed.ele('title').txt(doc.title)
  feed.ele('subtitle').txt(doc.description)
  feed.ele('updated').txt(doc.updated.toISOString())
  feed.ele('link', { rel: 'alternate', type: 'text/html', href: doc.homeUrl })
  feed.ele('link', { rel: 'self', type: 'application/atom+xml', href: doc.urls.atom })
  if (doc.hub) feed.ele('link', { rel: 'hub', href: doc.hub })
  feed.ele('author').ele('name').txt(doc.siteName)
  feed.ele('generator').txt('Dateline')
  for (const e of doc.entries) {
    const entry = feed.ele('entry')
    entry.ele('id').txt(e.guid)
    entry.ele('title').txt(e.title)
    entry.ele('link', { rel: 'alternate', type: 'text/html', href: e.url })
    entry.ele('published').txt(e.published.toISOString())
    entry.ele('updated').txt(e.updated.toISOString())
    for (const a of e.authors) entry.ele('author').ele('name').txt(a)
    entry.ele('category', { term: e.section })
    for (const c of e.categories) entry.ele('category', { term: c })
    entry.ele('summary', { type: 'text' }).txt(e.summary)
    entry.ele('content', { type: 'html' }).txt(e.contentHtml)
    if (e.image) {
      entry.ele('link', { rel: 'enclosure', href: e.image.url, ...(e.image.type ? { type: e.image.type } : {}) })
      entry.ele('media:content', {
        url: e.image.url,
        medium: 'image',
        ...(e.image.type ? { type: e.image.type } : {}),
        ...(e.image.width ? { width: String(e.image.width), height: String(e.image.height) } : {}),
      })
    }
  }
  return feed.end({ prettyPrint: true })
}

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), with the WebSub hub in `hubs`. */
export function renderJsonFeed(doc: FeedDocument): string {
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: doc.title,
    home_page_url: doc.homeUrl,
    feed_url: doc.urls.json,
    description: doc.description,
    language: doc.language,
    authors: [{ name: doc.siteName }],
    ...(doc.hub ? { hubs: [{ type: 'WebSub', url: doc.hub }] } : {}),
    items: doc.entries.map((e) => ({
      id: e.guid,
      url: e.url,
      title: e.title,
      summary: e.summary,
      content_html: e.contentHtml,
      ...(e.image ? { image: e.image.url } : {}),
      date_published: e.published.toISOString(),
      date_modified: e.updated.toISOString(),
      ...(e.authors.length ? { authors: e.authors.map((name) => ({ name })) } : {}),
      tags: [e.section, ...e.categories],
    })),
  }
  return JSON.stringify(feed, null, 2)
}
