import type { AppError } from '../errors.ts'
import type { MessageKey, Translator } from './i18n.ts'

/**
 * The services behind the newsroom's desks word their refusals in English (the API answers with
 * them). On the desks' HTML pages a staff member reads them in their own language: a known
 * message becomes its catalogue entry (numbers and quoted names carried over), an unknown one the
 * words for its error code, and only a problem with no translation at all stays as sent.
 */
const KNOWN: [RegExp, MessageKey][] = [
  // media
  [/^At most (?<n>\d+) characters\.$/, 'desk.problem.atMost'],
  [/^The focal point is given as fractions of the width and height, from 0 to 1\.$/, 'desk.problem.focal'],
  [/^Give a date\.$/, 'desk.problem.giveDate'],
  [/^The picture was not saved: some fields need attention\.$/, 'desk.problem.pictureNotSaved'],
  [
    /^That picture is used in (?:an article|(?<n>\d+) articles) \((?<list>.*)\); published versions keep showing it, so it cannot be deleted\.$/s,
    'desk.problem.pictureInUse',
  ],
  // short links
  [/^The URL must be at most (?<n>\d+) characters\.$/, 'desk.problem.urlLength'],
  [/^The URL must be a full address starting with http:\/\/ or https:\/\/\.$/, 'desk.problem.urlFull'],
  [/^The URL must start with http:\/\/ or https:\/\/\.$/, 'desk.problem.urlScheme'],
  [/^The URL must not contain a user name or password\.$/, 'desk.problem.urlCredentials'],
  [/^The expiry must be a date and time, like (?<example>\S+)\.$/, 'desk.problem.expiryFormat'],
  [/^The expiry must be in the future\.$/, 'desk.problem.expiryPast'],
  // moderation
  [/^Choose the section of the community standards the comment breaks\.$/, 'desk.problem.chooseStandardsSection'],
  [/^Choose a section\.$/, 'desk.problem.chooseSection'],
  [/^Give a date in the future for the suspension to end\.$/, 'desk.problem.suspensionDate'],
  [/^Give a date in the future\.$/, 'desk.problem.futureDate'],
  // why a comment was held or rejected
  [/^A new commenter: (?<approved>\d+) of (?<n>\d+) comments approved so far\.$/, 'desk.reason.newReader'],
  [/^This article is pre-moderated\.$/, 'desk.reason.premoderated'],
  [/^Contains the suspect word “(?<word>.*)”\.$/s, 'desk.reason.suspectWord'],
  [/^Your comment was not published: it uses language that our community standards do not allow/, 'desk.reason.bannedWords'],
  [/^You have already posted this comment\.$/, 'desk.reason.repeat'],
  // live blogs
  [/^A key event needs a label for the key-events list\.$/, 'desk.problem.keyEventLabel'],
  [/^Write a short label to pin this entry\.$/, 'desk.problem.pinLabel'],
  [/^Write something: the entry is empty\.$/, 'desk.problem.entryEmpty'],
  [/^Picture (?<n>\d+) needs alt text: write !\[what it shows\]\((?<src>.*)\)\.$/s, 'desk.problem.entryAlt'],
  [/^Picture (?<n>\d+): use a picture from the media library \(\/media\/12\) or an https:\/\/ address\.$/, 'desk.problem.entryPicture'],
  [/^The link "(?<href>.*)" must be an http\(s\) address\.$/s, 'desk.problem.entryLink'],
  [/^Live coverage of this article has ended\. Reopen it to post again\.$/, 'desk.problem.coverageEnded'],
  // radio stations
  [/^(?<label>.+) is required$/s, 'desk.problem.required'],
  [/^(?<label>.+) is too long \((?<n>\d+) characters at most\)$/s, 'desk.problem.tooLong'],
  [/^(?<label>.+) must be a full URL such as (?<example>\S+)$/s, 'desk.problem.fullUrl'],
  [/^(?<label>.+) must start with http:\/\/ or https:\/\/$/s, 'desk.problem.scheme'],
  [/^(?<label>.+) must not contain a user name or password$/s, 'desk.problem.credentials'],
  [/^A station has at most (?<n>\d+) stream URLs$/, 'desk.problem.tooManyStreams'],
  [/^A schedule has at most (?<n>\d+) entries$/, 'desk.problem.tooManyProgrammes'],
  [/^"(?<slug>.*)" is used by the site itself: choose another short name$/s, 'desk.problem.slugReserved'],
  [/^Add at least one stream URL$/, 'desk.problem.streamNeeded'],
  [/^The time zone is required, such as Europe\/London$/, 'desk.problem.zoneNeeded'],
  [/^"(?<zone>.*)" is not a time zone we know: use an IANA name such as Europe\/London or America\/New_York$/s, 'desk.problem.zoneUnknown'],
  [/^The position must be a whole number from 0 to 1000$/, 'desk.problem.position'],
  [/^Give the station a short name in plain letters, like dateline-radio$/, 'desk.problem.slugNeeded'],
  [/^The short name may use only lowercase letters, digits and single hyphens, like dateline-radio$/, 'desk.problem.slugForm'],
  [/^(?<label>.+) must be a whole number from (?<min>-?\d+) to (?<max>-?\d+)\.$/s, 'desk.problem.wholeNumber'],
  [/^The shortest comment cannot be longer than the longest\.$/, 'desk.problem.minMax'],
  // radio station status and warnings
  [/^Not checked yet$/, 'desk.station.msg.notChecked'],
  [/^No status URL is set, so titles and listener counts are not shown$/, 'desk.station.msg.noStatusUrl'],
  [/^On air(?<title>: .*)? \((?<n>\d+) listeners?\)$/s, 'desk.station.msg.onAir'],
  [/^Icecast answers, but no source is connected to (?<names>.*)$/s, 'desk.station.msg.noSource'],
  [/^The status URL could not be read: (?<why>.*)$/s, 'desk.station.msg.unreadable'],
  [/^The status URL did not answer valid JSON \((?<why>.*)\)$/s, 'desk.station.msg.notJson'],
  [/^The status URL answered JSON, but not Icecast status/, 'desk.station.msg.notIcecast'],
  [/^(?<url>\S+) is plain http:\/\/ on an https:\/\/ site/, 'desk.station.msg.plainHttp'],
  // alerts
  [/^Write the alert: its title is what readers see first\.$/, 'desk.alerts.needTitle'],
  [/^An alert title is at most 120 characters \(phones cut the rest\)\.$/, 'desk.alerts.titleLong'],
  [/^An alert text is at most 300 characters\.$/, 'desk.alerts.textLong'],
  [/^That live update is not part of this article\.$/, 'desk.alerts.wrongEntry'],
  [/^Publish the article before sending an alert about it/, 'desk.alerts.unpublished'],
  // syndication
  [/^The body is not valid JSON\.$/, 'desk.problem.json'],
  [/^This wire item has already been used: open its story instead\.$/, 'desk.wire.used'],
  [/^The agency has killed this item: it may not be used\.$/, 'desk.wire.killedRefused'],
  [/^The agency has withheld this item: it may not be published\.$/, 'desk.wire.withheldRefused'],
  [/^This item is embargoed until (?<time>\S+): open it as a draft and schedule it instead\.$/, 'desk.wire.embargoRefused'],
]

