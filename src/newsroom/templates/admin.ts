import type { Account } from '../../accounts/account-store.ts'
import { STAFF_ROLES } from '../../accounts/tables.ts'
import type { Section } from '../../content/types.ts'
import type { FieldProblem } from '../../errors.ts'
import { html, type SafeHtml } from '../../web/html.ts'
import type { Translator } from '../../web/i18n.ts'
import { tHtml } from '../../web/i18n-html.ts'
import { csrfField, field, newsroomLayout, problemText, type NewsroomFrame } from '../../web/newsroom-layout.ts'

const errOf = (tr: Translator, errors: FieldProblem[], name: string) =>
  errors
    .filter((e) => e.field === name)
    .map((e) => problemText(tr, e.message))
    .join(' ') || undefined

function parentSelect(tr: Translator, sections: Section[], selected: number | null, exceptId?: number): SafeHtml {
  return html`<select name="parentId"><option value="">${tr.t('nr.sections.topLevel')}</option>${sections
    .filter((s) => s.id !== exceptId && s.parentId === null)
    .map((s) => html`<option value="${s.id}"${selected === s.id ? html` selected` : ''}>${s.name}</option>`)}</select>`
}

/** Sections: the tree, a form to add one, and one to edit each. */
export function sectionsPage(
  frame: NewsroomFrame,
  o: { sections: Section[]; errors: FieldProblem[]; draft?: { name?: string; slug?: string; description?: string } },
): SafeHtml {
  const tr = frame.tr
  return newsroomLayout(
    frame,
    html`<h1>${tr.t('nr.nav.sections')}</h1>
<p>${tr.t('nr.sections.intro')}</p>
<table class="nr-table"><thead><tr><th scope="col">${tr.t('nr.list.section')}</th><th scope="col">${tr.t('nr.sections.path')}</th><th scope="col">${tr.t('nr.change')}</th></tr></thead><tbody>
${o.sections.map(
  (s) => html`<tr><td>${s.parentId ? '— ' : ''}${s.name}</td><td><a href="/${s.path}/">/${s.path}/</a></td><td>
  <details><summary>${tr.t('nr.editNamed', { name: s.name })}</summary>
  <form method="post" action="/newsroom/sections/${s.id}" class="nr-form nr-form--compact">${csrfField(frame.csrfToken)}
    <label>${tr.t('nr.name')} <input name="name" value="${s.name}" required maxlength="120"></label>
    <label>${tr.t('nr.editor.slug')} <input name="slug" value="${s.slug}" maxlength="80"></label>
    <label>${tr.t('nr.sections.parent')} ${parentSelect(tr, o.sections, s.parentId, s.id)}</label>
    <label>${tr.t('nr.sections.position')} <input name="position" type="number" min="0" max="10000" value="${s.position}"></label>
    <label>${tr.t('nr.sections.description')} <input name="description" value="${s.description}" maxlength="500"></label>
    <button type="submit" class="nr-button">${tr.t('nr.save')}</button>
  </form></details></td></tr>`,
)}
</tbody></table>
<h2>${tr.t('nr.sections.addTitle')}</h2>
<form method="post" action="/newsroom/sections" class="nr-form">${csrfField(frame.csrfToken)}
  ${field({ name: 'name', label: tr.t('nr.name'), value: o.draft?.name, error: errOf(tr, o.errors, 'name'), required: true })}
  ${field({ name: 'slug', label: tr.t('nr.editor.slug'), value: o.draft?.slug, error: errOf(tr, o.errors, 'slug'), hint: tr.t('nr.sections.slugHint') })}
  <label>${tr.t('nr.sections.parent')} ${parentSelect(tr, o.sections, null)}</label>
  <p class="nr-error" data-error-for="parentId"${errOf(tr, o.errors, 'parentId') ? '' : html` hidden`}>${errOf(tr, o.errors, 'parentId') ?? ''}</p>
  ${field({ name: 'description', label: tr.t('nr.sections.description'), value: o.draft?.description, error: errOf(tr, o.errors, 'description'), hint: tr.t('nr.sections.descriptionHint'), attrs: html`maxlength="500"` })}
  ${field({ name: 'position', label: tr.t('nr.sections.position'), type: 'number', hint: tr.t('nr.sections.positionHint'), attrs: html`min="0" max="10000"` })}
  <button type="submit" class="nr-button nr-button--primary">${tr.t('nr.sections.add')}</button>
</form>`,
  )
}

