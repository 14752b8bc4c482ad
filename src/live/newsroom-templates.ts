import type { FieldProblem } from '../errors.ts'
import { csrfField, newsroomLayout, type NewsroomFrame } from '../web/newsroom-layout.ts'
import { deskProblem } from '../web/desk-errors.ts'
import { html, type SafeHtml } from '../web/html.ts'
import type { MessageKey, Translator } from '../web/i18n.ts'
import { tHtml } from '../web/i18n-html.ts'
import type { StreamStatus } from './icecast-status.ts'
import type { StationForm } from './station-form.ts'

export interface StationRow {
  id: number
  name: string
  slug: string
  href: string
  streams: number
  programmes: number
  status: StreamStatus
}

const STATE_LABELS: Record<StreamStatus['state'], MessageKey> = {
  'on-air': 'desk.station.state.onAir',
  'off-air': 'desk.station.state.offAir',
  unreachable: 'desk.station.state.unreachable',
  malformed: 'desk.station.state.malformed',
  unchecked: 'desk.station.state.unchecked',
}

/** A station's status as a labelled badge plus the plain-words reason. */
export function statusBadge(tr: Translator, s: StreamStatus): SafeHtml {
  return html`<span class="status status--${s.state}">${tr.t(STATE_LABELS[s.state])}</span> <span class="status__message">${deskProblem(tr, s.message)}</span>`
}

export function stationListPage(frame: NewsroomFrame, rows: StationRow[]): SafeHtml {
  const tr = frame.tr
  const main = html`<h1>${tr.t('desk.station.list')}</h1>
  ${
    rows.length
      ? html`<table class="nr-table">
    <caption class="visually-hidden">${tr.t('desk.station.caption')}</caption>
    <thead><tr><th scope="col">${tr.t('desk.station.station')}</th><th scope="col">${tr.t('desk.station.streamsCol')}</th><th scope="col">${tr.t('desk.station.programmes')}</th><th scope="col">${tr.t('desk.station.statusCol')}</th></tr></thead>
    <tbody>${rows.map(
      (r, i) => html`<tr>
      <td><a href="/newsroom/stations/${r.id}">${r.name}</a>${i === 0 ? ` ${tr.t('desk.station.first')}` : ''}<br><a href="${r.href}">${r.href}</a></td>
      <td>${tr.number(r.streams)}</td><td>${tr.number(r.programmes)}</td><td>${statusBadge(tr, r.status)}</td>
    </tr>`,
    )}</tbody></table>`
      : html`<p>${tr.t('desk.station.empty')}</p>`
  }
  <p><a class="nr-button nr-button--primary" href="/newsroom/stations/new">${tr.t('desk.station.add')}</a></p>`
  return newsroomLayout(frame, main)
}

function field(
  tr: Translator,
  name: keyof StationForm,
  label: string,
  form: StationForm,
  problems: FieldProblem[],
  o: { hint?: string; textarea?: number; list?: string; required?: boolean } = {},
): SafeHtml {
  const mine = problems.filter((p) => p.field === name || p.field.startsWith(`${name}[`) || p.field.startsWith(`${name}.`))
  const describedBy = [o.hint ? `${name}-hint` : '', mine.length ? `${name}-error` : ''].filter(Boolean).join(' ')
  const attrs = html`id="f-${name}" name="${name}"${describedBy ? html` aria-describedby="${describedBy}"` : ''}${mine.length ? html` aria-invalid="true"` : ''}${o.required ? html` required` : ''}`
  return html`<div class="nr-field${mine.length ? ' nr-field--error' : ''}" data-field="${name}">
  <label for="f-${name}">${label}</label>
  ${o.hint ? html`<p class="nr-hint" id="${name}-hint">${o.hint}</p>` : ''}
  ${mine.length ? html`<ul class="nr-error" id="${name}-error">${mine.map((p) => html`<li>${deskProblem(tr, p.message)}</li>`)}</ul>` : ''}
  ${o.textarea ? html`<textarea ${attrs} rows="${o.textarea}" spellcheck="false">${form[name]}</textarea>` : html`<input ${attrs} value="${form[name]}"${o.list ? html` list="${o.list}"` : ''}>`}
</div>`
}

/** The title of the add and edit pages. */
export function stationFormTitle(tr: Translator, id: number | undefined, name: string): string {
  return id ? tr.t('desk.station.editTitle', { name: name || tr.t('desk.station.station') }) : tr.t('desk.station.add')
}

export function stationFormPage(
  frame: NewsroomFrame,
  o: { id?: number | undefined; form: StationForm; problems: FieldProblem[]; status?: StreamStatus | undefined; warnings?: string[]; zones: string[] },
): SafeHtml {
  const { form, problems } = o
  const tr = frame.tr
  const main = html`<p><a href="/newsroom/stations">${tr.t('desk.station.list')}</a></p>
  <h1>${frame.title}</h1>
  ${
    problems.length
      ? html`<div class="error-summary" role="alert" aria-labelledby="error-summary-h"><h2 id="error-summary-h">${tr.t('desk.station.notSaved')}</h2><ul>${problems.map((p) => html`<li><a href="#f-${p.field.replace(/[[.].*$/, '')}">${deskProblem(tr, p.message)}</a></li>`)}</ul></div>`
      : ''
  }
  ${o.status ? html`<p class="station-status">${tHtml(tr, 'desk.station.streamStatus', { status: statusBadge(tr, o.status) })}</p>` : ''}
  ${o.warnings?.length ? html`<ul class="flash flash--error station-warnings">${o.warnings.map((w) => html`<li>${deskProblem(tr, w)}</li>`)}</ul>` : ''}
  <form method="post" action="${o.id ? `/newsroom/stations/${o.id}` : '/newsroom/stations'}" class="nr-form" novalidate>${csrfField(frame.csrfToken)}
    ${field(tr, 'name', tr.t('desk.station.name'), form, problems, { required: true })}
    ${field(tr, 'slug', tr.t('desk.station.slug'), form, problems, { hint: tr.t('desk.station.slugHint') })}
    ${field(tr, 'description', tr.t('desk.station.description'), form, problems, { textarea: 2 })}
    ${field(tr, 'timeZone', tr.t('desk.station.zone'), form, problems, { hint: tr.t('desk.station.zoneHint'), list: 'zones', required: true })}
    <datalist id="zones">${o.zones.map((z) => html`<option value="${z}">`)}</datalist>
    ${field(tr, 'streams', tr.t('desk.station.streams'), form, problems, { textarea: 3, hint: tr.t('desk.station.streamsHint') })}
    ${field(tr, 'statusUrl', tr.t('desk.station.statusUrlOptional'), form, problems, { hint: tr.t('desk.station.statusUrlHint') })}
    ${field(tr, 'position', tr.t('desk.station.position'), form, problems, { hint: tr.t('desk.station.positionHint') })}
    ${field(tr, 'schedule', tr.t('desk.station.schedule'), form, problems, { textarea: 12, hint: tr.t('desk.station.scheduleHint') })}
    <p><button type="submit" class="nr-button nr-button--primary">${tr.t('desk.station.save')}</button></p>
  </form>
  ${
    o.id
      ? html`<form method="post" action="/newsroom/stations/${o.id}/delete" class="nr-form">${csrfField(frame.csrfToken)}<p><button type="submit" class="nr-button nr-button--danger">${tr.t('desk.station.delete')}</button></p></form>`
      : ''
  }`
  return newsroomLayout(frame, main)
}
