import { CSRF_FIELD } from './auth-plugin.ts'
import { html, type SafeHtml } from '../web/html.ts'
import { layout } from '../web/layout.ts'
import type { Chrome } from '../web/view-models.ts'

export type Assets = { css: string; icon: string; script: string }
type Errors = Partial<Record<'email' | 'displayName' | 'password' | 'form', string>>

export function input(o: {
  name: string
  label: string
  type?: string
  value?: string
  error?: string | undefined
  hint?: string
  autocomplete: string
}): SafeHtml {
  const id = `f-${o.name}`
  const describedBy = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ')
  return html`<p class="form-field">
  <label for="${id}">${o.label}</label>
  ${o.hint ? html`<span class="form-field__hint" id="${id}-hint">${o.hint}</span>` : ''}
  <input id="${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}" autocomplete="${o.autocomplete}" required${o.error ? html` aria-invalid="true"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}>
  ${o.error ? html`<span class="form-field__error" id="${id}-error">${o.error}</span>` : ''}
</p>`
}

export const page = (chrome: Chrome, assets: Assets, title: string, main: SafeHtml) =>
  layout({
    chrome,
    assets,
    title: `${title} | ${chrome.siteName}`,
    main: html`<div class="account-page">${main}</div>`,
    head: html`<meta name="robots" content="noindex">`,
  })

const formError = (e: Errors) => (e.form ? html`<p class="flash flash--error" role="alert">${e.form}</p>` : '')

/** Creating a reader account: e-mail, the name shown with comments, password. */
export function signUpPage(chrome: Chrome, assets: Assets, o: { csrf: string; next: string; email?: string; displayName?: string; errors?: Errors }): SafeHtml {
  const e = o.errors ?? {}
  return page(
    chrome,
    assets,
    'Create an account',
    html`<h1>Create an account</h1>
<p>An account lets you join the discussion under articles. Please read the <a href="/community-standards">community standards</a> first.</p>
${formError(e)}
<form method="post" action="/account/sign-up" class="account-form">
  <input type="hidden" name="${CSRF_FIELD}" value="${o.csrf}"><input type="hidden" name="next" value="${o.next}">
  ${input({ name: 'email', label: 'E-mail', type: 'email', value: o.email, error: e.email, autocomplete: 'email' })}
  ${input({ name: 'displayName', label: 'Display name', value: o.displayName, error: e.displayName, hint: 'Shown with your comments. 1 to 80 characters.', autocomplete: 'nickname' })}
  ${input({ name: 'password', label: 'Password', type: 'password', error: e.password, hint: 'At least 10 characters.', autocomplete: 'new-password' })}
  <p><button type="submit" class="button">Create account</button></p>
</form>
<p>Already have an account? <a href="/account/sign-in?next=${encodeURIComponent(o.next)}">Sign in</a>.</p>`,
  )
}

export function signInPage(
  chrome: Chrome,
  assets: Assets,
  o: { csrf: string; next: string; email?: string; error?: string | undefined; flash?: string | undefined },
): SafeHtml {
  return page(
    chrome,
    assets,
    'Sign in',
    html`<h1>Sign in</h1>
${o.flash ? html`<p class="flash flash--ok" role="status">${o.flash}</p>` : ''}
${formError({ form: o.error })}
<form method="post" action="/account/sign-in" class="account-form">
  <input type="hidden" name="${CSRF_FIELD}" value="${o.csrf}"><input type="hidden" name="next" value="${o.next}">
  ${input({ name: 'email', label: 'E-mail', type: 'email', value: o.email, autocomplete: 'email' })}
  ${input({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' })}
  <p><button type="submit" class="button">Sign in</button></p>
</form>
<p><a href="/account/forgot-password">Forgot your password?</a></p>
<p>New here? <a href="/account/sign-up?next=${encodeURIComponent(o.next)}">Create an account</a>.</p>`,
  )
}

/** Your reader account: the name shown with your comments, and signing out. */
export function accountPage(
  chrome: Chrome,
  assets: Assets,
  o: {
    csrf: string
    name: string
    email: string
    error?: string | undefined
    flash?: string | undefined
    verified: boolean
    notifyNewDevice: boolean
    mailAvailable: boolean
  },
): SafeHtml {
  return page(
    chrome,
    assets,
    'Your account',
    html`<h1>Your account</h1>
${o.flash ? html`<p class="flash flash--ok" role="status">${o.flash}</p>` : ''}
<p>Signed in as ${o.email}.</p>
${
  o.verified
    ? html`<p class="account-verified">Your e-mail address is verified.</p>`
    : o.mailAvailable
      ? html`<form method="post" action="/account/verify/resend" class="account-form"><input type="hidden" name="${CSRF_FIELD}" value="${o.csrf}">
  <p>Your e-mail address is not verified yet: open the link in the message we sent you. <button type="submit" class="button button--quiet">Send the link again</button></p></form>`
      : html`<p>Your e-mail address is not verified, and this site cannot send e-mail at the moment (no mail server is configured).</p>`
}
<form method="post" action="/account/name" class="account-form">
  <input type="hidden" name="${CSRF_FIELD}" value="${o.csrf}">
  ${input({ name: 'displayName', label: 'Display name', value: o.name, error: o.error, hint: 'Shown with your comments. 1 to 80 characters.', autocomplete: 'nickname' })}
  <p><button type="submit" class="button">Change name</button></p>
</form>
<form method="post" action="/account/notifications" class="account-form">
  <input type="hidden" name="${CSRF_FIELD}" value="${o.csrf}">
  <p><label><input type="checkbox" name="notifyNewDevice" value="on"${o.notifyNewDevice ? html` checked` : ''}> E-mail me when my account is signed in to from a new browser</label>${o.mailAvailable ? '' : html` <span class="form-field__hint">(this site cannot send e-mail at the moment: no mail server is configured)</span>`}</p>
  <p><button type="submit" class="button button--quiet">Save</button></p>
</form>
<form method="post" action="/account/sign-out"><input type="hidden" name="${CSRF_FIELD}" value="${o.csrf}"><button type="submit" class="button button--quiet">Sign out</button></form>
<p><a href="/community-standards">Community standards</a></p>`,
  )
}
