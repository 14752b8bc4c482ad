import { html, type SafeHtml } from '../../web/html.ts'
import type { Translator } from '../../web/i18n.ts'
import { csrfField, field, newsroomLayout, type NewsroomAssets } from '../../web/newsroom-layout.ts'

/** The staff sign-in form. */
export function signInPage(o: {
  assets: NewsroomAssets
  tr: Translator
  csrfToken: string
  next: string
  email?: string
  error?: string | undefined
  flash?: string | undefined
}): SafeHtml {
  return newsroomLayout(
    { title: o.tr.t('nr.signIn.title'), who: null, tr: o.tr, csrfToken: o.csrfToken, assets: o.assets },
    html`<div class="nr-narrow">
  <h1>${o.tr.t('nr.signIn.heading')}</h1>
  ${o.flash ? html`<p class="flash flash--ok" role="status">${o.flash}</p>` : ''}
  ${o.error ? html`<p class="flash flash--error" role="alert" id="sign-in-error">${o.error}</p>` : ''}
  <form method="post" action="/newsroom/sign-in" class="nr-form">
    ${csrfField(o.csrfToken)}
    <input type="hidden" name="next" value="${o.next}">
    ${field({ name: 'email', label: o.tr.t('nr.email'), type: 'email', value: o.email, required: true, attrs: html`autocomplete="username" autofocus` })}
    ${field({ name: 'password', label: o.tr.t('nr.signIn.password'), type: 'password', required: true, attrs: html`autocomplete="current-password"` })}
    <button type="submit" class="nr-button nr-button--primary">${o.tr.t('nr.signIn.title')}</button>
  </form>
  <p><a href="/newsroom/forgot-password">${o.tr.t('nr.signIn.forgot')}</a></p>
</div>`,
  )
}

/** The second step of signing in with two-factor on: a code from the app, or a recovery code. */
export function secondFactorPage(o: { assets: NewsroomAssets; tr: Translator; csrfToken: string; next: string; error?: string | undefined }): SafeHtml {
  return newsroomLayout(
    { title: o.tr.t('nr.signIn.twoFactor'), who: null, tr: o.tr, csrfToken: o.csrfToken, assets: o.assets },
    html`<div class="nr-narrow">
  <h1>${o.tr.t('nr.signIn.twoFactor')}</h1>
  ${o.error ? html`<p class="flash flash--error" role="alert" id="sign-in-error">${o.error}</p>` : ''}
  <p>${o.tr.t('nr.signIn.codeIntro')}</p>
  <form method="post" action="/newsroom/sign-in/code" class="nr-form">
    ${csrfField(o.csrfToken)}
    <input type="hidden" name="next" value="${o.next}">
    ${field({ name: 'code', label: o.tr.t('nr.signIn.code'), required: true, attrs: html`autocomplete="one-time-code" inputmode="text" autofocus maxlength="40"` })}
    <button type="submit" class="nr-button nr-button--primary">${o.tr.t('nr.signIn.title')}</button>
  </form>
  <p><a href="/newsroom/sign-in">${o.tr.t('nr.signIn.startAgain')}</a></p>
</div>`,
  )
}