/** Staff accounts: roles, disabling, password resets; adding people. */
export function peoplePage(
  frame: NewsroomFrame,
  o: { people: Account[]; errors: FieldProblem[]; created?: { email: string; password: string } | undefined; draft?: { email?: string; displayName?: string } },
): SafeHtml {
  const tr = frame.tr
  return newsroomLayout(
    frame,
    html`<h1>${tr.t('nr.nav.people')}</h1>
${o.created ? html`<div class="flash flash--ok" role="status"><p>${tr.t('nr.people.created', { email: o.created.email })}</p><p><code class="nr-secret">${o.created.password}</code></p></div>` : ''}
<table class="nr-table"><thead><tr><th scope="col">${tr.t('nr.name')}</th><th scope="col">${tr.t('nr.email')}</th><th scope="col">${tr.t('nr.people.role')}</th><th scope="col">${tr.t('nr.people.lastSignIn')}</th><th scope="col">${tr.t('nr.people.actions')}</th></tr></thead><tbody>
${o.people.map(
  (
    p,
  ) => html`<tr${p.disabledAt ? html` class="nr-disabled"` : ''}><td>${p.displayName}${p.disabledAt ? ` ${tr.t('nr.people.disabled')}` : ''}</td><td>${p.email}</td>
  <td><form method="post" action="/newsroom/people/${p.id}" class="nr-inline-form">${csrfField(frame.csrfToken)}<input type="hidden" name="op" value="role">
    <select name="role" aria-label="${tr.t('nr.people.roleOf', { name: p.displayName })}">${STAFF_ROLES.map((r) => html`<option value="${r}"${p.role === r ? html` selected` : ''}>${tr.t(`nr.role.${r}`)}</option>`)}</select> <button type="submit" class="nr-button">${tr.t('nr.people.set')}</button></form></td>
  <td>${p.lastSignInAt ? tr.timestamp(p.lastSignInAt) : tr.t('nr.never')}</td>
  <td class="nr-actions">
    <form method="post" action="/newsroom/people/${p.id}" class="nr-inline-form">${csrfField(frame.csrfToken)}<input type="hidden" name="op" value="${p.disabledAt ? 'enable' : 'disable'}"><button type="submit" class="nr-button">${p.disabledAt ? tr.t('nr.people.enable') : tr.t('nr.people.disable')}</button></form>
    <form method="post" action="/newsroom/people/${p.id}" class="nr-inline-form">${csrfField(frame.csrfToken)}<input type="hidden" name="op" value="reset"><button type="submit" class="nr-button">${tr.t('nr.people.reset')}</button></form>
    ${p.twoFactor ? html`<form method="post" action="/newsroom/people/${p.id}" class="nr-inline-form">${csrfField(frame.csrfToken)}<input type="hidden" name="op" value="two-factor-off"><button type="submit" class="nr-button" title="${tr.t('nr.people.twoFactorOffHint')}">${tr.t('nr.people.twoFactorOff')}</button></form>` : ''}
  </td></tr>`,
)}
</tbody></table>
<h2>${tr.t('nr.people.addTitle')}</h2>
<form method="post" action="/newsroom/people" class="nr-form">${csrfField(frame.csrfToken)}<input type="hidden" name="op" value="create">
  ${field({ name: 'displayName', label: tr.t('nr.name'), value: o.draft?.displayName, error: errOf(tr, o.errors, 'displayName'), required: true })}
  ${field({ name: 'email', label: tr.t('nr.email'), type: 'email', value: o.draft?.email, error: errOf(tr, o.errors, 'email'), required: true })}
  <label>${tr.t('nr.people.role')} <select name="role">${STAFF_ROLES.map((r) => html`<option value="${r}"${r === 'reporter' ? html` selected` : ''}>${tr.t(`nr.role.${r}`)}</option>`)}</select></label>
  <p class="nr-hint">${tr.t('nr.people.addHint')}</p>
  <button type="submit" class="nr-button nr-button--primary">${tr.t('nr.people.add')}</button>
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
  const tr = frame.tr
  return newsroomLayout(
    frame,
    html`<h1>${tr.t('nr.nav.tokens')}</h1>
<p>${tHtml(tr, 'nr.tokens.intro', { openapi: html`<a href="/api/admin/openapi.json">${tr.t('nr.tokens.openapi')}</a>`, header: html`<code>Authorization: Bearer TOKEN</code>` })}</p>
${o.created ? html`<div class="flash flash--ok" role="status"><p>${tr.t('nr.tokens.created')}</p><p><code class="nr-secret">${o.created}</code></p></div>` : ''}
${
  o.tokens.some((t) => t.revoked_reason)
    ? html`<div class="flash flash--error" role="status"><p>${tHtml(tr, 'nr.tokens.revokedForYou', {
        list: html`${o.tokens
          .filter((t) => t.revoked_reason)
          .map((t) => tHtml(tr, 'nr.tokens.revokedOne', { name: html`<q>${t.name}</q>` }, { reason: t.revoked_reason ?? '' }))
          .flatMap((x, i) => (i ? [html`; `, x] : [x]))}`,
      })}</p></div>`
    : ''
}
<table class="nr-table"><thead><tr><th scope="col">${tr.t('nr.name')}</th><th scope="col">${tr.t('nr.tokens.startsWith')}</th><th scope="col">${tr.t('nr.tokens.scopes')}</th><th scope="col">${tr.t('nr.tokens.createdAt')}</th><th scope="col">${tr.t('nr.tokens.expires')}</th><th scope="col">${tr.t('nr.tokens.lastUsed')}</th><th scope="col"></th></tr></thead><tbody>
${o.tokens.map(
  (
    t,
  ) => html`<tr><td>${t.name}</td><td><code>${t.prefix}…</code></td><td>${t.scopes.map((x) => (['read', 'write', 'publish', 'admin'].includes(x) ? tr.t(`nr.tokens.scope.${x as 'read'}`) : x)).join(', ')}</td><td>${tr.timestamp(t.created_at)}</td><td>${t.expires_at ? tr.timestamp(t.expires_at) : tr.t('nr.never')}</td><td>${t.last_used_at ? tr.timestamp(t.last_used_at) : tr.t('nr.never')}</td>
  <td>${t.revoked_at ? (t.revoked_reason ? tr.t('nr.tokens.revokedBecause', { reason: t.revoked_reason }) : tr.t('nr.tokens.revoked')) : html`<form method="post" action="/newsroom/tokens/${t.id}/revoke">${csrfField(frame.csrfToken)}<button type="submit" class="nr-button">${tr.t('nr.tokens.revoke')}</button></form>`}</td></tr>`,
)}
</tbody></table>
<h2>${tr.t('nr.tokens.newTitle')}</h2>
<form method="post" action="/newsroom/tokens" class="nr-form">${csrfField(frame.csrfToken)}
  ${field({ name: 'name', label: tr.t('nr.name'), hint: tr.t('nr.tokens.nameHint'), error: o.error, required: true, attrs: html`maxlength="80"` })}
  <fieldset><legend>${tr.t('nr.tokens.scopes')}</legend>${(['read', 'write', 'publish', 'admin'] as const).map(
    (scope) =>
      html`<label><input type="checkbox" name="scopes" value="${scope}"${scope === 'read' || scope === 'write' ? html` checked` : ''}> ${tr.t(`nr.tokens.scope.${scope}`)}</label> `,
  )}</fieldset>
  ${field({ name: 'expiresInDays', label: tr.t('nr.tokens.expiresAfter'), hint: tr.t('nr.tokens.expiresHint'), attrs: html`inputmode="numeric" pattern="[0-9]*"` })}
  <button type="submit" class="nr-button nr-button--primary">${tr.t('nr.tokens.create')}</button>
</form>`,
  )
}
