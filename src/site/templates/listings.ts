import { html, type SafeHtml } from '../../web/html.ts'
import { layout } from '../../web/layout.ts'
import type { PageContext } from '../../web/pages.ts'
import type { ListingPage } from '../listings.ts'
import { card, THUMB } from './pages.ts'
import { metaHead } from '../page-meta.ts'

/** A tag's page or an author's: a heading, the author's biography, their articles newest first, older ones a page away. */
export function listingPage(p: ListingPage, assets: PageContext): SafeHtml {
  const site = p.chrome.siteName
  const what = p.kind === 'tag' ? 'Tag' : 'Author'
  const main = html`<div class="section-page listing-page listing-page--${p.kind}">
  <p class="section-label">${what}</p>
  <h1 class="section-page__title"><bdi>${p.name}</bdi></h1>
  ${p.bio ? html`<p class="section-page__description">${p.bio}</p>` : ''}
  ${
    p.articles.length
      ? html`<ul class="plain-list section-list">${p.articles.map((c) => html`<li>${card(c, { lead: true, level: 2, picture: THUMB })}</li>`)}</ul>`
      : html`<p>${p.kind === 'tag' ? html`No article with this tag has been published yet.` : html`No article by <bdi>${p.name}</bdi> has been published in this edition yet.`}</p>`
  }
  <nav class="pager" aria-label="More articles">
    ${p.newestHref ? html`<a href="${p.newestHref}">Newest</a>` : ''}
    ${p.olderHref ? html`<a href="${p.olderHref}" rel="next">Older articles</a>` : ''}
  </nav>
  <p class="listing-page__feeds">Follow ${p.kind === 'tag' ? html`<bdi>${p.name}</bdi>` : html`<bdi>${p.name}</bdi>’s articles`}: <a href="${p.feeds.rss}">RSS</a> · <a href="${p.feeds.atom}">Atom</a> · <a href="${p.feeds.json}">JSON Feed</a></p>
</div>`
  const title = p.kind === 'tag' ? `${p.name} | ${site}` : `${p.name}, author | ${site}`
  const feeds = html`<link rel="alternate" type="application/rss+xml" title="${site}: ${p.name} (RSS)" href="${p.feeds.rss}">
<link rel="alternate" type="application/atom+xml" title="${site}: ${p.name} (Atom)" href="${p.feeds.atom}">
<link rel="alternate" type="application/feed+json" title="${site}: ${p.name} (JSON Feed)" href="${p.feeds.json}">
${metaHead(p.meta)}`
  return layout({
    chrome: p.chrome,
    title,
    canonicalUrl: p.newestHref ? undefined : p.canonicalUrl,
    assets,
    main,
    description: p.kind === 'tag' ? `Articles about ${p.name} from ${site}.` : p.bio || `Articles by ${p.name} for ${site}.`,
    head: feeds,
  })
}
