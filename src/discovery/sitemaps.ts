import { Readable } from 'node:stream'
import type { Queryable } from '../db/types.ts'
import { AppError } from '../errors.ts'
import { articlePath, isoTime, sectionPath } from '../web/format.ts'
import { languageOf, type EditionContexts } from '../content/edition-context.ts'
import { createSitemapStore, URLS_PER_SITEMAP, type SitemapRow } from './sitemap-store.ts'
import { pictureAt, type PictureLookup } from '../web/picture.ts'

/**
 * Sitemaps for crawlers: an index of monthly article sitemaps plus one for the home and section
 * pages, and a Google News sitemap of the last two days. Article sitemaps are written to the
 * response batch by batch as the keyset-paged query yields them, so a month of 50,000 articles
 * holds one batch in memory, not the whole file. The markup is fixed; every value is escaped.
 */

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9'
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9'
const IMAGE_NS = 'http://www.google.com/schemas/sitemap-image/1.1'
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
const NEWS_WINDOW_MS = 2 * 86_400_000

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

/** Escapes text for XML content or attributes and drops characters XML 1.0 cannot carry. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!)
}

/** A sitemap file name: articles-2020-08.xml, articles-2020-08-2.xml (second 50,000 of a month). */
export const MONTH_FILE = /^articles-(\d{4}-(?:0[1-9]|1[0-2]))(?:-([2-9]|[1-9]\d{1,2}))?\.xml$/

export function monthFileName(month: string, part: number): string {
  return part > 1 ? `articles-${month}-${part}.xml` : `articles-${month}.xml`
}

/** Sitemap documents, built from the database for the edition. */
export function createSitemaps(deps: {
  db: Queryable
  siteUrl: string
  now: () => Date
  editions: EditionContexts
  urlsPerSitemap?: number
  media?: () => PictureLookup | undefined
}) {
  const { db, siteUrl } = deps
  const perFile = deps.urlsPerSitemap ?? URLS_PER_SITEMAP
  const store = createSitemapStore(db, perFile)
  const loc = (path: string) => xmlEscape(siteUrl + path)
  // Google News names Chinese by script region (zh-cn, zh-tw); other languages by ISO 639
  const newsLanguage = (e: { locale: string; language: string }) =>
    e.language === 'zh' ? (/-(TW|HK|MO|Hant)/i.test(e.locale) ? 'zh-tw' : 'zh-cn') : languageOf(e.locale)

  return {
    /** The sitemap index: sections, the news sitemap and every month (in parts when large). */
    async index(): Promise<string> {
      const { edition } = await deps.editions.get()
      const months = await store.months(edition.id)
      const latest = months.reduce<Date | undefined>((m, x) => (!m || x.lastmod > m ? x.lastmod : m), undefined)
      const entry = (file: string, lastmod?: Date) =>
        `<sitemap><loc>${loc(`${edition.prefix}/sitemaps/${file}`)}</loc>${lastmod ? `<lastmod>${isoTime(lastmod)}</lastmod>` : ''}</sitemap>\n`
      let out = `${HEAD}<sitemapindex xmlns="${SITEMAP_NS}">\n${entry('sections.xml', latest)}${entry('news.xml', latest)}`
      for (const m of months) for (let part = 1; (part - 1) * perFile < m.count; part++) out += entry(monthFileName(m.month, part), m.lastmod)
      return `${out}</sitemapindex>\n`
    },

    /** The home page and every section page. */
    async sections(): Promise<string> {
      const { edition, sections } = await deps.editions.get()
      const urls = [`${siteUrl}${edition.prefix}/`, ...sections.map((s) => siteUrl + sectionPath(s))]
      return `${HEAD}<urlset xmlns="${SITEMAP_NS}">\n${urls.map((u) => `<url><loc>${xmlEscape(u)}</loc></url>\n`).join('')}</urlset>\n`
    },

    /** One month's articles (one part of it) as a stream; 404 for a name or month with no articles. */
    async month(file: string): Promise<Readable> {
      const m = MONTH_FILE.exec(file)
      if (!m) throw new AppError('NOT_FOUND')
      const month = m[1]!
      const part = m[2] ? Number(m[2]) : 1
      const { edition, byId } = await deps.editions.get()
      const rows = store.streamMonth(edition.id, month, part)
      // Fetch the first batch before answering, so an empty month or part is a 404, not an empty file.
      const first = await rows.next()
      if (first.done) throw new AppError('NOT_FOUND')
      const urlOf = (r: SitemapRow) => {
        const s = byId.get(r.sectionId)
        return s ? `<url><loc>${loc(articlePath(s, r))}</loc><lastmod>${isoTime(r.lastmod)}</lastmod></url>\n` : ''
      }
      async function* chunks(): AsyncGenerator<string> {
        yield `${HEAD}<urlset xmlns="${SITEMAP_NS}">\n`
        yield first.value!.map(urlOf).join('')
        for await (const batch of rows) yield batch.map(urlOf).join('')
        yield '</urlset>\n'
      }
      return Readable.from(chunks(), { objectMode: false, highWaterMark: 64 * 1024 })
    },

    /** Google News sitemap: articles first published in the last two days. */
    async news(): Promise<string> {
      const { edition, byId } = await deps.editions.get()
      const rows = await store.recent(edition.id, new Date(deps.now().getTime() - NEWS_WINDOW_MS))
      const name = xmlEscape(edition.name)
      const lang = xmlEscape(newsLanguage(edition))
      const mediaIds = [...new Set(rows.flatMap((r) => (r.leadMediaId ? [r.leadMediaId] : [])))]
      const pictures = mediaIds.length ? ((await deps.media?.()?.pictures(mediaIds)) ?? new Map()) : new Map()
      const urls = rows.map((r) => {
        const s = byId.get(r.sectionId)
        if (!s) return ''
        const picture = r.leadMediaId ? pictures.get(r.leadMediaId) : undefined
        const image = picture ? `<image:image><image:loc>${loc(pictureAt(picture, 'o', 1200).url)}</image:loc></image:image>` : ''
        return `<url><loc>${loc(articlePath(s, r))}</loc>${image}<news:news><news:publication><news:name>${name}</news:name><news:language>${lang}</news:language></news:publication><news:publication_date>${isoTime(r.firstPublishedAt)}</news:publication_date><news:title>${xmlEscape(r.headline)}</news:title></news:news></url>\n`
      })
      return `${HEAD}<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}" xmlns:image="${IMAGE_NS}">\n${urls.join('')}</urlset>\n`
    },

    /** robots.txt: what crawlers may not fetch, and every edition's sitemaps. */
    async robots(): Promise<string> {
      const editions = await deps.editions.list()
      const disallow = ['/newsroom/', '/api/', '/search', '/account/']
      return [
        'User-agent: *',
        ...disallow.map((d) => `Disallow: ${d}`),
        ...editions.filter((e) => e.prefix).flatMap((e) => [`Disallow: ${e.prefix}/search`, `Disallow: ${e.prefix}/account/`]),
        '',
        ...editions.flatMap((e) => [`Sitemap: ${siteUrl}${e.prefix}/sitemap.xml`, `Sitemap: ${siteUrl}${e.prefix}/sitemaps/news.xml`]),
        '',
      ].join('\n')
    },
  }
}

export type Sitemaps = ReturnType<typeof createSitemaps>
