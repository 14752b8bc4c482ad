import type { Block } from '../content/blocks.ts'
import { NO_BREAK_SPACES, QuoteAttributor } from './quote-attribution.ts'

/**
 * Parser for the plain-text page captures of a wire-service article page (the seed format):
 * timestamp line, header chrome, section label, counters, lead, dateline + body paragraphs with
 * subheadings, related headlines, footer chrome. Pure: text in, structured article out.
 */

export interface CapturedDateline {
  place: string
  dateText: string | undefined
  agency: string | undefined
}

export interface TextCapture {
  /** The page timestamp (shown in GMT on the page). */
  pageTime: Date
  section: string | undefined
  counters: { comments: number; views: number } | undefined
  lead: string
  dateline: CapturedDateline | undefined
  body: Block[]
  related: string[]
  warnings: string[]
}

/** A capture that cannot be read; `line` is 1-based. */
export class CaptureError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`)
    this.name = 'CaptureError'
  }
}

const CHROME = new Set(['listen live', 'get short url', 'community standards', 'discussion', 'community standardsdiscussion', 'share', 'comments'])
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']
const MAX_LINE = 50_000

/**
 * Normalises odd spaces, line endings and the BOM. No-break spaces (U+00A0, U+2007, U+202F) are the
 * copy's own: they keep "(Sputnik) —" and "on North" together on one line, so they stay.
 */
export function normalizeText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2009\u200A\u3000]/g, ' ')
    .replace(/[\u200B\u2060]/g, '')
}

/** Spaces collapsed, a space beside a no-break space folded into it; the ends trimmed. */
function collapse(line: string): string {
  return line
    .replace(/[ \t]+/g, ' ')
    .replace(/ ?([\u00a0\u2007\u202f]+) ?/g, '$1')
    .trim()
}

/** The line with its no-break spaces read as spaces, for the rules that recognise parts of the page. */
const plain = (s: string) => s.replace(NO_BREAK_SPACES, ' ')

/** Parses "03:38 GMT05 August 2020" (space optional), "03:38 GMT 05.08.2020" and "03:38 UTC+3 ..." forms. */
export function parsePageTimestamp(line: string): Date | undefined {
  const m =
    /^(\d{1,2}):(\d{2})\s*(?:GMT|UTC)\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?)?\s*(?:(\d{1,2})\s*([A-Za-z]+)\.?\s*(\d{4})|(\d{1,2})\.(\d{1,2})\.(\d{4}))$/.exec(line)
  if (!m) return undefined
  const hour = Number(m[1])
  const minute = Number(m[2])
  let day: number, month: number, year: number
  if (m[6] !== undefined) {
    day = Number(m[6])
    const name = m[7]!.toLowerCase()
    month = MONTHS.findIndex((mo) => mo === name || (name.length >= 3 && mo.startsWith(name)))
    year = Number(m[8])
  } else {
    day = Number(m[9])
    month = Number(m[10]) - 1
    year = Number(m[11])
  }
  if (month < 0 || month > 11 || hour > 23 || minute > 59 || day < 1 || day > 31) return undefined
  const offsetMinutes = m[3] ? (m[3] === '-' ? -1 : 1) * (Number(m[4]) * 60 + Number(m[5] ?? 0)) : 0
  const utc = Date.UTC(year, month, day, hour, minute) - offsetMinutes * 60_000
  const date = new Date(utc)
  // Reject 31 February and the like, which Date would roll over.
  const local = new Date(utc + offsetMinutes * 60_000)
  if (local.getUTCDate() !== day || local.getUTCMonth() !== month) return undefined
  return date
}

const DATELINE =
  /^([A-Z][A-Z.'\- ]*[A-Z.](?:, [A-Z][A-Za-z.'\- ]*[A-Za-z.])?)(?:, ((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:, \d{4})?))?(?: \(([^()]{1,80})\))? ?(?:—|–|--|-) ?(.+)$/

/** Splits "MOSCOW, December 24 (Sputnik) — text" into the dateline and the rest of the paragraph. */
export function splitDateline(paragraph: string): { dateline: CapturedDateline; rest: string } | undefined {
  const m = DATELINE.exec(plain(paragraph))
  if (!m) return undefined
  const place = m[1]!.trim()
  // A dateline names its place in capitals; "The UN - ..." is not one.
  if (!/^[A-Z][A-Z.'\- ]+/.test(place) || place.replace(/[^A-Z]/g, '').length < 2) return undefined
  if (!m[2] && !m[3]) return undefined
  // the rest as the copy has it (no-break spaces kept): same length as the plain text, so it ends the paragraph
  return { dateline: { place, dateText: m[2], agency: m[3]?.trim() }, rest: paragraph.slice(paragraph.length - m[4]!.length).trim() }
}

function isChrome(line: string): boolean {
  return CHROME.has(plain(line).toLowerCase())
}

function looksLikeSubheading(text: string): boolean {
  return text.length <= 150 && !/[.!?:;,…"”'’)]$/.test(text) && /^[A-Z0-9"“'‘]/.test(text) && plain(text).split(' ').length >= 2
}

function looksLikeHeadline(text: string): boolean {
  return text.length >= 10 && text.length <= 200 && !/\.$/.test(text)
}

interface Group {
  line: number
  lines: string[]
  blanksBefore: number
}

/** Parses a capture; throws CaptureError naming the line it could not read. */
export function parseTextCapture(input: string): TextCapture {
  const warnings: string[] = []
  const rawLines = normalizeText(input).split('\n')
  rawLines.forEach((l, i) => {
    if (l.length > MAX_LINE) throw new CaptureError(i + 1, `line is ${l.length} characters long; the most a capture line may have is ${MAX_LINE}`)
    if (/[\u0000-\u0008\u000E-\u001F]/.test(l)) throw new CaptureError(i + 1, 'contains control characters: this does not look like a text capture')
  })
  const lines = rawLines.map(collapse)

  let i = lines.findIndex((l) => l !== '')
  if (i < 0) throw new CaptureError(1, 'the file is empty')
  const pageTime = parsePageTimestamp(lines[i]!)
  if (!pageTime) {
    throw new CaptureError(i + 1, `expected the page timestamp, like "03:38 GMT 05 August 2020", but found "${lines[i]!.slice(0, 80)}"`)
  }
  i++

  // Header: chrome, section label and counters, up to the first blank line.
  let section: string | undefined
  let counters: TextCapture['counters']
  for (; i < lines.length && lines[i] !== ''; i++) {
    const l = plain(lines[i]!)
    if (isChrome(l)) continue
    const c = /^(\d{1,9}) (\d{1,12})$/.exec(l)
    if (c) {
      counters = { comments: Number(c[1]), views: Number(c[2]) }
    } else if (!section && l.length <= 80) {
      section = l
    } else {
      warnings.push(`line ${i + 1}: ignored unrecognised header line "${l.slice(0, 60)}"`)
    }
  }

  // The rest: groups of consecutive non-blank lines.
  const groups: Group[] = []
  let blanks = 0
  for (; i < lines.length; i++) {
    const l = lines[i]!
    if (l === '') {
      blanks++
      continue
    }
    const last = groups.at(-1)
    if (last && blanks === 0) last.lines.push(l)
    else groups.push({ line: i + 1, lines: [l], blanksBefore: blanks })
    blanks = 0
  }

  // Footer chrome ("Community standards", "Discussion"), wherever it sits at the end.
  for (let g = groups.at(-1); g; g = groups.at(-1)) {
    while (g.lines.length > 0 && isChrome(g.lines.at(-1)!)) g.lines.pop()
    if (g.lines.length > 0) break
    groups.pop()
  }
  for (const g of groups) {
    const chrome = g.lines.findIndex(isChrome)
    if (chrome >= 0) throw new CaptureError(g.line + chrome, `page chrome "${g.lines[chrome]}" in the middle of the article text`)
  }

  const leadGroup = groups.shift()
  if (!leadGroup) throw new CaptureError(lines.length, 'no lead paragraph after the header')
  const lead = leadGroup.lines.join(' ')

  // Related headlines: a last group of several short lines, or one set off by a double blank.
  let related: string[] = []
  const tail = groups.at(-1)
  if (tail && groups.length > 1 && (tail.blanksBefore >= 2 || tail.lines.length >= 2) && tail.lines.every(looksLikeHeadline)) {
    related = groups.pop()!.lines
  }
  if (groups.length === 0) throw new CaptureError(leadGroup.line, 'the capture has a lead but no body paragraphs after it')

  const attributor = new QuoteAttributor()
  const body: Block[] = []
  let dateline: CapturedDateline | undefined
  groups.forEach((g, index) => {
    let text = g.lines.join(' ')
    if (index === 0) {
      const split = splitDateline(text)
      if (split) {
        dateline = split.dateline
        text = split.rest
      } else {
        warnings.push(`line ${g.line}: the first paragraph has no dateline (like "MOSCOW, December 24 (Sputnik) —")`)
      }
    }
    if (g.lines.length === 1 && index > 0 && looksLikeSubheading(text)) body.push({ type: 'subheading', text })
    else body.push({ type: 'paragraph', content: attributor.runs(text) })
  })

  return { pageTime, section, counters, lead, dateline, body, related, warnings }
}

/** Decodes file bytes as UTF-8, naming the first line that is not valid UTF-8. */
export function decodeCapture(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    let line = 1
    let start = 0
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i))
        } catch {
          throw new CaptureError(line, 'is not valid UTF-8 text (save the capture as UTF-8)')
        }
        line++
        start = i + 1
      }
    }
    throw new CaptureError(1, 'is not valid UTF-8 text')
  }
}
