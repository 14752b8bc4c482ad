import { html, type HtmlValue, type SafeHtml } from './html.ts'
import type { Chrome } from './view-models.ts'

/** Who is reading, when signed in. */
export interface Viewer {
  name: string
  staff: boolean
}

export interface LayoutOptions {
  chrome: Chrome
  title: string
  description?: string | undefined
  canonicalUrl?: string | undefined
  /** Extra elements for <head> (structured data, feeds). */
  head?: HtmlValue
  /** Asset URLs (hashed) resolved by the asset registry. */
  assets: { css: string; icon: string; script?: string; viewer?: Viewer | undefined }
  /** Controls at the right of the site header (the live-radio button lives here). */
  headerTools?: HtmlValue
  bodyClass?: string
  /** A robots directive for this page ("noindex" on the record of past versions). */
  robots?: string
  main: SafeHtml
}

/** The frame of every public page: head, site header with section navigation, footer. */
export function layout(o: LayoutOptions): SafeHtml {
  const { chrome } = o
  return html`<!doctype html>
<html lang="${chrome.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title}</title>
${o.description ? html`<meta name="description" content="${o.description}">` : ''}
${o.canonicalUrl ? html`<link rel="canonical" href="${o.canonicalUrl}">` : ''}${o.robots ? html`<meta name="robots" content="${o.robots}">` : ''}
<meta name="color-scheme" content="light dark">
<link rel="stylesheet" href="${o.assets.css}" data-turbo-track="reload">
<link rel="icon" href="${o.assets.icon}" type="image/svg+xml">
<meta name="turbo-prefetch" content="false">
${o.assets.script ? html`<script type="module" src="${o.assets.script}" data-turbo-track="reload"></script>` : ''}
<link rel="alternate" type="application/rss+xml" title="${chrome.siteName} (RSS)" href="/feeds/rss.xml">
<link rel="alternate" type="application/atom+xml" title="${chrome.siteName} (Atom)" href="/feeds/atom.xml">
<link rel="alternate" type="application/feed+json" title="${chrome.siteName} (JSON Feed)" href="/feeds/feed.json">
<link rel="search" type="application/opensearchdescription+xml" title="${chrome.siteName}" href="/opensearch.xml">
${o.head}
</head>
<body class="${o.bodyClass ?? ''}">
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <div class="site-header__inner">
    <a class="logo" href="/" aria-label="${chrome.siteName}, home">${chrome.siteName.toUpperCase()}</a>
    <form class="site-search" role="search" action="/search" method="get" data-turbo="true">
      <label class="visually-hidden" for="site-search-q">Search ${chrome.siteName}</label>
      <input id="site-search-q" type="search" name="q" placeholder="Search" maxlength="256" autocomplete="off">
      <button type="submit" class="site-search__button">Search</button>
    </form>
    <div class="site-header__tools">${o.headerTools ?? chrome.headerTools}${
      o.assets.viewer
        ? html`<span class="viewer">${o.assets.viewer.staff ? html`<a href="/newsroom">Newsroom</a> · ` : ''}Signed in as ${o.assets.viewer.name}</span>`
        : ''
    }</div>
    <nav class="site-nav" aria-label="Sections">
      <ul>
        ${chrome.nav.map((n) => html`<li><a href="${n.href}"${n.current ? html` aria-current="true"` : ''}>${n.name}</a></li>`)}
      </ul>
    </nav>
  </div>
</header>
<main id="main" tabindex="-1">
${o.main}
</main>
<footer class="site-footer">
  <div class="site-footer__inner">
    <nav aria-label="Footer">
      <ul>
        ${chrome.nav.map((n) => html`<li><a href="${n.href}">${n.name}</a></li>`)}
      </ul>
      <ul>
        <li><a href="/community-standards">Community standards</a></li>
        <li><a href="/about">About ${chrome.siteName}</a></li>
        <li><a href="/search">Search</a></li>
        <li><a href="/feeds/">Feeds</a></li>
      </ul>
    </nav>
    <p class="site-footer__note">${chrome.siteName} is published with Dateline, open-source news software. Times are shown in GMT.</p>
  </div>
</footer>
</body>
</html>`
}
