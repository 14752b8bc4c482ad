import type { MediaUse } from '../content/media-uses.ts'
import { html, type SafeHtml } from '../web/html.ts'
import { csrfField, newsroomLayout, type NewsroomFrame } from '../web/newsroom-layout.ts'
import { creditLine, heightAt, pictureUrl, widthsFor, type Crop } from '../web/picture.ts'
import type { LicenceState, MediaItem } from './media-service.ts'

const LICENCE_LABEL: Record<LicenceState, string> = { none: '', ok: 'Licensed until', expiring: 'Licence ends soon:', expired: 'Licence expired' }

const day = (d: Date) => d.toISOString().slice(0, 10)
const size = (bytes: number) => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`)

function licenceBadge(item: MediaItem): SafeHtml {
  if (item.licence === 'none' || !item.licenceExpiresAt) return html``
  return html`<span class="nr-licence nr-licence--${item.licence}">${LICENCE_LABEL[item.licence]} ${day(item.licenceExpiresAt)}</span>`
}

/** The upload area: a file button, and (with the newsroom script) drag and drop or paste anywhere on it. */
export function uploadZone(): SafeHtml {
  return html`<section class="nr-upload" data-media-upload aria-labelledby="upload-h">
  <h2 id="upload-h">Upload pictures</h2>
  <p class="nr-hint">Drop pictures here, paste them, or choose files. JPEG, PNG, WebP, AVIF, GIF (still) or TIFF. Caption, credit and copyright are read from the file; its GPS position and camera serial numbers are never published.</p>
  <label class="nr-button">Choose files <input type="file" accept="image/jpeg,image/png,image/webp,image/avif,image/gif,image/tiff" multiple hidden data-media-file></label>
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
  return newsroomLayout(
    f,
    html`<h1>Media library</h1>
${
  warn.expired || warn.expiring
    ? html`<div class="nr-warning" role="status"><p>${warn.expiring ? html`<a href="/newsroom/media?licence=expiring">${warn.expiring} picture${warn.expiring === 1 ? '’s licence ends' : 's’ licences end'} within 14 days</a>. ` : ''}${warn.expired ? html`<a href="/newsroom/media?licence=expired">${warn.expired} picture${warn.expired === 1 ? ' is' : 's are'} past ${warn.expired === 1 ? 'its' : 'their'} licence</a> and no longer shown to readers.` : ''}</p></div>`
    : ''
}
${uploadZone()}
<form class="nr-form nr-form--compact" method="get" action="/newsroom/media" role="search">
  <div class="nr-field"><label for="media-q">Search caption, credit or uploader</label><input id="media-q" name="q" type="search" value="${v.q}"></div>
  <div class="nr-field"><label for="media-licence">Licence</label><select id="media-licence" name="licence"><option value="">Any</option><option value="expiring"${v.licence === 'expiring' ? html` selected` : ''}>Ends within 14 days</option><option value="expired"${v.licence === 'expired' ? html` selected` : ''}>Expired</option></select></div>
  <div class="nr-actions"><button class="nr-button" type="submit">Search</button></div>
</form>
${
  v.items.length
    ? html`<ul class="nr-media-grid">${v.items.map(
        (m) => html`<li class="nr-media-card">
  <a href="/newsroom/media/${m.id}"><img src="${m.previewUrl}" alt="${m.alt}" width="${m.width}" height="${m.height}" loading="lazy"></a>
  <p class="nr-media-card__caption"><a href="/newsroom/media/${m.id}">${m.caption || m.filename || `Picture ${m.id}`}</a></p>
  <p class="nr-media-card__meta">${creditLine(m.credit, m.copyright) || html`<span class="nr-missing">No credit</span>`} · ${m.uploadedBy ?? 'unknown'}${m.alt ? '' : html` · <span class="nr-missing">No alt text</span>`}</p>
  ${licenceBadge(m)}
</li>`,
      )}</ul>`
    : html`<p>${v.q || v.licence ? 'No pictures match.' : 'No pictures yet: upload the first above.'}</p>`
}
<nav class="pager" aria-label="More pictures">${v.previousHref ? html`<a href="${v.previousHref}">Newer</a> ` : ''}${v.nextHref ? html`<a href="${v.nextHref}" rel="next">Older</a>` : ''}</nav>`,
  )
}

function usesList(uses: MediaUse[]): SafeHtml {
  if (uses.length === 0) return html`<p>Not used in any article.</p>`
  return html`<ul>${uses.map((u) => {
    const where = [
      u.inArticle ? 'the article' : '',
      u.inWorkingCopy ? 'its working copy' : '',
      u.versions.length ? `published version${u.versions.length === 1 ? '' : 's'} ${u.versions.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join(', ')
    return html`<li><a href="/newsroom/articles/${u.articleId}">${u.headline}</a> (${u.status}): ${where}</li>`
  })}</ul>`
}

export function mediaDetailPage(f: NewsroomFrame, v: { item: MediaItem; uses: MediaUse[]; errors: Record<string, string> }): SafeHtml {
  const m = v.item
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
    html`<p><a href="/newsroom/media">← Media library</a></p>
