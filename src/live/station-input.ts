/**
 * Station input as the admin API, the newsroom form and the CLI send it, checked field by field
 * into a StationInput. Every problem names its field (`streams[1]`, `schedule[2].end`) and says
 * plainly what is wrong, so the newsroom can show it next to what the admin typed.
 */
import { isSlug, slugify } from '../content/slug.ts'
import { AppError, type FieldProblem } from '../errors.ts'
import { canonicalTimeZone, parseMinute, parseWeekday, scheduleProblems } from './schedule.ts'
import type { Programme, StationInput, StationStream, StreamFormat } from './types.ts'

/** A schedule entry as sent: days as "mon"…"sun" (or 1–7), times as "HH:MM" in the station's zone. */
export interface ProgrammeFields {
  show: string
  host?: string | undefined
  description?: string | undefined
  startDay: string | number
  startTime: string
  endDay: string | number
  endTime: string
}

export interface StreamFields {
  url: string
  format?: string | undefined
}

/** A station as sent, before checking. */
export interface StationFields {
  name: string
  slug?: string | undefined
  description?: string | undefined
  timeZone: string
  streams: (StreamFields | string)[]
  statusUrl?: string | null | undefined
  position?: number | undefined
  schedule?: ProgrammeFields[] | undefined
}

const FORMATS: readonly StreamFormat[] = ['mp3', 'aac', 'ogg', 'hls']
export const MAX_STREAMS = 5
/** /live/{slug} shares its path space with these. */
const RESERVED_SLUGS = new Set(['events'])
export const MAX_PROGRAMMES = 300

/** The format a stream URL most likely has, from its path: .m3u8 is HLS, .aac/.ogg by name, else MP3. */
export function guessFormat(url: string): StreamFormat {
  const path = (() => {
    try {
      return new URL(url).pathname.toLowerCase()
    } catch {
      return url.toLowerCase()
    }
  })()
  if (path.endsWith('.m3u8')) return 'hls'
  if (/\.(aac|aacp|m4a)$/.test(path)) return 'aac'
  if (/\.(ogg|oga|opus)$/.test(path)) return 'ogg'
  return 'mp3'
}

