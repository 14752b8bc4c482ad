import { randomUUID } from 'node:crypto'
import { html, type SafeHtml } from '../../web/html.ts'
import type { CommentSort } from '../comment-store.ts'
import { COMMENT_SORTS } from '../comment-store.ts'
import { commentCountLabel, SORT_KEYS, type DiscussionView } from '../view-models.ts'
import type { Translator } from '../../web/i18n.ts'
import { tHtml } from '../../web/i18n-html.ts'
import { commentItem, csrfInput } from './comment.ts'

/** What the discussion script says and writes, in the edition's language (plural forms by Intl.PluralRules category). */
function clientWords(tr: Translator) {
  return {
    yourReply: tr.t('comment.yourReply'),
    postReply: tr.t('comment.postReply'),
    like: tr.t('comment.like'),
    liked: tr.t('comment.liked'),
    confirmDelete: tr.t('comment.confirmDelete'),
    deleted: tr.t('comment.isDeleted'),
    newComment: tr.t('discussion.newComment'),
    likes: tr.pluralForms('comment.likes'),
    count: tr.pluralForms('discussion.count'),
  }
}

/** The comment form (top-level or a reply): plain text, its limits said up front. */
export function commentForm(v: DiscussionView, parentId?: number): SafeHtml {
  const id = parentId ? `reply-${parentId}` : 'comment-form'
  const keep = v.form && (v.form.parentId ?? undefined) === parentId ? v.form : undefined
  const hint = v.tr.t('comment.hint', { max: v.tr.number(v.maxLength), links: v.maxLinks })
  return html`<form class="comment-form" id="${id}" method="post" action="/discussion/${v.articleId}/comments" data-comment-form${parentId ? html` data-parent="${parentId}"` : ''}>
  ${csrfInput(v.viewer)}
  <input type="hidden" name="idempotencyKey" value="${randomUUID()}">
  ${parentId ? html`<input type="hidden" name="parentId" value="${parentId}">` : ''}
  <label class="comment-form__label" for="${id}-body">${v.tr.t(parentId ? 'comment.yourReply' : 'comment.yourComment')}</label>
  <p class="comment-form__hint" id="${id}-hint">${hint}</p>
  <textarea id="${id}-body" name="body" dir="auto" rows="${parentId ? 3 : 4}" maxlength="${v.maxLength}" required aria-describedby="${id}-hint ${id}-error"${keep ? html` aria-invalid="true"` : ''}>${keep?.body ?? ''}</textarea>
  <p class="comment-form__error" id="${id}-error" role="alert" data-form-error${keep ? '' : html` hidden`}>${keep?.error ?? ''}</p>
  <p class="comment-form__actions"><button type="submit" class="button">${v.tr.t(parentId ? 'comment.postReply' : 'comment.post')}</button> <span class="comment-form__as">${tHtml(v.tr, 'comment.postingAs', { name: html`<bdi>${v.viewer?.name ?? ''}</bdi>` })} · <a href="/account">${v.tr.t('comment.account')}</a></span></p>
</form>`
}

function formArea(v: DiscussionView): SafeHtml {
  if (v.closed) return html`<p class="discussion__closed">${v.tr.t('discussion.closed')}</p>`
  if (!v.viewer) {
    // back to the article, which is rendered for the reader once signed in
    const next = encodeURIComponent(`${v.articlePath}#discussion`)
    return html`<p class="discussion__join">${tHtml(v.tr, 'discussion.join', {
      signIn: html`<a href="${v.prefix}/account/sign-in?next=${next}">${v.tr.t('discussion.signIn')}</a>`,
      signUp: html`<a href="${v.prefix}/account/sign-up?next=${next}">${v.tr.t('discussion.signUp')}</a>`,
    })}</p>`
  }
  if (v.sanction) {
    const { banned, until, reason } = v.sanction
    return html`<p class="discussion__sanction" id="comment-form-sanction">${
      banned
        ? v.tr.t('discussion.banned')
        : tHtml(v.tr, 'discussion.suspended', { until: html`<time datetime="${until!.toISOString()}">${v.tr.timestamp(until!)}</time>` })
    }${reason ? html` (${reason})` : ''}. <a href="${v.prefix}/community-standards">${v.tr.t('site.standards')}</a></p>`
  }
  return commentForm(v)
}

const sortHref = (v: DiscussionView, s: CommentSort) => `/discussion/${v.articleId}${s === 'newest' ? '' : `?sort=${s}`}`

/** The list of comments and the link to the next page (also the fragment JavaScript loads). */
export function commentList(v: DiscussionView): SafeHtml {
  const replyForm = (id: number) => (v.viewer && !v.closed && v.replyTo === id ? commentForm(v, id) : undefined)
  return html`<ol class="comments" data-comment-list>${v.comments.map((c) => commentItem(c, v.viewer, { closed: v.closed, replyForm: replyForm(c.id) }))}</ol>
${v.nextHref ? html`<p class="discussion__more"><a href="${v.nextHref}" data-more="${v.nextHref.replace(`/discussion/${v.articleId}?`, `/discussion/${v.articleId}/comments?`)}">${v.tr.t('discussion.more')}</a></p>` : ''}`
}

/**
 * The discussion under an article: count, community standards link, the form (or how to sign
 * in), sort order, comments. `data-*` attributes let the script add live updates.
 */
export function discussionSection(v: DiscussionView): SafeHtml {
  return html`<section class="discussion" id="discussion" aria-labelledby="discussion-h" data-discussion="${v.articleId}" data-sort="${v.sort}"${v.viewer ? html` data-signed-in` : ''} data-locale="${v.tr.locale}" data-words="${JSON.stringify(clientWords(v.tr))}">
  <div class="discussion__header">
    <h2 id="discussion-h" class="rule-heading">${v.tr.t('discussion.title')} <span class="discussion__count" data-comment-count="${v.count}">${commentCountLabel(v.count, v.tr)}</span></h2>
    <a class="discussion__standards" href="${v.prefix}/community-standards">${v.tr.t('site.standards')}</a>
  </div>
  ${v.flash ? html`<p class="flash flash--${v.flash.kind}" role="${v.flash.kind === 'error' ? 'alert' : 'status'}">${v.flash.text}</p>` : ''}
  <p class="visually-hidden" aria-live="polite" data-live-status></p>
  ${formArea(v)}
  ${v.ownPending.length ? html`<div class="discussion__pending"><h3 class="discussion__subhead">${v.tr.t('discussion.pending')}</h3><ol class="comments">${v.ownPending.map((c) => commentItem(c, v.viewer))}</ol></div>` : ''}
  ${
    v.count > 0 || v.comments.length > 0
      ? html`<nav class="discussion__sort" aria-label="${v.tr.t('discussion.sortLabel')}"><span>${v.tr.t('discussion.sort')}</span> ${COMMENT_SORTS.map((s) => (s === v.sort ? html`<a href="${sortHref(v, s)}" aria-current="true" data-sort-link="${s}">${v.tr.t(SORT_KEYS[s])}</a> ` : html`<a href="${sortHref(v, s)}" data-sort-link="${s}">${v.tr.t(SORT_KEYS[s])}</a> `))}</nav>`
      : html`<p class="discussion__empty" data-empty>${v.tr.t('discussion.empty')}</p>`
  }
  ${commentList(v)}
</section>`
}

/** The comment count near the top of the article, linking down to the discussion. */
export function commentCountLink(articleId: number, count: number): SafeHtml {
  return html`<p class="article__comments"><a href="#discussion"><span data-comment-count="${count}" data-article="${articleId}">${commentCountLabel(count)}</span></a></p>`
}