<h1>${m.caption || m.filename || `Picture ${m.id}`}</h1>
<div class="nr-media-detail">
  <div>
    <div class="nr-focal" data-focal-picker>
      <img src="${pictureUrl({ id: m.id, key }, 'o', large, 'jpg')}" alt="${m.alt}" width="${m.width}" height="${m.height}">
      <span class="nr-focal__mark" data-focal-mark data-x="${m.focal.x}" data-y="${m.focal.y}" aria-hidden="true"></span>
    </div>
    <p class="nr-hint">Click the picture where its subject is: crops keep that point in view.</p>
    <div class="nr-crops">${crop('16x9')}${crop('4x3')}${crop('1x1')}</div>
  </div>
  <div>
    <form class="nr-form" method="post" action="/newsroom/media/${m.id}">
      ${csrfField(f.csrfToken)}
      <div class="nr-field${v.errors.alt ? ' nr-field--error' : ''}"><label for="m-alt">Alt text</label><p class="nr-hint">What the picture shows, for people who cannot see it. Articles cannot be published with a picture that has none.</p><input id="m-alt" name="alt" value="${m.alt}" maxlength="300">${err('alt')}</div>
      <div class="nr-field"><label for="m-caption">Caption</label><textarea id="m-caption" name="caption" rows="3" maxlength="500">${m.caption}</textarea>${err('caption')}</div>
      <div class="nr-field"><label for="m-credit">Credit</label><input id="m-credit" name="credit" value="${m.credit}" maxlength="200">${err('credit')}</div>
      <div class="nr-field"><label for="m-copyright">Copyright</label><input id="m-copyright" name="copyright" value="${m.copyright}" maxlength="200">${err('copyright')}</div>
      <div class="nr-field"><label for="m-licence">Licence expires</label><p class="nr-hint">After this day readers no longer see the picture; the library warns 14 days before.</p><input id="m-licence" name="licenceExpiresAt" type="date" value="${m.licenceExpiresAt ? day(m.licenceExpiresAt) : ''}">${err('licenceExpiresAt')} ${licenceBadge(m)}</div>
      <fieldset class="nr-form--compact"><legend>Focal point</legend>
        <div class="nr-field"><label for="m-fx">Across (0–1)</label><input id="m-fx" name="focalX" type="number" min="0" max="1" step="0.01" value="${m.focal.x.toFixed(2)}"></div>
        <div class="nr-field"><label for="m-fy">Down (0–1)</label><input id="m-fy" name="focalY" type="number" min="0" max="1" step="0.01" value="${m.focal.y.toFixed(2)}"></div>
        ${err('focal')}
      </fieldset>
      <div class="nr-actions"><button class="nr-button nr-button--primary" type="submit">Save</button></div>
    </form>
    <dl class="nr-facts">
      <dt>File</dt><dd>${m.filename || '—'}, ${m.mime.replace('image/', '').toUpperCase()}, ${m.width} × ${m.height}, ${size(m.bytes)}</dd>
      <dt>Uploaded</dt><dd>${day(m.uploadedAt)} by ${m.uploadedBy ?? 'unknown'}${m.replacedAt ? html`; file replaced ${day(m.replacedAt)}` : ''}</dd>
      ${m.stripped.length ? html`<dt>Never published</dt><dd>The original holds ${m.stripped.join(', ')}: every copy readers get is made without it.</dd>` : ''}
    </dl>
    <section class="nr-replace" data-media-replace="${m.id}" aria-labelledby="replace-h">
      <h2 id="replace-h">Replace the file</h2>
      <p class="nr-hint">The new file appears everywhere this picture is used, old published versions included; its alt text, caption and credit stay.</p>
      <label class="nr-button">Choose a new file <input type="file" accept="image/jpeg,image/png,image/webp,image/avif,image/gif,image/tiff" hidden data-media-file></label>
      <p class="nr-upload__status" aria-live="polite"></p>
    </section>
    <section aria-labelledby="uses-h"><h2 id="uses-h">Where it is used</h2>${usesList(v.uses)}</section>
    ${
      v.uses.length === 0
        ? html`<form method="post" action="/newsroom/media/${m.id}/delete">${csrfField(f.csrfToken)}<button class="nr-button" type="submit">Delete picture</button></form>`
        : ''
    }
  </div>
</div>`,
  )
}
