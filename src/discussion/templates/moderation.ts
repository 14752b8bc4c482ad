import type { Account } from '../../accounts/account-store.ts'
import { deskProblem } from '../../web/desk-errors.ts'
import { html, type SafeHtml } from '../../web/html.ts'
import type { MessageKey, Translator } from '../../web/i18n.ts'
import { tHtml } from '../../web/i18n-html.ts'
import { csrfField, newsroomLayout, type NewsroomFrame } from '../../web/newsroom-layout.ts'
import { renderCommentText } from '../comment-text.ts'
import type { CommentRecord } from '../comment-store.ts'
import type { ReaderStanding } from '../discussion-store.ts'
import type { QueueItem, QueueName } from '../moderation-queue.ts'
import type { StandardsSection } from '../standards-store.ts'

/** A word the catalogue knows under `prefix` (a status, a rule, an action), else the stored word. */
function known(tr: Translator, prefix: string, word: string): string {
  const key = `${prefix}.${word}` as MessageKey
  const text = tr.t(key)
  return text === key ? word : text
}

export function sectionSelect(tr: Translator, sections: StandardsSection[], name = 'section', selected?: number | null, id?: string): SafeHtml {
  return html`<select name="${name}"${id ? html` id="${id}"` : ''} required><option value="">${tr.t('desk.mod.sectionChoose')}</option>${sections.map((s) => html`<option value="${s.number}"${selected === s.number ? html` selected` : ''}>${s.number}. ${s.title}</option>`)}</select>`
}

export function standingText(tr: Translator, s: ReaderStanding, now: Date): string {
  const sanction = s.banned
    ? ` · ${tr.t('desk.mod.banned')}`
    : s.suspendedUntil && s.suspendedUntil > now
      ? ` · ${tr.t('desk.mod.suspendedUntil', { date: tr.timestamp(s.suspendedUntil) })}`
      : ''
  return `${tr.t('desk.mod.standing', { approved: s.approvedCount, rejected: s.rejectedCount })}${sanction}`
}

function whyText(tr: Translator, c: CommentRecord, sections: StandardsSection[]): string {
  if (!c.rule) return ''
  const section = c.section ? sections.find((s) => s.number === c.section) : undefined
  return `${known(tr, 'desk.mod.rule', c.rule)}${c.reason ? `: ${deskProblem(tr, c.reason)}` : ''}${section ? ` (§${section.number} ${section.title})` : ''}`
}

