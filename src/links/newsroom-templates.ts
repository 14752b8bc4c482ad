import { html, type SafeHtml } from '../web/html.ts'
import { formatGmt } from '../web/format.ts'
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
  const err = (field: string) => (o.error?.field === field ? o.error.message : undefined)
  const urlError = err('url')
  return newsroomLayout(
    frame,
    html`<h1>Short links</h1>
<p>Short links to any address, for print, radio and social posts. Every published article already has its own, shown on its page.</p>
${o.made ? html`<p class="flash flash--ok" role="status">Made <a href="${o.made.shortUrl}">${o.made.shortUrl}</a> → ${o.made.url}</p>` : ''}
<form class="nr-form nr-links-new" method="post" action="/newsroom/links" novalidate>
  ${csrfField(frame.csrfToken)}
  <div class="nr-field${urlError ? ' nr-field--error' : ''}">
    <label for="link-url">Address (http:// or https://)</label>
    <input id="link-url" name="url" type="url" required maxlength="2000" value="${o.draft?.url ?? ''}"${urlError ? html` aria-invalid="true" aria-describedby="link-url-error"` : ''}>
    ${urlError ? html`<p class="nr-error" id="link-url-error">${urlError}</p>` : ''}
  </div>
  <div class="nr-field${err('expiresAt') ? ' nr-field--error' : ''}">
    <label for="link-expires">Expires (GMT, optional)</label>
    <input id="link-expires" name="expiresAt" type="datetime-local" value="${o.draft?.expiresAt ?? ''}"${err('expiresAt') ? html` aria-invalid="true" aria-describedby="link-expires-error"` : ''}>
    ${err('expiresAt') ? html`<p class="nr-error" id="link-expires-error">${err('expiresAt')}</p>` : ''}
  </div>
  <button type="submit" class="nr-button">Make short link</button>
</form>
${
  o.rows.length === 0
    ? html`<p>No short links yet.</p>`
    : html`<table class="nr-table">
  <thead><tr><th scope="col">Short link</th><th scope="col">Goes to</th><th scope="col">Clicks</th><th scope="col">Expires (GMT)</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
  <tbody>${o.rows.map(
    (r) => html`<tr>
    <td><code>${r.shortUrl}</code><br><small>made <time datetime="${r.createdAt.toISOString()}">${formatGmt(r.createdAt)}</time></small></td>
    <td class="nr-links-target"><a href="${r.url}" rel="noopener noreferrer">${r.url}</a></td>
    <td>${r.clicks.toLocaleString('en-US')}</td>
    <td><form method="post" action="/newsroom/links/${r.id}">${csrfField(frame.csrfToken)}
      <label class="visually-hidden" for="exp-${r.id}">Expiry of ${r.shortUrl}</label>
      <input id="exp-${r.id}" name="expiresAt" type="datetime-local" value="${localValue(r.expiresAt)}">
      <button type="submit" class="nr-button nr-button--small">Save</button>${r.expired ? html` <span class="nr-badge nr-badge--warn">expired</span>` : ''}</form></td>
    <td><form method="post" action="/newsroom/links/${r.id}/delete">${csrfField(frame.csrfToken)}<button type="submit" class="nr-button nr-button--small nr-button--danger" aria-label="Delete ${r.shortUrl}">Delete</button></form></td>
  </tr>`,
  )}</tbody></table>`
}
${o.nextHref ? html`<nav class="nr-pager" aria-label="Pages"><a href="${o.nextHref}">Older links</a></nav>` : ''}`,
  )
}
