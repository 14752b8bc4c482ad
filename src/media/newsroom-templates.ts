import type { MediaUse } from '../content/media-uses.ts'
import { html, type SafeHtml } from '../web/html.ts'
import { csrfField, newsroomLayout, type NewsroomFrame } from '../web/newsroom-layout.ts'
import { creditLine, heightAt, pictureUrl, widthsFor, type Crop } from '../web/picture.ts'
import type { MessageKey, Translator } from '../web/i18n.ts'
import { tHtml } from '../web/i18n-html.ts'
import type { MediaItem } from './media-service.ts'

/** A day for a date field ("2026-12-31"): the form's value, not text to read. */
const day = (d: Date) => d.toISOString().slice(0, 10)
const size = (tr: Translator, bytes: number) =>
  bytes >= 1048576
    ? tr.t('desk.media.sizeMb', { n: tr.number(Math.round(bytes / 104857.6) / 10) })
    : tr.t('desk.media.sizeKb', { n: tr.number(Math.max(1, Math.round(bytes / 1024))) })

function licenceBadge(tr: Translator, item: MediaItem): SafeHtml {
  if (item.licence === 'none' || !item.licenceExpiresAt) return html``
  return html`<span class="nr-licence nr-licence--${item.licence}">${tr.t(`desk.media.licence.${item.licence}`, { date: tr.date(item.licenceExpiresAt) })}</span>`
}

/** The upload area: a file button, and (with the newsroom script) drag and drop or paste anywhere on it. */
export function uploadZone(tr: Translator): SafeHtml {
  return html`<section class="nr-upload" data-media-upload aria-labelledby="upload-h">
  <h2 id="upload-h">${tr.t('desk.media.upload')}</h2>
  <p class="nr-hint">${tr.t('desk.media.uploadHint')}</p>
  <label class="nr-button">${tr.t('desk.media.chooseFiles')} <input type="file" accept="image/jpeg,image/png,image/webp,image/avif,image/gif,image/tiff" multiple hidden data-media-file></label>
  <ul class="nr-upload__list" aria-live="polite"></ul>
</section>`
}

export function mediaLibraryPage(
  f: NewsroomFrame,
  v: {
    items: MediaItem[]
    q: string
    licence: 'expiring' | 'expired' | undefined
    warnings: { expired: number; expiring: number }
    nextHref: string | undefined
    previousHref: string | undefined
  },
): SafeHtml {
  const warn = v.warnings
  const tr = f.tr
  return newsroomLayout(
    f,
    html`<h1>${tr.t('desk.media.title')}</h1>
${
  warn.expired || warn.expiring
    ? html`<div class="nr-warning" role="status"><p>${warn.expiring ? html`<a href="/newsroom/media?licence=expiring">${tr.t('desk.media.warnExpiring', { n: warn.expiring })}</a>. ` : ''}${warn.expired ? tHtml(tr, 'desk.media.warnExpired', { link: html`<a href="/newsroom/media?licence=expired">${tr.t('desk.media.warnExpiredLink', { n: warn.expired })}</a>` }) : ''}</p></div>`
    : ''
}
${uploadZone(tr)}
<form class="nr-form nr-form--compact" method="get" action="/newsroom/media" role="search">
  <div class="nr-field"><label for="media-q">${tr.t('desk.media.searchLabel')}</label><input id="media-q" name="q" type="search" value="${v.q}"></div>
  <div class="nr-field"><label for="media-licence">${tr.t('desk.media.licenceFilter')}</label><select id="media-licence" name="licence"><option value="">${tr.t('desk.media.licenceAny')}</option><option value="expiring"${v.licence === 'expiring' ? html` selected` : ''}>${tr.t('desk.media.licenceExpiring')}</option><option value="expired"${v.licence === 'expired' ? html` selected` : ''}>${tr.t('desk.media.licenceExpired')}</option></select></div>
  <div class="nr-actions"><button class="nr-button" type="submit">${tr.t('desk.media.search')}</button></div>
</form>
${
  v.items.length
    ? html`<ul class="nr-media-grid">${v.items.map(
        (m) => html`<li class="nr-media-card">
  <a href="/newsroom/media/${m.id}"><img src="${m.previewUrl}" alt="${m.alt}" width="${m.width}" height="${m.height}" loading="lazy"></a>
  <p class="nr-media-card__caption"><a href="/newsroom/media/${m.id}">${m.caption || m.filename || tr.t('desk.media.picture', { id: m.id })}</a></p>
  <p class="nr-media-card__meta">${creditLine(m.credit, m.copyright) || html`<span class="nr-missing">${tr.t('desk.media.noCredit')}</span>`} · ${m.uploadedBy ?? tr.t('desk.media.unknown')}${m.alt ? '' : html` · <span class="nr-missing">${tr.t('desk.media.noAlt')}</span>`}</p>
  ${licenceBadge(tr, m)}
</li>`,
      )}</ul>`
    : html`<p>${v.q || v.licence ? tr.t('desk.media.noMatch') : tr.t('desk.media.empty')}</p>`
}
<nav class="pager" aria-label="${tr.t('desk.media.more')}">${v.previousHref ? html`<a href="${v.previousHref}">${tr.t('desk.media.newer')}</a> ` : ''}${v.nextHref ? html`<a href="${v.nextHref}" rel="next">${tr.t('desk.media.older')}</a>` : ''}</nav>`,
  )
}

