import type { Section } from '../../content/types.ts'
import { ARTICLE_STATUSES, type ArticleStatus } from '../../content/types.ts'
import type { FieldProblem } from '../../errors.ts'
import { formatGmt } from '../../web/format.ts'
import type { EditingState } from '../article-service.ts'
import { html, jsonForScript, type SafeHtml } from '../../web/html.ts'
import type { FieldDiff, Revision } from '../revisions.ts'
import type { WorkflowAction } from '../workflow.ts'
import { csrfField, field, newsroomLayout, type NewsroomFrame } from '../../web/newsroom-layout.ts'
import { fieldDiffsHtml } from '../../web/diff.ts'

export interface ListRow {
  id: number
  headline: string
  status: ArticleStatus
  section: string
  bylines: string
  modifiedAt: Date
  scheduledFor: Date | null
  needsHeadline: boolean
}

const STATUS_LABEL: Record<ArticleStatus, string> = {
  draft: 'Draft',
  review: 'In review',
  scheduled: 'Scheduled',
  published: 'Published',
  unpublished: 'Unpublished',
}

/** A section with its edition's name, language and direction (the copy fields follow the chosen section's). */
export type EditorSection = Section & { editionName?: string; editionLang?: string; editionDir?: 'ltr' | 'rtl' }

/** Sections as options; sections of several editions are grouped under each edition's name. */
function sectionOptions(sections: EditorSection[], selected: number | null | undefined): SafeHtml {
  const option = (s: EditorSection) =>
    html`<option value="${s.id}"${s.editionLang ? html` data-lang="${s.editionLang}" data-dir="${s.editionDir ?? 'ltr'}"` : ''}${selected === s.id ? html` selected` : ''}>${s.path.includes('/') ? '— ' : ''}${s.name}</option>`
  const editions = [...new Set(sections.map((s) => s.editionId))]
  if (editions.length < 2) return html`${sections.map(option)}`
  return html`${editions.map((id) => {
    const group = sections.filter((s) => s.editionId === id)
    return html`<optgroup label="${group[0]?.editionName ?? ''}">${group.map(option)}</optgroup>`
  })}`
}

/** The newsroom's article list with its filters. */
export function articleListPage(
  frame: NewsroomFrame,
  o: {
    rows: ListRow[]
    sections: Section[]
    bylines: { id: number; name: string }[]
    filter: { status?: string; sectionId?: number; personId?: number; q?: string }
    nextHref?: string
    prevHref?: string
  },
): SafeHtml {
  const f = o.filter
  return newsroomLayout(
    frame,
    html`<h1>Articles</h1>
<form class="nr-filters" method="get" action="/newsroom" role="search" aria-label="Filter articles">
  <label>Status <select name="status"><option value="">Any</option>${ARTICLE_STATUSES.map((s) => html`<option value="${s}"${f.status === s ? html` selected` : ''}>${STATUS_LABEL[s]}</option>`)}</select></label>
  <label>Section <select name="sectionId"><option value="">Any</option>${sectionOptions(o.sections, f.sectionId)}</select></label>
  <label>Author <select name="personId"><option value="">Any</option>${o.bylines.map((p) => html`<option value="${p.id}"${f.personId === p.id ? html` selected` : ''}>${p.name}</option>`)}</select></label>
  <label>Headline <input type="search" name="q" value="${f.q ?? ''}" maxlength="200"></label>
  <button type="submit" class="nr-button">Filter</button>
</form>
${
  o.rows.length === 0
    ? html`<p>No articles match.</p>`
    : html`<table class="nr-table">
  <thead><tr><th scope="col">Headline</th><th scope="col">Status</th><th scope="col">Section</th><th scope="col">By</th><th scope="col">Changed (GMT)</th></tr></thead>
  <tbody>${o.rows.map(
    (r) => html`<tr>
    <td><a href="/newsroom/articles/${r.id}">${r.headline}</a>${r.needsHeadline ? html` <span class="nr-badge nr-badge--warn">needs headline</span>` : ''}</td>
    <td><span class="nr-status nr-status--${r.status}">${STATUS_LABEL[r.status]}</span>${r.scheduledFor ? html`<br><small>${formatGmt(r.scheduledFor)}</small>` : ''}</td>
    <td>${r.section}</td><td>${r.bylines}</td><td><time datetime="${r.modifiedAt.toISOString()}">${formatGmt(r.modifiedAt)}</time></td>
  </tr>`,
  )}</tbody></table>`
}
<nav class="nr-pager" aria-label="Pages">${o.prevHref ? html`<a href="${o.prevHref}">Newer</a>` : ''} ${o.nextHref ? html`<a href="${o.nextHref}">Older</a>` : ''}</nav>`,
  )
}

