import type { Account } from '../../accounts/account-store.ts'
import { formatGmt } from '../../web/format.ts'
import { html, type SafeHtml } from '../../web/html.ts'
import { csrfField, newsroomLayout, type NewsroomFrame } from '../../web/newsroom-layout.ts'
import { renderCommentText } from '../comment-text.ts'
import type { CommentRecord } from '../comment-store.ts'
import type { ReaderStanding } from '../discussion-store.ts'
import type { QueueItem, QueueName } from '../moderation-queue.ts'
import type { StandardsSection } from '../standards-store.ts'

const LABELS: Record<QueueName, string> = { pending: 'Pending', reported: 'Reported', rejected: 'Rejected' }

export function sectionSelect(sections: StandardsSection[], name = 'section', selected?: number | null, id?: string): SafeHtml {
  return html`<select name="${name}"${id ? html` id="${id}"` : ''} required><option value="">Standards section…</option>${sections.map((s) => html`<option value="${s.number}"${selected === s.number ? html` selected` : ''}>${s.number}. ${s.title}</option>`)}</select>`
}

export function standingText(s: ReaderStanding, now: Date): string {
  const sanction = s.banned ? ' · banned' : s.suspendedUntil && s.suspendedUntil > now ? ` · suspended until ${formatGmt(s.suspendedUntil)}` : ''
  return `${s.approvedCount} approved, ${s.rejectedCount} rejected${sanction}`
}

function whyText(c: CommentRecord, sections: StandardsSection[]): string {
  if (!c.rule) return ''
  const section = c.section ? sections.find((s) => s.number === c.section) : undefined
  return `${c.rule}${c.reason ? `: ${c.reason}` : ''}${section ? ` (§${section.number} ${section.title})` : ''}`
}

function item(i: QueueItem, o: { queue: QueueName; csrf: string; sections: StandardsSection[]; now: Date }): SafeHtml {
  // (o.sections are the standards of this comment's edition)
  const c = i.comment
  const action = `/newsroom/moderation/comments/${c.id}`
  return html`<li class="mod-item" id="m-${c.id}" data-mod-item="${c.id}" tabindex="-1" aria-labelledby="m-${c.id}-h">
  <h2 class="mod-item__head" id="m-${c.id}-h"><a href="/newsroom/moderation/readers/${c.authorId}" dir="auto">${c.authorName}</a> on ${i.article?.path ? html`<a href="${i.article.path}" dir="auto">${i.article.headline}</a>` : (i.article?.headline ?? 'a removed article')}</h2>
  <p class="nr-meta"><time datetime="${c.createdAt.toISOString()}">${formatGmt(c.createdAt)}</time> · ${c.status}${c.parentId ? ' · a reply' : ''}${c.editedAt ? ' · edited' : ''} · ${standingText(i.standing, o.now)} · <a href="/newsroom/moderation/articles/${c.articleId}">discussion settings</a></p>
  <blockquote class="mod-item__text">${renderCommentText(c.body)}</blockquote>
  ${c.rule ? html`<p class="mod-item__why"><strong>${c.status === 'rejected' ? 'Rejected by' : 'Held by'}</strong> ${whyText(c, o.sections)}</p>` : ''}
  ${i.reports.length ? html`<ul class="mod-item__reports">${i.reports.map((r) => html`<li>Reported by ${r.reporterName} for §${r.section}${o.sections.find((s) => s.number === r.section) ? ` ${o.sections.find((s) => s.number === r.section)!.title}` : ''}${r.note ? html`: “${r.note}”` : ''}</li>`)}</ul>` : ''}
  <div class="nr-actions">
    ${
      c.status !== 'approved' || i.reports.length
        ? html`<form method="post" action="${action}" data-mod-approve>${csrfField(o.csrf)}<input type="hidden" name="op" value="approve"><input type="hidden" name="queue" value="${o.queue}"><button type="submit" class="nr-button nr-button--primary">${c.status === 'approved' ? 'Keep' : 'Approve'} <kbd>a</kbd></button></form>`
        : ''
    }
    ${
      c.status !== 'rejected'
        ? html`<form method="post" action="${action}" class="nr-inline-form" data-mod-reject>${csrfField(o.csrf)}<input type="hidden" name="op" value="reject"><input type="hidden" name="queue" value="${o.queue}">
      <label class="visually-hidden" for="m-${c.id}-section">Standards section</label>${sectionSelect(o.sections, 'section', i.reports[0]?.section, `m-${c.id}-section`)}
      <label class="visually-hidden" for="m-${c.id}-reason">Reason</label><input id="m-${c.id}-reason" name="reason" maxlength="500" placeholder="Reason (optional)">
      <button type="submit" class="nr-button">Reject <kbd>r</kbd></button></form>`
        : ''
    }
  </div>
</li>`
}

