import { CSRF_FIELD } from './auth-plugin.ts'
import { html, type SafeHtml } from '../web/html.ts'
import type { Chrome } from '../web/view-models.ts'
import { input, page, type Assets } from './reader-templates.ts'

/** What the pages say when the site cannot send mail. */
export const NO_MAIL_TEXT =
  'This site cannot send e-mail at the moment (no mail server is configured), so a password cannot be reset by e-mail. Ask the site’s editors for help.'

/** "Forgot your password?": an address in, the same answer out whether or not it has an account. */
export function forgotPasswordPage(
  chrome: Chrome,
  assets: Assets,
  o: { csrf: string; action: string; sent?: string | undefined; error?: string | undefined; mailAvailable: boolean },
): SafeHtml {
  return page(
    chrome,
    assets,
    'Forgot your password?',
    html`<h1>Forgot your password?</h1>
${
  !o.mailAvailable
    ? html`<p class="flash flash--error" role="alert">${NO_MAIL_TEXT}</p>`
    : o.sent !== undefined
      ? html`<p class="flash flash--ok" role="status">If an account uses ${o.sent}, we have sent it a link to choose a new password. The link works once, within one hour. If nothing arrives in a few minutes, check your spam folder.</p>`
      : html`${o.error ? html`<p class="flash flash--error" role="alert">${o.error}</p>` : ''}
<p>Give the e-mail address of your account and we will send you a link to choose a new password.</p>
<form method="post" action="${o.action}" class="account-form">
  <input type="hidden" name="${CSRF_FIELD}" value="${o.csrf}">
  ${input({ name: 'email', label: 'E-mail', type: 'email', autocomplete: 'email' })}
  <p><button type="submit" class="button">Send me a link</button></p>
</form>`
}`,
  )
}

/** Choosing a new password through a mailed link (or saying the link no longer works). */
export function resetPasswordPage(
  chrome: Chrome,
  assets: Assets,
  o: { csrf: string; action: string; forgotPath: string; token: string; works: boolean; error?: string | undefined },
): SafeHtml {
  return page(
    chrome,
    assets,
    'Choose a new password',
    o.works
      ? html`<h1>Choose a new password</h1>
${o.error ? html`<p class="flash flash--error" role="alert">${o.error}</p>` : ''}
<form method="post" action="${o.action}" class="account-form">
  <input type="hidden" name="${CSRF_FIELD}" value="${o.csrf}"><input type="hidden" name="token" value="${o.token}">
  ${input({ name: 'password', label: 'New password', type: 'password', hint: 'At least 10 characters. Every browser signed in to your account is signed out.', error: o.error, autocomplete: 'new-password' })}
  <p><button type="submit" class="button">Set the new password</button></p>
</form>`
      : html`<h1>This link no longer works</h1>
<p>${o.error ?? 'A reset link works once, within one hour.'} <a href="${o.forgotPath}">Ask for a new link</a>.</p>`,
  )
}

/** The answer to a verification link. */
export function verifiedPage(chrome: Chrome, assets: Assets, o: { ok: boolean; message: string }): SafeHtml {
  return page(
    chrome,
    assets,
    o.ok ? 'Address verified' : 'This link no longer works',
    html`<h1>${o.ok ? 'Your e-mail address is verified' : 'This link no longer works'}</h1>
<p role="status">${o.message}</p>
<p><a href="/account">Your account</a></p>`,
  )
}