export interface EditorValues {
  id?: number
  version?: number
  headline: string
  slug: string
  sectionId: number | undefined
  lead: string
  datelinePlace: string
  datelineDateText: string
  datelineAgency: string
  tags: string
  authorIds: number[]
  related: string
  body: unknown
}

export interface EditorPageModel {
  values: EditorValues
  errors: FieldProblem[]
  sections: EditorSection[]
  bylines: { id: number; name: string }[]
  status?: ArticleStatus
  canEdit: boolean
  actions: WorkflowAction[]
  isEditor: boolean
  publicUrl?: string | undefined
  scheduledFor?: Date | null
  corrections: { text: string; at: Date }[]
  headlineNeedsReview?: boolean
  history: { at: Date; action: string; actor: string | null }[]
  /** Which copy is shown, against what readers see (published articles). */
  editing?: EditingState
}

const ACTION_LABEL: Record<WorkflowAction, string> = {
  submit: 'Submit for review',
  return: 'Return to draft',
  publish: 'Publish now',
  schedule: 'Schedule',
  unschedule: 'Unschedule',
  unpublish: 'Unpublish',
  update: 'Update live',
  discard: 'Discard changes',
}

/** The article editor: fields beside a rich-text body, workflow actions, corrections. */
export function editorPage(frame: NewsroomFrame, m: EditorPageModel): SafeHtml {
  const v = m.values
  const err = (name: string) =>
    m.errors
      .filter((e) => e.field === name)
      .map((e) => e.message)
      .join(' ') || undefined
  const ro = !m.canEdit
  const disabled = ro ? html`disabled` : html``
  const isNew = v.id === undefined
  // the copy is in its edition's language and direction (an Arabic headline is typed right to left in
  // an English newsroom); before a section is chosen, each field follows its first strong letter
  const chosen = m.sections.find((s) => s.id === v.sectionId)
  const copy = chosen?.editionLang ? html`data-copy lang="${chosen.editionLang}" dir="${chosen.editionDir ?? 'ltr'}"` : html`data-copy dir="auto"`
  const general = m.errors.filter(
    (e) =>
      !['headline', 'slug', 'sectionId', 'lead', 'dateline.place', 'dateline.dateText', 'dateline.agency', 'tags', 'authorIds', 'related', 'body'].includes(
        e.field,
      ),
  )
  return newsroomLayout(
    frame,
    html`<div class="nr-editor-page">
<h1${!isNew && v.headline ? html` dir="auto"${chosen?.editionLang ? html` lang="${chosen.editionLang}"` : ''}` : ''}>${isNew ? 'New article' : v.headline || 'Untitled'}</h1>
${m.status ? html`<p class="nr-meta"><span class="nr-status nr-status--${m.status}">${STATUS_LABEL[m.status]}</span>${m.scheduledFor ? html` for <time datetime="${m.scheduledFor.toISOString()}" data-local-time>${formatGmt(m.scheduledFor)}</time>` : ''}${m.publicUrl ? html` · <a href="${m.publicUrl}">View on site</a>` : ''}${m.publicUrl && v.id !== undefined ? html` · <a href="/newsroom/articles/${v.id}/views">Views</a>` : ''}${v.id !== undefined ? html` · <a href="/newsroom/articles/${v.id}/revisions">Revisions</a> · <a href="/newsroom/articles/${v.id}/live">Live blog</a>` : ''}${m.publicUrl && v.id !== undefined ? html` · <a href="/newsroom/alerts?articleId=${v.id}">Send alert</a>` : ''}</p>` : ''}
${m.editing ? copyBanner(m.editing, m.publicUrl, v.id) : ''}
${m.headlineNeedsReview ? html`<p class="flash flash--error">This headline was derived from the lead by the importer: write a real one.</p>` : ''}
${ro ? html`<p class="flash">You can read this article but not change it${m.status && !['draft', 'review'].includes(m.status) ? ': only editors can change copy once it is scheduled or published' : ''}.</p>` : ''}
${m.errors.length ? html`<div class="flash flash--error" role="alert" id="form-errors"><p>The article was not saved: ${m.errors.length === 1 ? 'one field needs' : `${m.errors.length} fields need`} attention.</p>${general.length ? html`<ul>${general.map((g) => html`<li>${g.message}</li>`)}</ul>` : ''}</div>` : ''}
<form id="article-form" class="nr-form nr-editor" method="post" action="${isNew ? '/newsroom/articles' : `/newsroom/articles/${v.id}`}" data-article-id="${v.id ?? ''}" data-copy="${m.editing?.copy ?? 'article'}" novalidate>
  ${csrfField(frame.csrfToken)}
  <input type="hidden" name="version" value="${v.version ?? ''}">
  <div class="nr-editor__main">
    ${field({ name: 'headline', label: 'Headline', value: v.headline, error: err('headline'), required: true, attrs: html`maxlength="200" ${copy} ${disabled}` })}
    <div class="nr-field${err('lead') ? ' nr-field--error' : ''}" data-field="lead">
      <label for="f-lead">Lead</label>
      <textarea id="f-lead" name="lead" rows="3" maxlength="2000" ${copy}${err('lead') ? html` aria-invalid="true" aria-describedby="f-lead-error"` : ''} ${disabled}>${v.lead}</textarea>
      <p class="nr-error" id="f-lead-error" data-error-for="lead"${err('lead') ? '' : html` hidden`}>${err('lead') ?? ''}</p>
    </div>
    <fieldset class="nr-dateline"><legend>Dateline</legend>
      ${field({ name: 'dateline.place', label: 'Place', value: v.datelinePlace, error: err('dateline.place'), hint: 'In capitals, like MOSCOW', attrs: html`${copy} ${disabled}` })}
      ${field({ name: 'dateline.dateText', label: 'Date', value: v.datelineDateText, error: err('dateline.dateText'), hint: 'Like December 24', attrs: html`${copy} ${disabled}` })}
      ${field({ name: 'dateline.agency', label: 'Agency', value: v.datelineAgency, error: err('dateline.agency'), hint: 'Like Sputnik', attrs: html`dir="auto" ${disabled}` })}
    </fieldset>
    <div class="nr-field${err('body') ? ' nr-field--error' : ''}" data-field="body">
      <span class="nr-label" id="body-label">Body</span>
      <div id="body-editor" class="nr-body-editor" aria-labelledby="body-label" ${copy}${ro ? html` data-readonly="true"` : ''}></div>
      <noscript><p class="flash flash--error">The body editor needs JavaScript. The other fields can be saved without it.</p></noscript>
      <input type="hidden" name="body" id="f-body" value="${JSON.stringify(v.body ?? [])}">
      <p class="nr-error" id="f-body-error" data-error-for="body"${err('body') ? '' : html` hidden`}>${err('body') ?? ''}</p>
    </div>
  </div>
  <div class="nr-editor__side">
    <div class="nr-field${err('sectionId') ? ' nr-field--error' : ''}" data-field="sectionId">
      <label for="f-sectionId">Section</label>
      <select id="f-sectionId" name="sectionId" required ${disabled}${err('sectionId') ? html` aria-invalid="true" aria-describedby="f-sectionId-error"` : ''}>
        <option value="">Choose a section</option>
        ${sectionOptions(m.sections, v.sectionId)}
      </select>
      <p class="nr-error" id="f-sectionId-error" data-error-for="sectionId"${err('sectionId') ? '' : html` hidden`}>${err('sectionId') ?? ''}</p>
    </div>
    ${field({ name: 'slug', label: 'Slug', value: v.slug, error: err('slug'), hint: 'Part of the URL; made from the headline when empty', attrs: html`maxlength="120" dir="auto" ${disabled}` })}
    ${field({ name: 'tags', label: 'Tags', value: v.tags, error: err('tags'), hint: 'Separated by commas', attrs: html`dir="auto" ${disabled}` })}
    <div class="nr-field${err('authorIds') ? ' nr-field--error' : ''}" data-field="authorIds">
      <label for="f-authorIds">Authors</label>
      <select id="f-authorIds" name="authorIds" multiple size="4" ${disabled}>
        ${m.bylines.map((p) => html`<option value="${p.id}" dir="auto"${v.authorIds.includes(p.id) ? html` selected` : ''}>${p.name}</option>`)}
      </select>
      <p class="nr-error" data-error-for="authorIds"${err('authorIds') ? '' : html` hidden`}>${err('authorIds') ?? ''}</p>
    </div>
    <div class="nr-field${err('related') ? ' nr-field--error' : ''}" data-field="related">
      <label for="f-related">Related</label>
      <p class="nr-hint" id="f-related-hint">One per line: an article as #id, or a headline alone.</p>
      <textarea id="f-related" name="related" rows="5" aria-describedby="f-related-hint" dir="auto" ${disabled}>${v.related}</textarea>
      <p class="nr-error" data-error-for="related"${err('related') ? '' : html` hidden`}>${err('related') ?? ''}</p>
    </div>
    ${ro ? '' : html`<div class="nr-save"><button type="submit" class="nr-button nr-button--primary">${isNew ? 'Create draft' : 'Save'}</button> <span id="save-status" class="nr-save-status" role="status" aria-live="polite"></span></div>`}
  </div>
</form>
${v.id !== undefined ? workflowPanel(frame, v.id, m) : ''}
<script type="application/json" id="editor-data">${jsonForScript({ body: v.body ?? [], readonly: ro })}</script>
</div>`,
  )
}

