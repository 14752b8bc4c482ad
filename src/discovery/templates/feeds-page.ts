import { html, type SafeHtml } from '../../web/html.ts'
import { layout } from '../../web/layout.ts'
import type { Chrome } from '../../web/view-models.ts'
import type { PageAssets } from './search-page.ts'

export interface FeedsPageView {
  sections: { name: string; folder: string; depth: number }[]
  exampleTag: string | undefined
  exampleAuthor: string | undefined
  hub: string | undefined
}

const formats = (folder: string) => html`<a href="${folder}rss.xml">RSS</a> · <a href="${folder}atom.xml">Atom</a> · <a href="${folder}feed.json">JSON Feed</a>`

/** /feeds/: every feed address, for people setting up a feed reader. */
export function feedsPage(chrome: Chrome, assets: PageAssets, v: FeedsPageView): SafeHtml {
  const main = html`<div class="text-page feeds-page">
  <h1>Feeds</h1>
  <p>Follow ${chrome.siteName} in a feed reader. Every feed carries the latest 50 articles in full, and comes in three formats.</p>
  <h2>Everything</h2>
  <p>${chrome.siteName}: ${formats('/feeds/')}</p>
  <h2>Sections</h2>
  <ul class="feeds-list">${v.sections.map((s) => html`<li${s.depth ? html` class="feeds-list__child"` : ''}>${s.name}: ${formats(s.folder)}</li>`)}</ul>
  <h2>Topics and authors</h2>
  <p>Each tag and each author has feeds too, at <code>/feeds/tag/<var>tag</var>/rss.xml</code> and <code>/feeds/author/<var>name</var>/rss.xml</code> (or <code>atom.xml</code>, <code>feed.json</code>)${v.exampleTag ? html`, for example <a href="/feeds/tag/${v.exampleTag}/rss.xml">/feeds/tag/${v.exampleTag}/rss.xml</a>` : ''}${v.exampleAuthor ? html` and <a href="/feeds/author/${v.exampleAuthor}/rss.xml">/feeds/author/${v.exampleAuthor}/rss.xml</a>` : ''}.</p>
  ${v.hub ? html`<p>Feeds announce updates through the WebSub hub <code>${v.hub}</code>, so readers that support it get new articles within seconds.</p>` : ''}
</div>`
  return layout({ chrome, title: `Feeds | ${chrome.siteName}`, canonicalUrl: `${chrome.siteUrl}/feeds/`, assets, main })
}
