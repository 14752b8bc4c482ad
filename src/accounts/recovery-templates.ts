import { CSRF_FIELD } from './auth-plugin.ts'
import { html, type SafeHtml } from '../web/html.ts'
import type { Translator } from '../web/i18n.ts'
import { field, newsroomLayout, type NewsroomAssets } from '../web/newsroom-layout.ts'
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

/** "Forgot your password?" for staff: the newsroom's frame, in the newsroom's language (staffTr). */
export function staffForgotPasswordPage(
  tr: Translator,
  assets: NewsroomAssets,
  o: { csrf: string; action: string; sent?: string | undefined; error?: string | undefined; mailAvailable: boolean },
): SafeHtml {
  return newsroomLayout(
    { title: tr.t('nr.signIn.forgot'), who: null, tr, csrfToken: o.csrf, assets },
    html`<div class="nr-narrow">
<h1>${tr.t('nr.signIn.forgot')}</h1>
${
  !o.mailAvailable
    ? html`<p class="flash flash--error" role="alert">${tr.t('nr.recovery.noMail')}</p>`
    : o.sent !== undefined
      ? html`<p class="flash flash--ok" role="status">${tr.t('nr.recovery.sent', { email: o.sent })}</p>`
      : html`${o.error ? html`<p class="flash flash--error" role="alert">${o.error}</p>` : ''}
<p>${tr.t('nr.recovery.intro')}</p>
<form method="post" action="${o.action}" class="nr-form">
  <input type="hidden" name="${CSRF_FIELD}" value="${o.csrf}">
  ${field({ name: 'email', label: tr.t('nr.email'), type: 'email', required: true, attrs: html`autocomplete="email"` })}
  <button type="submit" class="nr-button nr-button--primary">${tr.t('nr.recovery.send')}</button>
</form>`
}
<p><a href="/newsroom/sign-in">${tr.t('nr.signIn.title')}</a></p>
</div>`,
  )
}

/** Choosing a new password through a mailed link, for staff (or saying the link no longer works). */
export function staffResetPasswordPage(
  tr: Translator,
  assets: NewsroomAssets,
  o: { csrf: string; action: string; forgotPath: string; token: string; works: boolean; error?: string | undefined },
): SafeHtml {
  return newsroomLayout(
    { title: o.works ? tr.t('nr.account.chooseNew') : tr.t('nr.recovery.dead'), who: null, tr, csrfToken: o.csrf, assets },
    o.works
      ? html`<div class="nr-narrow"><h1>${tr.t('nr.account.chooseNew')}</h1>
${o.error ? html`<p class="flash flash--error" role="alert">${o.error}</p>` : ''}
<form method="post" action="${o.action}" class="nr-form">
  <input type="hidden" name="${CSRF_FIELD}" value="${o.csrf}"><input type="hidden" name="token" value="${o.token}">
  ${field({ name: 'password', label: tr.t('nr.account.newPassword'), type: 'password', hint: tr.t('nr.recovery.passwordHint'), error: o.error, required: true, attrs: html`autocomplete="new-password"` })}
  <button type="submit" class="nr-button nr-button--primary">${tr.t('nr.recovery.set')}</button>
</form></div>`
      : html`<div class="nr-narrow"><h1>${tr.t('nr.recovery.dead')}</h1>
<p>${o.error ?? tr.t('nr.recovery.once')} <a href="${o.forgotPath}">${tr.t('nr.recovery.askNew')}</a>.</p></div>`,
  )
}