/** A URL problem, or undefined when `text` is a plain http(s) URL without credentials. */
function urlProblem(text: string, what: string): string | undefined {
  let u: URL
  try {
    u = new URL(text)
  } catch {
    return `${what} must be a full URL such as https://radio.example.org/live.mp3`
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `${what} must start with http:// or https://`
  // Readers' browsers (and our logs) would see them.
  if (u.username || u.password) return `${what} must not contain a user name or password`
  if (text.length > 2000) return `${what} is too long (2000 characters at most)`
  return undefined
}

function text(value: unknown, max: number, field: string, label: string, problems: FieldProblem[], required = false): string {
  const v = typeof value === 'string' ? value.trim() : ''
  if (required && v === '') problems.push({ field, message: `${label} is required` })
  else if (v.length > max) problems.push({ field, message: `${label} is too long (${max} characters at most)` })
  return v
}

function checkStreams(raw: StationFields['streams'], problems: FieldProblem[]): StationStream[] {
  const list = Array.isArray(raw) ? raw : []
  if (list.length === 0) problems.push({ field: 'streams', message: 'Add at least one stream URL' })
  if (list.length > MAX_STREAMS) problems.push({ field: 'streams', message: `A station has at most ${MAX_STREAMS} stream URLs` })
  const streams: StationStream[] = []
  list.slice(0, MAX_STREAMS).forEach((s, i) => {
    const url = (typeof s === 'string' ? s : (s?.url ?? '')).trim()
    const format = typeof s === 'string' ? undefined : s?.format?.trim().toLowerCase() || undefined
    const problem = urlProblem(url, 'A stream URL')
    if (problem) problems.push({ field: `streams[${i}]`, message: problem })
    if (format !== undefined && !FORMATS.includes(format as StreamFormat)) {
      problems.push({ field: `streams[${i}].format`, message: `The stream format must be one of ${FORMATS.join(', ')}` })
    }
    streams.push({ url, format: (format as StreamFormat | undefined) ?? guessFormat(url) })
  })
  return streams
}

function checkProgramme(p: ProgrammeFields, i: number, problems: FieldProblem[]): Programme | undefined {
  const at = `schedule[${i}]`
  const before = problems.length
  const show = text(p?.show, 120, `${at}.show`, 'The show name', problems, true)
  const host = text(p?.host, 120, `${at}.host`, 'The host', problems)
  const description = text(p?.description, 1000, `${at}.description`, 'The description', problems)
  const startDay = parseWeekday(p?.startDay ?? '')
  const endDay = parseWeekday(p?.endDay ?? '')
  const startMinute = parseMinute(String(p?.startTime ?? ''))
  const endMinute = parseMinute(String(p?.endTime ?? ''))
  const label = show || `Entry ${i + 1}`
  if (!startDay) problems.push({ field: `${at}.startDay`, message: `"${label}": the start day must be a weekday such as Mon` })
  if (startMinute === undefined) problems.push({ field: `${at}.startTime`, message: `"${label}": the start time must be a 24-hour time such as 06:00` })
  if (!endDay) problems.push({ field: `${at}.endDay`, message: `"${label}": the end day must be a weekday such as Mon` })
  if (endMinute === undefined) problems.push({ field: `${at}.endTime`, message: `"${label}": the end time must be a 24-hour time such as 09:00` })
  if (problems.length > before) return undefined
  return { show, host, description, startDay: startDay!, startMinute: startMinute!, endDay: endDay!, endMinute: endMinute! }
}

/** Checks station fields; returns the StationInput or the list of problems. */
export function checkStation(raw: StationFields, editionId: number): { input: StationInput; problems: [] } | { input: undefined; problems: FieldProblem[] } {
  const problems: FieldProblem[] = []
  const name = text(raw.name, 120, 'name', 'The station name', problems, true)
  const slugText = typeof raw.slug === 'string' ? raw.slug.trim() : ''
  const slug = slugText || slugify(name)
  if (slugText && !isSlug(slugText, 80))
    problems.push({ field: 'slug', message: 'The short name may use only lowercase letters, digits and single hyphens, like dateline-radio' })
  else if (!slug && name) problems.push({ field: 'slug', message: 'Give the station a short name in plain letters, like dateline-radio' })
  else if (RESERVED_SLUGS.has(slug)) problems.push({ field: 'slug', message: `"${slug}" is used by the site itself: choose another short name` })
  const description = text(raw.description, 2000, 'description', 'The description', problems)
  const zoneText = typeof raw.timeZone === 'string' ? raw.timeZone.trim() : ''
  const timeZone = canonicalTimeZone(zoneText)
  if (!zoneText) problems.push({ field: 'timeZone', message: 'The time zone is required, such as Europe/London' })
  else if (!timeZone)
    problems.push({
      field: 'timeZone',
      message: `"${zoneText.slice(0, 64)}" is not a time zone we know: use an IANA name such as Europe/London or America/New_York`,
    })
  const streams = checkStreams(raw.streams, problems)
  const statusText = typeof raw.statusUrl === 'string' ? raw.statusUrl.trim() : ''
  if (statusText) {
    const problem = urlProblem(statusText, 'The status URL')
    if (problem) problems.push({ field: 'statusUrl', message: problem })
  }
  const position = raw.position ?? 0
  if (!Number.isInteger(position) || position < 0 || position > 1000)
    problems.push({ field: 'position', message: 'The position must be a whole number from 0 to 1000' })

  const rawSchedule = Array.isArray(raw.schedule) ? raw.schedule : []
  if (rawSchedule.length > MAX_PROGRAMMES) problems.push({ field: 'schedule', message: `A schedule has at most ${MAX_PROGRAMMES} entries` })
  const schedule = rawSchedule.slice(0, MAX_PROGRAMMES).map((p, i) => checkProgramme(p, i, problems))
  const complete = schedule.filter((p): p is Programme => p !== undefined)
  // Overlaps are only meaningful among entries that are themselves well formed.
  if (complete.length === schedule.length) problems.push(...scheduleProblems(complete))

  if (problems.length > 0) return { input: undefined, problems }
  return {
    input: { editionId, slug, name, description, timeZone: timeZone!, streams, statusUrl: statusText || null, position, schedule: complete },
    problems: [],
  }
}

/** Like checkStation, but throws VALIDATION_FAILED with the field problems. */
export function validateStation(raw: StationFields, editionId: number): StationInput {
  const result = checkStation(raw, editionId)
  if (!result.input) {
    throw new AppError('VALIDATION_FAILED', {
      message: `The station was not saved: ${result.problems.map((p) => p.message).join('; ')}`,
      fields: result.problems,
    })
  }
  return result.input
}

/** What browsers will do badly with these streams on this site, though nothing stops saving them. */
export function streamWarnings(streams: readonly StationStream[], siteUrl: URL): string[] {
  if (siteUrl.protocol !== 'https:') return []
  return streams
    .filter((s) => s.url.startsWith('http:'))
    .map(
      (s) =>
        `${s.url} is plain http:// on an https:// site: browsers will ask for it over https:// and get nothing unless the stream server has https too. Prefer an https:// URL.`,
    )
}
