import type { Account } from '../../accounts/account-store.ts'
import type { Edition } from '../../content/types.ts'
import type { FieldProblem } from '../../errors.ts'
import { html, type SafeHtml } from '../../web/html.ts'
import { csrfField, field, newsroomLayout, type NewsroomFrame } from '../../web/newsroom-layout.ts'

const errOf = (errors: FieldProblem[], name: string) =>
  errors
    .filter((e) => e.field === name)
    .map((e) => e.message)
    .join(' ') || undefined

export type EditionDraft = Partial<
  Record<'code' | 'name' | 'locale' | 'region' | 'timeZone' | 'direction' | 'numberingSystem' | 'dateStyle' | 'slugStyle' | 'searchConfig', string>
>

const choice = (name: string, label: string, options: [string, string][], selected: string | undefined, error?: string) =>
  html`<div class="nr-field${error ? ' nr-field--error' : ''}" data-field="${name}"><label for="f-${name}">${label}</label>
  <select id="f-${name}" name="${name}"${error ? html` aria-invalid="true" aria-describedby="f-${name}-error"` : ''}>${options.map(
    ([value, text]) => html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${text}</option>`,
  )}</select>
  <p class="nr-error" id="f-${name}-error" data-error-for="${name}"${error ? '' : html` hidden`}>${error ?? ''}</p></div>`

const DIRECTIONS: [string, string][] = [
  ['', 'From the language'],
  ['ltr', 'Left to right'],
  ['rtl', 'Right to left'],
]
const DATE_STYLES: [string, string][] = [
  ['wire', 'Wire: 03:38 GMT 05.08.2020'],
  ['long', 'Long: 5 August 2020, 03:38 GMT'],
  ['numeric', 'Numeric: 2020-08-05 03:38'],
]
const SLUG_STYLES: [string, string][] = [
  ['unicode', 'In the edition’s own script'],
  ['ascii', 'Transliterated to Latin letters'],
]

function editionFields(errors: FieldProblem[], d: EditionDraft, existing?: Edition): SafeHtml {
  return html`${existing ? '' : field({ name: 'code', label: 'Code', value: d.code, error: errOf(errors, 'code'), required: true, hint: 'Its URL prefix: /ru/, /ar/, /pt-br/. It cannot change later.', attrs: html`maxlength="12" pattern="[a-z]{2,3}(-[a-z0-9]{2,8})?"` })}
  ${field({ name: 'name', label: 'Name', value: d.name, error: errOf(errors, 'name'), required: true, hint: 'As readers see it in the edition switcher, in its own language (Русский, العربية).', attrs: html`maxlength="120" dir="auto"`, ...(existing ? { id: `f-name-${existing.id}` } : {}) })}
  ${field({ name: 'locale', label: 'Locale', value: d.locale, error: errOf(errors, 'locale'), required: true, hint: 'A BCP 47 tag: ru, ar-EG, zh-Hans-CN.', attrs: html`maxlength="35"`, ...(existing ? { id: `f-locale-${existing.id}` } : {}) })}
  ${field({ name: 'region', label: 'Region', value: d.region, error: errOf(errors, 'region'), hint: 'A country code in capitals; empty: from the locale.', attrs: html`maxlength="3"`, ...(existing ? { id: `f-region-${existing.id}` } : {}) })}
  ${field({ name: 'timeZone', label: 'Time zone', value: d.timeZone ?? 'UTC', error: errOf(errors, 'timeZone'), hint: 'Europe/Moscow, Africa/Cairo, Asia/Shanghai, UTC.', attrs: html`maxlength="60"`, ...(existing ? { id: `f-timeZone-${existing.id}` } : {}) })}
  ${existing ? '' : choice('direction', 'Direction', DIRECTIONS, d.direction, errOf(errors, 'direction'))}
  ${field({ name: 'numberingSystem', label: 'Digits', value: d.numberingSystem, error: errOf(errors, 'numberingSystem'), hint: 'latn (0123), arab (٠١٢٣), arabext (۰۱۲۳), deva (०१२३); empty: the locale’s own.', attrs: html`maxlength="8"`, ...(existing ? { id: `f-numberingSystem-${existing.id}` } : {}) })}
  ${existing ? '' : choice('dateStyle', 'Date style', DATE_STYLES, d.dateStyle, errOf(errors, 'dateStyle'))}
  ${existing ? '' : choice('slugStyle', 'Slugs', SLUG_STYLES, d.slugStyle, errOf(errors, 'slugStyle'))}`
}

/** Editions: the list, a form to change each, and one to add another. */
export function editionsPage(
  frame: NewsroomFrame,
  o: { editions: Edition[]; staff: Account[]; limits: Map<number, number[]>; errors: FieldProblem[]; draft?: EditionDraft },
): SafeHtml {
  return newsroomLayout(
    frame,
    html`<h1>Editions</h1>
<p>Each edition has its own home, sections, navigation, community standards, feeds, sitemaps and search under its URL prefix; the default edition keeps the root of the site.</p>
<table class="nr-table"><thead><tr><th scope="col">Edition</th><th scope="col">Address</th><th scope="col">Language</th><th scope="col">Change</th></tr></thead><tbody>
${o.editions.map(
  (
    e,
  ) => html`<tr><td><bdi>${e.name}</bdi>${e.isDefault ? ' (default)' : ''}</td><td><a href="${e.prefix}/">${e.prefix || ''}/</a></td><td>${e.locale}, ${e.direction === 'rtl' ? 'right to left' : 'left to right'}, ${e.numberingSystem} digits, search: ${e.searchConfig}</td><td>
  <details><summary>Edit <bdi>${e.name}</bdi></summary>
  <form method="post" action="/newsroom/editions/${e.id}" class="nr-form nr-form--compact">${csrfField(frame.csrfToken)}
    ${editionFields([], { name: e.name, locale: e.locale, region: e.region ?? '', timeZone: e.timeZone, numberingSystem: e.numberingSystem }, e)}
    <button type="submit" class="nr-button">Save</button>
  </form></details></td></tr>`,
)}
</tbody></table>
<h2>Add an edition</h2>
<form method="post" action="/newsroom/editions" class="nr-form">${csrfField(frame.csrfToken)}
  ${editionFields(o.errors, o.draft ?? {})}
  <button type="submit" class="nr-button nr-button--primary">Add edition</button>
</form>
<h2>Who works in which edition</h2>
<p>Staff with no edition ticked work in every edition. Admins always work in every edition.</p>
<table class="nr-table"><thead><tr><th scope="col">Person</th><th scope="col">Editions</th></tr></thead><tbody>
${o.staff
  .filter((a) => a.role !== 'admin')
  .map(
    (a) => html`<tr><td><bdi>${a.displayName}</bdi> (${a.role})</td><td>
  <form method="post" action="/newsroom/editions/staff/${a.id}" class="nr-form nr-form--inline">${csrfField(frame.csrfToken)}
    <fieldset><legend class="visually-hidden">Editions of ${a.displayName}</legend>${o.editions.map(
      (e) =>
        html`<label><input type="checkbox" name="editionIds" value="${e.id}"${(o.limits.get(a.id) ?? []).includes(e.id) ? html` checked` : ''}> <bdi>${e.name}</bdi></label> `,
    )}</fieldset>
    <button type="submit" class="nr-button">Save</button>
  </form></td></tr>`,
  )}
</tbody></table>`,
  )
}
