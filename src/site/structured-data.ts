import type { Block } from '../content/blocks.ts'
import { leadImage } from '../content/lead-image.ts'
import { html, jsonForScript, type SafeHtml } from '../web/html.ts'
import { isoTime } from '../web/format.ts'
import { creditLine, pictureAt, type Picture } from '../web/picture.ts'
import { cutAtWord } from '../web/text-cut.ts'
import { breadcrumbList, publisher, type Logo } from './page-meta.ts'

/** The longest headline Google shows from JSON-LD (characters); longer ones are cut at a word, with "…". */
export const JSON_LD_HEADLINE_MAX = 110

/** What an article's <head> tells machines: JSON-LD, Open Graph, Twitter card, oEmbed discovery. */
export interface ArticleMeta {
  jsonLd: Record<string, unknown>
  /** Where the article sits: Home › its section's ancestors › its section › the article. */
  breadcrumbs: Record<string, unknown>
  /** When the article last changed: republished, updated or corrected (dateModified, Last-Modified). */
  modified: Date
  /** Open Graph (property=) and Twitter (name=) meta tags, in order. */
  tags: { attr: 'property' | 'name'; key: string; content: string }[]
  oembed: { json: string; xml: string; title: string }
}

export interface ArticleMetaInput {
  siteUrl: string
  siteName: string
  locale: string
  canonicalUrl: string
  headline: string
  lead: string
  body: Block[]
  dateline: string | undefined
  firstPublishedAt: Date
  publishedAt: Date
  updatedAt: Date | null
  /** When each correction was made: a correction modifies the article. */
  correctedAt?: Date[]
  section: string
  /** Bylines; `url` is the author's page on the site. */
  authors: { name: string; url?: string | undefined }[]
  /** The publisher's logo, an image the site serves. */
  logo: Logo
  /** The edition's URL prefix ('' or "/ru"). */
  prefix: string
  /** The article's section and the sections above it, top first, with their URLs. */
  trail: { name: string; url: string }[]
  tags: string[]
  /** The same story in other editions: the original it translates, or the translations it has. */
  translationOf?: { url: string; locale: string } | undefined
  translations?: { url: string; locale: string }[] | undefined
  /** The media-library pictures the body shows. */
  pictures?: Map<number, Picture>
}

/** What machines are told about the lead picture: 1,200 px crops for Open Graph and the three ratios Google asks for. */
export interface LeadPicture {
  og: { url: string; width: number; height: number; type: string }
  alt: string
  /** 16:9, 4:3 and 1:1, each as wide as the picture allows up to 1,200 px. */
  ratios: { url: string; width: number; height: number }[]
  caption: string
  credit: string
  copyright: string
}

/** The lead picture of a body (its first image block) when it is from the media library, with absolute URLs. */
export function leadPicture(body: Block[], pictures: Map<number, Picture> | undefined, siteUrl: string): LeadPicture | undefined {
  const block = body.find((b) => b.type === 'image')
  if (!block || block.type !== 'image' || block.mediaId === undefined) return undefined
  const p = pictures?.get(block.mediaId)
  if (!p) return undefined
  const abs = <T extends { url: string }>(x: T): T => ({ ...x, url: siteUrl + x.url })
  return {
    og: abs(pictureAt(p, '16x9', 1200)),
    alt: block.alt || p.alt,
    ratios: (['16x9', '4x3', '1x1'] as const).map((crop) => {
      const { url, width, height } = abs(pictureAt(p, crop, 1200))
      return { url, width, height }
    }),
    caption: block.caption || p.caption,
    credit: block.credit || creditLine(p.credit, p.copyright),
    copyright: p.copyright,
  }
}

/** The oEmbed endpoint URL for an article URL. */
export function oembedUrl(siteUrl: string, articleUrl: string, format: 'json' | 'xml'): string {
  return `${siteUrl}/api/content/oembed?${new URLSearchParams({ url: articleUrl, format }).toString()}`
}

