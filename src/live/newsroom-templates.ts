import type { FieldProblem } from '../errors.ts'
import { csrfField, newsroomLayout, type NewsroomFrame } from '../web/newsroom-layout.ts'
import { html, type SafeHtml } from '../web/html.ts'
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

const STATE_LABELS: Record<StreamStatus['state'], string> = {
  'on-air': 'On air',
  'off-air': 'Off air',
  unreachable: 'Status unreachable',
  malformed: 'Status not readable',
  unchecked: 'No status',
}

/** A station's status as a labelled badge plus the plain-words reason. */
export function statusBadge(s: StreamStatus): SafeHtml {
  return html`<span class="status status--${s.state}">${STATE_LABELS[s.state]}</span> <span class="status__message">${s.message}</span>`
}

export function stationListPage(frame: NewsroomFrame, rows: StationRow[]): SafeHtml {
  const main = html`<h1>Radio stations</h1>
  ${
    rows.length
      ? html`<table class="nr-table">
    <caption class="visually-hidden">Stations, the first is the one the site’s Listen Live button plays</caption>
    <thead><tr><th scope="col">Station</th><th scope="col">Streams</th><th scope="col">Programmes</th><th scope="col">Status</th></tr></thead>
    <tbody>${rows.map(
      (r, i) => html`<tr>
      <td><a href="/newsroom/stations/${r.id}">${r.name}</a>${i === 0 ? html` (plays on Listen Live)` : ''}<br><a href="${r.href}">${r.href}</a></td>
      <td>${r.streams}</td><td>${r.programmes}</td><td>${statusBadge(r.status)}</td>
    </tr>`,
    )}</tbody></table>`
      : html`<p>No station yet. Until one is added, the site’s Listen Live button says “Off air”.</p>`
  }
  <p><a class="nr-button nr-button--primary" href="/newsroom/stations/new">Add a station</a></p>`
  return newsroomLayout(frame, main)
}

function field(
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
  ${mine.length ? html`<ul class="nr-error" id="${name}-error">${mine.map((p) => html`<li>${p.message}</li>`)}</ul>` : ''}
  ${o.textarea ? html`<textarea ${attrs} rows="${o.textarea}" spellcheck="false">${form[name]}</textarea>` : html`<input ${attrs} value="${form[name]}"${o.list ? html` list="${o.list}"` : ''}>`}
</div>`
}

/** The title of the add and edit pages. */
export function stationFormTitle(id: number | undefined, name: string): string {
  return id ? `Edit ${name || 'station'}` : 'Add a station'
}

export function stationFormPage(
  frame: NewsroomFrame,
  o: { id?: number | undefined; form: StationForm; problems: FieldProblem[]; status?: StreamStatus | undefined; warnings?: string[]; zones: string[] },
): SafeHtml {
  const { form, problems } = o
  const main = html`<p><a href="/newsroom/stations">Radio stations</a></p>
  <h1>${frame.title}</h1>
  ${
    problems.length
      ? html`<div class="error-summary" role="alert" aria-labelledby="error-summary-h"><h2 id="error-summary-h">The station was not saved</h2><ul>${problems.map((p) => html`<li><a href="#f-${p.field.replace(/[[.].*$/, '')}">${p.message}</a></li>`)}</ul></div>`
      : ''
  }
  ${o.status ? html`<p class="station-status">Stream status: ${statusBadge(o.status)}</p>` : ''}
  ${o.warnings?.length ? html`<ul class="flash flash--error station-warnings">${o.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : ''}
  <form method="post" action="${o.id ? `/newsroom/stations/${o.id}` : '/newsroom/stations'}" class="nr-form" novalidate>${csrfField(frame.csrfToken)}
    ${field('name', 'Station name', form, problems, { required: true })}
    ${field('slug', 'Short name (in its URL)', form, problems, { hint: 'Lowercase letters, digits and hyphens. Leave empty to make one from the name.' })}
    ${field('description', 'Description', form, problems, { textarea: 2 })}
    ${field('timeZone', 'Time zone of the schedule', form, problems, { hint: 'An IANA name such as Europe/London; the schedule follows its daylight-saving changes.', list: 'zones', required: true })}
    <datalist id="zones">${o.zones.map((z) => html`<option value="${z}">`)}</datalist>
    ${field('streams', 'Stream URLs', form, problems, { textarea: 3, hint: 'One a line, the preferred first: an Icecast mount (https://radio.example.org/live.mp3) or an HLS playlist (….m3u8). Add mp3, aac, ogg or hls after a URL when its name does not say.' })}
    ${field('statusUrl', 'Icecast status URL (optional)', form, problems, { hint: 'The server’s status-json.xsl, such as https://radio.example.org/status-json.xsl: it gives the title on air and the listener count.' })}
    ${field('position', 'Position', form, problems, { hint: 'Stations are listed lowest first; the first is the one the Listen Live button plays.' })}
    ${field('schedule', 'Weekly schedule', form, problems, { textarea: 12, hint: 'One programme a line: days, start–end, then | show | host | description. "Mon-Fri 06:00-09:00 | Morning Edition | Ana Reyes" or, across midnight, "Fri 23:00 - Sat 01:00 | Late Night". Lines starting with # are ignored.' })}
    <p><button type="submit" class="nr-button nr-button--primary">Save station</button></p>
  </form>
  ${
    o.id
      ? html`<form method="post" action="/newsroom/stations/${o.id}/delete" class="nr-form">${csrfField(frame.csrfToken)}<p><button type="submit" class="nr-button nr-button--danger">Delete this station</button></p></form>`
      : ''
  }`
  return newsroomLayout(frame, main)
}
