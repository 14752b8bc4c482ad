import { formatGmt, isoTime } from '../web/format.ts'
import { html, type SafeHtml } from '../web/html.ts'
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

const SHORTHAND = html`Blank lines separate paragraphs. **bold**, *italic*, [link](https://…); a line starting with &gt; is a quote, then “— Speaker, Source”; ![alt text](/media/12) is a picture from the media library; an https:// address alone on a line is an embed; - starts a list.`

/** One entry in the composer's list, with its controls (the same row is fetched when another editor changes it). */
export function composerRow(e: LiveEntry, o: { csrf: string; ctx: EntryContext; canManage: boolean; alerts: boolean; open: boolean }): SafeHtml {
  const base = `/newsroom/live-entries/${e.id}`
  return html`<li class="nr-live-entry${e.pinned ? ' nr-live-entry--key' : ''}" id="nr-entry-${e.id}" data-entry-id="${e.id}" data-seq="${e.changeSeq}">
<ol class="nr-live-entry__preview">${entryItem(e, o.ctx)}</ol>
<div class="nr-live-entry__tools">
<details>
<summary>Edit</summary>
<form method="post" action="${base}" class="nr-form" data-live-edit>
${csrfField(o.csrf)}
<input type="hidden" name="expectRevision" value="${e.revision}">
<div class="nr-field"><label for="edit-text-${e.id}">Text of this update</label>
<textarea id="edit-text-${e.id}" name="text" rows="5" maxlength="20000" required>${entryText(e.body)}</textarea></div>
<div class="nr-field"><label for="edit-title-${e.id}">Label of this key event</label>
<input id="edit-title-${e.id}" name="title" value="${e.title}" maxlength="200"></div>
<button type="submit" class="nr-button">Save changes</button>
</form>
</details>
<form method="post" action="${base}/pin" class="nr-inline-form">
${csrfField(o.csrf)}
<input type="hidden" name="pinned" value="${e.pinned ? 'false' : 'true'}">
${e.pinned ? '' : html`<label class="visually-hidden" for="pin-title-${e.id}">Key event label</label><input id="pin-title-${e.id}" name="title" value="${e.title}" maxlength="200" placeholder="Key event label" size="24">`}
<button type="submit" class="nr-button">${e.pinned ? 'Unpin' : 'Pin as key event'}</button>
</form>
<form method="post" action="${base}/delete" class="nr-inline-form" data-confirm="Delete this update? Readers stop seeing it at once.">
${csrfField(o.csrf)}
<button type="submit" class="nr-button nr-button--danger">Delete</button>
</form>
${o.alerts && o.canManage ? html`<a href="/newsroom/alerts?articleId=${e.articleId}&amp;entryId=${e.id}">Send as alert</a>` : ''}
<a href="${base}/history">History (revision ${e.revision})</a>
</div>
</li>`
}

/** The article's live page in the newsroom: the composer, the entries with their controls, start and end. */
export function composerPage(frame: NewsroomFrame, v: ComposerView, ctx: EntryContext): SafeHtml {
  const b = v.blog
  const live = b !== undefined && b.endedAt === null
  const d = v.draft ?? { text: '', title: '', pinned: false }
  return newsroomLayout(
    frame,
    html`<div class="nr-live" data-live-composer="${v.articleId}" data-events="/live-blog/${v.articleId}/events">
<h1>Live: ${v.headline}</h1>
<p class="nr-meta"><a href="/newsroom/articles/${v.articleId}">Edit the article</a>${v.publicUrl ? html` · <a href="${v.publicUrl}">View on site</a>` : html` · The article is ${v.status}: readers see the updates once it is published.`}${b ? html` · ${live ? html`Live since <time datetime="${isoTime(b.startedAt)}">${formatGmt(b.startedAt)}</time>` : html`Ended at <time datetime="${isoTime(b.endedAt!)}">${formatGmt(b.endedAt!)}</time>`}` : ''}</p>
${v.error ? html`<div class="flash flash--error" role="alert" id="composer-error">${v.error}</div>` : html`<div role="alert" id="composer-error" class="flash flash--error" hidden></div>`}
${
  !b
    ? html`<p>This article is not live coverage yet. Starting makes its page a live blog: short updates, newest first, key events pinned.</p>
${v.canManage ? html`<form method="post" action="/newsroom/articles/${v.articleId}/live/start">${csrfField(frame.csrfToken)}<button type="submit" class="nr-button nr-button--primary">Start live coverage</button></form>` : html`<p>An editor can start it.</p>`}`
    : live
      ? html`<form method="post" action="/newsroom/articles/${v.articleId}/live/entries" class="nr-form nr-live__composer" data-live-post>
${csrfField(frame.csrfToken)}
<div class="nr-field"><label for="live-text">Update</label>
<p class="nr-hint" id="live-text-hint">${SHORTHAND}</p>
<textarea id="live-text" name="text" rows="6" maxlength="20000" required aria-describedby="live-text-hint">${d.text}</textarea></div>
<div class="nr-field"><label for="live-title">Key event label <span class="nr-hint">(optional; required to pin)</span></label>
<input id="live-title" name="title" value="${d.title}" maxlength="200"></div>
<p><label><input type="checkbox" name="pinned" value="true"${d.pinned ? html` checked` : ''}> Pin as a key event</label></p>
<p><button type="submit" class="nr-button nr-button--primary">Post update</button> <kbd>Ctrl</kbd>+<kbd>Enter</kbd> <span role="status" data-post-status></span></p>
</form>`
      : html`<p>Coverage has ended: the page says so and no longer updates.</p>`
}
${
  b && v.canManage
    ? live
      ? html`<form method="post" action="/newsroom/articles/${v.articleId}/live/end" data-confirm="End live coverage? Readers' pages stop updating.">${csrfField(frame.csrfToken)}<button type="submit" class="nr-button">End live coverage</button></form>`
      : html`<form method="post" action="/newsroom/articles/${v.articleId}/live/start">${csrfField(frame.csrfToken)}<button type="submit" class="nr-button">Reopen live coverage</button></form>`
    : ''
}
${b ? html`<h2>Updates</h2><ol class="nr-live__entries" data-entries>${v.entries.map((e) => composerRow(e, { csrf: frame.csrfToken, ctx, canManage: v.canManage, alerts: v.alerts, open: false }))}</ol>${v.olderHref ? html`<p><a href="${v.olderHref}">Older updates</a></p>` : ''}` : ''}
</div>`,
  )
}

/** An entry's history: every revision with who made it. */
export function historyPage(
  frame: NewsroomFrame,
  o: { entry: LiveEntry; revisions: { revision: number; action: string; at: Date; byName: string | null; html: SafeHtml; title: string; pinned: boolean }[] },
): SafeHtml {
  return newsroomLayout(
    frame,
    html`<h1>History of update ${o.entry.id}</h1>
<p><a href="/newsroom/articles/${o.entry.articleId}/live">Back to the live page</a></p>
<ol class="nr-history">${o.revisions.map(
      (r) =>
        html`<li><p><strong>${r.action}</strong> by ${r.byName ?? 'a former staff member'} at <time datetime="${isoTime(r.at)}">${formatGmt(r.at)}</time>${r.title ? html` · label “${r.title}”` : ''}${r.pinned ? ' · pinned' : ''}</p>${r.html}</li>`,
    )}</ol>`,
  )
}
