import { html, type SafeHtml } from '../../web/html.ts'
import type { PageExtras } from '../../web/page-parts.ts'
import type { ArticlePage, HomePage, SectionPage } from '../site-service.ts'
import type { ArticleCard } from '../../web/view-models.ts'
import { articleHead } from '../structured-data.ts'
import { renderBody } from '../../web/body.ts'
import { pictureHtml, type Crop } from '../../web/picture.ts'
import { layout } from '../../web/layout.ts'
import type { Translator } from '../../web/i18n.ts'
import { tHtml } from '../../web/i18n-html.ts'
import type { PageContext } from '../../web/pages.ts'

function timeEl(t: { iso: string; display: string }): SafeHtml {
  return html`<time datetime="${t.iso}">${t.display}</time>`
}

/** How a card shows its picture: wide above the headline, a thumbnail beside it, or none. */
type CardPicture = { crop: Crop; sizes: string; className: string; priority?: boolean }

/** The top story's picture: across the main column (two thirds of 72rem from 60rem up). */
const WIDE: CardPicture = { crop: '16x9', sizes: '(min-width: 60rem) 45rem, calc(100vw - 2rem)', className: 'card__pic card__pic--wide' }
/** A thumbnail beside the headline (9rem, 6.5rem on phones). */
const THUMB: CardPicture = { crop: '4x3', sizes: '(min-width: 40rem) 9rem, 6.5rem', className: 'card__pic card__pic--thumb' }
/** A small square beside a short headline. */
const SQUARE: CardPicture = { crop: '1x1', sizes: '4rem', className: 'card__pic card__pic--square' }

function card(c: ArticleCard, options: { lead?: boolean; section?: boolean; level?: 2 | 3; picture?: CardPicture } = {}): SafeHtml {
  const level = options.level ?? 3
  const headline = html`<a href="${c.href}">${c.headline}</a>`
  const pic = options.picture && c.image ? options.picture : undefined
  return html`<article class="card${pic ? ` card--pic card--${pic.crop === '16x9' ? 'wide' : 'side'}` : ''}">
  ${pic && c.image ? pictureHtml(c.image.picture, { crop: pic.crop, sizes: pic.sizes, alt: c.image.alt, className: pic.className, priority: pic.priority === true }) : ''}
  <div class="card__text">
  <p class="card__meta">${options.section !== false && c.section ? html`<a class="section-label" href="${c.section.href}">${c.section.name}</a> ` : ''}${timeEl(c.time)}</p>
  ${level === 2 ? html`<h2 class="card__headline">${headline}</h2>` : html`<h3 class="card__headline">${headline}</h3>`}
  ${options.lead ? html`<p class="card__lead">${c.lead}</p>` : ''}
  </div>
</article>`
}

export function homePage(p: HomePage, assets: PageContext, extras: PageExtras = {}): SafeHtml {
  const t = p.chrome.i18n.t
  const site = p.chrome.siteName
  const main = html`<h1 class="visually-hidden">${t('home.title', { site })}</h1>
<div class="home">
  <div class="home__main">
  ${p.top ? html`<section class="home__top" aria-label="${t('home.top')}">${card(p.top, { lead: true, level: 2, picture: { ...WIDE, priority: true } })}</section>` : html`<p>${t('home.none')}</p>`}
  ${p.sections.map(
    (s, i) => html`<section class="home__section" aria-labelledby="sec-${i}">
    <h2 id="sec-${i}" class="rule-heading"><a href="${s.href}">${s.name}</a></h2>
    <ul class="plain-list">${s.articles.map((c, j) => html`<li>${card(c, { lead: j === 0, section: false, ...(j === 0 ? { picture: THUMB } : {}) })}</li>`)}</ul>
  </section>`,
  )}
  </div>
  <div class="home__side">
  ${extras.aside}
  ${
    p.latest.length
      ? html`<section class="home__latest" aria-labelledby="latest-h"><h2 id="latest-h" class="rule-heading">${t('home.latest')}</h2>
    <ul class="plain-list">${p.latest.map((c) => html`<li>${card(c, { picture: SQUARE })}</li>`)}</ul></section>`
      : ''
  }
  </div>
</div>`
  return layout({
    chrome: p.chrome,
    title: t('home.title', { site }),
    canonicalUrl: `${p.chrome.siteUrl}${p.chrome.prefix}/`,
    assets,
    main,
    description: t('home.description', { site }),
    alternates: p.alternates,
  })
}

export function sectionPage(p: SectionPage, assets: PageContext, extras: PageExtras = {}): SafeHtml {
  const s = p.section
  const main = html`<div class="section-page">
  ${p.parent ? html`<p class="section-label"><a href="${p.parent.href}">${p.parent.name}</a></p>` : ''}
  <h1 class="section-page__title">${s.name}</h1>
  ${s.description ? html`<p class="section-page__description">${s.description}</p>` : ''}
  ${p.children.length ? html`<nav aria-label="${s.name} subsections" class="subsections"><ul>${p.children.map((c) => html`<li><a href="${c.href}">${c.name}</a></li>`)}</ul></nav>` : ''}
  ${p.articles.length ? html`<ul class="plain-list section-list">${p.articles.map((c, i) => html`<li>${card(c, { lead: true, section: false, level: 2, picture: i === 0 && !p.newestHref ? { ...WIDE, sizes: '(min-width: 44rem) 42rem, calc(100vw - 2rem)', priority: true } : THUMB })}</li>`)}</ul>` : html`<p>${p.chrome.i18n.t('section.none', { section: s.name })}</p>`}
  <nav class="pager" aria-label="More articles">
    ${p.newestHref ? html`<a href="${p.newestHref}">${p.chrome.i18n.t('section.newest')}</a>` : ''}
    ${p.olderHref ? html`<a href="${p.olderHref}" rel="next">${p.chrome.i18n.t('section.older')}</a>` : ''}
  </nav>
  ${extras.aside}
</div>`
  const feeds = html`<link rel="alternate" type="application/rss+xml" title="${p.chrome.siteName}: ${s.name} (RSS)" href="/feeds/section${s.href}rss.xml">
<link rel="alternate" type="application/atom+xml" title="${p.chrome.siteName}: ${s.name} (Atom)" href="/feeds/section${s.href}atom.xml">`
  return layout({
    chrome: p.chrome,
    title: `${s.name} | ${p.chrome.siteName}`,
    canonicalUrl: p.newestHref ? undefined : s.canonicalUrl,
    assets,
    main,
    description: s.description || p.chrome.i18n.t('section.description', { section: s.name, site: p.chrome.siteName }),
    head: feeds,
  })
}

