import { html, type SafeHtml } from '../web/html.ts'
import { tHtml } from '../web/i18n-html.ts'
import { csrfField, newsroomLayout, type NewsroomFrame } from '../web/newsroom-layout.ts'

export interface LinkRow {
  id: number
  code: string
  shortUrl: string
  url: string
  clicks: number
  expiresAt: Date | null
  createdAt: Date
  expired: boolean
}

/** "2026-12-31T23:59" for a datetime-local field (GMT). */
const localValue = (d: Date | null) => (d ? d.toISOString().slice(0, 16) : '')

/** The newsroom's short links page: make a link to any URL, see clicks, change expiry, delete. */
export function linksPage(
  frame: NewsroomFrame,
  o: {
    rows: LinkRow[]
    draft?: { url: string; expiresAt: string }
    error?: { field: string; message: string } | undefined
    made?: LinkRow | undefined
    nextHref?: string | undefined
  },
): SafeHtml {
  const tr = frame.tr
  const err = (field: string) => (o.error?.field === field ? o.error.message : undefined)
  const urlError = err('url')
  return newsroomLayout(
    frame,
    html`<h1>${tr.t('desk.links.title')}</h1>
<p>${tr.t('desk.links.intro')}</p>
${o.made ? html`<p class="flash flash--ok" role="status">${tHtml(tr, 'desk.links.made', { link: html`<a href="${o.made.shortUrl}">${o.made.shortUrl}</a>` }, { url: o.made.url })}</p>` : ''}
<form class="nr-form nr-links-new" method="post" action="/newsroom/links" novalidate>
  ${csrfField(frame.csrfToken)}
  <div class="nr-field${urlError ? ' nr-field--error' : ''}">
    <label for="link-url">${tr.t('desk.links.address')}</label>
    <input id="link-url" name="url" type="url" required maxlength="2000" value="${o.draft?.url ?? ''}"${urlError ? html` aria-invalid="true" aria-describedby="link-url-error"` : ''}>
    ${urlError ? html`<p class="nr-error" id="link-url-error">${urlError}</p>` : ''}
  </div>
  <div class="nr-field${err('expiresAt') ? ' nr-field--error' : ''}">
    <label for="link-expires">${tr.t('desk.links.expires')}</label>
    <input id="link-expires" name="expiresAt" type="datetime-local" value="${o.draft?.expiresAt ?? ''}"${err('expiresAt') ? html` aria-invalid="true" aria-describedby="link-expires-error"` : ''}>
    ${err('expiresAt') ? html`<p class="nr-error" id="link-expires-error">${err('expiresAt')}</p>` : ''}
  </div>
  <button type="submit" class="nr-button">${tr.t('desk.links.make')}</button>
</form>
${
  o.rows.length === 0
    ? html`<p>${tr.t('desk.links.empty')}</p>`
    : html`<table class="nr-table">
  <thead><tr><th scope="col">${tr.t('desk.links.short')}</th><th scope="col">${tr.t('desk.links.goesTo')}</th><th scope="col">${tr.t('desk.links.clicks')}</th><th scope="col">${tr.t('desk.links.expiresCol')}</th><th scope="col"><span class="visually-hidden">${tr.t('desk.links.actions')}</span></th></tr></thead>
  <tbody>${o.rows.map(
    (r) => html`<tr>
    <td><code>${r.shortUrl}</code><br><small>${tHtml(tr, 'desk.links.madeAt', { time: html`<time datetime="${r.createdAt.toISOString()}">${tr.timestamp(r.createdAt)}</time>` })}</small></td>
    <td class="nr-links-target"><a href="${r.url}" rel="noopener noreferrer">${r.url}</a></td>
    <td>${tr.number(r.clicks)}</td>
    <td><form method="post" action="/newsroom/links/${r.id}">${csrfField(frame.csrfToken)}
      <label class="visually-hidden" for="exp-${r.id}">${tr.t('desk.links.expiryOf', { link: r.shortUrl })}</label>
      <input id="exp-${r.id}" name="expiresAt" type="datetime-local" value="${localValue(r.expiresAt)}">
      <button type="submit" class="nr-button nr-button--small">${tr.t('desk.save')}</button>${r.expired ? html` <span class="nr-badge nr-badge--warn">${tr.t('desk.links.expired')}</span>` : ''}</form></td>
    <td><form method="post" action="/newsroom/links/${r.id}/delete">${csrfField(frame.csrfToken)}<button type="submit" class="nr-button nr-button--small nr-button--danger" aria-label="${tr.t('desk.links.deleteLabel', { link: r.shortUrl })}">${tr.t('desk.delete')}</button></form></td>
  </tr>`,
  )}</tbody></table>`
}
${o.nextHref ? html`<nav class="nr-pager" aria-label="${tr.t('desk.pages')}"><a href="${o.nextHref}">${tr.t('desk.links.older')}</a></nav>` : ''}`,
  )
}
