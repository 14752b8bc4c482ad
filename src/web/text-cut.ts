/**
 * Text cut to a length for machines that cap it (a JSON-LD headline: 110 characters), in any script:
 * at the last word boundary that fits, with "…"; never inside a character, a surrogate pair or a
 * grapheme (an emoji with its modifiers, a letter with its accents). Lengths are in code points.
 */
export function cutAtWord(text: string, max: number, locale = 'en'): string {
  const length = (s: string) => [...s].length
  if (length(text) <= max) return text
  const room = max - 1 // for the "…"
  const words = new Intl.Segmenter(locale, { granularity: 'word' }).segment(text)
  let end = 0
  for (const w of words) {
    const after = w.index + w.segment.length
    if (length(text.slice(0, after)) > room) break
    // a cut after a word (not after a space or punctuation): the words before it stay whole
    if (w.isWordLike) end = after
  }
  let cut = text.slice(0, end)
  // no word boundary in the first half (one very long word, a script written without them): cut between graphemes
  if (length(cut) < room / 2) {
    cut = ''
    for (const g of new Intl.Segmenter(locale, { granularity: 'grapheme' }).segment(text)) {
      if (length(cut + g.segment) > room) break
      cut += g.segment
    }
  }
  return `${cut.replace(/[\s\p{P}]+$/u, '')}…`
}
