import { isoTime } from '../web/format.ts'
import { html, type SafeHtml } from '../web/html.ts'
import type { MessageKey, Translator } from '../web/i18n.ts'
import { tHtml } from '../web/i18n-html.ts'
import { csrfField, newsroomLayout, type NewsroomFrame } from '../web/newsroom-layout.ts'
import type { LiveBlog, LiveEntry } from './entry-store.ts'
import { entryText } from './entry-text.ts'
import { entryItem, type EntryContext } from './templates.ts'

export interface ComposerView {
  articleId: number
  headline: string
  status: string
  publicUrl: string | undefined
  blog: LiveBlog | undefined
  entries: LiveEntry[]
  olderHref: string | undefined
  /** Editors may start and end coverage and send alerts; reporters post and edit. */
  canManage: boolean
  /** Breaking-news alerts can be sent (the alerts module is there). */
  alerts: boolean
  draft?: { text: string; title: string; pinned: boolean } | undefined
  error?: string | undefined
}

/** One entry in the composer's list, with its controls (the same row is fetched when another editor changes it). */
export function composerRow(
  tr: Translator,
  e: LiveEntry,
  o: { csrf: string; ctx: EntryContext; canManage: boolean; alerts: boolean; open: boolean },
): SafeHtml {
  const base = `/newsroom/live-entries/${e.id}`
  return html`<li class="nr-live-entry${e.pinned ? ' nr-live-entry--key' : ''}" id="nr-entry-${e.id}" data-entry-id="${e.id}" data-seq="${e.changeSeq}">
<ol class="nr-live-entry__preview">${entryItem(e, o.ctx)}</ol>
<div class="nr-live-entry__tools">
<details>
<summary>${tr.t('desk.live.edit')}</summary>
<form method="post" action="${base}" class="nr-form" data-live-edit>
${csrfField(o.csrf)}
<input type="hidden" name="expectRevision" value="${e.revision}">
<div class="nr-field"><label for="edit-text-${e.id}">${tr.t('desk.live.editText')}</label>
<textarea id="edit-text-${e.id}" name="text" rows="5" maxlength="20000" required>${entryText(e.body)}</textarea></div>
<div class="nr-field"><label for="edit-title-${e.id}">${tr.t('desk.live.editLabel')}</label>
<input id="edit-title-${e.id}" name="title" value="${e.title}" maxlength="200"></div>
<button type="submit" class="nr-button">${tr.t('desk.live.saveChanges')}</button>
</form>
</details>
<form method="post" action="${base}/pin" class="nr-inline-form">
${csrfField(o.csrf)}
<input type="hidden" name="pinned" value="${e.pinned ? 'false' : 'true'}">
${e.pinned ? '' : html`<label class="visually-hidden" for="pin-title-${e.id}">${tr.t('desk.live.keyLabel')}</label><input id="pin-title-${e.id}" name="title" value="${e.title}" maxlength="200" placeholder="${tr.t('desk.live.keyLabel')}" size="24">`}
<button type="submit" class="nr-button">${tr.t(e.pinned ? 'desk.live.unpin' : 'desk.live.pin')}</button>
</form>
<form method="post" action="${base}/delete" class="nr-inline-form" data-confirm="${tr.t('desk.live.confirmDelete')}">
${csrfField(o.csrf)}
<button type="submit" class="nr-button nr-button--danger">${tr.t('desk.delete')}</button>
</form>
${o.alerts && o.canManage ? html`<a href="/newsroom/alerts?articleId=${e.articleId}&amp;entryId=${e.id}">${tr.t('desk.live.sendAlert')}</a>` : ''}
<a href="${base}/history">${tr.t('desk.live.historyLink', { n: e.revision })}</a>
</div>
</li>`
}

