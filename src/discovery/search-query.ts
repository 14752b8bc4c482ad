/**
 * The reader's search box, parsed by us into a small, safe structure. Nothing a reader types is
 * ever handed to to_tsquery(): words and phrases go through plainto_/phraseto_tsquery (which
 * accept any text), and a prefix term is reduced to letters and digits before it is quoted.
 *
 * Syntax (like the web search engines readers know):
 *   security council      both words
 *   "security council"    the phrase
 *   secur*                words starting with "secur"
 *   -china                without "china"
 *   korea OR japan        either
 */

export type SearchTerm =
  { kind: 'word'; text: string; negated: boolean } | { kind: 'phrase'; text: string; negated: boolean } | { kind: 'prefix'; text: string; negated: boolean }

/** Alternatives (OR) of groups of terms that must all match (AND). */
export interface ParsedQuery {
  groups: SearchTerm[][]
  /** The query as it was searched, normalised, for the search box and messages. */
  normalized: string
  /** True when the input was cut to MAX_QUERY_CHARS or MAX_TERMS. */
  truncated: boolean
}

export const MAX_QUERY_CHARS = 256
export const MAX_TERMS = 12
/** Shortest prefix accepted: "a*" would match half the dictionary. */
export const MIN_PREFIX = 2

const WORDISH = /[\p{L}\p{N}]/u
// combining marks are part of words: Devanagari and Thai vowel signs, Arabic harakat, a decomposed é
// (without them "तितली" fell apart into "त", "तल" and found nothing)
const NOT_WORDISH = /[^\p{L}\p{M}\p{N}]+/gu

/** Parses what a reader typed; never throws, whatever the input. */
export function parseSearchQuery(input: string): ParsedQuery {
  // Control characters and our snippet markers never take part in a search.
  let text = input
    .replace(/[\u0000-\u001f\u007f\ue000-\ue00f]/g, ' ')
    .normalize('NFC')
    .trim()
  let truncated = false
  if (text.length > MAX_QUERY_CHARS) {
    text = text.slice(0, MAX_QUERY_CHARS)
    truncated = true
  }

  const groups: SearchTerm[][] = [[]]
  let count = 0
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (/\s/.test(c)) {
      i++
      continue
    }
    const negated = c === '-' && i + 1 < text.length && !/\s/.test(text[i + 1]!)
    if (negated) i++
    let term: SearchTerm | undefined
    if (text[i] === '"') {
      // A phrase runs to the next quote; an unbalanced quote runs to the end of the input.
      const end = text.indexOf('"', i + 1)
      const body = text.slice(i + 1, end === -1 ? undefined : end)
      i = end === -1 ? text.length : end + 1
      const words = body.split(NOT_WORDISH).filter((w) => w !== '')
      if (words.length > 1) term = { kind: 'phrase', text: words.join(' '), negated }
      else if (words.length === 1) term = { kind: 'word', text: words[0]!, negated }
    } else {
      let end = i
      while (end < text.length && !/\s/.test(text[end]!) && text[end] !== '"') end++
      const token = text.slice(i, end)
      i = end
      if (token === 'OR' && !negated) {
        if (groups.at(-1)!.length > 0) groups.push([])
        continue
      }
      const prefix = token.endsWith('*')
      const words = token.split(NOT_WORDISH).filter((w) => w !== '')
      if (words.length === 0) continue
      if (prefix && words.length === 1 && words[0]!.length >= MIN_PREFIX) term = { kind: 'prefix', text: words[0]!.toLowerCase(), negated }
      else if (words.length > 1)
        term = { kind: 'phrase', text: words.join(' '), negated } // "e-mail", "U.N."
      else term = { kind: 'word', text: words[0]!, negated }
    }
    if (!term) continue
    if (count >= MAX_TERMS) {
      truncated = true
      break
    }
    groups.at(-1)!.push(term)
    count++
  }
  const kept = groups.filter((g) => g.some((t) => !t.negated))
  return { groups: kept, normalized: kept.map((g) => g.map(termText).join(' ')).join(' OR '), truncated }
}

function termText(t: SearchTerm): string {
  const body = t.kind === 'phrase' ? `"${t.text}"` : t.kind === 'prefix' ? `${t.text}*` : t.text
  return t.negated ? `-${body}` : body
}

/** True when the input has no letter or digit at all ("!!!", "***", ""). */
export function isJunk(input: string): boolean {
  return !WORDISH.test(input)
}