/** Builds the machine-readable description of a published article. */
export function buildArticleMeta(i: ArticleMetaInput): ArticleMeta {
  const picture = leadPicture(i.body, i.pictures, i.siteUrl)
  // an image block with a plain URL (not from the library): its URL as given, without sizes
  const image = picture
    ? undefined
    : leadImage(
        i.body.filter((b) => b.type !== 'image' || b.mediaId === undefined),
        i.siteUrl,
      )
  // modified: the latest of republishing, an update and a correction
  const modified = [i.publishedAt, ...(i.updatedAt ? [i.updatedAt] : []), ...(i.correctedAt ?? [])].reduce((a, b) => (b > a ? b : a))
  const home = `${i.siteUrl}${i.prefix}/`
  const site = { siteUrl: i.siteUrl, siteName: i.siteName, prefix: i.prefix, locale: i.locale, logo: i.logo }
  const jsonLd: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: cutAtWord(i.headline, JSON_LD_HEADLINE_MAX, i.locale),
    description: i.lead,
    datePublished: isoTime(i.firstPublishedAt),
    dateModified: isoTime(modified),
    author: i.authors.length
      ? i.authors.map((a) => ({ '@type': 'Person', name: a.name, ...(a.url ? { url: a.url } : {}) }))
      : [{ '@type': 'Organization', name: i.siteName, url: home }],
    publisher: publisher(site),
    articleSection: i.section,
    ...(i.dateline ? { dateline: i.dateline } : {}),
    ...(picture
      ? {
          image: picture.ratios.map((r) => ({
            '@type': 'ImageObject',
            url: r.url,
            width: r.width,
            height: r.height,
            ...(picture.caption ? { caption: picture.caption } : {}),
            ...(picture.credit ? { creditText: picture.credit } : {}),
            ...(picture.copyright ? { copyrightNotice: picture.copyright } : {}),
          })),
        }
      : image
        ? { image: [image.url] }
        : {}),
    ...(i.tags.length ? { keywords: i.tags } : {}),
    inLanguage: i.locale,
    ...(i.translationOf
      ? { translationOfWork: { '@type': 'NewsArticle', '@id': i.translationOf.url, url: i.translationOf.url, inLanguage: i.translationOf.locale } }
      : {}),
    ...(i.translations?.length
      ? { workTranslation: i.translations.map((t) => ({ '@type': 'NewsArticle', '@id': t.url, url: t.url, inLanguage: t.locale })) }
      : {}),
    isAccessibleForFree: true,
    url: i.canonicalUrl,
    mainEntityOfPage: { '@type': 'WebPage', '@id': i.canonicalUrl },
  }
  const og = (key: string, content: string) => ({ attr: 'property' as const, key, content })
  const tw = (key: string, content: string) => ({ attr: 'name' as const, key, content })
  const tags = [
    og('og:type', 'article'),
    og('og:site_name', i.siteName),
    og('og:title', i.headline),
    og('og:description', i.lead),
    og('og:url', i.canonicalUrl),
    og('og:locale', i.locale.replace('-', '_')),
    ...[...(i.translationOf ? [i.translationOf] : []), ...(i.translations ?? [])].map((t) => og('og:locale:alternate', t.locale.replace('-', '_'))),
    ...(picture
      ? [
          og('og:image', picture.og.url),
          og('og:image:type', picture.og.type),
          og('og:image:width', String(picture.og.width)),
          og('og:image:height', String(picture.og.height)),
          og('og:image:alt', picture.alt),
        ]
      : image
        ? [og('og:image', image.url), og('og:image:alt', image.alt)]
        : []),
    og('article:published_time', isoTime(i.firstPublishedAt)),
    og('article:modified_time', isoTime(modified)),
    og('article:section', i.section),
    ...i.tags.map((t) => og('article:tag', t)),
    tw('twitter:card', picture || image ? 'summary_large_image' : 'summary'),
    tw('twitter:title', i.headline),
    tw('twitter:description', i.lead),
    ...(picture
      ? [tw('twitter:image', picture.og.url), tw('twitter:image:alt', picture.alt)]
      : image
        ? [tw('twitter:image', image.url), tw('twitter:image:alt', image.alt)]
        : []),
  ]
  return {
    jsonLd,
    modified,
    breadcrumbs: breadcrumbList([{ name: i.siteName, url: home }, ...i.trail, { name: i.headline, url: i.canonicalUrl }]),
    tags,
    oembed: { json: oembedUrl(i.siteUrl, i.canonicalUrl, 'json'), xml: oembedUrl(i.siteUrl, i.canonicalUrl, 'xml'), title: i.headline },
  }
}

/**
 * The <head> elements for an article. JSON-LD goes in a data block (type="application/ld+json"),
 * which the CSP does not run as script; jsonForScript keeps "</script>" and friends out of it.
 */
export function articleHead(meta: ArticleMeta): SafeHtml {
  return html`<script type="application/ld+json">${jsonForScript(meta.jsonLd)}</script>
<script type="application/ld+json">${jsonForScript(meta.breadcrumbs)}</script>
${meta.tags.map((t) => (t.attr === 'property' ? html`<meta property="${t.key}" content="${t.content}">\n` : html`<meta name="${t.key}" content="${t.content}">\n`))}<link rel="alternate" type="application/json+oembed" href="${meta.oembed.json}" title="${meta.oembed.title}">
<link rel="alternate" type="text/xml+oembed" href="${meta.oembed.xml}" title="${meta.oembed.title}">`
}
