import type { Account } from '../../accounts/account-store.ts'
import type { Edition } from '../../content/types.ts'
import type { FieldProblem } from '../../errors.ts'
import { html, type SafeHtml } from '../../web/html.ts'
import type { MessageKey, Translator } from '../../web/i18n.ts'
import { tHtml } from '../../web/i18n-html.ts'
import { csrfField, field, newsroomLayout, problemText, type NewsroomFrame } from '../../web/newsroom-layout.ts'

const errOf = (tr: Translator, errors: FieldProblem[], name: string) =>
  errors
    .filter((e) => e.field === name)
    .map((e) => problemText(tr, e.message))
    .join(' ') || undefined

export type EditionDraft = Partial<
  Record<'code' | 'name' | 'locale' | 'region' | 'timeZone' | 'direction' | 'numberingSystem' | 'dateStyle' | 'slugStyle' | 'searchConfig', string>
>

const choice = (tr: Translator, name: string, label: string, options: [string, MessageKey][], selected: string | undefined, error?: string) =>
  html`<div class="nr-field${error ? ' nr-field--error' : ''}" data-field="${name}"><label for="f-${name}">${label}</label>
  <select id="f-${name}" name="${name}"${error ? html` aria-invalid="true" aria-describedby="f-${name}-error"` : ''}>${options.map(
    ([value, text]) => html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${tr.t(text)}</option>`,
  )}</select>
  <p class="nr-error" id="f-${name}-error" data-error-for="${name}"${error ? '' : html` hidden`}>${error ?? ''}</p></div>`

const DIRECTIONS: [string, MessageKey][] = [
  ['', 'nr.editions.dir.auto'],
  ['ltr', 'nr.editions.dir.ltr'],
  ['rtl', 'nr.editions.dir.rtl'],
]
const DATE_STYLES: [string, MessageKey][] = [
  ['wire', 'nr.editions.dateStyle.wire'],
  ['long', 'nr.editions.dateStyle.long'],
  ['numeric', 'nr.editions.dateStyle.numeric'],
]
const SLUG_STYLES: [string, MessageKey][] = [
  ['unicode', 'nr.editions.slugs.unicode'],
  ['ascii', 'nr.editions.slugs.ascii'],
]

function editionFields(tr: Translator, errors: FieldProblem[], d: EditionDraft, existing?: Edition): SafeHtml {
  return html`${existing ? '' : field({ name: 'code', label: tr.t('nr.editions.code'), value: d.code, error: errOf(tr, errors, 'code'), required: true, hint: tr.t('nr.editions.codeHint'), attrs: html`maxlength="12" pattern="[a-z]{2,3}(-[a-z0-9]{2,8})?"` })}
  ${field({ name: 'name', label: tr.t('nr.name'), value: d.name, error: errOf(tr, errors, 'name'), required: true, hint: tr.t('nr.editions.nameHint'), attrs: html`maxlength="120" dir="auto"`, ...(existing ? { id: `f-name-${existing.id}` } : {}) })}
  ${field({ name: 'locale', label: tr.t('nr.editions.locale'), value: d.locale, error: errOf(tr, errors, 'locale'), required: true, hint: tr.t('nr.editions.localeHint'), attrs: html`maxlength="35"`, ...(existing ? { id: `f-locale-${existing.id}` } : {}) })}
  ${field({ name: 'region', label: tr.t('nr.editions.region'), value: d.region, error: errOf(tr, errors, 'region'), hint: tr.t('nr.editions.regionHint'), attrs: html`maxlength="3"`, ...(existing ? { id: `f-region-${existing.id}` } : {}) })}
  ${field({ name: 'timeZone', label: tr.t('nr.editions.timeZone'), value: d.timeZone ?? 'UTC', error: errOf(tr, errors, 'timeZone'), hint: tr.t('nr.editions.timeZoneHint'), attrs: html`maxlength="60"`, ...(existing ? { id: `f-timeZone-${existing.id}` } : {}) })}
  ${existing ? '' : choice(tr, 'direction', tr.t('nr.editions.direction'), DIRECTIONS, d.direction, errOf(tr, errors, 'direction'))}
  ${field({ name: 'numberingSystem', label: tr.t('nr.editions.digits'), value: d.numberingSystem, error: errOf(tr, errors, 'numberingSystem'), hint: tr.t('nr.editions.digitsHint'), attrs: html`maxlength="8"`, ...(existing ? { id: `f-numberingSystem-${existing.id}` } : {}) })}
  ${existing ? '' : choice(tr, 'dateStyle', tr.t('nr.editions.dateStyle'), DATE_STYLES, d.dateStyle, errOf(tr, errors, 'dateStyle'))}
  ${existing ? '' : choice(tr, 'slugStyle', tr.t('nr.editions.slugs'), SLUG_STYLES, d.slugStyle, errOf(tr, errors, 'slugStyle'))}`
}

/** Editions: the list, a form to change each, and one to add another. */
export function editionsPage(
  frame: NewsroomFrame,
  o: { editions: Edition[]; staff: Account[]; limits: Map<number, number[]>; errors: FieldProblem[]; draft?: EditionDraft },
): SafeHtml {
  const tr = frame.tr
  return newsroomLayout(
    frame,
    html`<h1>${tr.t('nr.nav.editions')}</h1>
