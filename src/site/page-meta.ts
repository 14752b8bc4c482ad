import { html, jsonForScript, type SafeHtml } from '../web/html.ts'

/** An Open Graph (property=) or Twitter (name=) meta tag. */
export interface MetaTag {
  attr: 'property' | 'name'
  key: string
  content: string
}

/** What the <head> of a home, section, tag or author page tells search engines and sharers. */
export interface PageMeta {
  /** JSON-LD blocks, each its own <script type="application/ld+json">. */
  jsonLd: Record<string, unknown>[]
  tags: MetaTag[]
}

/** The publisher's logo, an image the site serves. */
export interface Logo {
  url: string
  width: number
  height: number
}

/** The site and edition a page belongs to. */
export interface SiteFacts {
  siteUrl: string
  siteName: string
  /** The edition's URL prefix ('' or "/ru"). */
  prefix: string
  locale: string
  logo: Logo
}

export const og = (key: string, content: string): MetaTag => ({ attr: 'property', key, content })
export const tw = (key: string, content: string): MetaTag => ({ attr: 'name', key, content })

/** The edition's home page URL. */
export const homeUrl = (s: SiteFacts) => `${s.siteUrl}${s.prefix}/`

/** The publisher's logo as schema.org wants it. */
export function logoObject(logo: Logo): Record<string, unknown> {
  return { '@type': 'ImageObject', url: logo.url, width: logo.width, height: logo.height }
}

/** The publisher: a news organisation with its name, home page and logo. */
export function publisher(s: SiteFacts): Record<string, unknown> {
  return { '@type': 'NewsMediaOrganization', name: s.siteName, url: homeUrl(s), logo: logoObject(s.logo) }
}

/** A trail of pages from the home page down: Home › World › Asia & Pacific. */
export function breadcrumbList(trail: { name: string; url: string }[]): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: trail.map((t, i) => ({ '@type': 'ListItem', position: i + 1, name: t.name, item: t.url })),
  }
}

/** Open Graph and Twitter tags of a page that is not an article: the logo stands in for a picture. */
function websiteTags(s: SiteFacts, page: { title: string; description: string; url: string }): MetaTag[] {
  return [
    og('og:type', 'website'),
    og('og:site_name', s.siteName),
    og('og:title', page.title),
    og('og:description', page.description),
    og('og:url', page.url),
    og('og:locale', s.locale.replace('-', '_')),
    og('og:image', s.logo.url),
    og('og:image:type', 'image/png'),
    og('og:image:width', String(s.logo.width)),
    og('og:image:height', String(s.logo.height)),
    og('og:image:alt', s.siteName),
    tw('twitter:card', 'summary'),
    tw('twitter:title', page.title),
    tw('twitter:description', page.description),
  ]
}

/** The home page: the WebSite with its search box (SearchAction) and the publishing Organization. */
export function homeMeta(s: SiteFacts, page: { title: string; description: string }): PageMeta {
  const url = homeUrl(s)
  return {
    jsonLd: [
      {
        '@context': 'https://schema.org',
        '@type': 'WebSite',
        '@id': `${url}#website`,
        name: s.siteName,
        url,
        inLanguage: s.locale,
        publisher: { '@id': `${url}#publisher` },
        potentialAction: {
          '@type': 'SearchAction',
          target: { '@type': 'EntryPoint', urlTemplate: `${s.siteUrl}${s.prefix}/search?q={search_term_string}` },
          'query-input': 'required name=search_term_string',
        },
      },
      { '@context': 'https://schema.org', ...publisher(s), '@id': `${url}#publisher` },
    ],
    tags: websiteTags(s, { ...page, url }),
  }
}

/** A section page: where it sits (BreadcrumbList) and what sharers show. */
export function sectionMeta(s: SiteFacts, page: { title: string; description: string; url: string; trail: { name: string; url: string }[] }): PageMeta {
  return {
    jsonLd: [
      {
        '@context': 'https://schema.org',
        '@type': 'CollectionPage',
        name: page.title,
        description: page.description,
        url: page.url,
        inLanguage: s.locale,
        isPartOf: { '@type': 'WebSite', name: s.siteName, url: homeUrl(s) },
      },
      breadcrumbList([{ name: s.siteName, url: homeUrl(s) }, ...page.trail]),
    ],
    tags: websiteTags(s, page),
  }
}

/** An author's page: a ProfilePage about the Person, with where it sits. */
export function authorMeta(s: SiteFacts, page: { name: string; description: string; url: string }): PageMeta {
  return {
    jsonLd: [
      {
        '@context': 'https://schema.org',
        '@type': 'ProfilePage',
        url: page.url,
        inLanguage: s.locale,
        mainEntity: { '@type': 'Person', name: page.name, url: page.url, ...(page.description ? { description: page.description } : {}) },
      },
      breadcrumbList([
        { name: s.siteName, url: homeUrl(s) },
        { name: page.name, url: page.url },
      ]),
    ],
    tags: websiteTags(s, { title: page.name, description: page.description || `Articles by ${page.name} for ${s.siteName}.`, url: page.url }),
  }
}

/** The <head> elements of a page's meta: JSON-LD (with "<" escaped, so no text can end the script) and the meta tags. */
export function metaHead(meta: PageMeta): SafeHtml {
  return html`${meta.jsonLd.map((ld) => html`<script type="application/ld+json">${jsonForScript(ld)}</script>\n`)}${meta.tags.map((t) =>
    t.attr === 'property' ? html`<meta property="${t.key}" content="${t.content}">\n` : html`<meta name="${t.key}" content="${t.content}">\n`,
  )}`
}