/**
 * Says plainly which copy the editor shows: readers see the live version of a published article
 * until an editor presses Update live; edits and autosaves go to its working copy.
 */
function copyBanner(e: EditingState, publicUrl: string | undefined, id: number | undefined): SafeHtml | '' {
  if (e.copy === 'article' || !e.live) return ''
  const live = html`version ${e.live.version}, published <time datetime="${e.live.publishedAt.toISOString()}">${formatGmt(e.live.publishedAt)}</time>`
  const liveLink = publicUrl ? html` <a href="${publicUrl}">See the live version</a>` : ''
  if (e.copy === 'live') {
    return html`<div class="nr-copy nr-copy--live" id="copy-banner" role="note"><p><strong>Live.</strong> Readers see ${live}.${liveLink}</p>
<p>Changes you make here are saved to a working copy; readers keep seeing the live version until an editor presses <em>Update live</em>.</p></div>`
  }
  const w = e.workingCopy!
  return html`<div class="nr-copy nr-copy--working" id="copy-banner" role="note">
<p><strong>Working copy.</strong> You are editing changes to a published article. Readers see ${live}.${liveLink}</p>
<p>${e.differsFromLive ? html`<strong>The working copy differs from the live version.</strong>` : 'The working copy is the same as the live version.'} Last saved <time datetime="${w.modifiedAt.toISOString()}">${formatGmt(w.modifiedAt)}</time>${w.modifiedBy ? html` by ${w.modifiedBy}` : ''}.${id !== undefined ? html` <a href="/newsroom/articles/${id}/compare-live">Compare with live</a>` : ''}</p>
${w.state === 'review' ? html`<p>Proposed by a reporter: waiting for an editor.</p>` : ''}
${w.scheduledFor ? html`<p>The update goes live by itself at <time datetime="${w.scheduledFor.toISOString()}" data-local-time>${formatGmt(w.scheduledFor)}</time>${w.scheduledNote ? html` (“${w.scheduledNote}”)` : ''}.</p>` : ''}
</div>`
}