/** The moderation queue: pending, reported, rejected; keyboard: j/k move, a approve, r reject. */
export function queuePage(
  frame: NewsroomFrame,
  o: {
    queue: QueueName
    counts: Record<QueueName, number>
    items: QueueItem[]
    nextHref: string | undefined
    /** The community standards of an edition (each comment is judged by its article's edition's). */
    sections: (editionId: number | undefined) => StandardsSection[]
    now: Date
    isAdmin: boolean
  },
): SafeHtml {
  return newsroomLayout(
    frame,
    html`<h1>Moderation</h1>
<nav class="mod-tabs" aria-label="Queues"><ul>${(['pending', 'reported', 'rejected'] as QueueName[]).map((q) => html`<li><a href="/newsroom/moderation?queue=${q}"${q === o.queue ? html` aria-current="page"` : ''}>${LABELS[q]} (<span data-queue-count="${q}">${o.counts[q]}</span>)</a></li>`)}
<li><a href="/newsroom/moderation/log">Log</a></li>${o.isAdmin ? html`<li><a href="/newsroom/moderation/settings">Rules and word lists</a></li><li><a href="/newsroom/community-standards">Community standards</a></li>` : ''}</ul></nav>
<p class="nr-hint" id="mod-keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous, <kbd>a</kbd> approve, <kbd>r</kbd> reject (choose a section, then Enter).</p>
<p class="visually-hidden" role="status" aria-live="polite" data-mod-status></p>
${o.items.length ? html`<ol class="mod-queue" data-moderation-queue="${o.queue}">${o.items.map((i) => item(i, { queue: o.queue, csrf: frame.csrfToken, sections: o.sections(i.article?.editionId), now: o.now }))}</ol>` : html`<p class="mod-empty">Nothing in this queue.</p>`}
${o.nextHref ? html`<p><a href="${o.nextHref}">More</a></p>` : ''}`,
  )
}

/** A reader's record: standing, comments, sanctions, and what moderators did. */
export function readerPage(
  frame: NewsroomFrame,
  o: {
    account: Account
    standing: ReaderStanding
    comments: CommentRecord[]
    log: { at: Date; action: string; actor: string | null; detail: unknown }[]
    now: Date
    error?: string | undefined
  },
): SafeHtml {
  const s = o.standing
  return newsroomLayout(
    frame,
    html`<h1>${o.account.displayName}</h1>
<p class="nr-meta">${o.account.kind} · ${o.account.email} · joined ${formatGmt(o.account.createdAt)} · ${standingText(s, o.now)}</p>
${s.sanctionReason ? html`<p>Reason given: ${s.sanctionReason}</p>` : ''}
${
  o.account.kind === 'reader'
    ? html`<h2>Ban or suspend</h2>
${o.error ? html`<p class="flash flash--error" role="alert">${o.error}</p>` : ''}
<form method="post" action="/newsroom/moderation/readers/${o.account.id}" class="nr-form nr-form--compact">${csrfField(frame.csrfToken)}
  <fieldset><legend>Action</legend>
    <label><input type="radio" name="action" value="suspend" checked> Suspend until</label> <label class="visually-hidden" for="until">Suspended until</label><input id="until" type="date" name="until">
    <label><input type="radio" name="action" value="ban"> Ban</label>
    <label><input type="radio" name="action" value="lift"> Lift ban or suspension</label>
  </fieldset>
  <label>Reason <input name="reason" maxlength="500"></label>
  <button type="submit" class="nr-button nr-button--primary">Apply</button>
</form>`
    : ''
}
<h2>Comments</h2>
<table class="nr-table"><thead><tr><th scope="col">When</th><th scope="col">Status</th><th scope="col">Text</th></tr></thead><tbody>
${o.comments.map((c) => html`<tr><td>${formatGmt(c.createdAt)}</td><td>${c.status}${c.rule ? html`<br><span class="nr-meta">${c.rule}</span>` : ''}</td><td>${renderCommentText(c.body)}</td></tr>`)}
</tbody></table>
<h2>History</h2>
<ul class="nr-history">${o.log.map((l) => html`<li>${formatGmt(l.at)} · <bdi>${l.actor ?? 'system'}</bdi> · ${l.action}${describeDetail(l.detail) ? ` · ${describeDetail(l.detail)}` : ''}</li>`)}</ul>`,
  )
}

const DETAIL_LABELS: Record<string, string> = {
  from: 'was',
  rule: 'rule',
  reportsClosed: 'reports closed',
  note: 'note',
  section: 'standards section',
  reason: 'reason',
  added: 'added',
  retired: 'retired',
  until: 'until',
}

/** An audit entry's detail as words ("was: pending · reason: spam"), never raw JSON. */
export function describeDetail(detail: unknown): string {
  if (detail === null || detail === undefined) return ''
  if (typeof detail !== 'object') return String(detail)
  const words = (v: unknown): string =>
    Array.isArray(v)
      ? v.map(words).join(', ')
      : v !== null && typeof v === 'object'
        ? Object.entries(v as Record<string, unknown>)
            .map(([k, x]) => `${k} ${words(x)}`)
            .join(', ')
        : String(v)
  return Object.entries(detail as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${DETAIL_LABELS[k] ?? k.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}: ${words(v)}`)
    .join(' · ')
}

/** Every moderation action with who did it and when. */
export function logPage(
  frame: NewsroomFrame,
  rows: { at: Date; action: string; subject_type: string; subject_id: string; subject_name?: string | null; detail: unknown; actor: string | null }[],
): SafeHtml {
  const subject = (r: (typeof rows)[number]) =>
    r.subject_type === 'comment'
      ? html`a comment${r.subject_name ? html` by <bdi>${r.subject_name}</bdi>` : ''} (${r.subject_id})`
      : r.subject_type === 'account'
        ? html`<a href="/newsroom/moderation/readers/${r.subject_id}"><bdi>${r.subject_name ?? `reader ${r.subject_id}`}</bdi></a>`
        : html`${r.subject_type} ${r.subject_id}`
  return newsroomLayout(
    frame,
    html`<h1>Moderation log</h1>
<table class="nr-table"><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">On</th><th scope="col">Detail</th></tr></thead><tbody>
${rows.map((r) => html`<tr><td>${formatGmt(r.at)}</td><td><bdi>${r.actor ?? 'system'}</bdi></td><td>${r.action}</td><td>${subject(r)}</td><td>${describeDetail(r.detail)}</td></tr>`)}
</tbody></table>`,
  )
}
