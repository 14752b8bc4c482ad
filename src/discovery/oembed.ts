import { createXml as create } from '../web/xml.ts'
import { AppError } from '../errors.ts'
import { html } from '../web/html.ts'
import type { Services } from '../module.ts'
import type { EditionContexts } from '../content/edition-context.ts'
import { editionPrefix } from '../web/edition-prefix.ts'

/** The site module's page models (oEmbed describes what the article page shows). */
type SiteService = Services['site']
type ArticlePage = Extract<Awaited<ReturnType<SiteService['article']>>, { kind: 'page' }>['page']

/** An oEmbed 1.0 "rich" response: a quotation card linking back to the article. */
export interface OEmbed {
  version: '1.0'
  type: 'rich'
  provider_name: string
  provider_url: string
  title: string
  author_name?: string
  html: string
  width: number
  height: number
  cache_age: number
  thumbnail_url?: string
  thumbnail_width?: number
  thumbnail_height?: number
}

const DEFAULT_WIDTH = 600
const DEFAULT_HEIGHT = 240

/**
 * Finds the published article at a URL of this site, following one redirect (moved articles). Any
 * host name is accepted (the site answers to several: a CDN's, an old domain); the path decides,
 * in the edition its prefix names (/ru/…).
 */
async function articleAt(site: SiteService, siteUrl: string, url: string, editions: Pick<EditionContexts, 'prefixes' | 'run'>): Promise<ArticlePage> {
  let target: URL
  try {
    target = new URL(url)
  } catch {
    throw new AppError('VALIDATION_FAILED', {
      message: 'Query parameter "url" is not valid: it must be the full address of an article on this site',
      fields: [{ field: 'url', message: 'not a URL' }],
    })
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new AppError('ARTICLE_NOT_FOUND')
  const base = new URL(`${siteUrl}/`)
  let path = target.pathname
  if (!path.startsWith(base.pathname)) throw new AppError('ARTICLE_NOT_FOUND')
  for (let hop = 0; hop < 2; hop++) {
    const local = `/${path.slice(base.pathname.length)}`
    const edition = editionPrefix(editions.prefixes(), local)
    let segments: string[]
    try {
      segments = (edition?.rest ?? local)
        .split('/')
        .filter((s) => s !== '')
        .map(decodeURIComponent)
    } catch {
      throw new AppError('ARTICLE_NOT_FOUND')
    }
    if (segments.length < 3 || !/^\d{8}$/.test(segments.at(-2)!)) break
    const result = await editions.run(edition?.code, () => site.article(segments.slice(0, -2).join('/'), segments.at(-2)!, segments.at(-1)!))
    if (result.kind === 'page') return result.page
    path = new URL(result.location, base).pathname
  }
  throw new AppError('ARTICLE_NOT_FOUND')
}

/** The oEmbed response for an article URL, sized to fit maxwidth/maxheight. */
export async function oembedFor(
  site: SiteService,
  editions: Pick<EditionContexts, 'prefixes' | 'run'>,
  siteUrl: string,
  q: { url: string; maxwidth?: number | undefined; maxheight?: number | undefined },
): Promise<OEmbed> {
  const page = await articleAt(site, siteUrl, q.url, editions)
  const a = page.article
  const width = Math.min(q.maxwidth ?? DEFAULT_WIDTH, DEFAULT_WIDTH)
  const height = Math.min(q.maxheight ?? DEFAULT_HEIGHT, DEFAULT_HEIGHT)
  const card = html`<blockquote class="dateline-embed" cite="${a.canonicalUrl}"><p><a href="${a.canonicalUrl}">${a.headline}</a></p><p>${a.lead}</p><footer>${page.chrome.siteName}, <time datetime="${a.published.iso}">${a.published.display}</time></footer></blockquote>`
  const meta = (key: string) => page.meta.tags.find((t) => t.key === key)?.content
  const image = meta('og:image')
  const imageWidth = Number(meta('og:image:width'))
  const imageHeight = Number(meta('og:image:height'))
  return {
    version: '1.0',
    type: 'rich',
    provider_name: page.chrome.siteName,
    provider_url: `${siteUrl}/`,
    title: a.headline,
    ...(a.authors.length ? { author_name: a.authors.map((x) => x.name).join(', ') } : {}),
    html: card.value,
    width,
    height,
    cache_age: 3600,
    ...(image ? { thumbnail_url: image } : {}),
    ...(image && imageWidth > 0 && imageHeight > 0 ? { thumbnail_width: imageWidth, thumbnail_height: imageHeight } : {}),
  }
}

/** The XML form of an oEmbed response. */
export function oembedXml(o: OEmbed): string {
  const root = create({ version: '1.0', encoding: 'UTF-8', standalone: true }).ele('oembed')
  for (const [key, value] of Object.entries(o)) root.ele(key).txt(String(value))
  return root.end({ prettyPrint: true })
}
