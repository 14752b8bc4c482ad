import type { Section } from '../../content/types.ts'
import { ARTICLE_STATUSES, type ArticleStatus } from '../../content/types.ts'
import type { FieldProblem } from '../../errors.ts'
import type { MessageKey, Translator } from '../../web/i18n.ts'
import { newsroomEn } from '../../web/messages/newsroom.en.ts'
import { tHtml } from '../../web/i18n-html.ts'
import type { EditingState } from '../article-service.ts'
import { html, jsonForScript, type SafeHtml } from '../../web/html.ts'
import type { FieldDiff, Revision } from '../revisions.ts'
import type { WorkflowAction } from '../workflow.ts'
import { csrfField, field, newsroomLayout, problemText, type NewsroomFrame } from '../../web/newsroom-layout.ts'

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

/** A status as staff read it ("Draft", "На проверке"). */
export const statusLabel = (tr: Translator, s: ArticleStatus): string => tr.t(`nr.status.${s}`)

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
  const tr = frame.tr
  return newsroomLayout(
    frame,
    html`<h1>${tr.t('nr.list.title')}</h1>
<form class="nr-filters" method="get" action="/newsroom" role="search" aria-label="${tr.t('nr.list.filterLabel')}">
  <label>${tr.t('nr.list.status')} <select name="status"><option value="">${tr.t('nr.list.any')}</option>${ARTICLE_STATUSES.map((s) => html`<option value="${s}"${f.status === s ? html` selected` : ''}>${statusLabel(tr, s)}</option>`)}</select></label>
  <label>${tr.t('nr.list.section')} <select name="sectionId"><option value="">${tr.t('nr.list.any')}</option>${sectionOptions(o.sections, f.sectionId)}</select></label>
  <label>${tr.t('nr.list.author')} <select name="personId"><option value="">${tr.t('nr.list.any')}</option>${o.bylines.map((p) => html`<option value="${p.id}"${f.personId === p.id ? html` selected` : ''}>${p.name}</option>`)}</select></label>
  <label>${tr.t('nr.list.headline')} <input type="search" name="q" value="${f.q ?? ''}" maxlength="200"></label>
  <button type="submit" class="nr-button">${tr.t('nr.filter')}</button>
</form>
${
  o.rows.length === 0
    ? html`<p>${tr.t('nr.list.none')}</p>`
    : html`<p class="nr-hint" id="list-count">${tr.t('nr.list.count', { n: o.rows.length })}</p><table class="nr-table">
  <thead><tr><th scope="col">${tr.t('nr.list.headline')}</th><th scope="col">${tr.t('nr.list.status')}</th><th scope="col">${tr.t('nr.list.section')}</th><th scope="col">${tr.t('nr.list.by')}</th><th scope="col">${tr.t('nr.list.changed')}</th></tr></thead>
  <tbody>${o.rows.map(
    (r) => html`<tr>
    <td><a href="/newsroom/articles/${r.id}">${r.headline}</a>${r.needsHeadline ? html` <span class="nr-badge nr-badge--warn">${tr.t('nr.list.needsHeadline')}</span>` : ''}</td>
    <td><span class="nr-status nr-status--${r.status}">${statusLabel(tr, r.status)}</span>${r.scheduledFor ? html`<br><small>${tr.timestamp(r.scheduledFor)}</small>` : ''}</td>
    <td>${r.section}</td><td>${r.bylines}</td><td><time datetime="${r.modifiedAt.toISOString()}">${tr.timestamp(r.modifiedAt)}</time></td>
  </tr>`,
  )}</tbody></table>`
}
<nav class="nr-pager" aria-label="${tr.t('nr.pages')}">${o.prevHref ? html`<a href="${o.prevHref}">${tr.t('nr.newer')}</a>` : ''} ${o.nextHref ? html`<a href="${o.nextHref}">${tr.t('nr.older')}</a>` : ''}</nav>`,
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

/** The article editor: fields beside a rich-text body, workflow actions, corrections. */
export function editorPage(frame: NewsroomFrame, m: EditorPageModel): SafeHtml {
  const v = m.values
  const tr = frame.tr
  const err = (name: string) =>
    m.errors
      .filter((e) => e.field === name)
      .map((e) => problemText(tr, e.message))
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
<h1${!isNew && v.headline ? html` dir="auto"${chosen?.editionLang ? html` lang="${chosen.editionLang}"` : ''}` : ''}>${isNew ? tr.t('nr.nav.new') : v.headline || tr.t('nr.editor.untitled')}</h1>
${m.status ? html`<p class="nr-meta"><span class="nr-status nr-status--${m.status}">${statusLabel(tr, m.status)}</span>${m.scheduledFor ? html` ${tr.t('nr.editor.for')} <time datetime="${m.scheduledFor.toISOString()}" data-local-time>${tr.timestamp(m.scheduledFor)}</time>` : ''}${m.publicUrl ? html` · <a href="${m.publicUrl}">${tr.t('nr.editor.viewOnSite')}</a>` : ''}${m.publicUrl && v.id !== undefined ? html` · <a href="/newsroom/articles/${v.id}/views">${tr.t('nr.editor.views')}</a>` : ''}${v.id !== undefined ? html` · <a href="/newsroom/articles/${v.id}/revisions">${tr.t('nr.editor.revisions')}</a> · <a href="/newsroom/articles/${v.id}/live">${tr.t('nr.editor.liveBlog')}</a> · <a href="/newsroom/articles/${v.id}/translations">${tr.t('nr.tl.heading')}</a>` : ''}${m.publicUrl && v.id !== undefined ? html` · <a href="/newsroom/alerts?articleId=${v.id}">${tr.t('nr.editor.sendAlert')}</a>` : ''}</p>` : ''}
${m.editing ? copyBanner(tr, m.editing, m.publicUrl, v.id) : ''}
${m.headlineNeedsReview ? html`<p class="flash flash--error">${tr.t('nr.editor.headlineDerived')}</p>` : ''}
${ro ? html`<p class="flash">${m.status && !['draft', 'review'].includes(m.status) ? tr.t('nr.editor.readOnlyPublished') : tr.t('nr.editor.readOnly')}</p>` : ''}
${m.errors.length ? html`<div class="flash flash--error" role="alert" id="form-errors"><p>${tr.t('nr.editor.notSaved', { n: m.errors.length })}</p>${general.length ? html`<ul>${general.map((g) => html`<li>${problemText(tr, g.message)}</li>`)}</ul>` : ''}</div>` : ''}
<form id="article-form" class="nr-form nr-editor" method="post" action="${isNew ? '/newsroom/articles' : `/newsroom/articles/${v.id}`}" data-article-id="${v.id ?? ''}" data-copy="${m.editing?.copy ?? 'article'}" novalidate>
  ${csrfField(frame.csrfToken)}
  <input type="hidden" name="version" value="${v.version ?? ''}">
  <div class="nr-editor__main">
    ${field({ name: 'headline', label: tr.t('nr.list.headline'), value: v.headline, error: err('headline'), required: true, attrs: html`maxlength="200" ${copy} ${disabled}` })}
    <div class="nr-field${err('lead') ? ' nr-field--error' : ''}" data-field="lead">
      <label for="f-lead">${tr.t('nr.editor.lead')}</label>
      <textarea id="f-lead" name="lead" rows="3" maxlength="2000" ${copy}${err('lead') ? html` aria-invalid="true" aria-describedby="f-lead-error"` : ''} ${disabled}>${v.lead}</textarea>
      <p class="nr-error" id="f-lead-error" data-error-for="lead"${err('lead') ? '' : html` hidden`}>${err('lead') ?? ''}</p>
    </div>
    <fieldset class="nr-dateline"><legend>${tr.t('nr.editor.dateline')}</legend>
      ${field({ name: 'dateline.place', label: tr.t('nr.editor.place'), value: v.datelinePlace, error: err('dateline.place'), hint: tr.t('nr.editor.placeHint'), attrs: html`${copy} ${disabled}` })}
      ${field({ name: 'dateline.dateText', label: tr.t('nr.editor.date'), value: v.datelineDateText, error: err('dateline.dateText'), hint: tr.t('nr.editor.dateHint'), attrs: html`${copy} ${disabled}` })}
      ${field({ name: 'dateline.agency', label: tr.t('nr.editor.agency'), value: v.datelineAgency, error: err('dateline.agency'), hint: tr.t('nr.editor.agencyHint'), attrs: html`dir="auto" ${disabled}` })}
    </fieldset>
    <div class="nr-field${err('body') ? ' nr-field--error' : ''}" data-field="body">
      <span class="nr-label" id="body-label">${tr.t('nr.editor.body')}</span>
      <div id="body-editor" class="nr-body-editor" aria-labelledby="body-label" ${copy}${ro ? html` data-readonly="true"` : ''}></div>
      <noscript><p class="flash flash--error">${tr.t('nr.editor.noscript')}</p></noscript>
      <input type="hidden" name="body" id="f-body" value="${JSON.stringify(v.body ?? [])}">
      <p class="nr-error" id="f-body-error" data-error-for="body"${err('body') ? '' : html` hidden`}>${err('body') ?? ''}</p>
    </div>
  </div>
  <div class="nr-editor__side">
    <div class="nr-field${err('sectionId') ? ' nr-field--error' : ''}" data-field="sectionId">
      <label for="f-sectionId">${tr.t('nr.list.section')}</label>
      <select id="f-sectionId" name="sectionId" required ${disabled}${err('sectionId') ? html` aria-invalid="true" aria-describedby="f-sectionId-error"` : ''}>
        <option value="">${tr.t('nr.editor.chooseSection')}</option>
        ${sectionOptions(m.sections, v.sectionId)}
      </select>
      <p class="nr-error" id="f-sectionId-error" data-error-for="sectionId"${err('sectionId') ? '' : html` hidden`}>${err('sectionId') ?? ''}</p>
    </div>
    ${field({ name: 'slug', label: tr.t('nr.editor.slug'), value: v.slug, error: err('slug'), hint: tr.t('nr.editor.slugHint'), attrs: html`maxlength="120" dir="auto" ${disabled}` })}
    ${field({ name: 'tags', label: tr.t('nr.editor.tags'), value: v.tags, error: err('tags'), hint: tr.t('nr.editor.tagsHint'), attrs: html`dir="auto" ${disabled}` })}
    <div class="nr-field${err('authorIds') ? ' nr-field--error' : ''}" data-field="authorIds">
      <label for="f-authorIds">${tr.t('nr.editor.authors')}</label>
      <select id="f-authorIds" name="authorIds" multiple size="4" ${disabled}>
        ${m.bylines.map((p) => html`<option value="${p.id}" dir="auto"${v.authorIds.includes(p.id) ? html` selected` : ''}>${p.name}</option>`)}
      </select>
      <p class="nr-error" data-error-for="authorIds"${err('authorIds') ? '' : html` hidden`}>${err('authorIds') ?? ''}</p>
    </div>
    <div class="nr-field${err('related') ? ' nr-field--error' : ''}" data-field="related">
      <label for="f-related">${tr.t('nr.editor.related')}</label>
      <p class="nr-hint" id="f-related-hint">${tr.t('nr.editor.relatedHint')}</p>
      <textarea id="f-related" name="related" rows="5" aria-describedby="f-related-hint" dir="auto" ${disabled}>${v.related}</textarea>
      <p class="nr-error" data-error-for="related"${err('related') ? '' : html` hidden`}>${err('related') ?? ''}</p>
    </div>
    ${ro ? '' : html`<div class="nr-save"><button type="submit" class="nr-button nr-button--primary">${isNew ? tr.t('nr.editor.createDraft') : tr.t('nr.save')}</button> <span id="save-status" class="nr-save-status" role="status" aria-live="polite"></span></div>`}
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
function copyBanner(tr: Translator, e: EditingState, publicUrl: string | undefined, id: number | undefined): SafeHtml | '' {
  if (e.copy === 'article' || !e.live) return ''
  const live = tHtml(
    tr,
    'nr.copy.liveVersion',
    { time: html`<time datetime="${e.live.publishedAt.toISOString()}">${tr.timestamp(e.live.publishedAt)}</time>` },
    { version: e.live.version },
  )
  const liveLink = publicUrl ? html` <a href="${publicUrl}">${tr.t('nr.copy.seeLive')}</a>` : ''
  if (e.copy === 'live') {
    return html`<div class="nr-copy nr-copy--live" id="copy-banner" role="note"><p><strong>${tr.t('nr.copy.live')}</strong> ${tHtml(tr, 'nr.copy.readersSee', { live })}${liveLink}</p>
<p>${tHtml(tr, 'nr.copy.liveExplain', { update: html`<em>${tr.t('nr.action.update')}</em>` })}</p></div>`
  }
  const w = e.workingCopy!
  const saved = html`<time datetime="${w.modifiedAt.toISOString()}">${tr.timestamp(w.modifiedAt)}</time>`
  return html`<div class="nr-copy nr-copy--working" id="copy-banner" role="note">
<p><strong>${tr.t('nr.copy.working')}</strong> ${tr.t('nr.copy.workingExplain')} ${tHtml(tr, 'nr.copy.readersSee', { live })}${liveLink}</p>
<p>${e.differsFromLive ? html`<strong>${tr.t('nr.copy.differs')}</strong>` : tr.t('nr.copy.same')} ${w.modifiedBy ? tHtml(tr, 'nr.copy.savedBy', { time: saved }, { name: w.modifiedBy }) : tHtml(tr, 'nr.copy.saved', { time: saved })}${id !== undefined ? html` <a href="/newsroom/articles/${id}/compare-live">${tr.t('nr.copy.compare')}</a>` : ''}</p>
${w.state === 'review' ? html`<p>${tr.t('nr.copy.proposed')}</p>` : ''}
${w.scheduledFor ? html`<p>${tHtml(tr, w.scheduledNote ? 'nr.copy.scheduledNote' : 'nr.copy.scheduled', { time: html`<time datetime="${w.scheduledFor.toISOString()}" data-local-time>${tr.timestamp(w.scheduledFor)}</time>` }, { note: w.scheduledNote ?? '' })}</p>` : ''}
</div>`
}

function workflowPanel(frame: NewsroomFrame, id: number, m: EditorPageModel): SafeHtml {
  const tr = frame.tr
  return html`<section class="nr-panel" aria-labelledby="workflow-h">
  <h2 id="workflow-h">${tr.t('nr.workflow.title')}</h2>
  ${m.actions.length === 0 ? html`<p>${tr.t('nr.workflow.none')}</p>` : ''}
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
      ? html`<h3>${tr.t('nr.corrections.title')}</h3>
  ${m.corrections.length ? html`<ol>${m.corrections.map((c) => html`<li>${tr.timestamp(c.at)}: ${c.text}</li>`)}</ol>` : html`<p>${tr.t('nr.corrections.none')}</p>`}
  <form method="post" action="/newsroom/articles/${id}/corrections" class="nr-form">${csrfField(frame.csrfToken)}
    <label for="f-correction">${tr.t('nr.corrections.label')}</label>
    <textarea id="f-correction" name="text" rows="2" maxlength="2000" required></textarea>
    <button type="submit" class="nr-button">${tr.t('nr.corrections.add')}</button>
  </form>`
      : ''
  }
  ${
    m.history.length
      ? html`<h3>${tr.t('nr.history.title')}</h3><ul class="nr-history">${m.history.map((h) => html`<li><time datetime="${h.at.toISOString()}">${tr.timestamp(h.at)}</time> ${historyLine(tr, h.action, h.actor)}</li>`)}</ul>`
      : ''
  }
</section>`
}

/** One line of an article's history ("published by Anna"), the action in the newsroom's words. */
function historyLine(tr: Translator, action: string, actor: string | null): string {
  const what = action.replace('article.', '')
  const key = `nr.history.${what}` as MessageKey
  const label = key in newsroomEn ? tr.t(key) : what
  return actor ? tr.t('nr.history.by', { what: label, name: actor }) : tr.t('nr.history.byScheduler', { what: label })
}

const NOTE_FIELD = (
  tr: Translator,
  id: string,
  label = tr.t('nr.workflow.note'),
) => html`<label for="${id}">${label} <span class="nr-hint">${tr.t('nr.workflow.noteHint')}</span></label>
  <input id="${id}" type="text" name="note" maxlength="300" placeholder="${tr.t('nr.workflow.notePlaceholder')}">`

/** One workflow action as a form; Update live and a scheduled update take a change note. */
function actionForm(frame: NewsroomFrame, id: number, a: WorkflowAction, m: EditorPageModel): SafeHtml {
  const tr = frame.tr
  const open = html`<form method="post" action="/newsroom/articles/${id}/workflow" class="nr-inline-form nr-action nr-action--${a}">${csrfField(frame.csrfToken)}<input type="hidden" name="action" value="${a}">`
  const published = m.status === 'published'
  if (a === 'schedule') {
    return html`${open}${published ? NOTE_FIELD(tr, 'f-schedule-note', tr.t('nr.workflow.scheduleNote')) : ''}
    <label>${published ? tr.t('nr.workflow.putLiveAt') : tr.t('nr.workflow.publishAt')} <input type="datetime-local" name="scheduledFor" required data-local-time-input></label>
    <span class="nr-hint" data-local-time-echo aria-live="polite"></span> <button type="submit" class="nr-button">${published ? tr.t('nr.action.scheduleUpdate') : tr.t('nr.action.schedule')}</button></form>`
  }
  if (a === 'update') {
    return html`${open}<input type="hidden" name="version" value="${m.values.version ?? ''}">${NOTE_FIELD(tr, 'f-update-note')}
    <button type="submit" class="nr-button nr-button--primary">${tr.t('nr.action.update')}</button></form>`
  }
  return html`${open}<button type="submit" class="nr-button${a === 'publish' ? ' nr-button--primary' : ''}">${published && a === 'submit' ? tr.t('nr.action.submitChanges') : published && a === 'return' ? tr.t('nr.action.returnChanges') : published && a === 'unschedule' ? tr.t('nr.action.cancelUpdate') : tr.t(`nr.action.${a}`)}</button></form>`
}

/** A published article's working copy beside its live version: what Update live would change. */
export function compareLivePage(
  frame: NewsroomFrame,
  o: { id: number; headline: string; live: number; fields: FieldDiff[]; publicUrl?: string | undefined },
): SafeHtml {
  const tr = frame.tr
  return newsroomLayout(
    frame,
    html`<h1>${tr.t('nr.compare.title', { headline: o.headline })}</h1>
<p><a href="/newsroom/articles/${o.id}">${tr.t('nr.backToEditor')}</a>${o.publicUrl ? html` · <a href="${o.publicUrl}">${tr.t('nr.compare.livePage')}</a>` : ''}</p>
<section class="nr-diff" aria-labelledby="diff-h"><h2 id="diff-h">${tr.t('nr.compare.heading', { version: o.live })}</h2>
<p class="nr-hint">${tr.t('nr.compare.hint')}</p>
${o.fields.length ? diffHtml(tr, o.fields) : html`<p>${tr.t('nr.compare.none')}</p>`}
</section>`,
  )
}

/** Revisions of an article: pick two to compare; restore any. */
export function revisionsPage(
  frame: NewsroomFrame,
  o: { id: number; headline: string; revisions: Revision[]; canRestore: boolean; compare?: { from: number; to: number; fields: FieldDiff[] } },
): SafeHtml {
  const tr = frame.tr
  return newsroomLayout(
    frame,
    html`<h1>${tr.t('nr.revisions.title', { headline: o.headline })}</h1>
<p><a href="/newsroom/articles/${o.id}">${tr.t('nr.backToEditor')}</a></p>
<form method="get" action="/newsroom/articles/${o.id}/revisions" class="nr-form">
<table class="nr-table">
<thead><tr><th scope="col">${tr.t('nr.revisions.from')}</th><th scope="col">${tr.t('nr.revisions.to')}</th><th scope="col">#</th><th scope="col">${tr.t('nr.revisions.saved')}</th><th scope="col">${tr.t('nr.list.by')}</th><th scope="col">${tr.t('nr.revisions.kind')}</th><th scope="col">${tr.t('nr.list.headline')}</th></tr></thead>
<tbody>${o.revisions.map(
      (r, i) => html`<tr>
  <td><input type="radio" name="from" value="${r.number}" aria-label="${tr.t('nr.revisions.compareFrom', { n: r.number })}"${(o.compare ? o.compare.from === r.number : i === 1) ? html` checked` : ''}></td>
  <td><input type="radio" name="to" value="${r.number}" aria-label="${tr.t('nr.revisions.compareTo', { n: r.number })}"${(o.compare ? o.compare.to === r.number : i === 0) ? html` checked` : ''}></td>
  <td>${r.number}</td><td>${tr.timestamp(r.createdAt)}</td><td>${r.authorName ?? ''}</td><td>${revisionKind(tr, r.kind)}</td><td>${r.snapshot.headline}</td>
</tr>`,
    )}</tbody></table>
<button type="submit" class="nr-button">${tr.t('nr.revisions.compare')}</button>
</form>
${
  o.compare
    ? html`<section class="nr-diff" aria-labelledby="diff-h"><h2 id="diff-h">${tr.t('nr.revisions.heading', { from: o.compare.from, to: o.compare.to })}</h2>
  ${diffHtml(tr, o.compare.fields)}
  ${
    o.canRestore
      ? html`<form method="post" action="/newsroom/articles/${o.id}/revisions/${o.compare.from}/restore">${csrfField(frame.csrfToken)}<button type="submit" class="nr-button">${tr.t('nr.revisions.restore', { n: o.compare.from })}</button></form>`
      : ''
  }
</section>`
    : ''
}`,
  )
}

/** The kind of a revision ("autosave", "publish") in the newsroom's words. */
function revisionKind(tr: Translator, kind: string): string {
  const key = `nr.revisions.kind.${kind}` as MessageKey
  return key in newsroomEn ? tr.t(key) : kind
}

/** The changed fields of a comparison with their diffs (as src/web/diff.ts), in the newsroom's words. */
function diffHtml(tr: Translator, fields: FieldDiff[]): SafeHtml {
  const label = (f: FieldDiff) => {
    const key = `nr.diff.field.${f.field}` as MessageKey
    return key in newsroomEn ? tr.t(key) : f.label
  }
  const changed = fields.filter((f) => f.changed)
  const same = fields.filter((f) => !f.changed)
  return html`${changed.length === 0 ? html`<p>${tr.t('nr.diff.none')}</p>` : ''}
${changed.map(
  (f) =>
    html`<section class="diff-field"><h3>${label(f)}</h3><div class="diff">${f.paragraphs.map(
      (p) =>
        html`<p>${p.map((part) =>
          part.change === 'added'
            ? html`<ins><span class="visually-hidden">${tr.t('nr.diff.added')} </span>${part.text}</ins>`
            : part.change === 'removed'
              ? html`<del><span class="visually-hidden">${tr.t('nr.diff.removed')} </span>${part.text}</del>`
              : part.text,
        )}</p>`,
    )}</div></section>`,
)}
${same.length ? html`<p class="diff-same">${tr.t('nr.diff.same', { fields: same.map(label).join(', ') })}</p>` : ''}`
}
