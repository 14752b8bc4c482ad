/**
 * Typographic quotation marks and apostrophes for the page's language: what a reporter typed as
 * straight quotes (" and ') becomes “x” in English, «x» in Russian, „x“ in German, « x » (with
 * narrow no-break spaces) in French, 「x」 in Japanese. Web addresses in the text are left alone.
 */

/** A language's quotation marks: outer pair, inner pair, and what goes inside the outer pair. */
export interface QuoteStyle {
  open: string
  close: string
  openInner: string
  closeInner: string
  /** A space kept between the outer marks and the words (French: a narrow no-break space). */
  inside: string
}

const NNBSP = '\u202f'
const style = (marks: string, inside = ''): QuoteStyle => {
  const [open, close, openInner, closeInner] = [...marks] as [string, string, string, string]
  return { open, close, openInner, closeInner, inside }
}

// By full locale first (zh-TW, de-CH, pt-PT), then by language.
const STYLES: Record<string, QuoteStyle> = {
  en: style('“”‘’'),
  ru: style('«»„“'),
  uk: style('«»„“'),
  be: style('«»„“'),
  de: style('„“‚‘'),
  'de-ch': style('«»‹›'),
  fr: style('«»“”', NNBSP),
  'fr-ch': style('«»‹›'),
  es: style('«»“”'),
  it: style('«»“”'),
  pt: style('“”‘’'),
  'pt-pt': style('«»“”'),
  pl: style('„”«»'),
  cs: style('„“‚‘'),
  sk: style('„“‚‘'),
  bg: style('„“‚‘'),
  ro: style('„”«»'),
  hu: style('„”»«'),
  nl: style('“”‘’'),
  sv: style('””’’'),
  fi: style('””’’'),
  da: style('»«›‹'),
  nb: style('«»‘’'),
  no: style('«»‘’'),
  el: style('«»“”'),
  tr: style('“”‘’'),
  ar: style('«»“”'),
  fa: style('«»“”'),
  he: style('“”‘’'),
  zh: style('“”‘’'),
  'zh-tw': style('「」『』'),
  'zh-hk': style('「」『』'),
  'zh-hant': style('「」『』'),
  ja: style('「」『』'),
  ko: style('“”‘’'),
}

/** The quotation marks of a locale such as "en-GB", "ru", "zh-TW"; English's when unknown. */
export function quoteStyle(locale: string): QuoteStyle {
  const parts = locale.toLowerCase().split(/[-_]/)
  return STYLES[parts.slice(0, 2).join('-')] ?? STYLES[parts[0] ?? 'en'] ?? STYLES.en!
}

