import type { FieldProblem } from '../../errors.ts'
import { html, type SafeHtml } from '../../web/html.ts'
import { csrfField, field, newsroomLayout, type NewsroomFrame } from '../../web/newsroom-layout.ts'
import type { DiscussionSettings } from '../settings.ts'
import type { CommunityStandards } from '../standards-store.ts'

const errOf = (errors: FieldProblem[], name: string) =>
  errors
    .filter((e) => e.field === name)
    .map((e) => e.message)
    .join(' ') || undefined
const numField = (name: string, label: string, value: number | string, errors: FieldProblem[], hint?: string) =>
  field({
    name,
    label,
    value: typeof value === 'number' && Number.isNaN(value) ? '' : value,
    type: 'number',
    error: errOf(errors, name),
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
  const num = (name: string, label: string, value: number, errors: FieldProblem[]) => numField(name, label, o.typed?.[name] ?? value, errors)
  return newsroomLayout(
    frame,
    html`<h1>Moderation rules</h1>
<p>Comments pass these rules in order: sanctions, closed discussion, length, links, repeat posts, rate limits, banned words, suspect words, new commenters, pre-moderation. Each held or rejected comment records the rule.</p>
<form method="post" action="/newsroom/moderation/settings" class="nr-form">${csrfField(frame.csrfToken)}
  <fieldset class="nr-form nr-form--compact"><legend>Comments</legend>
  ${num('minLength', 'Shortest comment (characters)', s.minLength, o.errors)}
  ${num('maxLength', 'Longest comment (characters)', s.maxLength, o.errors)}
  ${num('maxLinks', 'Most links in a comment', s.maxLinks, o.errors)}
  ${num('editWindowMinutes', 'Edit window (minutes)', s.editWindowMinutes, o.errors)}
  ${num('closeAfterDays', 'Close discussion after (days; 0 = never)', s.closeAfterDays, o.errors)}
  ${num('holdFirstComments', 'Hold a reader’s comments until this many are approved', s.holdFirstComments, o.errors)}
  ${num('repeatWindowMinutes', 'Refuse the same text again within (minutes)', s.repeatWindowMinutes, o.errors)}
  </fieldset>
  <fieldset class="nr-form nr-form--compact"><legend>Rate limits</legend>
  ${num('readerRate.limit', 'Comments per reader', s.readerRate.limit, o.errors)}
  ${num('readerRate.windowMinutes', 'per minutes', s.readerRate.windowMinutes, o.errors)}
  ${num('ipRate.limit', 'Comments per network address', s.ipRate.limit, o.errors)}
  ${num('ipRate.windowMinutes', 'per minutes', s.ipRate.windowMinutes, o.errors)}
  </fieldset>
  ${words('bannedWords', 'Banned words (rejected, with a message)', s.bannedWords, 'One word or phrase per line. End with * to match any ending: idiot* matches idiots.')}
  ${words('suspectWords', 'Suspect words (held for a moderator)', s.suspectWords, 'One word or phrase per line, as above.')}
  <p><button type="submit" class="nr-button nr-button--primary">Save rules</button></p>
</form>`,
  )
}

/** Editing the community standards: the introduction and numbered sections (admins). */
export function standardsEditor(frame: NewsroomFrame, o: { standards: CommunityStandards; nextNumber: number; errors: FieldProblem[] }): SafeHtml {
  return newsroomLayout(
    frame,
    html`<h1>Community standards</h1>
<p>Reports and moderation decisions cite sections by number, so a number keeps its meaning: retire a section that no longer applies rather than reusing it. <a href="/community-standards">See the public page</a>.</p>
${o.errors.length ? html`<p class="flash flash--error" role="alert">${o.errors.map((e) => e.message).join(' ')}</p>` : ''}
<form method="post" action="/newsroom/community-standards" class="nr-form">${csrfField(frame.csrfToken)}
  <div class="nr-field"><label for="f-intro">Introduction</label><textarea id="f-intro" name="intro" rows="4" maxlength="4000">${o.standards.intro}</textarea></div>
  ${o.standards.sections.map(
    (s) => html`<fieldset class="nr-form"><legend>Section ${s.number}</legend>
    ${field({ name: `s${s.number}.title`, label: 'Title', value: s.title, required: true, attrs: html`maxlength="120"` })}
    <div class="nr-field"><label for="f-s${s.number}-body">Text</label><textarea id="f-s${s.number}-body" name="s${s.number}.body" rows="3" maxlength="4000">${s.body}</textarea></div>
    <label><input type="checkbox" name="s${s.number}.retired" value="1"${s.retired ? html` checked` : ''}> Retired (hidden from the page; old citations still name it)</label>
  </fieldset>`,
  )}
  <fieldset class="nr-form"><legend>New section ${o.nextNumber}</legend>
    ${field({ name: 'new.title', label: 'Title', hint: 'Leave empty to add none.', attrs: html`maxlength="120"` })}
    <div class="nr-field"><label for="f-new-body">Text</label><textarea id="f-new-body" name="new.body" rows="3" maxlength="4000"></textarea></div>
  </fieldset>
  <p><button type="submit" class="nr-button nr-button--primary">Save standards</button></p>
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
  return newsroomLayout(
    frame,
    html`<h1>Discussion: ${o.article.headline}</h1>
<p class="nr-meta">${o.count} approved comments${o.article.path ? html` · <a href="${o.article.path}#discussion">see it on the site</a>` : ''}</p>
<form method="post" action="/newsroom/moderation/articles/${o.article.id}" class="nr-form">${csrfField(frame.csrfToken)}
  <fieldset><legend>Open for comments</legend>
    ${choice('auto', o.closeAfterDays > 0 ? `By age (closes ${o.closeAfterDays} days after publication)` : 'By age (the site keeps discussions open)', o.closed === null)}
    ${choice('open', 'Open', o.closed === false)}
    ${choice('closed', 'Closed', o.closed === true)}
  </fieldset>
  <label><input type="checkbox" name="premoderated" value="1"${o.premoderated ? html` checked` : ''}> Pre-moderate: hold every reader’s comment for a moderator</label>
  <p><button type="submit" class="nr-button nr-button--primary">Save</button></p>
</form>`,
  )
}
