import { html, type SafeHtml } from '../../web/html.ts'
import { tHtml } from '../../web/i18n-html.ts'
import { layout } from '../../web/layout.ts'
import type { Chrome } from '../../web/view-models.ts'
import type { PageAssets } from './search-page.ts'

export interface FeedsPageView {
  sections: { name: string; folder: string; depth: number }[]
  exampleTag: string | undefined
  exampleAuthor: string | undefined
  hub: string | undefined
}

/** How many articles each feed carries (as the page says). */
const FEED_ARTICLES = 50

const formats = (folder: string) => html`<a href="${folder}rss.xml">RSS</a> · <a href="${folder}atom.xml">Atom</a> · <a href="${folder}feed.json">JSON Feed</a>`

/** /feeds/: every feed address of the edition, for people setting up a feed reader, in the edition's language. */
export function feedsPage(chrome: Chrome, assets: PageAssets, v: FeedsPageView): SafeHtml {
  const tr = chrome.i18n
  const p = chrome.prefix
  const tagLink = v.exampleTag ? html`<a href="${p}/feeds/tag/${v.exampleTag}/rss.xml">${p}/feeds/tag/${v.exampleTag}/rss.xml</a>` : undefined
  const authorLink = v.exampleAuthor ? html`<a href="${p}/feeds/author/${v.exampleAuthor}/rss.xml">${p}/feeds/author/${v.exampleAuthor}/rss.xml</a>` : undefined
  const examples =
    tagLink && authorLink
      ? tHtml(tr, 'feeds.exampleBoth', { tag: tagLink, author: authorLink })
      : tagLink
        ? tHtml(tr, 'feeds.exampleTag', { tag: tagLink })
        : authorLink
          ? tHtml(tr, 'feeds.exampleAuthor', { author: authorLink })
          : html``
  const main = html`<div class="text-page feeds-page">
  <h1>${tr.t('site.feeds')}</h1>
  <p>${tr.t('feeds.intro', { site: chrome.siteName, n: FEED_ARTICLES })}</p>
  <h2>${tr.t('feeds.everything')}</h2>
  <p>${chrome.siteName}: ${formats(`${p}/feeds/`)}</p>
  <h2>${tr.t('site.sections')}</h2>
  <ul class="feeds-list">${v.sections.map((s) => html`<li${s.depth ? html` class="feeds-list__child"` : ''}>${s.name}: ${formats(p + s.folder)}</li>`)}</ul>
  <h2>${tr.t('feeds.topics')}</h2>
  <p>${tHtml(tr, 'feeds.topicsText', {
    tagPath: html`<code dir="ltr">${p}/feeds/tag/<var>${tr.t('feeds.tagVar')}</var>/rss.xml</code>`,
    authorPath: html`<code dir="ltr">${p}/feeds/author/<var>${tr.t('feeds.nameVar')}</var>/rss.xml</code>`,
    atom: html`<code>atom.xml</code>`,
    json: html`<code>feed.json</code>`,
    examples,
  })}</p>
  ${v.hub ? html`<p>${tHtml(tr, 'feeds.hub', { hub: html`<code>${v.hub}</code>` })}</p>` : ''}
</div>`
  return layout({ chrome, title: `${tr.t('site.feeds')} | ${chrome.siteName}`, canonicalUrl: `${chrome.siteUrl}${p}/feeds/`, assets, main })
}
