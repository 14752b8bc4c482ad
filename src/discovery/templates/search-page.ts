import { html, raw, type SafeHtml } from '../../web/html.ts'
import { layout } from '../../web/layout.ts'
import { pictureHtml } from '../../web/picture.ts'
import type { Chrome } from '../../web/view-models.ts'
import type { SearchResults } from '../search-service.ts'
import type { MessageKey, Translator } from '../../web/i18n.ts'
import { tHtml } from '../../web/i18n-html.ts'

export interface PageAssets {
  css: string
  icon: string
  script?: string
}

/** The /search URL for these results on another page (filters kept), under the edition's prefix ('' at the root). */
export function searchHref(r: Pick<SearchResults, 'q' | 'filters'>, page: number, prefix = ''): string {
  const p = new URLSearchParams()
  p.set('q', r.q)
  if (r.filters.section) p.set('section', r.filters.section)
  if (r.filters.from) p.set('from', r.filters.from)
  if (r.filters.to) p.set('to', r.filters.to)
  if (page > 1) p.set('page', String(page))
  return `${prefix}/search?${p.toString()}`
}

/** How to search, with examples in the edition's language. */
function tips(tr: Translator): SafeHtml {
  const tip = (key: MessageKey, example: MessageKey) => html`<li>${tHtml(tr, key, { example: html`<code dir="auto">${tr.t(example)}</code>` })}</li>`
  return html`<ul class="search-tips">
  ${tip('search.tip.phrase', 'search.tip.phraseExample')}
  ${tip('search.tip.prefix', 'search.tip.prefixExample')}
  ${tip('search.tip.not', 'search.tip.notExample')}
  ${tip('search.tip.or', 'search.tip.orExample')}
</ul>`
}

function form(r: SearchResults, tr: Translator, prefix: string): SafeHtml {
  return html`<form class="search-form" action="${prefix}/search" method="get" role="search">
  <div class="search-form__row">
    <label class="visually-hidden" for="search-q">${tr.t('search.for')}</label>
    <input id="search-q" type="search" name="q" value="${r.q}" maxlength="256" autocomplete="off" spellcheck="false" dir="auto">
    <button type="submit">${tr.t('site.search.button')}</button>
  </div>
  <div class="search-form__filters">
    <label for="search-section">${tr.t('search.section')}</label> <select id="search-section" name="section">
      <option value="">${tr.t('search.allSections')}</option>
      ${r.sections.map((s) => html`<option value="${s.path}"${s.path === r.filters.section ? html` selected` : ''}>${'\u2003'.repeat(s.depth)}${s.name}</option>`)}
    </select>
    <label for="search-from">${tr.t('search.from')}</label> <input id="search-from" type="date" name="from" value="${r.filters.from ?? ''}">
    <label for="search-to">${tr.t('search.to')}</label> <input id="search-to" type="date" name="to" value="${r.filters.to ?? ''}">
  </div>
</form>`
}

function summary(r: SearchResults, tr: Translator, prefix: string): SafeHtml {
  const where = r.sectionName ? tHtml(tr, 'search.in', { section: html`<bdi>${r.sectionName}</bdi>` }) : html``
  switch (r.state) {
    case 'empty':
      return html`<p>${tr.t('search.intro')}</p>${tips(tr)}`
    case 'junk':
      return html`<p class="search-note">${tHtml(tr, 'search.junk', { query: html`<bdi>${r.q}</bdi>` })}</p>${tips(tr)}`
    case 'stopwords':
      return html`<p class="search-note">${tHtml(tr, 'search.stopwords', { query: html`<bdi>${r.q}</bdi>` })}</p>${tips(tr)}`
    case 'none':
      return html`<p class="search-note">${tHtml(tr, 'search.none', { query: html`<strong><bdi>${r.searched}</bdi></strong>`, where })}</p>
<p>${tr.t('search.noneHint')}</p>`
    case 'beyond':
      return html`<p class="search-note">${tHtml(tr, 'search.beyond', { query: html`<strong><bdi>${r.searched}</bdi></strong>`, where }, { pages: r.pages })}
${tHtml(tr, 'search.beyondLinks', {
  last: html`<a href="${searchHref(r, r.pages, prefix)}">${tr.t('search.lastPage')}</a>`,
  first: html`<a href="${searchHref(r, 1, prefix)}">${tr.t('search.firstPage')}</a>`,
})}</p>`
    case 'results': {
      const query = html`<strong><bdi>${r.searched}</bdi></strong>`
      const pages = r.pages > 1 ? tr.t('search.page', { page: r.page, pages: r.pages }) : ''
      return html`<p class="search-count" role="status">${tHtml(tr, r.more ? 'search.countMore' : 'search.count', { query, where }, { n: r.total, pages })}</p>`
    }
  }
}

function pager(r: SearchResults, tr: Translator, prefix: string): SafeHtml {
  if (r.state !== 'results' || r.pages < 2) return html``
  const first = Math.max(1, Math.min(r.page - 4, r.pages - 9))
  const numbers = Array.from({ length: Math.min(10, r.pages) }, (_, i) => first + i)
  return html`<nav class="pager" aria-label="${tr.t('search.pages')}">
  ${r.page > 1 ? html`<a href="${searchHref(r, r.page - 1, prefix)}" rel="prev">${tr.t('search.previous')}</a>` : ''}
  ${numbers.map((n) => (n === r.page ? html`<span aria-current="page">${tr.number(n)}</span>` : html`<a href="${searchHref(r, n, prefix)}">${tr.number(n)}</a>`))}
  ${r.page < r.pages ? html`<a href="${searchHref(r, r.page + 1, prefix)}" rel="next">${tr.t('search.next')}</a>` : ''}
</nav>`
}

/** The search page: the form, a sentence about what was found, results with highlights, pages. */
export function searchPage(chrome: Chrome, assets: PageAssets, r: SearchResults): SafeHtml {
  const tr = chrome.i18n
  const prefix = chrome.prefix
  const main = html`<div class="search-page">
  <h1 class="search-page__title">${tr.t('search.title')}</h1>
  ${form(r, tr, prefix)}
  ${r.truncated ? html`<p class="search-note">${tHtml(tr, 'search.truncated', { query: html`<strong><bdi>${r.searched}</bdi></strong>` })}</p>` : ''}
  ${summary(r, tr, prefix)}
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
  ${pager(r, tr, prefix)}
</div>`
  // the query isolated (U+2068…U+2069): an Arabic query does not reorder an English title, nor the reverse
  const title = r.state === 'empty' ? tr.t('search.title') : `\u2068${r.q}\u2069 – ${tr.t('search.title')}`
  return layout({
    chrome,
    title: `${title} | ${chrome.siteName}`,
    assets,
    main,
    head: html`<meta name="robots" content="noindex, follow">`,
    bodyClass: 'page-search',
  })
}