function item(tr: Translator, i: QueueItem, o: { queue: QueueName; csrf: string; sections: StandardsSection[]; now: Date }): SafeHtml {
  // (o.sections are the standards of this comment's edition)
  const c = i.comment
  const action = `/newsroom/moderation/comments/${c.id}`
  return html`<li class="mod-item" id="m-${c.id}" data-mod-item="${c.id}" tabindex="-1" aria-labelledby="m-${c.id}-h">
  <h2 class="mod-item__head" id="m-${c.id}-h">${tHtml(tr, 'desk.mod.on', {
    author: html`<a href="/newsroom/moderation/readers/${c.authorId}" dir="auto">${c.authorName}</a>`,
    article: i.article?.path
      ? html`<a href="${i.article.path}" dir="auto">${i.article.headline}</a>`
      : html`${i.article?.headline ?? tr.t('desk.mod.removedArticle')}`,
  })}</h2>
  <p class="nr-meta"><time datetime="${c.createdAt.toISOString()}">${tr.timestamp(c.createdAt)}</time> · ${known(tr, 'desk.mod.status', c.status)}${c.parentId ? ` · ${tr.t('desk.mod.reply')}` : ''}${c.editedAt ? ` · ${tr.t('desk.mod.edited')}` : ''} · ${standingText(tr, i.standing, o.now)} · <a href="/newsroom/moderation/articles/${c.articleId}">${tr.t('desk.mod.discussionSettings')}</a></p>
  <blockquote class="mod-item__text">${renderCommentText(c.body)}</blockquote>
  ${c.rule ? html`<p class="mod-item__why"><strong>${tr.t(c.status === 'rejected' ? 'desk.mod.rejectedBy' : 'desk.mod.heldBy')}</strong> ${whyText(tr, c, o.sections)}</p>` : ''}
  ${i.reports.length ? html`<ul class="mod-item__reports">${i.reports.map((r) => html`<li>${tr.t('desk.mod.reportedBy', { name: r.reporterName, section: `§${r.section}${o.sections.find((s) => s.number === r.section) ? ` ${o.sections.find((s) => s.number === r.section)!.title}` : ''}` })}${r.note ? html`: “${r.note}”` : ''}</li>`)}</ul>` : ''}
  <div class="nr-actions">
    ${
      c.status !== 'approved' || i.reports.length
        ? html`<form method="post" action="${action}" data-mod-approve>${csrfField(o.csrf)}<input type="hidden" name="op" value="approve"><input type="hidden" name="queue" value="${o.queue}"><button type="submit" class="nr-button nr-button--primary">${tr.t(c.status === 'approved' ? 'desk.mod.keep' : 'desk.mod.approve')} <kbd>a</kbd></button></form>`
        : ''
    }
    ${
      c.status !== 'rejected'
        ? html`<form method="post" action="${action}" class="nr-inline-form" data-mod-reject>${csrfField(o.csrf)}<input type="hidden" name="op" value="reject"><input type="hidden" name="queue" value="${o.queue}">
      <label class="visually-hidden" for="m-${c.id}-section">${tr.t('desk.mod.section')}</label>${sectionSelect(tr, o.sections, 'section', i.reports[0]?.section, `m-${c.id}-section`)}
      <label class="visually-hidden" for="m-${c.id}-reason">${tr.t('desk.mod.reason')}</label><input id="m-${c.id}-reason" name="reason" maxlength="500" placeholder="${tr.t('desk.mod.reasonOptional')}">
      <button type="submit" class="nr-button">${tr.t('desk.mod.reject')} <kbd>r</kbd></button></form>`
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
  const tr = frame.tr
  return newsroomLayout(
    frame,
    html`<h1>${tr.t('desk.mod.title')}</h1>
<nav class="mod-tabs" aria-label="${tr.t('desk.mod.queues')}"><ul>${(['pending', 'reported', 'rejected'] as QueueName[]).map((q) => html`<li><a href="/newsroom/moderation?queue=${q}"${q === o.queue ? html` aria-current="page"` : ''}>${tr.t(`desk.mod.queue.${q}`)} (<span data-queue-count="${q}">${tr.number(o.counts[q])}</span>)</a></li>`)}
<li><a href="/newsroom/moderation/log">${tr.t('desk.mod.log')}</a></li>${o.isAdmin ? html`<li><a href="/newsroom/moderation/settings">${tr.t('desk.mod.rulesLink')}</a></li><li><a href="/newsroom/community-standards">${tr.t('desk.standards.title')}</a></li>` : ''}</ul></nav>
<p class="nr-hint" id="mod-keys">${tHtml(tr, 'desk.mod.keys', { j: html`<kbd>j</kbd>`, k: html`<kbd>k</kbd>`, a: html`<kbd>a</kbd>`, r: html`<kbd>r</kbd>` })}</p>
<p class="visually-hidden" role="status" aria-live="polite" data-mod-status></p>
${o.items.length ? html`<ol class="mod-queue" data-moderation-queue="${o.queue}">${o.items.map((i) => item(tr, i, { queue: o.queue, csrf: frame.csrfToken, sections: o.sections(i.article?.editionId), now: o.now }))}</ol>` : html`<p class="mod-empty">${tr.t('desk.mod.empty')}</p>`}
${o.nextHref ? html`<p><a href="${o.nextHref}">${tr.t('desk.mod.more')}</a></p>` : ''}`,
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
  const tr = frame.tr
  return newsroomLayout(
    frame,
    html`<h1>${o.account.displayName}</h1>
<p class="nr-meta">${known(tr, 'desk.mod.kind', o.account.kind)} · ${o.account.email} · ${tr.t('desk.mod.joined', { date: tr.timestamp(o.account.createdAt) })} · ${standingText(tr, s, o.now)}</p>
${s.sanctionReason ? html`<p>${tr.t('desk.mod.reasonGiven', { reason: s.sanctionReason })}</p>` : ''}
${
  o.account.kind === 'reader'
    ? html`<h2>${tr.t('desk.mod.sanction')}</h2>
${o.error ? html`<p class="flash flash--error" role="alert">${o.error}</p>` : ''}
<form method="post" action="/newsroom/moderation/readers/${o.account.id}" class="nr-form nr-form--compact">${csrfField(frame.csrfToken)}
  <fieldset><legend>${tr.t('desk.mod.action')}</legend>
    <label><input type="radio" name="action" value="suspend" checked> ${tr.t('desk.mod.suspendUntil')}</label> <label class="visually-hidden" for="until">${tr.t('desk.mod.suspendedUntilLabel')}</label><input id="until" type="date" name="until">
    <label><input type="radio" name="action" value="ban"> ${tr.t('desk.mod.ban')}</label>
    <label><input type="radio" name="action" value="lift"> ${tr.t('desk.mod.lift')}</label>
  </fieldset>
  <label>${tr.t('desk.mod.reason')} <input name="reason" maxlength="500"></label>
  <button type="submit" class="nr-button nr-button--primary">${tr.t('desk.mod.apply')}</button>
</form>`
    : ''
}
<h2>${tr.t('desk.mod.comments')}</h2>
<table class="nr-table"><thead><tr><th scope="col">${tr.t('desk.mod.when')}</th><th scope="col">${tr.t('desk.mod.statusCol')}</th><th scope="col">${tr.t('desk.mod.text')}</th></tr></thead><tbody>
${o.comments.map((c) => html`<tr><td>${tr.timestamp(c.createdAt)}</td><td>${known(tr, 'desk.mod.status', c.status)}${c.rule ? html`<br><span class="nr-meta">${known(tr, 'desk.mod.rule', c.rule)}</span>` : ''}</td><td>${renderCommentText(c.body)}</td></tr>`)}
</tbody></table>
<h2>${tr.t('desk.mod.history')}</h2>
<ul class="nr-history">${o.log.map((l) => html`<li>${tr.timestamp(l.at)} · <bdi>${l.actor ?? tr.t('desk.mod.system')}</bdi> · ${known(tr, 'desk.mod.act', l.action)}${describeDetail(tr, l.detail) ? ` · ${describeDetail(tr, l.detail)}` : ''}</li>`)}</ul>`,
  )
}

const DETAIL_LABELS: Record<string, MessageKey> = {
  from: 'desk.mod.detail.from',
  rule: 'desk.mod.detail.rule',
  reportsClosed: 'desk.mod.detail.reportsClosed',
  note: 'desk.mod.detail.note',
  section: 'desk.mod.detail.section',
  reason: 'desk.mod.detail.reason',
  added: 'desk.mod.detail.added',
  retired: 'desk.mod.detail.retired',
  until: 'desk.mod.detail.until',
}

/** An audit entry's detail as words ("was: pending · reason: spam"), never raw JSON. */
export function describeDetail(tr: Translator, detail: unknown): string {
  if (detail === null || detail === undefined) return ''
  if (typeof detail !== 'object') return String(detail)
  const words = (v: unknown): string =>
    Array.isArray(v)
      ? v.map(words).join(', ')
      : v !== null && typeof v === 'object'
        ? Object.entries(v as Record<string, unknown>)
            .map(([k, x]) => `${k} ${words(x)}`)
            .join(', ')
        : typeof v === 'boolean'
          ? tr.t(v ? 'desk.yes' : 'desk.no')
          : typeof v === 'string'
            ? known(tr, 'desk.mod.status', v)
            : String(v)
  return Object.entries(detail as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))
    .map(
      ([k, v]) =>
        `${DETAIL_LABELS[k] ? tr.t(DETAIL_LABELS[k]) : k.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}: ${k === 'rule' && typeof v === 'string' ? known(tr, 'desk.mod.rule', v) : k === 'reason' && typeof v === 'string' ? deskProblem(tr, v) : words(v)}`,
    )
    .join(' · ')
}

/** Every moderation action with who did it and when. */
export function logPage(
  frame: NewsroomFrame,
  rows: { at: Date; action: string; subject_type: string; subject_id: string; subject_name?: string | null; detail: unknown; actor: string | null }[],
): SafeHtml {
  const tr = frame.tr
  const subject = (r: (typeof rows)[number]) =>
    r.subject_type === 'comment'
      ? r.subject_name
        ? tHtml(tr, 'desk.mod.commentBy', { name: html`<bdi>${r.subject_name}</bdi>` }, { id: r.subject_id })
        : html`${tr.t('desk.mod.commentId', { id: r.subject_id })}`
      : r.subject_type === 'account'
        ? html`<a href="/newsroom/moderation/readers/${r.subject_id}"><bdi>${r.subject_name ?? tr.t('desk.mod.readerId', { id: r.subject_id })}</bdi></a>`
        : html`${known(tr, 'desk.mod.subject', r.subject_type)} ${r.subject_id}`
  return newsroomLayout(
    frame,
    html`<h1>${tr.t('desk.mod.logTitle')}</h1>
<table class="nr-table"><thead><tr><th scope="col">${tr.t('desk.mod.when')}</th><th scope="col">${tr.t('desk.mod.who')}</th><th scope="col">${tr.t('desk.mod.action')}</th><th scope="col">${tr.t('desk.mod.onCol')}</th><th scope="col">${tr.t('desk.mod.detail')}</th></tr></thead><tbody>
${rows.map((r) => html`<tr><td>${tr.timestamp(r.at)}</td><td><bdi>${r.actor ?? tr.t('desk.mod.system')}</bdi></td><td>${known(tr, 'desk.mod.act', r.action)}</td><td>${subject(r)}</td><td>${describeDetail(tr, r.detail)}</td></tr>`)}
</tbody></table>`,
  )
}