function usesList(tr: Translator, uses: MediaUse[]): SafeHtml {
  if (uses.length === 0) return html`<p>${tr.t('desk.media.unused')}</p>`
  return html`<ul>${uses.map((u) => {
    const where = [
      u.inArticle ? tr.t('desk.media.use.article') : '',
      u.inWorkingCopy ? tr.t('desk.media.use.workingCopy') : '',
      u.versions.length ? tr.t('desk.media.use.versions', { n: u.versions.length, list: u.versions.map((x) => tr.number(x)).join(', ') }) : '',
    ]
      .filter(Boolean)
      .join(', ')
    return html`<li><a href="/newsroom/articles/${u.articleId}">${u.headline}</a> (${articleStatus(tr, u.status)}): ${where}</li>`
  })}</ul>`
}

export function mediaDetailPage(f: NewsroomFrame, v: { item: MediaItem; uses: MediaUse[]; errors: Record<string, string> }): SafeHtml {
  const m = v.item
  const tr = f.tr
  const err = (k: string) => (v.errors[k] ? html`<p class="nr-error">${v.errors[k]}</p>` : '')
  const p = { width: m.width, height: m.height, focal: m.focal }
  // the preview URLs carry the real key; previewUrl is /media/{id}/{key}/o-{w}.jpg
  const key = m.previewUrl.split('/')[3]!
  const crop = (c: Crop) => {
    const w = widthsFor(p, c)[0]!
    return html`<figure class="nr-crop"><img src="${pictureUrl({ id: m.id, key }, c, w, 'jpg')}" alt="" width="${w}" height="${heightAt(p, c, w)}"><figcaption>${c.replace('x', ':')}</figcaption></figure>`
  }
  const large = widthsFor(p, 'o').find((w) => w >= 800) ?? widthsFor(p, 'o').at(-1)!
  return newsroomLayout(
    f,
    html`<p><a href="/newsroom/media">← ${tr.t('desk.media.title')}</a></p>
<h1>${m.caption || m.filename || tr.t('desk.media.picture', { id: m.id })}</h1>
<div class="nr-media-detail">
  <div>
    <div class="nr-focal" data-focal-picker>
      <img src="${pictureUrl({ id: m.id, key }, 'o', large, 'jpg')}" alt="${m.alt}" width="${m.width}" height="${m.height}">
      <span class="nr-focal__mark" data-focal-mark data-x="${m.focal.x}" data-y="${m.focal.y}" aria-hidden="true"></span>
    </div>
    <p class="nr-hint">${tr.t('desk.media.focalHint')}</p>
    <div class="nr-crops">${crop('16x9')}${crop('4x3')}${crop('1x1')}</div>
  </div>
  <div>
    <form class="nr-form" method="post" action="/newsroom/media/${m.id}">
      ${csrfField(f.csrfToken)}
      <div class="nr-field${v.errors.alt ? ' nr-field--error' : ''}"><label for="m-alt">${tr.t('desk.media.alt')}</label><p class="nr-hint">${tr.t('desk.media.altHint')}</p><input id="m-alt" name="alt" value="${m.alt}" maxlength="300">${err('alt')}</div>
      <div class="nr-field"><label for="m-caption">${tr.t('desk.media.caption')}</label><textarea id="m-caption" name="caption" rows="3" maxlength="500">${m.caption}</textarea>${err('caption')}</div>
      <div class="nr-field"><label for="m-credit">${tr.t('desk.media.credit')}</label><input id="m-credit" name="credit" value="${m.credit}" maxlength="200">${err('credit')}</div>
      <div class="nr-field"><label for="m-copyright">${tr.t('desk.media.copyright')}</label><input id="m-copyright" name="copyright" value="${m.copyright}" maxlength="200">${err('copyright')}</div>
      <div class="nr-field"><label for="m-licence">${tr.t('desk.media.licenceExpires')}</label><p class="nr-hint">${tr.t('desk.media.licenceExpiresHint')}</p><input id="m-licence" name="licenceExpiresAt" type="date" value="${m.licenceExpiresAt ? day(m.licenceExpiresAt) : ''}">${err('licenceExpiresAt')} ${licenceBadge(tr, m)}</div>
      <fieldset class="nr-form--compact"><legend>${tr.t('desk.media.focal')}</legend>
        <div class="nr-field"><label for="m-fx">${tr.t('desk.media.focalX')}</label><input id="m-fx" name="focalX" type="number" min="0" max="1" step="0.01" value="${m.focal.x.toFixed(2)}"></div>
        <div class="nr-field"><label for="m-fy">${tr.t('desk.media.focalY')}</label><input id="m-fy" name="focalY" type="number" min="0" max="1" step="0.01" value="${m.focal.y.toFixed(2)}"></div>
        ${err('focal')}
      </fieldset>
      <div class="nr-actions"><button class="nr-button nr-button--primary" type="submit">${tr.t('desk.media.save')}</button></div>
    </form>
    <dl class="nr-facts">
      <dt>${tr.t('desk.media.file')}</dt><dd>${m.filename || '—'}, ${m.mime.replace('image/', '').toUpperCase()}, ${tr.number(m.width)} × ${tr.number(m.height)}, ${size(tr, m.bytes)}</dd>
      <dt>${tr.t('desk.media.uploaded')}</dt><dd>${tr.t('desk.media.uploadedBy', { date: tr.date(m.uploadedAt), name: m.uploadedBy ?? tr.t('desk.media.unknown') })}${m.replacedAt ? `; ${tr.t('desk.media.replacedOn', { date: tr.date(m.replacedAt) })}` : ''}</dd>
      ${m.stripped.length ? html`<dt>${tr.t('desk.media.neverPublished')}</dt><dd>${tr.t('desk.media.stripped', { list: m.stripped.map((x) => (STRIPPED[x] ? tr.t(STRIPPED[x]) : x)).join(', ') })}</dd>` : ''}
    </dl>
    <section class="nr-replace" data-media-replace="${m.id}" aria-labelledby="replace-h">
      <h2 id="replace-h">${tr.t('desk.media.replace')}</h2>
      <p class="nr-hint">${tr.t('desk.media.replaceHint')}</p>
      <label class="nr-button">${tr.t('desk.media.chooseFile')} <input type="file" accept="image/jpeg,image/png,image/webp,image/avif,image/gif,image/tiff" hidden data-media-file></label>
      <p class="nr-upload__status" aria-live="polite"></p>
    </section>
    <section aria-labelledby="uses-h"><h2 id="uses-h">${tr.t('desk.media.uses')}</h2>${usesList(tr, v.uses)}</section>
    ${
      v.uses.length === 0
        ? html`<form method="post" action="/newsroom/media/${m.id}/delete">${csrfField(f.csrfToken)}<button class="nr-button" type="submit">${tr.t('desk.media.delete')}</button></form>`
        : ''
    }
  </div>
</div>`,
  )
}

/** An article's status in words ("draft", "published"…), or as stored when the catalogue has none. */
export function articleStatus(tr: Translator, status: string): string {
  return ARTICLE_STATUSES.includes(status) ? tr.t(`desk.status.${status}` as MessageKey) : status
}
const STRIPPED: Record<string, MessageKey> = {
  'GPS position': 'desk.media.strip.gps',
  'camera serial number': 'desk.media.strip.serial',
  'camera owner': 'desk.media.strip.owner',
}
const ARTICLE_STATUSES = ['draft', 'review', 'scheduled', 'published', 'unpublished']