/**
 * "By Name and Name" in the edition's language, each name isolated (<bdi>): a Latin name in an
 * Arabic byline, or an Arabic one in English, keeps its own direction and does not reorder the line.
 */
function byline(authors: { name: string }[], tr: Translator): SafeHtml {
  const parts = new Intl.ListFormat(tr.locale, { type: 'conjunction' }).formatToParts(authors.map((_, i) => `\u0000${i}\u0000`))
  const names = parts.map((x) => (x.type === 'element' ? html`<bdi>${authors[Number(x.value.slice(1, -1))]?.name ?? ''}</bdi>` : x.value))
  return html`${tr.t('article.by', { names: '\u0000', count: authors.length }).split('\u0000')[0]}${names}${tr.t('article.by', { names: '\u0000', count: authors.length }).split('\u0000')[1]}`
}

export function articlePage(p: ArticlePage, assets: PageContext, extras: PageExtras = {}): SafeHtml {
  const a = p.article
  const t = p.chrome.i18n.t
  const main = html`<article class="article" aria-labelledby="headline">
  <header class="article__header">
    <p class="article__meta"><a class="section-label" href="${a.section.href}">${a.section.name}</a>
      ${timeEl(a.published)}${a.updated ? html` <span class="updated">${tHtml(p.chrome.i18n, 'article.updated', { time: timeEl(a.updated) })}</span>` : ''}${a.versions > 1 ? html` <a class="versions-link" href="${a.versionsHref}">${t('article.versions')}</a>` : ''}</p>
    <h1 id="headline" class="article__headline">${a.headline}</h1>
    <p class="article__lead">${a.lead}</p>
    ${
      a.readIn.length
        ? html`<p class="read-in"><span>${p.chrome.i18n.t('site.readIn')}</span> ${a.readIn.map(
            (r, i) => html`${i > 0 ? ' · ' : ''}<a href="${r.href}" lang="${r.lang}" hreflang="${r.lang}" dir="auto" title="${r.headline}">${r.name}</a>`,
          )}</p>`
        : ''
    }
    ${a.authors.length ? html`<p class="byline">${byline(a.authors, p.chrome.i18n)}</p>` : ''}
    ${extras.toolbar ? html`<div class="article__toolbar">${extras.toolbar}</div>` : ''}
  </header>
  <div class="article__body">
${renderBody(a.body, a.dateline, p.chrome.lang, { byId: p.pictures })}
  </div>
  ${extras.live}
  ${
    a.quoted.length
      ? html`<aside class="quoted" aria-labelledby="quoted-h">
    <h2 id="quoted-h" class="rule-heading">${t('article.quoted')}</h2>
    <ul>${a.quoted.map((q) => html`<li><bdi class="quoted__name">${q.speaker}</bdi> <span class="quoted__count">${t('article.quotes', { n: q.quotes })}</span>${q.sources.length ? html`<span class="quoted__via">${tHtml(p.chrome.i18n, 'article.via', { sources: html`${q.sources.map((s, i) => html`${i > 0 ? ', ' : ''}<bdi>${s}</bdi>`)}` })}</span>` : ''}</li>`)}</ul>
  </aside>`
      : ''
  }
  ${
    a.corrections.length
      ? html`<section class="corrections" aria-labelledby="corrections-h">
    <h2 id="corrections-h" class="rule-heading">${t('article.corrections')}</h2>
    <ol>${a.corrections.map((c) => html`<li>${timeEl(c.time)}: ${c.text}${c.correctedHref ? html` <a class="corrections__version" href="${c.correctedHref}">${t('article.correctedVersion')}</a>` : ''}</li>`)}</ol>
  </section>`
      : ''
  }
  ${a.tags.length ? html`<p class="tags"><span class="visually-hidden">${t('article.tags')} </span>${a.tags.map((t) => html`<span class="tag" dir="auto">${t.name}</span> `)}</p>` : ''}
  ${
    a.related.length
      ? html`<section class="related" aria-labelledby="related-h">
    <h2 id="related-h" class="rule-heading">${t('article.related')}</h2>
    <ul>${a.related.map((r) => html`<li>${r.href ? html`<a href="${r.href}">${r.headline}</a>` : r.headline}</li>`)}</ul>
  </section>`
      : ''
  }
  ${extras.aside}
  ${extras.discussion}
  <footer class="article__footer">
    <p><a href="${p.chrome.prefix}/community-standards">${t('site.standards')}</a></p>
    <p class="print-url">${a.canonicalUrl}</p>
  </footer>
</article>`
  return layout({
    chrome: p.chrome,
    title: `${a.headline} | ${p.chrome.siteName}`,
    description: a.lead,
    canonicalUrl: a.canonicalUrl,
    assets,
    main,
    bodyClass: 'page-article',
    head: html`${articleHead(p.meta)}${extras.head}`,
    alternates: p.alternates,
  })
}
