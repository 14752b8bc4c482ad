import { html, type HtmlValue, type SafeHtml } from '../html.ts'
import type { Chrome } from '../view-models.ts'

export interface LayoutOptions {
  chrome: Chrome
  title: string
  description?: string | undefined
  canonicalUrl?: string | undefined
  /** Extra elements for <head> (structured data, feeds). */
  head?: HtmlValue
  /** Asset URLs (hashed) resolved by the asset registry. */
  assets: { css: string; icon: string; script?: string }
  /** Controls at the right of the site header (the live-radio button lives here). */
  headerTools?: HtmlValue
  bodyClass?: string
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
${o.canonicalUrl ? html`<link rel="canonical" href="${o.canonicalUrl}">` : ''}
<meta name="color-scheme" content="light dark">
<link rel="stylesheet" href="${o.assets.css}" data-turbo-track="reload">
<link rel="icon" href="${o.assets.icon}" type="image/svg+xml">
<meta name="turbo-prefetch" content="false">
${o.assets.script ? html`<script type="module" src="${o.assets.script}" data-turbo-track="reload"></script>` : ''}
${o.head}
</head>
<body class="${o.bodyClass ?? ''}">
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <div class="site-header__inner">
    <a class="logo" href="/" aria-label="${chrome.siteName}, home">${chrome.siteName.toUpperCase()}</a>
    <nav class="site-nav" aria-label="Sections">
      <ul>
        ${chrome.nav.map((n) => html`<li><a href="${n.href}"${n.current ? html` aria-current="true"` : ''}>${n.name}</a></li>`)}
      </ul>
    </nav>
    ${(o.headerTools ?? chrome.headerTools) ? html`<div class="site-header__tools">${o.headerTools ?? chrome.headerTools}</div>` : ''}
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
      </ul>
    </nav>
    <p class="site-footer__note">${chrome.siteName} is published with Dateline, open-source news software. Times are shown in GMT.</p>
  </div>
</footer>
</body>
</html>`
}