function workflowPanel(frame: NewsroomFrame, id: number, m: EditorPageModel): SafeHtml {
  return html`<section class="nr-panel" aria-labelledby="workflow-h">
  <h2 id="workflow-h">Workflow</h2>
  ${m.actions.length === 0 ? html`<p>No workflow actions are open to you now.</p>` : ''}
  <div class="nr-actions">
  ${m.actions.map((a) => actionForm(frame, id, a, m))}
  ${
    // a published article without pending changes: Update live and Discard appear (from the client)
    // once the first edit has been saved to the working copy
    m.status === 'published' && m.editing?.copy === 'live' && m.canEdit
      ? (m.isEditor ? (['update', 'discard'] as const) : (['discard'] as const)).map(
          (a) => html`<div hidden data-when-working>${actionForm(frame, id, a, m)}</div>`,
        )
      : ''
  }
  </div>
  ${
    m.status === 'published' && m.isEditor
      ? html`<h3>Corrections</h3>
  ${m.corrections.length ? html`<ol>${m.corrections.map((c) => html`<li>${formatGmt(c.at)}: ${c.text}</li>`)}</ol>` : html`<p>No corrections.</p>`}
  <form method="post" action="/newsroom/articles/${id}/corrections" class="nr-form">${csrfField(frame.csrfToken)}
    <label for="f-correction">Add a correction (shown at the foot of the article, with the time)</label>
    <textarea id="f-correction" name="text" rows="2" maxlength="2000" required></textarea>
    <button type="submit" class="nr-button">Add correction</button>
  </form>`
      : ''
  }
  ${
    m.history.length
      ? html`<h3>History</h3><ul class="nr-history">${m.history.map((h) => html`<li><time datetime="${h.at.toISOString()}">${formatGmt(h.at)}</time> ${h.action.replace('article.', '')} by ${h.actor ?? 'the scheduler'}</li>`)}</ul>`
      : ''
  }
</section>`
}

const NOTE_FIELD = (
  id: string,
  label = 'Change note',
) => html`<label for="${id}">${label} <span class="nr-hint">(one line, shown to readers on the Versions page)</span></label>
  <input id="${id}" type="text" name="note" maxlength="300" placeholder="Adds the mayor’s response">`

