import { CSRF_FIELD } from './auth-plugin.ts'
import { html, type SafeHtml } from '../web/html.ts'
import { speaksEnglish, type Translator } from '../web/i18n.ts'
import { tHtml } from '../web/i18n-html.ts'
import { layout } from '../web/layout.ts'
import type { Chrome } from '../web/view-models.ts'

/**
 * An account error as the page says it: in English the service's own words; in another edition's
 * language the catalogue's message for its kind (the field it is about, or its code).
 */
export function errorText(tr: Translator, english: string, code: string, field?: string): string {
  if (speaksEnglish(tr)) return english
  if (field === 'email' || field === 'displayName' || field === 'password') return tr.t(`account.error.${field}`)
  if (code === 'RATE_LIMITED') return tr.t('account.error.tooMany')
  if (code === 'UNAUTHENTICATED') return tr.t('account.error.credentials')
  if (code === 'FORBIDDEN') return tr.t('account.error.disabled')
  if (code === 'NOT_FOUND') return tr.t('account.error.linkExpired')
  if (code === 'VALIDATION_FAILED') return tr.t('account.error.notCreated')
  return tr.t('error.message.4xx')
}

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

/**
 * Creating a reader account: e-mail, the name shown with comments, password. Account pages are in
 * the language of the edition whose prefix their address carries (/ar/account/sign-up), and their
 * forms and links keep that prefix.
 */
export function signUpPage(chrome: Chrome, assets: Assets, o: { csrf: string; next: string; email?: string; displayName?: string; errors?: Errors }): SafeHtml {
  const e = o.errors ?? {}
  const tr = chrome.i18n
  const p = chrome.prefix
  return page(
    chrome,
    assets,
    tr.t('account.signUp.title'),
    html`<h1>${tr.t('account.signUp.title')}</h1>
<p>${tHtml(tr, 'account.signUp.intro', { standards: html`<a href="${p}/community-standards">${tr.t('account.signUp.standards')}</a>` })}</p>
${formError(e)}
<form method="post" action="${p}/account/sign-up" class="account-form">
  <input type="hidden" name="${CSRF_FIELD}" value="${o.csrf}"><input type="hidden" name="next" value="${o.next}">
  ${input({ name: 'email', label: tr.t('account.email'), type: 'email', value: o.email, error: e.email, autocomplete: 'email' })}
  ${input({ name: 'displayName', label: tr.t('account.displayName'), value: o.displayName, error: e.displayName, hint: tr.t('account.displayNameHint'), autocomplete: 'nickname' })}
  ${input({ name: 'password', label: tr.t('account.password'), type: 'password', error: e.password, hint: tr.t('account.passwordHint'), autocomplete: 'new-password' })}
  <p><button type="submit" class="button">${tr.t('account.signUp.button')}</button></p>
</form>
<p>${tHtml(tr, 'account.signUp.haveAccount', { signIn: html`<a href="${p}/account/sign-in?next=${encodeURIComponent(o.next)}">${tr.t('account.signIn.title')}</a>` })}</p>`,
  )
}

export function signInPage(
  chrome: Chrome,
  assets: Assets,
  o: { csrf: string; next: string; email?: string; error?: string | undefined; flash?: string | undefined },
): SafeHtml {
  const tr = chrome.i18n
  const p = chrome.prefix
  return page(
    chrome,
    assets,
    tr.t('account.signIn.title'),
    html`<h1>${tr.t('account.signIn.title')}</h1>
${o.flash ? html`<p class="flash flash--ok" role="status">${o.flash}</p>` : ''}
${formError({ form: o.error })}
<form method="post" action="${p}/account/sign-in" class="account-form">
  <input type="hidden" name="${CSRF_FIELD}" value="${o.csrf}"><input type="hidden" name="next" value="${o.next}">
  ${input({ name: 'email', label: tr.t('account.email'), type: 'email', value: o.email, autocomplete: 'email' })}
  ${input({ name: 'password', label: tr.t('account.password'), type: 'password', autocomplete: 'current-password' })}
  <p><button type="submit" class="button">${tr.t('account.signIn.button')}</button></p>
</form>
<p><a href="${p}/account/forgot-password">${tr.t('account.signIn.forgot')}</a></p>
<p>${tHtml(tr, 'account.signIn.new', { signUp: html`<a href="${p}/account/sign-up?next=${encodeURIComponent(o.next)}">${tr.t('account.signUp.title')}</a>` })}</p>`,
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
  const tr = chrome.i18n
  const p = chrome.prefix
  return page(
    chrome,
    assets,
    tr.t('account.title'),
    html`<h1>${tr.t('account.title')}</h1>
${o.flash ? html`<p class="flash flash--ok" role="status">${o.flash}</p>` : ''}
<p>${tr.t('account.signedInAs', { email: o.email })}</p>
${
  o.verified
    ? html`<p class="account-verified">${tr.t('account.verified')}</p>`
    : o.mailAvailable
      ? html`<form method="post" action="${p}/account/verify/resend" class="account-form"><input type="hidden" name="${CSRF_FIELD}" value="${o.csrf}">
  <p>${tr.t('account.unverified')} <button type="submit" class="button button--quiet">${tr.t('account.resend')}</button></p></form>`
      : html`<p>${tr.t('account.unverifiedNoMail')}</p>`
}
<form method="post" action="${p}/account/name" class="account-form">
  <input type="hidden" name="${CSRF_FIELD}" value="${o.csrf}">
  ${input({ name: 'displayName', label: tr.t('account.displayName'), value: o.name, error: o.error, hint: tr.t('account.displayNameHint'), autocomplete: 'nickname' })}
  <p><button type="submit" class="button">${tr.t('account.changeName')}</button></p>
</form>
<form method="post" action="${p}/account/notifications" class="account-form">
  <input type="hidden" name="${CSRF_FIELD}" value="${o.csrf}">
  <p><label><input type="checkbox" name="notifyNewDevice" value="on"${o.notifyNewDevice ? html` checked` : ''}> ${tr.t('account.notifyNewDevice')}</label>${o.mailAvailable ? '' : html` <span class="form-field__hint">${tr.t('account.noMailHint')}</span>`}</p>
  <p><button type="submit" class="button button--quiet">${tr.t('account.save')}</button></p>
</form>
<form method="post" action="${p}/account/sign-out"><input type="hidden" name="${CSRF_FIELD}" value="${o.csrf}"><button type="submit" class="button button--quiet">${tr.t('account.signOut')}</button></form>
<p><a href="${p}/community-standards">${tr.t('site.standards')}</a></p>`,
  )
}
