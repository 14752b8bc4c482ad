import * as linkify from 'linkifyjs'
import { html, join, type SafeHtml } from '../web/html.ts'

// Controls other than newline, zero-width characters and bidirectional overrides (used to make
// text read differently from what it is); tabs become spaces.
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g

/** Comment text as stored: Unix newlines, no invisible controls, trimmed, at most one blank line in a row. */
export function normalizeCommentText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(INVISIBLE, '')
    .replace(/[ \u00a0]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/** The web links (http and https) a comment's text contains, as linkify finds them. */
export function findLinks(text: string): { start: number; end: number; href: string; text: string }[] {
  const out: { start: number; end: number; href: string; text: string }[] = []
  for (const m of linkify.find(text, 'url', { defaultProtocol: 'https' })) {
    let url: URL
    try {
      url = new URL(m.href)
    } catch {
      continue
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue
    out.push({ start: m.start, end: m.end, href: url.href, text: m.value })
  }
  return out
}

function renderLine(line: string): SafeHtml {
  const parts: (string | SafeHtml)[] = []
  let at = 0
  for (const link of findLinks(line)) {
    if (link.start < at) continue
    parts.push(line.slice(at, link.start))
    parts.push(html`<a href="${link.href}" rel="nofollow ugc noopener">${link.text}</a>`)
    at = link.end
  }
  parts.push(line.slice(at))
  return join(parts)
}

/**
 * Comment text as HTML: every character escaped, paragraphs at blank lines, line breaks kept,
 * web addresses turned into links that search engines do not follow.
 */
export function renderCommentText(text: string): SafeHtml {
  const paragraphs = text.split(/\n{2,}/).filter((p) => p.trim() !== '')
  return join(paragraphs.map((p) => html`<p>${join(p.split('\n').map(renderLine), html`<br>`)}</p>`))
}

/** Text folded for word matching: lower case, accents removed, compatibility forms unified. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
}

/** The first entry of `words` that occurs in `text` as a whole word or phrase (`word*` matches any ending). */
export function findWord(text: string, words: readonly string[]): string | undefined {
  if (words.length === 0) return undefined
  const folded = foldText(text)
  for (const w of words) {
    const wildcard = w.endsWith('*')
    const core = foldText(wildcard ? w.slice(0, -1) : w).trim()
    if (!core) continue
    const pattern = core
      .split(/\s+/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[\\s\\p{P}]+')
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${pattern}${wildcard ? '[\\p{L}\\p{N}]*' : ''}(?![\\p{L}\\p{N}])`, 'u')
    if (re.test(folded)) return w
  }
  return undefined
}
