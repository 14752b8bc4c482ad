import { formatGmt, isoTime } from '../web/format.ts'
import { html, type SafeHtml } from '../web/html.ts'
import { renderBody } from '../web/body.ts'
import type { Picture } from '../web/picture.ts'
import type { LiveEntry } from './entry-store.ts'

/** What an entry needs to be drawn: pictures from the library, the page's language, where permalinks point. */
export interface EntryContext {
  pictures: Map<number, Picture>
  locale: string
  /** The entry permalink route (finds the entry's page): /live-blog/entries/{id}. */
  permalink: (id: number) => string
}

const shortTime = (d: Date) => `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')} GMT`

/** One entry as readers see it; its id is the #entry-N anchor. */
export function entryItem(e: LiveEntry, c: EntryContext): SafeHtml {
  return html`<li class="lb-entry${e.pinned ? ' lb-entry--key' : ''}" id="entry-${e.id}" data-entry-id="${e.id}" data-seq="${e.changeSeq}">
<article aria-labelledby="entry-${e.id}-time">
<header class="lb-entry__head">
<a class="lb-entry__time" id="entry-${e.id}-time" href="${c.permalink(e.id)}" title="Link to this update"><time datetime="${isoTime(e.postedAt)}">${shortTime(e.postedAt)}</time></a>
${e.pinned ? html`<span class="lb-entry__key">Key event</span>` : ''}
${e.title ? html`<h3 class="lb-entry__title">${e.title}</h3>` : ''}
</header>
<div class="lb-entry__body">${renderBody(e.body, undefined, c.locale, { byId: c.pictures })}</div>
<p class="lb-entry__foot">${e.authorName ? html`<span class="lb-entry__author">${e.authorName}</span>` : ''}${e.editedAt ? html` <span class="lb-entry__edited">(updated <time datetime="${isoTime(e.editedAt)}">${shortTime(e.editedAt)}</time>)</span>` : ''}</p>
</article>
</li>`
}

/** A key event's line in the key-events list. */
export function keyEventItem(e: LiveEntry, href: string): SafeHtml {
  return html`<li data-key-id="${e.id}"><a href="${href}"><time datetime="${isoTime(e.postedAt)}">${shortTime(e.postedAt)}</time> ${e.title}</a></li>`
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
  return html`<section class="live-blog" aria-labelledby="live-h" data-live-blog="${v.articleId}" data-events="${v.eventsUrl}" data-seq="${v.lastSeq}" data-ended="${live ? 'false' : 'true'}">
<header class="live-blog__head">
<h2 id="live-h" class="rule-heading">${live ? html`<span class="live-badge">Live</span> ` : ''}Updates</h2>
<p class="live-blog__status" data-live-status>${live ? html`Live coverage since ${formatGmt(v.startedAt)}` : html`Live coverage ended at ${formatGmt(v.endedAt!)}`} · <span data-live-count data-total="${v.total}">${v.total === 1 ? '1 update' : `${v.total} updates`}</span> · <a href="${v.feedUrl}">Feed of updates</a> · <a href="${v.alertsHref}">Get breaking-news alerts</a></p>
</header>
<nav class="live-blog__key" aria-labelledby="key-h"${v.keyEvents.length ? '' : html` hidden`}>
<h3 id="key-h">Key events</h3>
<ol class="key-events" data-key-events>${v.keyEvents.map((e) => keyEventItem(e, `#entry-${e.id}`))}</ol>
</nav>
<div class="live-blog__bar" data-new-bar hidden><button type="button" class="live-blog__new" data-show-new aria-live="polite"></button></div>
<ol class="lb-entries" data-entries>${v.entries.length ? v.entries.map((e) => entryItem(e, c)) : ''}</ol>
${v.entries.length ? '' : html`<p class="live-blog__empty" data-empty>No updates yet.${live ? ' This page shows them as they are posted.' : ''}</p>`}
${v.olderHref ? html`<nav class="pager" aria-label="Older updates"><a href="${v.olderHref}" rel="next" data-older>Older updates</a></nav>` : ''}
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
  return html`<div class="live-blog live-blog--older">
<p class="section-label"><a href="${o.articleHref}">Back to the live page</a></p>
<h1 class="article__headline">${o.headline}: earlier updates</h1>
<ol class="lb-entries" data-entries>${o.entries.map((e) => entryItem(e, o.ctx))}</ol>
${o.entries.length ? '' : html`<p>No earlier updates.</p>`}
<nav class="pager" aria-label="More updates">
${o.newerHref ? html`<a href="${o.newerHref}" rel="prev">Newer updates</a>` : ''}
${o.olderHref ? html`<a href="${o.olderHref}" rel="next" data-older>Older updates</a>` : ''}
</nav>
</div>`
}