/** The article's live page in the newsroom: the composer, the entries with their controls, start and end. */
export function composerPage(frame: NewsroomFrame, v: ComposerView, ctx: EntryContext): SafeHtml {
  const b = v.blog
  const live = b !== undefined && b.endedAt === null
  const d = v.draft ?? { text: '', title: '', pinned: false }
  const tr = frame.tr
  const status = ARTICLE_STATUSES.includes(v.status) ? tr.t(`desk.status.${v.status}` as MessageKey) : v.status
  return newsroomLayout(
    frame,
    html`<div class="nr-live" data-live-composer="${v.articleId}" data-events="/live-blog/${v.articleId}/events">
<h1>${tr.t('desk.live.title', { headline: v.headline })}</h1>
<p class="nr-meta"><a href="/newsroom/articles/${v.articleId}">${tr.t('desk.live.editArticle')}</a>${v.publicUrl ? html` · <a href="${v.publicUrl}">${tr.t('desk.live.viewOnSite')}</a>` : html` · ${tr.t('desk.live.notPublished', { status })}`}${b ? html` · ${live ? tHtml(tr, 'desk.live.since', { time: html`<time datetime="${isoTime(b.startedAt)}">${tr.timestamp(b.startedAt)}</time>` }) : tHtml(tr, 'desk.live.ended', { time: html`<time datetime="${isoTime(b.endedAt!)}">${tr.timestamp(b.endedAt!)}</time>` })}` : ''}</p>
${v.error ? html`<div class="flash flash--error" role="alert" id="composer-error">${v.error}</div>` : html`<div role="alert" id="composer-error" class="flash flash--error" hidden></div>`}
${
  !b
    ? html`<p>${tr.t('desk.live.notLive')}</p>
${v.canManage ? html`<form method="post" action="/newsroom/articles/${v.articleId}/live/start">${csrfField(frame.csrfToken)}<button type="submit" class="nr-button nr-button--primary">${tr.t('desk.live.start')}</button></form>` : html`<p>${tr.t('desk.live.editorStarts')}</p>`}`
    : live
      ? html`<form method="post" action="/newsroom/articles/${v.articleId}/live/entries" class="nr-form nr-live__composer" data-live-post>
${csrfField(frame.csrfToken)}
<div class="nr-field"><label for="live-text">${tr.t('desk.live.update')}</label>
<p class="nr-hint" id="live-text-hint">${tr.t('desk.live.shorthand')}</p>
<textarea id="live-text" name="text" rows="6" maxlength="20000" required aria-describedby="live-text-hint">${d.text}</textarea></div>
<div class="nr-field"><label for="live-title">${tr.t('desk.live.keyLabel')} <span class="nr-hint">${tr.t('desk.live.keyLabelHint')}</span></label>
<input id="live-title" name="title" value="${d.title}" maxlength="200"></div>
<p><label><input type="checkbox" name="pinned" value="true"${d.pinned ? html` checked` : ''}> ${tr.t('desk.live.pinNew')}</label></p>
<p><button type="submit" class="nr-button nr-button--primary">${tr.t('desk.live.post')}</button> <kbd>Ctrl</kbd>+<kbd>Enter</kbd> <span role="status" data-post-status></span></p>
</form>`
      : html`<p>${tr.t('desk.live.hasEnded')}</p>`
}
${
  b && v.canManage
    ? live
      ? html`<form method="post" action="/newsroom/articles/${v.articleId}/live/end" data-confirm="${tr.t('desk.live.confirmEnd')}">${csrfField(frame.csrfToken)}<button type="submit" class="nr-button">${tr.t('desk.live.end')}</button></form>`
      : html`<form method="post" action="/newsroom/articles/${v.articleId}/live/start">${csrfField(frame.csrfToken)}<button type="submit" class="nr-button">${tr.t('desk.live.reopen')}</button></form>`
    : ''
}
${b ? html`<h2>${tr.t('desk.live.updates')}</h2><ol class="nr-live__entries" data-entries>${v.entries.map((e) => composerRow(tr, e, { csrf: frame.csrfToken, ctx, canManage: v.canManage, alerts: v.alerts, open: false }))}</ol>${v.olderHref ? html`<p><a href="${v.olderHref}">${tr.t('desk.live.older')}</a></p>` : ''}` : ''}
</div>`,
  )
}

/** An entry's history: every revision with who made it. */
export function historyPage(
  frame: NewsroomFrame,
  o: { entry: LiveEntry; revisions: { revision: number; action: string; at: Date; byName: string | null; html: SafeHtml; title: string; pinned: boolean }[] },
): SafeHtml {
  const tr = frame.tr
  const action = (a: string) => (REVISION_ACTIONS.includes(a) ? tr.t(`desk.live.action.${a}` as MessageKey) : a)
  return newsroomLayout(
    frame,
    html`<h1>${tr.t('desk.live.historyTitle', { id: o.entry.id })}</h1>
<p><a href="/newsroom/articles/${o.entry.articleId}/live">${tr.t('desk.live.back')}</a></p>
<ol class="nr-history">${o.revisions.map(
      (r) =>
        html`<li><p>${tHtml(tr, 'desk.live.revision', { action: html`<strong>${action(r.action)}</strong>`, time: html`<time datetime="${isoTime(r.at)}">${tr.timestamp(r.at)}</time>` }, { name: r.byName ?? tr.t('desk.live.formerStaff') })}${r.title ? ` · ${tr.t('desk.live.revisionLabel', { label: r.title })}` : ''}${r.pinned ? ` · ${tr.t('desk.live.pinned')}` : ''}</p>${r.html}</li>`,
    )}</ol>`,
  )
}

const ARTICLE_STATUSES = ['draft', 'review', 'scheduled', 'published', 'unpublished']
const REVISION_ACTIONS = ['posted', 'edited', 'pinned', 'unpinned', 'deleted']
