import type { Account } from '../../accounts/account-store.ts'
import { STAFF_ROLES } from '../../accounts/tables.ts'
import type { Section } from '../../content/types.ts'
import type { FieldProblem } from '../../errors.ts'
import { formatGmt } from '../../web/format.ts'
import { html, type SafeHtml } from '../../web/html.ts'
import { csrfField, field, newsroomLayout, type NewsroomFrame } from '../../web/newsroom-layout.ts'

const errOf = (errors: FieldProblem[], name: string) =>
  errors
    .filter((e) => e.field === name)
    .map((e) => e.message)
    .join(' ') || undefined

function parentSelect(sections: Section[], selected: number | null, exceptId?: number): SafeHtml {
  return html`<select name="parentId"><option value="">(top level)</option>${sections
    .filter((s) => s.id !== exceptId && s.parentId === null)
    .map((s) => html`<option value="${s.id}"${selected === s.id ? html` selected` : ''}>${s.name}</option>`)}</select>`
}

/** Sections: the tree, a form to add one, and one to edit each. */
export function sectionsPage(
  frame: NewsroomFrame,
  o: { sections: Section[]; errors: FieldProblem[]; draft?: { name?: string; slug?: string; description?: string } },
): SafeHtml {
  return newsroomLayout(
    frame,
    html`<h1>Sections</h1>
<p>Renaming or moving a section keeps its old addresses (and its articles’) redirecting.</p>
<table class="nr-table"><thead><tr><th scope="col">Section</th><th scope="col">Path</th><th scope="col">Change</th></tr></thead><tbody>
${o.sections.map(
  (s) => html`<tr><td>${s.parentId ? '— ' : ''}${s.name}</td><td><a href="/${s.path}/">/${s.path}/</a></td><td>
  <details><summary>Edit ${s.name}</summary>
  <form method="post" action="/newsroom/sections/${s.id}" class="nr-form nr-form--compact">${csrfField(frame.csrfToken)}
    <label>Name <input name="name" value="${s.name}" required maxlength="120"></label>
    <label>Slug <input name="slug" value="${s.slug}" maxlength="80"></label>
    <label>Parent ${parentSelect(o.sections, s.parentId, s.id)}</label>
    <label>Position <input name="position" type="number" min="0" max="10000" value="${s.position}"></label>
    <label>Description <input name="description" value="${s.description}" maxlength="500"></label>
    <button type="submit" class="nr-button">Save</button>
  </form></details></td></tr>`,
)}
</tbody></table>
<h2>Add a section</h2>
<form method="post" action="/newsroom/sections" class="nr-form">${csrfField(frame.csrfToken)}
  ${field({ name: 'name', label: 'Name', value: o.draft?.name, error: errOf(o.errors, 'name'), required: true })}
  ${field({ name: 'slug', label: 'Slug', value: o.draft?.slug, error: errOf(o.errors, 'slug'), hint: 'Made from the name when empty' })}
  <label>Parent ${parentSelect(o.sections, null)}</label>
  <p class="nr-error" data-error-for="parentId"${errOf(o.errors, 'parentId') ? '' : html` hidden`}>${errOf(o.errors, 'parentId') ?? ''}</p>
  ${field({ name: 'description', label: 'Description', value: o.draft?.description, error: errOf(o.errors, 'description'), hint: 'One line under the section’s name on its page', attrs: html`maxlength="500"` })}
  ${field({ name: 'position', label: 'Position', type: 'number', hint: 'Among its sibling sections, smallest first; empty: after the others', attrs: html`min="0" max="10000"` })}
  <button type="submit" class="nr-button nr-button--primary">Add section</button>
</form>`,
  )
}

