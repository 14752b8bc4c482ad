import type { FieldProblem } from '../../errors.ts'
import { deskProblem } from '../../web/desk-errors.ts'
import { html, type SafeHtml } from '../../web/html.ts'
import type { Translator } from '../../web/i18n.ts'
import { csrfField, field, newsroomLayout, type NewsroomFrame } from '../../web/newsroom-layout.ts'
import type { DiscussionSettings } from '../settings.ts'
import type { CommunityStandards } from '../standards-store.ts'

const errOf = (tr: Translator, errors: FieldProblem[], name: string) =>
  errors
    .filter((e) => e.field === name)
    .map((e) => deskProblem(tr, e.message))
    .join(' ') || undefined
const numField = (tr: Translator, name: string, label: string, value: number | string, errors: FieldProblem[], hint?: string) =>
  field({
    name,
    label,
    value: typeof value === 'number' && Number.isNaN(value) ? '' : value,
    type: 'number',
    error: errOf(tr, errors, name),
    ...(hint ? { hint } : {}),
    required: true,
    attrs: html`inputmode="numeric"`,
  })

function words(name: string, label: string, list: string[], hint: string): SafeHtml {
  return html`<div class="nr-field"><label for="f-${name}">${label}</label><p class="nr-hint" id="f-${name}-hint">${hint}</p>
<textarea id="f-${name}" name="${name}" rows="8" aria-describedby="f-${name}-hint">${list.join('\n')}</textarea></div>`
}

/** The moderation rules' settings and word lists (admins). */
export function settingsPage(
  frame: NewsroomFrame,
  o: { settings: DiscussionSettings; errors: FieldProblem[]; typed?: Record<string, string> | undefined },
): SafeHtml {
  const s = o.settings
  // after a refused save, show what was typed rather than what could be parsed
  const tr = frame.tr
  const num = (name: string, label: string, value: number, errors: FieldProblem[]) => numField(tr, name, label, o.typed?.[name] ?? value, errors)
  return newsroomLayout(
    frame,
    html`<h1>${tr.t('desk.rules.title')}</h1>
<p>${tr.t('desk.rules.intro')}</p>
<form method="post" action="/newsroom/moderation/settings" class="nr-form">${csrfField(frame.csrfToken)}
  <fieldset class="nr-form nr-form--compact"><legend>${tr.t('desk.rules.comments')}</legend>
  ${num('minLength', tr.t('desk.rules.minLength'), s.minLength, o.errors)}
  ${num('maxLength', tr.t('desk.rules.maxLength'), s.maxLength, o.errors)}
  ${num('maxLinks', tr.t('desk.rules.maxLinks'), s.maxLinks, o.errors)}
  ${num('editWindowMinutes', tr.t('desk.rules.editWindow'), s.editWindowMinutes, o.errors)}
  ${num('closeAfterDays', tr.t('desk.rules.closeAfter'), s.closeAfterDays, o.errors)}
  ${num('holdFirstComments', tr.t('desk.rules.holdFirst'), s.holdFirstComments, o.errors)}
  ${num('repeatWindowMinutes', tr.t('desk.rules.repeatWindow'), s.repeatWindowMinutes, o.errors)}
  </fieldset>
  <fieldset class="nr-form nr-form--compact"><legend>${tr.t('desk.rules.rateLimits')}</legend>
  ${num('readerRate.limit', tr.t('desk.rules.readerRate'), s.readerRate.limit, o.errors)}
  ${num('readerRate.windowMinutes', tr.t('desk.rules.perMinutes'), s.readerRate.windowMinutes, o.errors)}
  ${num('ipRate.limit', tr.t('desk.rules.ipRate'), s.ipRate.limit, o.errors)}
  ${num('ipRate.windowMinutes', tr.t('desk.rules.perMinutes'), s.ipRate.windowMinutes, o.errors)}
  </fieldset>
  ${words('bannedWords', tr.t('desk.rules.banned'), s.bannedWords, tr.t('desk.rules.bannedHint'))}
  ${words('suspectWords', tr.t('desk.rules.suspect'), s.suspectWords, tr.t('desk.rules.suspectHint'))}
  <p><button type="submit" class="nr-button nr-button--primary">${tr.t('desk.rules.save')}</button></p>
</form>`,
  )
}

