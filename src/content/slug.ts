/**
 * URL slugs in any script: lowercase letters, marks and digits joined by single hyphens, NFC
 * normalised ("council-passes-budget", "москва-встреча", "北京会议", "اجتماع-مجلس"). Latin
 * letters lose their accents (café → cafe) as before; other scripts keep every letter and mark
 * (Devanagari and Thai vowel signs are marks). An edition may ask for ASCII slugs instead: then
 * the text is transliterated. URLs carry them percent-encoded (see `encodeSlug`), as Wikipedia does.
 */

/** Latin (and Greek and Cyrillic) combining accents, dropped from slugs; other marks are kept. */
const ACCENTS = /[\u0300-\u036f]/g
/** What may not be in a slug: anything but letters, marks and digits (they become hyphens). */
const NOT_SLUG = /[^\p{L}\p{M}\p{N}]+/gu

export interface SlugOptions {
  /** ASCII only: transliterate other scripts (an edition's choice). */
  ascii?: boolean
}

let transliterate: ((text: string) => string) | undefined

/** Loads the transliteration table once (only editions that want ASCII slugs need it). */
export async function loadTransliteration(): Promise<void> {
  if (transliterate) return
  const { transliterate: t } = await import('transliteration')
  transliterate = (text) => t(text)
}

/** A slug for `text`, at most `maxLength` characters, cut at a word boundary when it can be. */
export function slugify(text: string, maxLength = 80, options: SlugOptions = {}): string {
  let source = text
  if (options.ascii) {
    if (!transliterate) throw new Error('call loadTransliteration() before asking for ASCII slugs')
    source = transliterate(text)
  }
  let base = source
    .normalize('NFKD')
    .replace(ACCENTS, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(NOT_SLUG, '-')
    .replace(/^-+|-+$/g, '')
  if (options.ascii)
    base = base
      .replace(/[^a-z0-9-]+/g, '')
      .replace(/-{2,}/g, '-')
      .replace(/^-+|-+$/g, '')
  const chars = [...base]
  if (chars.length <= maxLength) return base
  const cut = chars.slice(0, maxLength + 1).join('')
  const at = cut.lastIndexOf('-')
  return (at > maxLength / 2 ? cut.slice(0, at) : chars.slice(0, maxLength).join('')).replace(/-+$/g, '')
}

/** A stored slug: lowercase letters (no capitals), marks and digits, single hyphens between words. */
export const SLUG_PATTERN = /^[\p{Ll}\p{Lm}\p{Lo}\p{M}\p{N}]+(-[\p{Ll}\p{Lm}\p{Lo}\p{M}\p{N}]+)*$/u

export function isSlug(text: string, maxLength = 120): boolean {
  return [...text].length <= maxLength && text === text.normalize('NFC') && SLUG_PATTERN.test(text)
}

/** A slug as it goes in a URL: percent-encoded UTF-8 (ASCII slugs are unchanged). */
export function encodeSlug(slug: string): string {
  return encodeURIComponent(slug)
}

/** First path segments that belong to the platform, never to a top-level section. */
export const RESERVED_SEGMENTS: ReadonlySet<string> = new Set([
  'api',
  'assets',
  'newsroom',
  's',
  'feeds',
  'search',
  'live',
  'healthz',
  'about',
  'community-standards',
  'sitemaps',
  'sitemap',
  'account',
  'events',
  'robots',
  'favicon',
  'oembed',
  'share',
  'tags',
  'tag',
  'authors',
  'author',
  'discussion',
  'media',
  '.well-known',
])