/** One workflow action as a form; Update live and a scheduled update take a change note. */
function actionForm(frame: NewsroomFrame, id: number, a: WorkflowAction, m: EditorPageModel): SafeHtml {
  const open = html`<form method="post" action="/newsroom/articles/${id}/workflow" class="nr-inline-form nr-action nr-action--${a}">${csrfField(frame.csrfToken)}<input type="hidden" name="action" value="${a}">`
  const published = m.status === 'published'
  if (a === 'schedule') {
    return html`${open}${published ? NOTE_FIELD('f-schedule-note', 'Note for the scheduled update') : ''}
    <label>${published ? 'Put live at' : 'Publish at'} (GMT) <input type="datetime-local" name="scheduledFor" required data-local-time-input></label>
    <span class="nr-hint" data-local-time-echo aria-live="polite"></span> <button type="submit" class="nr-button">${published ? 'Schedule the update' : 'Schedule'}</button></form>`
  }
  if (a === 'update') {
    return html`${open}<input type="hidden" name="version" value="${m.values.version ?? ''}">${NOTE_FIELD('f-update-note')}
    <button type="submit" class="nr-button nr-button--primary">Update live</button></form>`
  }
  return html`${open}<button type="submit" class="nr-button${a === 'publish' ? ' nr-button--primary' : ''}">${published && a === 'submit' ? 'Submit the changes for review' : published && a === 'return' ? 'Return the changes' : published && a === 'unschedule' ? 'Cancel the scheduled update' : ACTION_LABEL[a]}</button></form>`
}

/** A published article's working copy beside its live version: what Update live would change. */
export function compareLivePage(
  frame: NewsroomFrame,
  o: { id: number; headline: string; live: number; fields: FieldDiff[]; publicUrl?: string | undefined },
): SafeHtml {
  return newsroomLayout(
    frame,
    html`<h1>Working copy of “${o.headline}” against the live version</h1>
<p><a href="/newsroom/articles/${o.id}">Back to the editor</a>${o.publicUrl ? html` · <a href="${o.publicUrl}">The live page</a>` : ''}</p>
<section class="nr-diff" aria-labelledby="diff-h"><h2 id="diff-h">Live version ${o.live} → working copy</h2>
<p class="nr-hint">What readers would see change if an editor pressed Update live.</p>
${o.fields.length ? fieldDiffsHtml(o.fields) : html`<p>There are no pending changes: readers see what the editor shows.</p>`}
</section>`,
  )
}

/** Revisions of an article: pick two to compare; restore any. */
export function revisionsPage(
  frame: NewsroomFrame,
  o: { id: number; headline: string; revisions: Revision[]; canRestore: boolean; compare?: { from: number; to: number; fields: FieldDiff[] } },
): SafeHtml {
  return newsroomLayout(
    frame,
    html`<h1>Revisions of “${o.headline}”</h1>
<p><a href="/newsroom/articles/${o.id}">Back to the editor</a></p>
<form method="get" action="/newsroom/articles/${o.id}/revisions" class="nr-form">
<table class="nr-table">
<thead><tr><th scope="col">From</th><th scope="col">To</th><th scope="col">#</th><th scope="col">Saved (GMT)</th><th scope="col">By</th><th scope="col">Kind</th><th scope="col">Headline</th></tr></thead>
<tbody>${o.revisions.map(
      (r, i) => html`<tr>
  <td><input type="radio" name="from" value="${r.number}" aria-label="Compare from revision ${r.number}"${(o.compare ? o.compare.from === r.number : i === 1) ? html` checked` : ''}></td>
  <td><input type="radio" name="to" value="${r.number}" aria-label="Compare to revision ${r.number}"${(o.compare ? o.compare.to === r.number : i === 0) ? html` checked` : ''}></td>
  <td>${r.number}</td><td>${formatGmt(r.createdAt)}</td><td>${r.authorName ?? ''}</td><td>${r.kind}</td><td>${r.snapshot.headline}</td>
</tr>`,
    )}</tbody></table>
<button type="submit" class="nr-button">Compare</button>
</form>
${
  o.compare
    ? html`<section class="nr-diff" aria-labelledby="diff-h"><h2 id="diff-h">Revision ${o.compare.from} → ${o.compare.to}</h2>
  ${fieldDiffsHtml(o.compare.fields)}
  ${
    o.canRestore
      ? html`<form method="post" action="/newsroom/articles/${o.id}/revisions/${o.compare.from}/restore">${csrfField(frame.csrfToken)}<button type="submit" class="nr-button">Restore revision ${o.compare.from}</button></form>`
      : ''
  }
</section>`
    : ''
}`,
  )
}
