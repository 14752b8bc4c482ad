import { html, raw, type SafeHtml } from '../../web/html.ts'
import { layout } from '../../web/layout.ts'
import { pictureHtml } from '../../web/picture.ts'
import type { Chrome } from '../../web/view-models.ts'
import type { SearchResults } from '../search-service.ts'

export interface PageAssets {
  css: string
  icon: string
  script?: string
}

/** The /search URL for these results on another page (filters kept). */
export function searchHref(r: Pick<SearchResults, 'q' | 'filters'>, page: number): string {
  const p = new URLSearchParams()
  p.set('q', r.q)
  if (r.filters.section) p.set('section', r.filters.section)
  if (r.filters.from) p.set('from', r.filters.from)
  if (r.filters.to) p.set('to', r.filters.to)
  if (page > 1) p.set('page', String(page))
  return `/search?${p.toString()}`
}

const TIPS = html`<ul class="search-tips">
  <li>Put a phrase in quotes: <code>"human rights"</code></li>
  <li>End a word with * to match its beginning: <code>nucl*</code> finds nuclear and nucleus</li>
  <li>Leave a word out with a minus: <code>korea -south</code></li>
  <li>Either of two words: <code>cyclone OR typhoon</code></li>
</ul>`

function form(r: SearchResults): SafeHtml {
  return html`<form class="search-form" action="/search" method="get" role="search">
  <div class="search-form__row">
    <label class="visually-hidden" for="search-q">Search for</label>
    <input id="search-q" type="search" name="q" value="${r.q}" maxlength="256" autocomplete="off" spellcheck="false">
    <button type="submit">Search</button>
  </div>
  <div class="search-form__filters">
    <label for="search-section">Section</label> <select id="search-section" name="section">
      <option value="">All sections</option>
      ${r.sections.map((s) => html`<option value="${s.path}"${s.path === r.filters.section ? html` selected` : ''}>${'\u2003'.repeat(s.depth)}${s.name}</option>`)}
    </select>
    <label for="search-from">From</label> <input id="search-from" type="date" name="from" value="${r.filters.from ?? ''}">
    <label for="search-to">To</label> <input id="search-to" type="date" name="to" value="${r.filters.to ?? ''}">
  </div>
</form>`
}

function summary(r: SearchResults): SafeHtml {
  const where = r.sectionName ? html` in ${r.sectionName}` : ''
  switch (r.state) {
    case 'empty':
      return html`<p>Search every article we have published.</p>${TIPS}`
    case 'junk':
      return html`<p class="search-note">There were no words to search for in “<bdi>${r.q}</bdi>”. Try a name, a place or a topic.</p>${TIPS}`
    case 'stopwords':
      return html`<p class="search-note">“<bdi>${r.q}</bdi>” has only very common words, which are not searched on their own. Add a more specific word.</p>${TIPS}`
    case 'none':
      return html`<p class="search-note">No articles match <strong><bdi>${r.searched}</bdi></strong>${where}.</p>
<p>Check the spelling, use fewer words, or end a word with * to match its beginning.</p>`
    case 'beyond':
      return html`<p class="search-note">${r.pages === 1 ? 'There is only one page' : `There are only ${r.pages} pages`} of results for <strong><bdi>${r.searched}</bdi></strong>${where}.
<a href="${searchHref(r, r.pages)}">Go to the last page</a> or <a href="${searchHref(r, 1)}">the first</a>.</p>`
    case 'results': {
      const count = r.more
        ? `More than ${r.total.toLocaleString('en-GB')} articles`
        : `${r.total.toLocaleString('en-GB')} ${r.total === 1 ? 'article' : 'articles'}`
      return html`<p class="search-count" role="status">${count} match <strong><bdi>${r.searched}</bdi></strong>${where}${r.pages > 1 ? `, page ${r.page} of ${r.pages}` : ''}.</p>`
    }
  }
}

function pager(r: SearchResults): SafeHtml {
  if (r.state !== 'results' || r.pages < 2) return html``
  const first = Math.max(1, Math.min(r.page - 4, r.pages - 9))
  const numbers = Array.from({ length: Math.min(10, r.pages) }, (_, i) => first + i)
  return html`<nav class="pager" aria-label="Search result pages">
  ${r.page > 1 ? html`<a href="${searchHref(r, r.page - 1)}" rel="prev">Previous</a>` : ''}
  ${numbers.map((n) => (n === r.page ? html`<span aria-current="page">${n}</span>` : html`<a href="${searchHref(r, n)}">${n}</a>`))}
  ${r.page < r.pages ? html`<a href="${searchHref(r, r.page + 1)}" rel="next">Next</a>` : ''}
</nav>`
}

/** The search page: the form, a sentence about what was found, results with highlights, pages. */
export function searchPage(chrome: Chrome, assets: PageAssets, r: SearchResults): SafeHtml {
  const main = html`<div class="search-page">
  <h1 class="search-page__title">Search</h1>
  ${form(r)}
  ${r.truncated ? html`<p class="search-note">Your search was long, so only its beginning was used: <strong><bdi>${r.searched}</bdi></strong>.</p>` : ''}
  ${summary(r)}
  ${
    r.results.length
      ? html`<ol class="plain-list search-results">${r.results.map(
          (x) => html`<li class="card${x.image ? ' card--pic card--side' : ''}">
    ${x.image ? pictureHtml(x.image.picture, { crop: '4x3', sizes: '(min-width: 40rem) 9rem, 6.5rem', alt: x.image.alt, className: 'card__pic card__pic--thumb' }) : ''}
    <div class="card__text">
    <p class="card__meta">${x.section ? html`<a class="section-label" href="${x.section.href}">${x.section.name}</a> ` : ''}<time datetime="${x.time.iso}">${x.time.display}</time></p>
    <h2 class="card__headline"><a href="${x.href}">${x.headline}</a></h2>
    <p class="search-snippet">${raw(x.snippetHtml)}</p>
    </div>
  </li>`,
        )}</ol>`
      : ''
  }
  ${pager(r)}
</div>`
  // the query isolated (U+2068…U+2069): an Arabic query does not reorder an English title, nor the reverse
  const title = r.state === 'empty' ? 'Search' : `\u2068${r.q}\u2069 – Search`
  return layout({
    chrome,
    title: `${title} | ${chrome.siteName}`,
    assets,
    main,
    head: html`<meta name="robots" content="noindex, follow">`,
    bodyClass: 'page-search',
  })
}
