import type { TextRun } from '../content/blocks.ts'

/**
 * Finds direct quotes in a wire-copy paragraph and attributes them to a speaker and, where the
 * copy names one, the outlet that carried them ("... ," Reuters reported). Quotes become text runs
 * with a `quote` mark, so the page can render them as <q> with who said them. Heuristic by design:
 * an editor can correct any attribution in the newsroom.
 */

const SPEECH_VERBS =
  'said|says|say|noted|notes|stated|states|added|adds|adding|explained|stressed|described|expressed|told|telling|warned|argued|insisted|wrote|reported|declared|claimed|commented|remarked|announced|asked|replied|urged|emphasized|emphasised|saying'
const ADVERBS = 'also|later|then|further|earlier|again|previously'
/** The no-break spaces of wire copy (U+00A0, figure space, narrow no-break space). */
export const NO_BREAK_SPACES = /[\u00a0\u2007\u202f]/g
// Capitalised words that are titles, institutions or places rather than parts of a person's name.
const NOT_NAME_WORDS = new Set(
  (
    'He She They We I You It The A An In On At For Of To By With From And But Or As It Its This That These Those There Their ' +
    'Earlier Later Meanwhile However Also Then Monday Tuesday Wednesday Thursday Friday Saturday Sunday ' +
    'Ambassador Minister Ministry President Prime Secretary General Assistant Deputy Foreign Spokesman Spokeswoman ' +
    'Spokesperson Chairman Chair Director Head Chief Senator Governor Mayor Council Security Human Rights ' +
    'Commission Inquiry Committee Agency Office Department Mission Government State States United Nations ' +
    'Republic Democratic People Peoples Federation Kingdom North South East West Korea Korean Koreans Chinese ' +
    'China Russia Russian American America Japan Japanese British Britain European Europe Union Assembly Court ' +
    'International Criminal Affairs Party Army Navy Police Officials Official Political Counsellor Counselor ' +
    'Professor Dr Mr Mrs Ms General Colonel Captain Judge Justice Representative Envoy Special'
  ).split(/\s+/),
)
const OUTLET_HINT =
  /\b(Times|Post|News|Herald|Journal|Agency|Press|Telegraph|Guardian|Tribune|Gazette|Reuters|Sputnik|TASS|Xinhua|Yonhap|Interfax|AFP|AP|BBC|CNN|Bloomberg|Kyodo|Izvestia|Kommersant|RIA|Novosti|Al Jazeera|Daily|Weekly|Radio|TV|Television|Broadcasting)\b/

interface Attribution {
  start: number
  end: number
  kind: 'speaker' | 'source' | 'pronoun'
  name: string
  /** A speaker the copy describes rather than names ("a former prison guard who spoke of ..."). */
  described?: boolean
}

export interface QuoteSpan {
  start: number
  end: number
  text: string
}

/** Direct-quote spans in straight ("...") or curly (“...”) double quotes, marks excluded. */
export function findQuotes(text: string): QuoteSpan[] {
  const spans: QuoteSpan[] = []
  let open = -1
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '“' || (c === '"' && open < 0)) {
      if (open < 0) open = i
    } else if ((c === '”' || c === '"') && open >= 0) {
      if (i > open + 1) spans.push({ start: open, end: i + 1, text: text.slice(open + 1, i) })
      open = -1
    }
  }
  return spans
}

const NAME = "[A-Z][\\p{L}'’\\-]+(?: [A-Z][\\p{L}'’\\-]+)*"
const SPEAKER_BEFORE_VERB = new RegExp(`(${NAME})(?:, [^,"“”]{1,120},)? (?:(?:had|has|have) )?(?:(?:${ADVERBS}) )?(?:${SPEECH_VERBS})\\b`, 'gu')
const QUOTED_AS_SAYING = new RegExp(`(${NAME}) quoted (${NAME}) as saying`, 'gu')
// "a former prison guard who spoke of guards "...": an unnamed speaker, described in lower case
// and introduced by an article; the quote is theirs, not that of whoever reports their words.
const DESCRIBED_SPEAKER = new RegExp(
  `\\b(?:[Aa]n?|[Tt]he|[Oo]ne) ((?:\\p{Ll}[\\p{L}\\p{M}'’-]* ){0,3}\\p{Ll}[\\p{L}\\p{M}'’-]*),? who (?:(?:had|has|have) )?(?:(?:${ADVERBS}) )?(?:${SPEECH_VERBS}|spoke|speaks|testified|recalled|recounted)\\b`,
  'gu',
)
const APPOSITIVE_OF = new RegExp(`(${NAME}), $`, 'u')
// "he noted", "The ambassador added", ", adding that": the speaker named last is still talking.
const PRONOUN_VERB = new RegExp(
  `\\b(?:(he|she|they)|[Tt]he (?:[a-z]+ )?(?:ambassador|spokesman|spokeswoman|spokesperson|minister|envoy|official|diplomat|president|secretary|counsellor|representative)) (?:(?:had|has) )?(?:(?:${ADVERBS}) )?(?:${SPEECH_VERBS})\\b|, (?:adding|saying|telling [a-z ]{1,40}?) that`,
  'gu',
)

