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
  /** The same page in other editions (hreflang): absolute URLs, this page's own included; x-default is added. */
  alternates?: { hreflang: string; href: string; isDefault?: boolean }[]
  main: SafeHtml
}

/** The frame of every public page: head, site header with section navigation, footer. */
export function layout(o: LayoutOptions): SafeHtml {
  const { chrome } = o
  const t = chrome.i18n.t
  const p = chrome.prefix
  const site = chrome.siteName
  const alternates = o.alternates ?? []
  const xDefault = alternates.find((a) => a.isDefault) ?? alternates[0]
  return html`<!doctype html>
<html lang="${chrome.lang}" dir="${chrome.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title}</title>
${o.description ? html`<meta name="description" content="${o.description}">` : ''}
${o.canonicalUrl ? html`<link rel="canonical" href="${o.canonicalUrl}">` : ''}${o.robots ? html`<meta name="robots" content="${o.robots}">` : ''}
${alternates.length > 1 ? html`${alternates.map((a) => html`<link rel="alternate" hreflang="${a.hreflang}" href="${a.href}">`)}${xDefault ? html`<link rel="alternate" hreflang="x-default" href="${xDefault.href}">` : ''}` : ''}
<meta name="color-scheme" content="light dark">
<link rel="stylesheet" href="${o.assets.css}" data-turbo-track="reload">
<link rel="icon" href="${o.assets.icon}" type="image/svg+xml">
<link rel="apple-touch-icon" href="/apple-touch-icon.png">
<link rel="manifest" href="${p}/manifest.webmanifest">
<meta name="theme-color" content="#b3121d">
<meta name="turbo-prefetch" content="false">
${o.assets.script ? html`<script type="module" src="${o.assets.script}" data-turbo-track="reload"></script>` : ''}
<link rel="alternate" type="application/rss+xml" title="${t('feed.rss', { site })}" href="${p}/feeds/rss.xml">
<link rel="alternate" type="application/atom+xml" title="${t('feed.atom', { site })}" href="${p}/feeds/atom.xml">
<link rel="alternate" type="application/feed+json" title="${t('feed.json', { site })}" href="${p}/feeds/feed.json">
<link rel="search" type="application/opensearchdescription+xml" title="${site}" href="${p}/opensearch.xml">
${o.head}
</head>
<body class="${o.bodyClass ?? ''}">
<a class="skip-link" href="#main">${t('site.skip')}</a>
<header class="site-header">
  <div class="site-header__inner">
    <a class="logo" href="${p}/" aria-label="${t('site.home', { site })}">${site.toLocaleUpperCase(chrome.lang)}</a>
    <form class="site-search" role="search" action="${p}/search" method="get" data-turbo="true">
      <label class="visually-hidden" for="site-search-q">${t('site.search.label', { site })}</label>
      <input id="site-search-q" type="search" name="q" placeholder="${t('site.search.placeholder')}" maxlength="256" autocomplete="off" dir="auto">
      <button type="submit" class="site-search__button">${t('site.search.button')}</button>
    </form>
    <a class="site-search-link" href="${p}/search"><svg aria-hidden="true" focusable="false" viewBox="0 0 16 16" width="16" height="16"><path fill="currentColor" d="M6.5 1a5.5 5.5 0 0 1 4.38 8.83l3.65 3.64-1.06 1.06-3.64-3.65A5.5 5.5 0 1 1 6.5 1zm0 1.5a4 4 0 1 0 0 8 4 4 0 0 0 0-8z"/></svg><span class="site-search-link__text">${t('site.search.button')}</span></a>
    <div class="site-header__tools">${o.headerTools ?? chrome.headerTools}${
      o.assets.viewer
        ? html`<span class="viewer">${o.assets.viewer.staff ? html`<a href="/newsroom">${t('site.newsroom')}</a> · ` : ''}${t('site.signedInAs', { name: '\u0000' }).split('\u0000')[0]}<bdi>${o.assets.viewer.name}</bdi>${t('site.signedInAs', { name: '\u0000' }).split('\u0000')[1]}</span>`
        : ''
    }</div>
    <nav class="site-nav" aria-label="${t('site.sections')}">
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
    <nav aria-label="${t('site.footer')}">
      <ul>
        ${chrome.nav.map((n) => html`<li><a href="${n.href}">${n.name}</a></li>`)}
      </ul>
      <ul>
        <li><a href="${p}/community-standards">${t('site.standards')}</a></li>
        <li><a href="${p}/about">${t('site.about', { site })}</a></li>
        <li><a href="${p}/search">${t('site.search.button')}</a></li>
        <li><a href="${p}/feeds/">${t('site.feeds')}</a></li>
      </ul>
      ${
        chrome.editions.length > 1
          ? html`<ul class="site-footer__editions" aria-label="${t('site.editions')}">${chrome.editions.map(
              (e) => html`<li><a href="${e.href}" lang="${e.lang}" hreflang="${e.lang}"${e.current ? html` aria-current="true"` : ''}>${e.name}</a></li>`,
            )}</ul>`
          : ''
      }
    </nav>
    <p class="site-footer__note">${t('site.note', { site, zone: chrome.i18n.zoneName })}</p>
  </div>
</footer>
</body>
</html>`
}