/** Staff accounts: roles, disabling, password resets; adding people. */
export function peoplePage(
  frame: NewsroomFrame,
  o: { people: Account[]; errors: FieldProblem[]; created?: { email: string; password: string } | undefined; draft?: { email?: string; displayName?: string } },
): SafeHtml {
  return newsroomLayout(
    frame,
    html`<h1>People</h1>
${o.created ? html`<div class="flash flash--ok" role="status"><p>Account for ${o.created.email} ready. Its one-time password, shown only this once (a new one is chosen at the first sign-in):</p><p><code class="nr-secret">${o.created.password}</code></p></div>` : ''}
<table class="nr-table"><thead><tr><th scope="col">Name</th><th scope="col">E-mail</th><th scope="col">Role</th><th scope="col">Last sign-in (GMT)</th><th scope="col">Actions</th></tr></thead><tbody>
${o.people.map(
  (p) => html`<tr${p.disabledAt ? html` class="nr-disabled"` : ''}><td>${p.displayName}${p.disabledAt ? ' (disabled)' : ''}</td><td>${p.email}</td>
  <td><form method="post" action="/newsroom/people/${p.id}" class="nr-inline-form">${csrfField(frame.csrfToken)}<input type="hidden" name="op" value="role">
    <select name="role" aria-label="Role of ${p.displayName}">${STAFF_ROLES.map((r) => html`<option${p.role === r ? html` selected` : ''}>${r}</option>`)}</select> <button type="submit" class="nr-button">Set</button></form></td>
  <td>${p.lastSignInAt ? formatGmt(p.lastSignInAt) : 'never'}</td>
  <td class="nr-actions">
    <form method="post" action="/newsroom/people/${p.id}" class="nr-inline-form">${csrfField(frame.csrfToken)}<input type="hidden" name="op" value="${p.disabledAt ? 'enable' : 'disable'}"><button type="submit" class="nr-button">${p.disabledAt ? 'Enable' : 'Disable'}</button></form>
    <form method="post" action="/newsroom/people/${p.id}" class="nr-inline-form">${csrfField(frame.csrfToken)}<input type="hidden" name="op" value="reset"><button type="submit" class="nr-button">Reset password</button></form>
    ${p.twoFactor ? html`<form method="post" action="/newsroom/people/${p.id}" class="nr-inline-form">${csrfField(frame.csrfToken)}<input type="hidden" name="op" value="two-factor-off"><button type="submit" class="nr-button" title="For someone who lost both their phone and their recovery codes">Turn off two-factor</button></form>` : ''}
  </td></tr>`,
)}
</tbody></table>
<h2>Add a person</h2>
<form method="post" action="/newsroom/people" class="nr-form">${csrfField(frame.csrfToken)}<input type="hidden" name="op" value="create">
  ${field({ name: 'displayName', label: 'Name', value: o.draft?.displayName, error: errOf(o.errors, 'displayName'), required: true })}
  ${field({ name: 'email', label: 'E-mail', type: 'email', value: o.draft?.email, error: errOf(o.errors, 'email'), required: true })}
  <label>Role <select name="role">${STAFF_ROLES.map((r) => html`<option${r === 'reporter' ? html` selected` : ''}>${r}</option>`)}</select></label>
  <p class="nr-hint">A one-time password is generated and shown once; they choose their own at the first sign-in.</p>
  <button type="submit" class="nr-button nr-button--primary">Add</button>
</form>`,
  )
}

/** The signed-in person's API tokens. */
export function tokensPage(
  frame: NewsroomFrame,
  o: {
    tokens: {
      id: number
      name: string
      prefix: string
      created_at: Date
      last_used_at: Date | null
      revoked_at: Date | null
      revoked_reason: string | null
      scopes: string[]
      expires_at: Date | null
    }[]
    created?: string | undefined
    error?: string | undefined
  },
): SafeHtml {
  return newsroomLayout(
    frame,
    html`<h1>API tokens</h1>
<p>Tokens let programs use the admin API (<a href="/api/admin/openapi.json">OpenAPI document</a>) as you: send <code>Authorization: Bearer TOKEN</code>. Only a hash of each token is kept.</p>
${o.created ? html`<div class="flash flash--ok" role="status"><p>Your new token, shown only this once:</p><p><code class="nr-secret">${o.created}</code></p></div>` : ''}
${
  o.tokens.some((t) => t.revoked_reason)
    ? html`<div class="flash flash--error" role="status"><p>Some of your tokens were revoked for you: ${o.tokens
        .filter((t) => t.revoked_reason)
        .map((t) => html`<q>${t.name}</q> because ${t.revoked_reason}`)
        .flatMap((x, i) => (i ? [html`; `, x] : [x]))}. Programs using them must be given a new token.</p></div>`
    : ''
}
<table class="nr-table"><thead><tr><th scope="col">Name</th><th scope="col">Starts with</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">Last used</th><th scope="col"></th></tr></thead><tbody>
${o.tokens.map(
  (
    t,
  ) => html`<tr><td>${t.name}</td><td><code>${t.prefix}…</code></td><td>${t.scopes.join(', ')}</td><td>${formatGmt(t.created_at)}</td><td>${t.expires_at ? formatGmt(t.expires_at) : 'never'}</td><td>${t.last_used_at ? formatGmt(t.last_used_at) : 'never'}</td>
  <td>${t.revoked_at ? (t.revoked_reason ? html`revoked because ${t.revoked_reason}` : 'revoked') : html`<form method="post" action="/newsroom/tokens/${t.id}/revoke">${csrfField(frame.csrfToken)}<button type="submit" class="nr-button">Revoke</button></form>`}</td></tr>`,
)}
</tbody></table>
<h2>New token</h2>
<form method="post" action="/newsroom/tokens" class="nr-form">${csrfField(frame.csrfToken)}
  ${field({ name: 'name', label: 'Name', hint: 'What the token is for', error: o.error, required: true, attrs: html`maxlength="80"` })}
  <fieldset><legend>Scopes</legend>${(['read', 'write', 'publish', 'admin'] as const).map(
    (scope) =>
      html`<label><input type="checkbox" name="scopes" value="${scope}"${scope === 'read' || scope === 'write' ? html` checked` : ''}> ${scope}</label> `,
  )}</fieldset>
  ${field({ name: 'expiresInDays', label: 'Expires after (days)', hint: 'Leave empty for a token that does not expire', attrs: html`inputmode="numeric" pattern="[0-9]*"` })}
  <button type="submit" class="nr-button nr-button--primary">Create token</button>
</form>`,
  )
}
