import { html, type SafeHtml } from '../web/html.ts'
import { ENGLISH, type Translator } from '../web/i18n.ts'
import { tHtml } from '../web/i18n-html.ts'

/** What the share tools need to know about an article. */
export interface ShareView {
  articleId: number
  headline: string
  canonicalUrl: string
  shortUrl: string
}

/** Networks shared to through /share/{id}/{kind}, which counts the share and redirects. */
export const NETWORKS = [
  { kind: 'x', name: 'X' },
  { kind: 'facebook', name: 'Facebook' },
  { kind: 'linkedin', name: 'LinkedIn' },
  { kind: 'whatsapp', name: 'WhatsApp' },
] as const
export type NetworkKind = (typeof NETWORKS)[number]['kind']

/** The network's own share address for an article. */
export function networkShareUrl(kind: NetworkKind, a: { headline: string; url: string }): string {
  const u = encodeURIComponent(a.url)
  const t = encodeURIComponent(a.headline)
  switch (kind) {
    case 'x':
      return `https://x.com/intent/post?text=${t}&url=${u}`
    case 'facebook':
      return `https://www.facebook.com/sharer/sharer.php?u=${u}`
    case 'linkedin':
      return `https://www.linkedin.com/sharing/share-offsite/?url=${u}`
    case 'whatsapp':
      return `https://wa.me/?text=${encodeURIComponent(`${a.headline} ${a.url}`)}`
  }
}

export function mailtoUrl(s: ShareView): string {
  return `mailto:?subject=${encodeURIComponent(s.headline)}&body=${encodeURIComponent(`${s.headline}\n${s.shortUrl}`)}`
}

function shareLinks(s: ShareView, tr: Translator = ENGLISH): SafeHtml {
  return html`<li><a href="${mailtoUrl(s)}" data-share-kind="email">${tr.t('share.email')}</a></li>
        ${NETWORKS.map((n) => html`<li><a href="/share/${s.articleId}/${n.kind}" rel="nofollow noopener" target="_blank">${n.name}</a></li>`)}`
}

/**
 * Get short URL and the share actions. Without JavaScript "Get short URL" opens a page showing the
 * link; with it, one click copies the link, shows it, and says so (a live region), and the
 * browser's own share sheet is offered in the menu where there is one. The group is laid out
 * within the toolbar (display: contents), the link line on a row of its own so nothing else moves.
 */
export function shareToolsMarkup(s: ShareView, tr: Translator = ENGLISH, prefix = ''): SafeHtml {
  return html`<div class="share" data-share data-article-id="${s.articleId}" data-copied="${tr.t('share.copied')}" data-copy-hint="${tr.t('share.copyHint')}">
    <a class="share__button short-url" href="${prefix}/share/${s.articleId}" data-short-url="${s.shortUrl}">${tr.t('share.shortUrl')}</a>
    <details class="share__menu">
      <summary class="share__button">${tr.t('share.share')}</summary>
      <ul class="share__list">
        <li hidden><button type="button" class="share__native" data-share-native data-title="${s.headline}">${tr.t('share.app')}</button></li>
        ${shareLinks(s, tr)}
      </ul>
    </details>
    <p class="short-url__line" data-short-url-result hidden><input class="short-url__value" type="text" readonly aria-label="${tr.t('share.shortLink')}" size="${s.shortUrl.length + 1}" value="${s.shortUrl}"> <span class="short-url__status" role="status" aria-live="polite" data-short-url-status></span></p>
  </div>`
}

/** The small page behind "Get short URL" for readers without JavaScript. */
export function sharePageBody(s: ShareView & { path: string }, tr: Translator = ENGLISH): SafeHtml {
  return html`<p>${tHtml(tr, 'share.pageIntro', { article: html`<a href="${s.path}">${s.headline}</a>` })}</p>
<p class="share-page__link"><label for="short-url">${tr.t('share.pageTitle')}</label>
<input id="short-url" class="short-url__value" type="text" readonly size="${s.shortUrl.length + 1}" value="${s.shortUrl}"></p>
<p>${tr.t('share.pageCopy')}</p>
<ul class="share__list share__list--page">
  ${shareLinks(s, tr)}
</ul>
<p><a href="${s.path}">${tr.t('share.back')}</a></p>`
}
