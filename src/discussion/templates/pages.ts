import { html, type SafeHtml } from '../../web/html.ts'
import { layout } from '../../web/layout.ts'
import type { Chrome } from '../../web/view-models.ts'
import type { StandardsSection } from '../standards-store.ts'
import type { CommentView, DiscussionView, Viewer } from '../view-models.ts'
import { commentItem, csrfInput } from './comment.ts'
import { discussionSection } from './discussion.ts'
import { tHtml } from '../../web/i18n-html.ts'

type Assets = { css: string; icon: string; script: string; viewer?: { name: string; staff: boolean } | undefined }

const backLink = (a: { path: string; headline: string }) => html`<p class="discussion-page__article"><a href="${a.path}">← ${a.headline}</a></p>`

/** The discussion on its own page: works without JavaScript, shows the reader's own forms. */
export function discussionPage(chrome: Chrome, assets: Assets, v: DiscussionView): SafeHtml {
  // the page's own heading: the discussion of which article (the section below keeps its h2)
  const main = html`<div class="discussion-page">
  <p class="section-label">${v.tr.t('discussion.title')}</p>
  <h1 class="discussion-page__title"><a href="${v.articlePath}" dir="auto">${v.headline}</a></h1>
  ${discussionSection(v)}</div>`
  return layout({
    chrome,
    assets,
    title: `${v.tr.t('discussion.pageTitle', { headline: v.headline })} | ${chrome.siteName}`,
    main,
    bodyClass: 'page-discussion',
    head: html`<meta name="robots" content="noindex">`,
  })
}

/** One comment and all its replies. */
export function threadPage(
  chrome: Chrome,
  assets: Assets,
  o: { article: { path: string; headline: string; id: number }; comment: CommentView; viewer: Viewer; nextHref: string | undefined; prefix?: string },
): SafeHtml {
  const tr = o.comment.tr
  const main = html`<div class="discussion-page">${backLink(o.article)}
<section class="discussion" aria-labelledby="thread-h">
  <h1 id="thread-h" class="discussion-page__title">${tr.t('thread.title')}</h1>
  <p><a href="/discussion/${o.article.id}#c-${o.comment.id}">${tr.t('thread.back')}</a> · <a href="${o.prefix ?? ''}/community-standards">${tr.t('site.standards')}</a></p>
  <ol class="comments">${commentItem(o.comment, o.viewer, { closed: false })}</ol>
  ${o.nextHref ? html`<p class="discussion__more"><a href="${o.nextHref}">${tr.t('thread.more')}</a></p>` : ''}
</section></div>`
  return layout({ chrome, assets, title: `${tr.t('thread.pageTitle')} | ${chrome.siteName}`, main, head: html`<meta name="robots" content="noindex">` })
}

/** Editing your own comment (no JavaScript needed). */
export function editPage(
  chrome: Chrome,
  assets: Assets,
  o: { comment: CommentView; viewer: Viewer; body: string; error?: string | undefined; maxLength: number },
): SafeHtml {
  const tr = o.comment.tr
  const main = html`<div class="discussion-page">
<h1 class="discussion-page__title">${tr.t('comment.editTitle')}</h1>
<form class="comment-form" method="post" action="/discussion/comments/${o.comment.id}/edit">
  ${csrfInput(o.viewer)}
  <label class="comment-form__label" for="edit-body">${tr.t('comment.yourComment')}</label>
  <textarea id="edit-body" name="body" dir="auto" rows="6" maxlength="${o.maxLength}" required aria-describedby="edit-error"${o.error ? html` aria-invalid="true"` : ''}>${o.body}</textarea>
  <p class="comment-form__error" id="edit-error" role="alert"${o.error ? '' : html` hidden`}>${o.error ?? ''}</p>
  <p class="comment-form__actions"><button type="submit" class="button">${tr.t('comment.save')}</button> <a href="/discussion/${o.comment.articleId}#c-${o.comment.id}">${tr.t('comment.cancel')}</a></p>
</form></div>`
  return layout({ chrome, assets, title: `${tr.t('comment.editTitle')} | ${chrome.siteName}`, main })
}

/** Reporting a comment: which numbered section of the community standards it breaks. */
export function reportPage(
  chrome: Chrome,
  assets: Assets,
  o: { comment: CommentView; viewer: Viewer; sections: StandardsSection[]; error?: string | undefined; done?: boolean; prefix?: string },
): SafeHtml {
  const tr = o.comment.tr
  const main = html`<div class="discussion-page">
<h1 class="discussion-page__title">${tr.t('report.title')}</h1>
<blockquote class="report__quote"><p class="comment__meta"><bdi class="comment__author">${o.comment.authorName}</bdi></p>${o.comment.html}</blockquote>
${
  o.done
    ? html`<p class="flash flash--ok" role="status">${tr.t('report.thanks')}</p><p><a href="/discussion/${o.comment.articleId}#c-${o.comment.id}">${tr.t('report.back')}</a></p>`
    : html`<form class="report-form" method="post" action="/discussion/comments/${o.comment.id}/report">
  ${csrfInput(o.viewer)}
  <fieldset><legend>${tHtml(tr, 'report.which', { standards: html`<a href="${o.prefix ?? ''}/community-standards">${tr.t('report.standards')}</a>` })}</legend>
  ${o.sections.map((s) => html`<p><label><input type="radio" name="section" value="${s.number}" required> ${s.number}. ${s.title}</label></p>`)}
  </fieldset>
  <label for="report-note">${tr.t('report.note')}</label>
  <textarea id="report-note" dir="auto" name="note" rows="3" maxlength="500"></textarea>
  <p class="comment-form__error" role="alert"${o.error ? '' : html` hidden`}>${o.error ?? ''}</p>
  <p><button type="submit" class="button">${tr.t('report.send')}</button> <a href="/discussion/${o.comment.articleId}#c-${o.comment.id}">${tr.t('comment.cancel')}</a></p>
</form>`
}
</div>`
  return layout({ chrome, assets, title: `${tr.t('report.title')} | ${chrome.siteName}`, main })
}
