import { CSRF_FIELD } from '../../http/permissions.ts'
import { html, type SafeHtml } from '../../web/html.ts'
import type { CommentView, Viewer } from '../view-models.ts'

export const csrfInput = (viewer: Viewer): SafeHtml => (viewer ? html`<input type="hidden" name="${CSRF_FIELD}" value="${viewer.csrf}">` : html``)

/** The like control: a form for signed-in readers (works without JavaScript), a sign-in link otherwise. */
function likeControl(c: CommentView, viewer: Viewer): SafeHtml {
  const count = html`<span class="comment__likes" data-likes="${c.id}">${c.tr.t('comment.likes', { n: c.likes })}</span>`
  if (c.mine || c.status !== 'approved') return count
  if (!viewer)
    return html`${count} <a class="comment__action" href="/account/sign-in?next=${encodeURIComponent(`/discussion/${c.articleId}#c-${c.id}`)}" data-like="${c.id}">${c.tr.t('comment.like')}</a>`
  const verb = c.liked ? 'unlike' : 'like'
  return html`${count} <form class="comment__inline-form" method="post" action="/discussion/comments/${c.id}/${verb}" data-like-form="${c.id}">${csrfInput(viewer)}<button type="submit" class="comment__action" aria-pressed="${c.liked ? 'true' : 'false'}">${c.tr.t(c.liked ? 'comment.liked' : 'comment.like')}</button></form>`
}

function actions(c: CommentView, viewer: Viewer, o: { closed: boolean }): SafeHtml {
  if (c.status === 'deleted' || c.status === 'removed') return html``
  const parts: SafeHtml[] = [likeControl(c, viewer)]
  if (c.status === 'approved' && c.parentId === null && !o.closed)
    parts.push(
      html`<a class="comment__action" href="/discussion/${c.articleId}?reply=${c.id}#reply-${c.id}" data-reply="${c.id}">${c.tr.t('comment.reply')}</a>`,
    )
  if (c.status === 'approved' && !c.mine)
    parts.push(html`<a class="comment__action" href="/discussion/comments/${c.id}/report">${c.tr.t('comment.report')}</a>`)
  if (c.editable) parts.push(html`<a class="comment__action" href="/discussion/comments/${c.id}/edit">${c.tr.t('comment.edit')}</a>`)
  if (c.mine)
    parts.push(
      html`<form class="comment__inline-form" method="post" action="/discussion/comments/${c.id}/delete" data-delete-form="${c.id}">${csrfInput(viewer)}<button type="submit" class="comment__action">${c.tr.t('comment.delete')}</button></form>`,
    )
  return html`<div class="comment__actions">${parts}</div>`
}

/** One comment with its replies; every piece of reader text goes through the escaping template. */
export function commentItem(c: CommentView, viewer: Viewer, o: { closed: boolean; replyForm?: SafeHtml | undefined } = { closed: false }): SafeHtml {
  const pending = c.status === 'pending'
  return html`<li class="comment${c.parentId !== null ? ' comment--reply' : ''}${pending ? ' comment--pending' : ''}${c.status === 'deleted' || c.status === 'removed' ? ' comment--deleted' : ''}" id="c-${c.id}" data-comment-id="${c.id}"${c.parentId !== null ? html` data-parent-id="${c.parentId}"` : ''}>
  ${
    c.status === 'deleted' || c.status === 'removed'
      ? html`<p class="comment__removed">${c.tr.t(c.status === 'deleted' ? 'comment.deleted' : 'comment.removed')}</p>`
      : html`<p class="comment__meta"><bdi class="comment__author">${c.authorName}</bdi> <a class="comment__permalink" href="/discussion/${c.articleId}#c-${c.id}"><time datetime="${c.time.iso}">${c.time.display}</time></a>${c.edited ? html` <span class="comment__edited">${c.tr.t('comment.edited')}</span>` : ''}${pending ? html` <strong class="comment__badge">${c.tr.t('comment.awaiting')}</strong>` : ''}</p>
  <div class="comment__body" dir="auto">${c.html}</div>
  ${actions(c, viewer, o)}`
  }
  ${
    c.parentId === null
      ? html`<ol class="comment__replies" data-replies="${c.id}">${c.replies.map((r) => commentItem(r, viewer, { closed: o.closed }))}</ol>${c.moreReplies > 0 ? html`<p class="comment__more-replies"><a href="/discussion/comments/${c.id}">${c.tr.t('comment.showReplies', { n: c.replies.length + c.moreReplies })}</a></p>` : ''}${o.replyForm ?? ''}`
      : ''
  }
</li>`
}
