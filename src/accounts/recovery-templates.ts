import { CSRF_FIELD } from './auth-plugin.ts'
import { html, type SafeHtml } from '../web/html.ts'
import type { Translator } from '../web/i18n.ts'
import { field, newsroomLayout, type NewsroomAssets } from '../web/newsroom-layout.ts'
import type { Chrome } from '../web/view-models.ts'
import { input, page, type Assets } from './reader-templates.ts'

/** What the pages say when the site cannot send mail (in English; the pages say it in the edition's language). */
export const NO_MAIL_TEXT =
  'This site cannot send e-mail at the moment (no mail server is configured), so a password cannot be reset by e-mail. Ask the site’s editors for help.'

/** "Forgot your password?": an address in, the same answer out whether or not it has an account. */
export function forgotPasswordPage(
  chrome: Chrome,
  assets: Assets,
  o: { csrf: string; action: string; sent?: string | undefined; error?: string | undefined; mailAvailable: boolean },
): SafeHtml {
  const tr = chrome.i18n
  return page(
    chrome,
    assets,
    tr.t('account.forgot.title'),
    html`<h1>${tr.t('account.forgot.title')}</h1>
${
  !o.mailAvailable
    ? html`<p class="flash flash--error" role="alert">${tr.t('account.noMail')}</p>`
    : o.sent !== undefined
      ? html`<p class="flash flash--ok" role="status">${tr.t('account.forgot.sent', { email: o.sent })}</p>`
      : html`${o.error ? html`<p class="flash flash--error" role="alert">${o.error}</p>` : ''}
<p>${tr.t('account.forgot.intro')}</p>
<form method="post" action="${o.action}" class="account-form">
  <input type="hidden" name="${CSRF_FIELD}" value="${o.csrf}">
  ${input({ name: 'email', label: tr.t('account.email'), type: 'email', autocomplete: 'email' })}
  <p><button type="submit" class="button">${tr.t('account.forgot.button')}</button></p>
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
  const tr = chrome.i18n
  return page(
    chrome,
    assets,
    tr.t('account.reset.title'),
    o.works
      ? html`<h1>${tr.t('account.reset.title')}</h1>
${o.error ? html`<p class="flash flash--error" role="alert">${o.error}</p>` : ''}
<form method="post" action="${o.action}" class="account-form">
  <input type="hidden" name="${CSRF_FIELD}" value="${o.csrf}"><input type="hidden" name="token" value="${o.token}">
  ${input({ name: 'password', label: tr.t('account.reset.password'), type: 'password', hint: tr.t('account.reset.hint'), error: o.error, autocomplete: 'new-password' })}
  <p><button type="submit" class="button">${tr.t('account.reset.button')}</button></p>
</form>`
      : html`<h1>${tr.t('account.linkGone')}</h1>
<p>${o.error ?? tr.t('account.reset.works')} <a href="${o.forgotPath}">${tr.t('account.reset.again')}</a>.</p>`,
  )
}

/** The answer to a verification link. */
export function verifiedPage(chrome: Chrome, assets: Assets, o: { ok: boolean; message: string }): SafeHtml {
  const tr = chrome.i18n
  return page(
    chrome,
    assets,
    o.ok ? tr.t('account.verify.title') : tr.t('account.linkGone'),
    html`<h1>${o.ok ? tr.t('account.verify.heading') : tr.t('account.linkGone')}</h1>
<p role="status">${o.message}</p>
<p><a href="${chrome.prefix}/account">${tr.t('account.title')}</a></p>`,
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