/** Editing the community standards: the introduction and numbered sections (admins). */
export function standardsEditor(frame: NewsroomFrame, o: { standards: CommunityStandards; nextNumber: number; errors: FieldProblem[] }): SafeHtml {
  const tr = frame.tr
  return newsroomLayout(
    frame,
    html`<h1>${tr.t('desk.standards.title')}</h1>
<p>${tr.t('desk.standards.intro')} <a href="/community-standards">${tr.t('desk.standards.public')}</a>.</p>
${o.errors.length ? html`<p class="flash flash--error" role="alert">${o.errors.map((e) => e.message).join(' ')}</p>` : ''}
<form method="post" action="/newsroom/community-standards" class="nr-form">${csrfField(frame.csrfToken)}
  <div class="nr-field"><label for="f-intro">${tr.t('desk.standards.introduction')}</label><textarea id="f-intro" name="intro" rows="4" maxlength="4000">${o.standards.intro}</textarea></div>
  ${o.standards.sections.map(
    (s) => html`<fieldset class="nr-form"><legend>${tr.t('desk.standards.section', { n: s.number })}</legend>
    ${field({ name: `s${s.number}.title`, label: tr.t('desk.standards.sectionTitle'), value: s.title, required: true, attrs: html`maxlength="120"` })}
    <div class="nr-field"><label for="f-s${s.number}-body">${tr.t('desk.standards.text')}</label><textarea id="f-s${s.number}-body" name="s${s.number}.body" rows="3" maxlength="4000">${s.body}</textarea></div>
    <label><input type="checkbox" name="s${s.number}.retired" value="1"${s.retired ? html` checked` : ''}> ${tr.t('desk.standards.retired')}</label>
  </fieldset>`,
  )}
  <fieldset class="nr-form"><legend>${tr.t('desk.standards.newSection', { n: o.nextNumber })}</legend>
    ${field({ name: 'new.title', label: tr.t('desk.standards.sectionTitle'), hint: tr.t('desk.standards.newHint'), attrs: html`maxlength="120"` })}
    <div class="nr-field"><label for="f-new-body">${tr.t('desk.standards.text')}</label><textarea id="f-new-body" name="new.body" rows="3" maxlength="4000"></textarea></div>
  </fieldset>
  <p><button type="submit" class="nr-button nr-button--primary">${tr.t('desk.standards.save')}</button></p>
</form>`,
  )
}

/** One article's discussion: open, closed or by age; pre-moderated or not (moderators). */
export function articleDiscussionPage(
  frame: NewsroomFrame,
  o: {
    article: { id: number; headline: string; path: string | undefined }
    count: number
    closed: boolean | null
    premoderated: boolean
    closeAfterDays: number
  },
): SafeHtml {
  const choice = (value: string, label: string, checked: boolean) =>
    html`<label><input type="radio" name="closed" value="${value}"${checked ? html` checked` : ''}> ${label}</label>`
  const tr = frame.tr
  return newsroomLayout(
    frame,
    html`<h1>${tr.t('desk.discussion.title', { headline: o.article.headline })}</h1>
<p class="nr-meta">${tr.t('desk.discussion.count', { n: o.count })}${o.article.path ? html` · <a href="${o.article.path}#discussion">${tr.t('desk.discussion.onSite')}</a>` : ''}</p>
<form method="post" action="/newsroom/moderation/articles/${o.article.id}" class="nr-form">${csrfField(frame.csrfToken)}
  <fieldset><legend>${tr.t('desk.discussion.open')}</legend>
    ${choice('auto', o.closeAfterDays > 0 ? tr.t('desk.discussion.byAgeDays', { n: o.closeAfterDays }) : tr.t('desk.discussion.byAgeOpen'), o.closed === null)}
    ${choice('open', tr.t('desk.discussion.opened'), o.closed === false)}
    ${choice('closed', tr.t('desk.discussion.closed'), o.closed === true)}
  </fieldset>
  <label><input type="checkbox" name="premoderated" value="1"${o.premoderated ? html` checked` : ''}> ${tr.t('desk.discussion.premoderate')}</label>
  <p><button type="submit" class="nr-button nr-button--primary">${tr.t('desk.save')}</button></p>
</form>`,
  )
}