<p>${tr.t('nr.editions.intro')}</p>
<table class="nr-table"><thead><tr><th scope="col">${tr.t('nr.editions.edition')}</th><th scope="col">${tr.t('nr.editions.address')}</th><th scope="col">${tr.t('nr.editions.language')}</th><th scope="col">${tr.t('nr.change')}</th></tr></thead><tbody>
${o.editions.map(
  (
    e,
  ) => html`<tr><td><bdi>${e.name}</bdi>${e.isDefault ? ` ${tr.t('nr.editions.default')}` : ''}</td><td><a href="${e.prefix}/">${e.prefix || ''}/</a></td><td>${tr.t('nr.editions.summary', { locale: e.locale, direction: tr.t(e.direction === 'rtl' ? 'nr.editions.dir.rtl' : 'nr.editions.dir.ltr'), digits: e.numberingSystem, search: e.searchConfig })}</td><td>
  <details><summary>${tHtml(tr, 'nr.editNamed', { name: html`<bdi>${e.name}</bdi>` })}</summary>
  <form method="post" action="/newsroom/editions/${e.id}" class="nr-form nr-form--compact">${csrfField(frame.csrfToken)}
    ${editionFields(tr, [], { name: e.name, locale: e.locale, region: e.region ?? '', timeZone: e.timeZone, numberingSystem: e.numberingSystem }, e)}
    <button type="submit" class="nr-button">${tr.t('nr.save')}</button>
  </form></details></td></tr>`,
)}
</tbody></table>
<h2>${tr.t('nr.editions.addTitle')}</h2>
<form method="post" action="/newsroom/editions" class="nr-form">${csrfField(frame.csrfToken)}
  ${editionFields(tr, o.errors, o.draft ?? {})}
  <button type="submit" class="nr-button nr-button--primary">${tr.t('nr.editions.add')}</button>
</form>
<h2>${tr.t('nr.editions.whoTitle')}</h2>
<p>${tr.t('nr.editions.whoIntro')}</p>
<table class="nr-table"><thead><tr><th scope="col">${tr.t('nr.editions.person')}</th><th scope="col">${tr.t('nr.nav.editions')}</th></tr></thead><tbody>
${o.staff
  .filter((a) => a.role !== 'admin')
  .map(
    (a) => html`<tr><td><bdi>${a.displayName}</bdi> (${tr.t(`nr.role.${a.role ?? 'reader'}`)})</td><td>
  <form method="post" action="/newsroom/editions/staff/${a.id}" class="nr-form nr-form--inline">${csrfField(frame.csrfToken)}
    <fieldset><legend class="visually-hidden">${tr.t('nr.editions.of', { name: a.displayName })}</legend>${o.editions.map(
      (e) =>
        html`<label><input type="checkbox" name="editionIds" value="${e.id}"${(o.limits.get(a.id) ?? []).includes(e.id) ? html` checked` : ''}> <bdi>${e.name}</bdi></label> `,
    )}</fieldset>
    <button type="submit" class="nr-button">${tr.t('nr.save')}</button>
  </form></td></tr>`,
  )}
</tbody></table>`,
  )
}
