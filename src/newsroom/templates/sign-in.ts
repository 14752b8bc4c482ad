import { html, type SafeHtml } from '../../web/html.ts'
import { csrfField, field, newsroomLayout, type NewsroomAssets } from '../../web/newsroom-layout.ts'

/** The staff sign-in form. */
export function signInPage(o: { assets: NewsroomAssets; csrfToken: string; next: string; email?: string; error?: string | undefined }): SafeHtml {
  return newsroomLayout(
    { title: 'Sign in', who: null, csrfToken: o.csrfToken, assets: o.assets },
    html`<div class="nr-narrow">
  <h1>Sign in to the newsroom</h1>
  ${o.error ? html`<p class="flash flash--error" role="alert" id="sign-in-error">${o.error}</p>` : ''}
  <form method="post" action="/newsroom/sign-in" class="nr-form">
    ${csrfField(o.csrfToken)}
    <input type="hidden" name="next" value="${o.next}">
    ${field({ name: 'email', label: 'E-mail', type: 'email', value: o.email, required: true, attrs: html`autocomplete="username" autofocus` })}
    ${field({ name: 'password', label: 'Password', type: 'password', required: true, attrs: html`autocomplete="current-password"` })}
    <button type="submit" class="nr-button nr-button--primary">Sign in</button>
  </form>
</div>`,
  )
}