const URL_LIKE = /(?:\b[a-z][a-z0-9+.-]*:\/\/|\bwww\.|\bmailto:)[^\s<>"“”«»]*[^\s<>"“”«».,;:!?)'’]/giu
const LETTER = /[\p{L}\p{N}]/u
const SPACE = /[\s\u00a0\u202f]/u
// what may stand before an opening quotation mark: nothing, a space, an opening bracket or a dash
const OPENS_AFTER = /^$|[\s\u00a0([{\u2014\u2013/-]/u

/**
 * Straight quotes and apostrophes → the locale's typographic ones, across a list of text pieces
 * that read as one (the runs of a paragraph, whose marks may change mid-quotation). Returns the
 * pieces in the same order; each keeps its own text.
 */
export function smartQuotesRuns(pieces: readonly string[], locale = 'en'): string[] {
  const text = pieces.join('')
  if (!/['"«»]/.test(text)) return [...pieces]
  const q = quoteStyle(locale)
  const out = [...text]
  const chars = [...text]
  // indices inside web addresses stay as typed
  const guarded = new Set<number>()
  const codeUnitToIndex = indexMap(chars)
  for (const m of text.matchAll(URL_LIKE)) {
    for (let i = codeUnitToIndex.get(m.index)!, end = codeUnitToIndex.get(m.index + m[0].length) ?? chars.length; i < end; i++) guarded.add(i)
  }
  let innerOpen = 0
  let outerOpen = 0
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!
    if (guarded.has(i) || (c !== "'" && c !== '"')) continue
    const prev = chars[i - 1] ?? ''
    const next = chars[i + 1] ?? ''
    const opening = OPENS_AFTER.test(prev) || prev === q.open || prev === q.openInner || prev === '"' || prev === "'"
    const nextEnds = next === '' || SPACE.test(next) || /[.,;:!?)\]}…]/u.test(next)
    if (c === '"') {
      // open when nothing is open (and words follow) or after a space; otherwise close
      if (outerOpen > 0 && (!opening || nextEnds)) {
        out[i] = q.close
        outerOpen--
      } else if (opening || (outerOpen === 0 && !nextEnds)) {
        out[i] = q.open
        outerOpen++
      } else out[i] = q.close
      continue
    }
    // an apostrophe inside a word (Council's, don't), or before a decade ('90s)
    if (LETTER.test(prev) && LETTER.test(next)) out[i] = '’'
    else if (opening && /^\d\d(?:s|\b)/u.test(chars.slice(i + 1, i + 4).join(''))) out[i] = '’'
    else if (innerOpen > 0 && (!opening || nextEnds)) {
      out[i] = q.closeInner
      innerOpen--
    } else if (opening && !nextEnds) {
      out[i] = q.openInner
      innerOpen++
    } else if (innerOpen > 0) {
      out[i] = q.closeInner
      innerOpen--
    } else out[i] = '’' // the workers' union
  }
  if (q.inside) spaceInside(out, q)
  // back into the pieces' boundaries
  const result: string[] = []
  let at = 0
  for (const piece of pieces) {
    const n = [...piece].length
    result.push(out.slice(at, at + n).join(''))
    at += n
  }
  return result
}

/** Straight quotes and apostrophes → typographic ones in the locale's style. */
export function smartQuotes(text: string, locale = 'en'): string {
  return smartQuotesRuns([text], locale)[0]!
}

function indexMap(chars: string[]): Map<number, number> {
  const map = new Map<number, number>()
  let unit = 0
  chars.forEach((c, i) => {
    map.set(unit, i)
    unit += c.length
  })
  map.set(unit, chars.length)
  return map
}

// French: a narrow no-break space inside « », replacing a space typed there
function spaceInside(out: string[], q: QuoteStyle) {
  for (let i = 0; i < out.length; i++) {
    if (out[i] === q.open) {
      if (out[i + 1] !== undefined && SPACE.test(out[i + 1]!)) out[i + 1] = q.inside
      else if (out[i + 1] !== undefined) out[i] = q.open + q.inside
    } else if (out[i] === q.close) {
      if (i > 0 && SPACE.test(out[i - 1]!)) out[i - 1] = q.inside
      else if (i > 0) out[i] = q.inside + q.close
    }
  }
}

const DOUBLE_MARKS = '"“”„‟«»「」『』〝〞＂'
const SINGLE_OPEN = "'‘‚‛‹"
const SINGLE_CLOSE = "'’‘›"

/** Which typed quotation marks to drop around an inline quote, so the page's own are not doubled. */
export interface TypedMarks {
  /** characters to drop from the start and the end of the quoted text (after any spaces there) */
  start: boolean
  end: boolean
  /** the last character of the text before the quote, and the first after it */
  before: boolean
  after: boolean
}

const countDoubles = (s: string) => [...s].filter((c) => DOUBLE_MARKS.includes(c)).length

/**
 * The page puts quotation marks around an attributed inline quote (<q>); marks the reporter typed
 * at its edges, inside the quoted words or just outside them, would show twice (““…””). This says
 * which to drop: any style counts, a pair of single marks only as a pair (an apostrophe at the end
 * of "the workers’" stays), and marks inside the quote are kept balanced.
 */
export function typedQuoteMarks(quoted: string, before = '', after = ''): TypedMarks {
  const chars = [...quoted.trim()]
  const first = chars[0] ?? ''
  const last = chars.length > 1 ? chars.at(-1)! : ''
  let start = first !== '' && DOUBLE_MARKS.includes(first)
  let end = last !== '' && DOUBLE_MARKS.includes(last)
  if (!start && !end && chars.length > 2 && SINGLE_OPEN.includes(first) && SINGLE_CLOSE.includes(last)) {
    return { start: true, end: true, before: false, after: false }
  }
  // keep what stays inside balanced: “Yes,” he said, “we will.” drops its two ends; He said “no” drops nothing
  const inner = countDoubles(quoted) - Number(start) - Number(end)
  if (inner % 2 !== 0) {
    if (start && end) end = false
    else start = end = false
    if ((countDoubles(quoted) - Number(start)) % 2 !== 0) start = false
  }
  const beforeChar = [...before].at(-1) ?? ''
  const afterChar = [...after][0] ?? ''
  return {
    start,
    end,
    before: !start && beforeChar !== '' && DOUBLE_MARKS.includes(beforeChar),
    after: !end && afterChar !== '' && DOUBLE_MARKS.includes(afterChar),
  }
}
