import { html, type SafeHtml } from '../web/html.ts'
import { tHtml } from '../web/i18n-html.ts'
import { layout } from '../web/layout.ts'
import { csrfField, newsroomLayout, type NewsroomFrame } from '../web/newsroom-layout.ts'
import type { PageContext } from '../web/pages.ts'
import type { Chrome } from '../web/view-models.ts'

/** Readers' page to turn breaking-news alerts on or off, for the whole edition or chosen sections. */
export function optInPage(
  chrome: Chrome,
  assets: PageContext,
  v: { publicKey: string; csrf: string; sections: { id: number; name: string; depth: number }[]; chosen: number[]; prefix: string },
): SafeHtml {
  const main = html`<div class="text-page alerts-page" data-alerts data-vapid-key="${v.publicKey}" data-csrf="${v.csrf}" data-subscribe="${v.prefix}/alerts/subscriptions">
<h1>Breaking-news alerts</h1>
<p>Get a notification from ${chrome.siteName} when big news breaks, even when this site is not open. Choose the sections you care about, or none for all of them.</p>
<noscript><p class="flash flash--error">Alerts are notifications from your browser: they need JavaScript on this page. Our <a href="/feeds/">feeds</a> work without it.</p></noscript>
<form class="alerts-form" data-alerts-form>
<fieldset><legend>Sections</legend>
${v.sections.map((s) => html`<label class="alerts-form__section" data-depth="${s.depth}"><input type="checkbox" name="section" value="${s.id}"${v.chosen.includes(s.id) ? html` checked` : ''}> ${s.depth ? '— ' : ''}${s.name}</label>`)}
</fieldset>
<p><button type="submit" class="button" data-alerts-on>Turn on alerts</button> <button type="button" class="button button--quiet" data-alerts-off hidden>Turn off alerts</button></p>
<p role="status" aria-live="polite" data-alerts-status></p>
</form>
</div>`
  return layout({ chrome, title: `Breaking-news alerts | ${chrome.siteName}`, assets, main, robots: 'noindex' })
}

/** The newsroom's alert form (from an article or a live entry) and the latest alerts with their deliveries. */
export function alertFormPage(
  frame: NewsroomFrame,
  v: {
    articleId: number | undefined
    entryId: number | undefined
    headline: string | undefined
    title: string
    body: string
    recent: {
      id: number
      title: string
      url: string
      created_at: Date
      recipients: number
      display_name: string | null
      sent: number | null
      gone: number | null
      queued: number | null
    }[]
  },
): SafeHtml {
  const tr = frame.tr
  const articleLink = (id: number) => html`<a href="/newsroom/articles/${id}">${v.headline ?? tr.t('desk.alerts.article', { id })}</a>`
  return newsroomLayout(
    frame,
    html`<h1>${tr.t('desk.alerts.title')}</h1>
${
  v.articleId !== undefined
    ? html`<p>${
        v.entryId !== undefined
          ? tHtml(tr, 'desk.alerts.aboutEntry', { article: articleLink(v.articleId) }, { entry: v.entryId })
          : tHtml(tr, 'desk.alerts.about', { article: articleLink(v.articleId) })
      } ${tr.t('desk.alerts.who')}</p>
<form method="post" action="/newsroom/alerts" class="nr-form">
${csrfField(frame.csrfToken)}
<input type="hidden" name="articleId" value="${v.articleId}">
${v.entryId !== undefined ? html`<input type="hidden" name="entryId" value="${v.entryId}">` : ''}
<div class="nr-field"><label for="alert-title">${tr.t('desk.alerts.titleField')}</label><input id="alert-title" name="title" value="${v.title}" maxlength="120" required></div>
<div class="nr-field"><label for="alert-body">${tr.t('desk.alerts.text')}</label><textarea id="alert-body" name="body" rows="3" maxlength="300">${v.body}</textarea></div>
<button type="submit" class="nr-button nr-button--primary">${tr.t('desk.alerts.send')}</button>
</form>`
    : html`<p>${tr.t('desk.alerts.how')}</p>`
}
<h2>${tr.t('desk.alerts.latest')}</h2>
${
  v.recent.length
    ? html`<table class="nr-table"><thead><tr><th>${tr.t('desk.alerts.sent')}</th><th>${tr.t('desk.alerts.titleField')}</th><th>${tr.t('desk.alerts.by')}</th><th>${tr.t('desk.alerts.subscribers')}</th><th>${tr.t('desk.alerts.delivered')}</th><th>${tr.t('desk.alerts.waiting')}</th><th>${tr.t('desk.alerts.gone')}</th></tr></thead><tbody>${v.recent.map(
        (r) =>
          html`<tr><td>${tr.timestamp(r.created_at)}</td><td><a href="${r.url}">${r.title}</a></td><td>${r.display_name ?? ''}</td><td>${tr.number(r.recipients)}</td><td>${tr.number(Number(r.sent ?? 0))}</td><td>${tr.number(Number(r.queued ?? 0))}</td><td>${tr.number(Number(r.gone ?? 0))}</td></tr>`,
      )}</tbody></table>`
    : html`<p>${tr.t('desk.alerts.none')}</p>`
}`,
  )
}
