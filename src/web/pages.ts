import { html, type SafeHtml } from './html.ts'
import { layout, type Viewer } from './layout.ts'
import type { Chrome } from './view-models.ts'
import { ENGLISH } from './i18n.ts'
import { tHtml } from './i18n-html.ts'

/** The hashed URLs of the public pages' stylesheet, icon and script. */
export interface SiteAssets {
  css: string
  icon: string
  script: string
}

/** What every page needs besides its model: asset URLs, and who is reading (never cached). */
export interface PageContext {
  css: string
  icon: string
  script?: string
  /** The signed-in reader or staff member; pages rendered for one are never shared. */
  viewer?: Viewer | undefined
}

/** Error pages: 404, 400, 503 and 500, each saying plainly what happened. */
export function errorPage(chrome: Chrome, assets: PageContext, e: { status: number; title: string; message: string; asked?: string }): SafeHtml {
  const main = html`<div class="error-page">
  <p class="error-page__code">${chrome.i18n.number(e.status)}</p>
  <h1 class="error-page__title">${e.title}</h1>
  ${e.asked ? html`<p class="error-page__asked">${tHtml(chrome.i18n, 'error.asked', { path: html`<code dir="auto">${e.asked}</code>` })}</p>` : ''}
  <p>${e.message}</p>
  <p><a href="${chrome.prefix}/">${chrome.i18n.t('error.home')}</a></p>
</div>`
  return layout({ chrome, title: `${e.title} | ${chrome.siteName}`, assets, main })
}

/** A static text page (about, community standards until the discussion module owns it). */
export function textPage(chrome: Chrome, assets: PageContext, title: string, body: SafeHtml): SafeHtml {
  return layout({ chrome, title: `${title} | ${chrome.siteName}`, assets, main: html`<div class="text-page"><h1>${title}</h1>${body}</div>` })
}

/** Chrome for pages rendered when the database cannot be asked for sections. */
export function fallbackChrome(siteUrl: string): Chrome {
  return { siteName: 'Dateline', siteUrl, nav: [], lang: 'en', dir: 'ltr', prefix: '', i18n: ENGLISH, editions: [] }
}