/** The words of one problem (a field's or a whole form's) in the staff member's language. */
export function deskProblem(tr: Translator, message: string): string {
  if (tr.lang.startsWith('en')) return message
  // "Schedule, line 3: …" and "Streams, line 2: …" from the station form
  const line = /^(Schedule|Streams), line (\d+|\?): (.*)$/s.exec(message)
  if (line)
    return tr.t('desk.station.msg.line', {
      what: tr.t(line[1] === 'Schedule' ? 'desk.station.msg.schedule' : 'desk.station.msg.streams'),
      line: line[2]!,
      problem: deskProblem(tr, line[3]!),
    })
  for (const [pattern, key] of KNOWN) {
    const m = pattern.exec(message)
    if (!m) continue
    const values: Record<string, string | number> = {}
    for (const [k, v] of Object.entries(m.groups ?? {})) values[k] = k === 'n' ? Number(v ?? 1) : (v ?? '')
    if (key === 'desk.problem.pictureInUse' && values.n === undefined) values.n = 1
    if (values.label !== undefined) values.label = tr.t(LABELS[String(values.label)] ?? 'desk.problem.thisField')
    return tr.t(key, values)
  }
  return message
}

/** The fields the services name in their problems, as the forms label them. */
const LABELS: Record<string, MessageKey> = {
  'The station name': 'desk.station.name',
  'The description': 'desk.station.description',
  'A stream URL': 'desk.station.streamUrl',
  'The status URL': 'desk.station.statusUrl',
}

const CODES = new Set([
  'VALIDATION_FAILED',
  'CONFLICT',
  'FORBIDDEN',
  'NOT_FOUND',
  'MEDIA_IN_USE',
  'NINJS_INVALID',
  'STATION_SLUG_TAKEN',
  'COMMENT_NOT_FOUND',
  'ARTICLE_NOT_FOUND',
])

/** An AppError's message for a newsroom page: its known words translated, else its code's. */
export function deskError(tr: Translator, e: AppError): string {
  if (tr.lang.startsWith('en')) return e.publicMessage
  const known = deskProblem(tr, e.publicMessage)
  if (known !== e.publicMessage) return known
  return CODES.has(e.code) ? tr.t(`desk.error.${e.code}` as MessageKey) : e.publicMessage
}
