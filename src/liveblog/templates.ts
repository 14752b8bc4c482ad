import { formatGmt, isoTime } from '../web/format.ts'
import { html, type SafeHtml } from '../web/html.ts'
import { tHtml } from '../web/i18n-html.ts'
import { renderBody } from '../web/body.ts'
import type { Picture } from '../web/picture.ts'
import type { LiveEntry } from './entry-store.ts'
import { ENGLISH, speaksEnglish, type Translator } from '../web/i18n.ts'

/** What an entry needs to be drawn: pictures from the library, the page's language, where permalinks point. */
export interface EntryContext {
  pictures: Map<number, Picture>
  locale: string
  /** The edition's words, digits and times (English when not given). */
  tr?: Translator
  /** The entry permalink route (finds the entry's page): /live-blog/entries/{id}. */
  permalink: (id: number) => string
}

const gmtTime = (d: Date) => `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')} GMT`
/** An entry's time: "14:05 GMT" in English; the edition's timestamp (its zone and digits) in other languages. */
const shortTime = (d: Date, tr: Translator = ENGLISH) => (speaksEnglish(tr) ? gmtTime(d) : tr.timestamp(d))
/** A coverage start or end: the seed's GMT line in English, the edition's timestamp elsewhere. */
const longTime = (d: Date, tr: Translator = ENGLISH) => (speaksEnglish(tr) ? formatGmt(d) : tr.timestamp(d))

/** One entry as readers see it; its id is the #entry-N anchor. */
export function entryItem(e: LiveEntry, c: EntryContext): SafeHtml {
  return html`<li class="lb-entry${e.pinned ? ' lb-entry--key' : ''}" id="entry-${e.id}" data-entry-id="${e.id}" data-seq="${e.changeSeq}">
<article aria-labelledby="entry-${e.id}-time">
<header class="lb-entry__head">
<a class="lb-entry__time" id="entry-${e.id}-time" href="${c.permalink(e.id)}" title="${(c.tr ?? ENGLISH).t('liveblog.permalink')}"><time datetime="${isoTime(e.postedAt)}">${shortTime(e.postedAt, c.tr)}</time></a>
${e.pinned ? html`<span class="lb-entry__key">${(c.tr ?? ENGLISH).t('liveblog.key')}</span>` : ''}
${e.title ? html`<h3 class="lb-entry__title">${e.title}</h3>` : ''}
</header>
<div class="lb-entry__body">${renderBody(e.body, undefined, c.locale, { byId: c.pictures })}</div>
<p class="lb-entry__foot">${e.authorName ? html`<span class="lb-entry__author">${e.authorName}</span>` : ''}${e.editedAt ? html` <span class="lb-entry__edited">${tHtml(c.tr ?? ENGLISH, 'article.updated', { time: html`<time datetime="${isoTime(e.editedAt)}">${shortTime(e.editedAt, c.tr)}</time>` })}</span>` : ''}</p>
</article>
</li>`
}

/** A key event's line in the key-events list. */
export function keyEventItem(e: LiveEntry, href: string, tr?: Translator): SafeHtml {
  return html`<li data-key-id="${e.id}"><a href="${href}"><time datetime="${isoTime(e.postedAt)}">${shortTime(e.postedAt, tr)}</time> ${e.title}</a></li>`
}

export interface LiveSectionView {
  articleId: number
  startedAt: Date
  endedAt: Date | null
  entries: LiveEntry[]
  keyEvents: LiveEntry[]
  total: number
  lastSeq: number
  olderHref: string | undefined
  eventsUrl: string
  feedUrl: string
  /** The readers' page to turn breaking-news alerts on, for this article's section. */
  alertsHref: string
}

/**
 * The live coverage on the article page: its status, key events, the entries newest first and a
 * link to older ones. The script (client/site/live-blog.ts) adds entries as they come, behind a
 * "N new updates" button so nothing moves under a reader's eyes; without it the page is complete.
 */
export function liveSection(v: LiveSectionView, c: EntryContext): SafeHtml {
  const live = v.endedAt === null
  const tr = c.tr ?? ENGLISH
  const words = {
    count: tr.pluralForms('liveblog.count'),
    fresh: tr.pluralForms('liveblog.new'),
    ended: tr.t('liveblog.endedNow'),
    reload: tr.t('liveblog.reload'),
  }
  return html`<section class="live-blog" aria-labelledby="live-h" data-live-blog="${v.articleId}" data-events="${v.eventsUrl}" data-seq="${v.lastSeq}" data-ended="${live ? 'false' : 'true'}" data-locale="${tr.locale}" data-words="${JSON.stringify(words)}">
<header class="live-blog__head">
<h2 id="live-h" class="rule-heading">${live ? html`<span class="live-badge">${tr.t('liveblog.badge')}</span> ` : ''}${tr.t('liveblog.updates')}</h2>
<p class="live-blog__status" data-live-status>${live ? tr.t('liveblog.since', { time: longTime(v.startedAt, c.tr) }) : tr.t('liveblog.ended', { time: longTime(v.endedAt!, c.tr) })} · <span data-live-count data-total="${v.total}">${tr.t('liveblog.count', { n: v.total })}</span> · <a href="${v.feedUrl}">${tr.t('liveblog.feed')}</a> · <a href="${v.alertsHref}">${tr.t('liveblog.alerts')}</a></p>
</header>
<nav class="live-blog__key" aria-labelledby="key-h"${v.keyEvents.length ? '' : html` hidden`}>
<h3 id="key-h">${tr.t('liveblog.keyEvents')}</h3>
<ol class="key-events" data-key-events>${v.keyEvents.map((e) => keyEventItem(e, `#entry-${e.id}`, c.tr))}</ol>
</nav>
<div class="live-blog__bar" data-new-bar hidden><button type="button" class="live-blog__new" data-show-new aria-live="polite"></button></div>
<ol class="lb-entries" data-entries>${v.entries.length ? v.entries.map((e) => entryItem(e, c)) : ''}</ol>
${v.entries.length ? '' : html`<p class="live-blog__empty" data-empty>${tr.t(live ? 'liveblog.noneLive' : 'liveblog.none')}</p>`}
${v.olderHref ? html`<nav class="pager" aria-label="${tr.t('liveblog.older')}"><a href="${v.olderHref}" rel="next" data-older>${tr.t('liveblog.older')}</a></nav>` : ''}
</section>`
}

/** The page of older entries (no-JavaScript paging, and where a permalink to an old entry leads). */
export function olderEntriesMain(o: {
  headline: string
  articleHref: string
  entries: LiveEntry[]
  olderHref: string | undefined
  newerHref: string | undefined
  ctx: EntryContext
}): SafeHtml {
  const tr = o.ctx.tr ?? ENGLISH
  return html`<div class="live-blog live-blog--older">
<p class="section-label"><a href="${o.articleHref}">${tr.t('liveblog.back')}</a></p>
<h1 class="article__headline">${tr.t('liveblog.earlier', { headline: o.headline })}</h1>
<ol class="lb-entries" data-entries>${o.entries.map((e) => entryItem(e, o.ctx))}</ol>
${o.entries.length ? '' : html`<p>${tr.t('liveblog.noEarlier')}</p>`}
<nav class="pager" aria-label="${tr.t('liveblog.more')}">
${o.newerHref ? html`<a href="${o.newerHref}" rel="prev">${tr.t('liveblog.newer')}</a>` : ''}
${o.olderHref ? html`<a href="${o.olderHref}" rel="next" data-older>${tr.t('liveblog.older')}</a>` : ''}
</nav>
</div>`
}
