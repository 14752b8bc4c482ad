import { html, type SafeHtml } from '../web/html.ts'
import type { MessageKey, Translator } from '../web/i18n.ts'
import { tHtml } from '../web/i18n-html.ts'
import { csrfField, newsroomLayout, type NewsroomFrame } from '../web/newsroom-layout.ts'
import type { SyndicationKey } from './key-store.ts'
import { KEY_SCOPES, type KeyScope } from './tables.ts'

const SCOPE_TEXT: Record<KeyScope, MessageKey> = {
  content: 'desk.keys.scope.content',
  feed: 'desk.keys.scope.feed',
  wire: 'desk.keys.scope.wire',
}

const time = (tr: Translator, d: Date | null) => (d ? html`<time datetime="${d.toISOString()}">${tr.timestamp(d)}</time>` : html`${tr.t('desk.keys.never')}`)

/** The newsroom's syndication page: API keys (made and revoked by admins), links to webhooks and the API docs. */
export function keysPage(
  frame: NewsroomFrame,
  o: { keys: SyndicationKey[]; made?: { name: string; secret: string } | undefined; error?: string | undefined; draft?: { name: string; scopes: KeyScope[] } },
): SafeHtml {
  const checked = (s: KeyScope) => (o.draft ? o.draft.scopes.includes(s) : s === 'content')
  const tr = frame.tr
  return newsroomLayout(
    frame,
    html`<h1>${tr.t('desk.keys.title')}</h1>
<p>${tHtml(tr, 'desk.keys.intro', {
      api: html`<a href="/api/content/openapi.json">${tr.t('desk.keys.contentApi')}</a>`,
      webhooks: html`<a href="/newsroom/syndication/webhooks">${tr.t('desk.hooks.title')}</a>`,
    })}</p>
${
  o.made
    ? html`<div class="flash flash--ok" role="status"><p>${tr.t('desk.keys.made', { name: o.made.name })}</p><p><code class="nr-secret">${o.made.secret}</code></p></div>`
    : ''
}
<h2>${tr.t('desk.keys.new')}</h2>
<form class="nr-form" method="post" action="/newsroom/syndication/keys" novalidate>
  ${csrfField(frame.csrfToken)}
  <div class="nr-field${o.error ? ' nr-field--error' : ''}">
    <label for="key-name">${tr.t('desk.keys.for')}</label>
    <input id="key-name" name="name" required maxlength="200" value="${o.draft?.name ?? ''}"${o.error ? html` aria-invalid="true" aria-describedby="key-error"` : ''}>
    ${o.error ? html`<p class="nr-error" id="key-error">${o.error}</p>` : ''}
  </div>
  <fieldset class="nr-field"><legend>${tr.t('desk.keys.may')}</legend>
  ${KEY_SCOPES.map((s) => html`<label><input type="checkbox" name="scopes" value="${s}"${checked(s) ? html` checked` : ''}> ${tr.t(SCOPE_TEXT[s])}</label><br>`)}
  </fieldset>
  <button type="submit" class="nr-button">${tr.t('desk.keys.make')}</button>
</form>
<h2>${tr.t('desk.keys.list')}</h2>
${
  o.keys.length === 0
    ? html`<p>${tr.t('desk.keys.empty')}</p>`
    : html`<table class="nr-table">
<thead><tr><th scope="col">${tr.t('desk.keys.forCol')}</th><th scope="col">${tr.t('desk.keys.keyCol')}</th><th scope="col">${tr.t('desk.keys.mayCol')}</th><th scope="col">${tr.t('desk.keys.madeCol')}</th><th scope="col">${tr.t('desk.keys.lastUsed')}</th><th scope="col"><span class="visually-hidden">${tr.t('desk.links.actions')}</span></th></tr></thead>
<tbody>${o.keys.map(
        (k) => html`<tr${k.revokedAt ? html` class="nr-row--muted"` : ''}>
  <td>${k.name}</td><td><code>${k.prefix}…</code></td><td>${k.scopes.join(', ')}</td><td>${time(tr, k.createdAt)}</td><td>${time(tr, k.lastUsedAt)}</td>
  <td>${
    k.revokedAt
      ? tHtml(tr, 'desk.keys.revokedAt', { time: time(tr, k.revokedAt) })
      : html`<form method="post" action="/newsroom/syndication/keys/${k.id}/revoke">${csrfField(frame.csrfToken)}<button type="submit" class="nr-button nr-button--small nr-button--danger" aria-label="${tr.t('desk.keys.revokeLabel', { name: k.name })}">${tr.t('desk.keys.revoke')}</button></form>`
  }</td></tr>`,
      )}</tbody></table>`
}`,
  )
}
