import { html, type SafeHtml } from '../web/html.ts'
import { tHtml } from '../web/i18n-html.ts'
import { layout } from '../web/layout.ts'
import { csrfField, newsroomLayout, type NewsroomFrame } from '../web/newsroom-layout.ts'
import type { PageContext } from '../web/pages.ts'
import type { Chrome } from '../web/view-models.ts'

/** Readers' page to turn breaking-news alerts on or off, for the whole edition or chosen sections, in the edition's language. */
export function optInPage(
  chrome: Chrome,
  assets: PageContext,
  v: { publicKey: string; csrf: string; sections: { id: number; name: string; depth: number }[]; chosen: number[]; prefix: string },
): SafeHtml {
  const tr = chrome.i18n
  // what the script says, with {reason} and {n} for it to fill in
  const words = {
    unsupported: tr.t('alerts.unsupported'),
    already: tr.t('alerts.already', { button: tr.t('alerts.on') }),
    blocked: tr.t('alerts.blocked'),
    failed: tr.t('alerts.failed'),
    failedWhy: tr.t('alerts.failedWhy', { reason: '{reason}' }),
    onSections: tr.pluralForms('alerts.onSections'),
    onAll: tr.t('alerts.onAll'),
    offDone: tr.t('alerts.offDone'),
  }
  const main = html`<div class="text-page alerts-page" data-alerts data-vapid-key="${v.publicKey}" data-csrf="${v.csrf}" data-subscribe="${v.prefix}/alerts/subscriptions" data-locale="${tr.locale}" data-words="${JSON.stringify(words)}">
<h1>${tr.t('alerts.title')}</h1>
<p>${tr.t('alerts.intro', { site: chrome.siteName })}</p>
<noscript><p class="flash flash--error">${tHtml(tr, 'alerts.noscript', { feeds: html`<a href="${v.prefix}/feeds/">${tr.t('alerts.feeds')}</a>` })}</p></noscript>
<form class="alerts-form" data-alerts-form>
<fieldset><legend>${tr.t('site.sections')}</legend>
${v.sections.map((s) => html`<label class="alerts-form__section" data-depth="${s.depth}"><input type="checkbox" name="section" value="${s.id}"${v.chosen.includes(s.id) ? html` checked` : ''}> ${s.depth ? '— ' : ''}${s.name}</label>`)}
</fieldset>
<p><button type="submit" class="button" data-alerts-on>${tr.t('alerts.on')}</button> <button type="button" class="button button--quiet" data-alerts-off hidden>${tr.t('alerts.off')}</button></p>
<p role="status" aria-live="polite" data-alerts-status></p>
</form>
</div>`
  return layout({ chrome, title: `${tr.t('alerts.title')} | ${chrome.siteName}`, assets, main, robots: 'noindex' })
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