/** The person's name at the end of a capitalised run: drops titles, institutions and acronyms. */
function trimName(run: string): string | undefined {
  const words = run.split(' ')
  const kept: string[] = []
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i]!
    if (NOT_NAME_WORDS.has(w) || /^[A-Z]{2,}$/.test(w)) break
    kept.unshift(w)
    if (kept.length === 3) break
  }
  return kept.length > 0 ? kept.join(' ') : undefined
}

function findAttributions(text: string): Attribution[] {
  const found: Attribution[] = []
  for (const m of text.matchAll(QUOTED_AS_SAYING)) {
    found.push({ start: m.index, end: m.index + m[0].length, kind: 'source', name: m[1]!.replace(/^The /, 'The ') })
    const person = trimName(m[2]!)
    if (person) found.push({ start: m.index, end: m.index + m[0].length, kind: 'speaker', name: person })
  }
  for (const m of text.matchAll(DESCRIBED_SPEAKER)) {
    // "Samantha Power, a former journalist who said ...": the description is of the person just named
    const named = APPOSITIVE_OF.exec(text.slice(Math.max(0, m.index - 200), m.index))
    const person = named && trimName(named[1]!)
    if (person) found.push({ start: m.index - named[0].length, end: m.index + m[0].length, kind: 'speaker', name: person })
    else found.push({ start: m.index, end: m.index + m[0].length, kind: 'speaker', name: m[1]!, described: true })
  }
  for (const m of text.matchAll(SPEAKER_BEFORE_VERB)) {
    if (found.some((f) => m.index >= f.start && m.index < f.end)) continue
    const run = m[1]!
    if (OUTLET_HINT.test(run)) {
      found.push({ start: m.index, end: m.index + m[0].length, kind: 'source', name: run })
      continue
    }
    const name = trimName(run)
    if (name) found.push({ start: m.index, end: m.index + m[0].length, kind: 'speaker', name })
  }
  for (const m of text.matchAll(PRONOUN_VERB)) {
    found.push({ start: m.index, end: m.index + m[0].length, kind: 'pronoun', name: m[1] ?? 'continuation' })
  }
  return found.sort((a, b) => a.start - b.start)
}

/** How far an attribution is from a quote; one that follows the quote counts a little further. */
function distance(q: QuoteSpan, a: Attribution): number {
  if (a.end <= q.start) return q.start - a.end
  if (a.start >= q.end) return (a.start - q.end) * 1.5
  return 0
}

/** Carries speakers across paragraphs, and expands surnames to the full names seen before. */
export class QuoteAttributor {
  private readonly fullNames: string[] = []
  private lastSpeaker: string | undefined

  private resolve(name: string): string {
    if (!name.includes(' ')) {
      const full = this.fullNames.find((n) => n.endsWith(` ${name}`))
      if (full) return full
    } else if (!this.fullNames.includes(name)) {
      this.fullNames.push(name)
    }
    return name
  }

  /**
   * Splits a paragraph into text runs, quotes marked with their speaker and source. No-break spaces
   * in the copy are kept in the runs; the rules read them as spaces (one code unit each, so offsets hold).
   */
  runs(text: string): TextRun[] {
    const plain = text.replace(NO_BREAK_SPACES, ' ')
    const quotes = findQuotes(plain)
    const insideQuote = (a: Attribution) => quotes.some((q) => a.start > q.start && a.start < q.end)
    const attributions = findAttributions(plain).filter((a) => !insideQuote(a))
    // Resolve pronouns to the nearest named speaker before them, in order of appearance.
    let current = this.lastSpeaker
    const speakers: Attribution[] = []
    for (const a of attributions) {
      if (a.kind === 'speaker') {
        const name = a.described ? a.name : this.resolve(a.name)
        current = name
        speakers.push({ ...a, name })
      } else if (a.kind === 'pronoun' && current) {
        speakers.push({ ...a, kind: 'speaker', name: current })
      }
    }
    const sources = attributions.filter((a) => a.kind === 'source')
    if (quotes.length === 0) {
      if (current) this.lastSpeaker = current
      return [{ text }]
    }
    const runs: TextRun[] = []
    let at = 0
    for (const q of quotes) {
      if (q.start > at) runs.push({ text: text.slice(at, q.start) })
      const speaker = nearest(q, speakers)
      const source = nearest(q, sources)
      const mark: { type: 'quote'; speaker?: string; source?: string } = { type: 'quote' }
      if (speaker) mark.speaker = speaker.name
      if (source) mark.source = source.name
      runs.push({ text: text.slice(q.start + 1, q.end - 1), marks: [mark] })
      at = q.end
    }
    if (at < text.length) runs.push({ text: text.slice(at) })
    if (current) this.lastSpeaker = current
    return runs
  }
}

function nearest(q: QuoteSpan, candidates: Attribution[]): Attribution | undefined {
  let best: Attribution | undefined
  let bestDistance = Infinity
  for (const c of candidates) {
    const d = distance(q, c)
    if (d < bestDistance) {
      best = c
      bestDistance = d
    }
  }
  return best
}
