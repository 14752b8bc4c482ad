import { html, type SafeHtml } from '../web/html.ts'
import { formatGmt } from '../web/format.ts'
import { csrfField, newsroomLayout, type NewsroomFrame } from '../web/newsroom-layout.ts'
import type { SyndicationKey } from './key-store.ts'
import { KEY_SCOPES, type KeyScope } from './tables.ts'

const SCOPE_TEXT: Record<KeyScope, string> = {
  content: 'Content API (/api/content/…)',
  feed: 'ninjs subscriber feed (/api/ninjs/items)',
  wire: 'Wire push (POST /api/wire/items)',
}

const time = (d: Date | null) => (d ? html`<time datetime="${d.toISOString()}">${formatGmt(d)}</time>` : html`never`)

/** The newsroom's syndication page: API keys (made and revoked by admins), links to webhooks and the API docs. */
export function keysPage(
  frame: NewsroomFrame,
  o: { keys: SyndicationKey[]; made?: { name: string; secret: string } | undefined; error?: string | undefined; draft?: { name: string; scopes: KeyScope[] } },
): SafeHtml {
  const checked = (s: KeyScope) => (o.draft ? o.draft.scopes.includes(s) : s === 'content')
  return newsroomLayout(
    frame,
    html`<h1>Syndication</h1>
<p>API keys let partners read the <a href="/api/content/openapi.json">Content API</a>, follow the ninjs subscriber feed, or push agency copy to the Wire. <a href="/newsroom/syndication/webhooks">Webhooks</a> tell other systems when stories change.</p>
${
  o.made
    ? html`<div class="flash flash--ok" role="status"><p>Made the key “${o.made.name}”. Copy it now: it is not shown again.</p><p><code class="nr-secret">${o.made.secret}</code></p></div>`
    : ''
}
<h2>New API key</h2>
<form class="nr-form" method="post" action="/newsroom/syndication/keys" novalidate>
  ${csrfField(frame.csrfToken)}
  <div class="nr-field${o.error ? ' nr-field--error' : ''}">
    <label for="key-name">Who it is for</label>
    <input id="key-name" name="name" required maxlength="200" value="${o.draft?.name ?? ''}"${o.error ? html` aria-invalid="true" aria-describedby="key-error"` : ''}>
    ${o.error ? html`<p class="nr-error" id="key-error">${o.error}</p>` : ''}
  </div>
  <fieldset class="nr-field"><legend>What it may do</legend>
  ${KEY_SCOPES.map((s) => html`<label><input type="checkbox" name="scopes" value="${s}"${checked(s) ? html` checked` : ''}> ${SCOPE_TEXT[s]}</label><br>`)}
  </fieldset>
  <button type="submit" class="nr-button">Make key</button>
</form>
<h2>Keys</h2>
${
  o.keys.length === 0
    ? html`<p>No API keys yet.</p>`
    : html`<table class="nr-table">
<thead><tr><th scope="col">For</th><th scope="col">Key</th><th scope="col">May</th><th scope="col">Made (GMT)</th><th scope="col">Last used</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>${o.keys.map(
        (k) => html`<tr${k.revokedAt ? html` class="nr-row--muted"` : ''}>
  <td>${k.name}</td><td><code>${k.prefix}…</code></td><td>${k.scopes.join(', ')}</td><td>${time(k.createdAt)}</td><td>${time(k.lastUsedAt)}</td>
  <td>${
    k.revokedAt
      ? html`revoked ${time(k.revokedAt)}`
      : html`<form method="post" action="/newsroom/syndication/keys/${k.id}/revoke">${csrfField(frame.csrfToken)}<button type="submit" class="nr-button nr-button--small nr-button--danger" aria-label="Revoke the key for ${k.name}">Revoke</button></form>`
  }</td></tr>`,
      )}</tbody></table>`
}`,
  )
}
