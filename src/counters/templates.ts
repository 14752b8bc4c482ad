import { html, type SafeHtml } from '../web/html.ts'
import { pictureHtml } from '../web/picture.ts'
import type { ArticleCard, TimeView } from '../web/view-models.ts'
import { ENGLISH, type Translator } from '../web/i18n.ts'

/** What the page counters show, as rendered (a fallback: the script replaces it with live numbers). */
export interface CountersView {
  articleId: number
  comments: number
  views: number
  asOf: TimeView
  /** JSON endpoint the script polls. */
  url: string
}

/** "1 view", "12 views", "1,204 comments": same wording as client/site/counters.ts. */
export function countLabel(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`
}

const commentIcon = html`<svg class="counter__icon" aria-hidden="true" focusable="false" viewBox="0 0 16 16" width="16" height="16"><path fill="currentColor" d="M2 2h12a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1H6l-3.5 3v-3H2a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1zm.5 1.5v7h1.5v1.6l1.9-1.6h7.6v-7z"/></svg>`
const viewIcon = html`<svg class="counter__icon" aria-hidden="true" focusable="false" viewBox="0 0 16 16" width="16" height="16"><path fill="currentColor" d="M8 3C4.4 3 1.7 5.4.5 8c1.2 2.6 3.9 5 7.5 5s6.3-2.4 7.5-5C14.3 5.4 11.6 3 8 3zm0 8.5a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7zM8 6a2 2 0 1 0 0 4 2 2 0 0 0 0-4z"/></svg>`

/**
 * The comment and view counters, as on the seed page ("0 12"), each with a label for screen
 * readers, in the edition's language and digits (١٢ in Arabic). The numbers are as of the render;
 * the script fills in live ones (data-n holds the number, data-forms each plural form of the label
 * for Intl.PluralRules), so a cached page never shows frozen counts to readers with JavaScript. The
 * noscript pixel counts readers without it.
 */
export function countersMarkup(c: CountersView, tr: Translator = ENGLISH): SafeHtml {
  const counter = (name: 'comments' | 'views', n: number, icon: SafeHtml) => {
    const key = name === 'comments' ? 'counter.comments' : 'counter.views'
    return html`<span class="counter counter--${name}" title="${tr.t(name === 'comments' ? 'counter.commentsTitle' : 'counter.viewsTitle')}">${icon}<span class="counter__n" data-count="${name}" data-n="${n}">${tr.number(n)}</span><span class="visually-hidden" data-count-label="${name}" data-forms="${JSON.stringify(tr.pluralForms(key))}"> ${tr.t(key, { n })}</span></span>`
  }
  return html`<p class="counters" data-counters="${c.url}" data-article-id="${c.articleId}" data-locale="${tr.locale}">
      ${counter('comments', c.comments, commentIcon)}
      ${counter('views', c.views, viewIcon)}
      <span class="visually-hidden" data-counters-asof>${tr.t('counter.asOf', { time: '\u0000' }).split('\u0000')[0]}<time datetime="${c.asOf.iso}">${c.asOf.display}</time>${tr.t('counter.asOf', { time: '\u0000' }).split('\u0000')[1]}</span>
    </p>
    <noscript><img class="beacon" src="/api/counters/views/${c.articleId}/pixel.gif" alt="" width="1" height="1"></noscript>`
}

/** The "Most read" list: the day's top articles by views. */
export function mostReadMarkup(title: string, cards: ArticleCard[], options: { id: string; scope: string }): SafeHtml {
  if (cards.length === 0) return html``
  return html`<section class="most-read" aria-labelledby="${options.id}" data-most-read="${options.scope}">
  <h2 id="${options.id}" class="rule-heading">${title}</h2>
  <ol class="most-read__list">${cards.map(
    (c) =>
      html`<li><span class="most-read__row"><span class="most-read__text"><a href="${c.href}">${c.headline}</a>${c.section ? html` <span class="most-read__section">${c.section.name}</span>` : ''}</span>${c.image ? pictureHtml(c.image.picture, { crop: '1x1', sizes: '4rem', alt: c.image.alt, className: 'most-read__pic' }) : ''}</span></li>`,
  )}</ol>
</section>`
}
