import { isSafeHref, validateBody, type Block, type Mark, type TextRun } from '../content/blocks.ts'

/**
 * The live composer's plain-text shorthand, turned into the article body's blocks (content/blocks.ts)
 * and back. A desk posting every minute types faster than it clicks, and the form works without
 * JavaScript:
 *
 *   a paragraph with **bold**, *italic* and [a link](https://example.org)
 *
 *   > Quoted words, over one or more lines
 *   — Speaker, Source
 *
 *   - a list item          1. a numbered item
 *   ## A subheading
 *   ![What the picture shows](/media/12)     a picture from the media library (or an https URL)
 *   https://example.org/video                on a line of its own: an embed
 *
 * Blocks are separated by blank lines.
 */

export const MAX_ENTRY_TEXT = 20_000

const INLINE =
  /\*\*(.+?)\*\*|\[([^\]\n]+)\]\(([^)\s]+)\)|(?<![\p{L}\p{N}*])\*(?!\s)(.+?)(?<!\s)\*(?![\p{L}\p{N}*])|(?<![\p{L}\p{N}_])_(?!\s)(.+?)(?<!\s)_(?![\p{L}\p{N}_])/gu

/** Inline shorthand to text runs. */
export function parseInline(text: string): TextRun[] {
  const runs: TextRun[] = []
  const push = (t: string, marks?: Mark[]) => {
    if (t === '') return
    const last = runs.at(-1)
    if (!marks && last && !last.marks) last.text += t
    else runs.push(marks ? { text: t, marks } : { text: t })
  }
  let at = 0
  for (const m of text.matchAll(INLINE)) {
    push(text.slice(at, m.index))
    if (m[1] !== undefined) push(m[1], [{ type: 'bold' }])
    else if (m[2] !== undefined) push(m[2], [{ type: 'link', href: m[3]! }])
    else push((m[4] ?? m[5])!, [{ type: 'italic' }])
    at = m.index + m[0].length
  }
  push(text.slice(at))
  return runs
}

const ATTRIBUTION = /^\s*(?:—|–|--)\s*(.+)$/
const IMAGE = /^!\[([^\]\n]*)\]\(([^)\s]+)\)$/
const BULLET = /^\s*[-*•]\s+/
const NUMBERED = /^\s*\d{1,3}[.)]\s+/

function parseBlock(chunk: string): Block {
  const lines = chunk.split('\n')
  const first = lines[0]!.trim()
  if (lines.length === 1 && /^https:\/\/\S+$/.test(first)) return { type: 'embed', url: first }
  const image = lines.length === 1 ? IMAGE.exec(first) : null
  if (image) {
    const src = image[2]!
    const media = /^\/media\/(\d{1,9})$/.exec(src)
    return { type: 'image', src, alt: image[1]!.trim(), ...(media ? { mediaId: Number(media[1]) } : {}) }
  }
  if (lines.length === 1 && first.startsWith('## ')) return { type: 'subheading', text: first.slice(3).trim() }
  if (first.startsWith('>')) {
    const quoted: string[] = []
    let attribution: string | undefined
    for (const line of lines) {
      if (line.trimStart().startsWith('>')) quoted.push(line.trimStart().slice(1).trim())
      else if (ATTRIBUTION.test(line)) attribution = ATTRIBUTION.exec(line)![1]!.trim()
      else quoted.push(line.trim())
    }
    const [speaker, ...source] = (attribution ?? '').split(',').map((s) => s.trim())
    return {
      type: 'quote',
      content: parseInline(quoted.filter((l) => l !== '').join(' ')),
      ...(speaker ? { speaker } : {}),
      ...(source.length && source.join(', ') ? { source: source.join(', ') } : {}),
    }
  }
  if (lines.every((l) => BULLET.test(l))) return { type: 'list', ordered: false, items: lines.map((l) => parseInline(l.replace(BULLET, '').trim())) }
  if (lines.every((l) => NUMBERED.test(l))) return { type: 'list', ordered: true, items: lines.map((l) => parseInline(l.replace(NUMBERED, '').trim())) }
  return { type: 'paragraph', content: parseInline(lines.map((l) => l.trim()).join(' ')) }
}

/**
 * Composer text to blocks, or the problems that stop it being posted (empty text, a picture
 * without alt text, a link that is not http(s), a block too long).
 */
export function parseEntryText(text: string): { body: Block[]; problems: string[] } {
  const clean = text.replace(/\r\n?/g, '\n').replace(/\u0000/g, '')
  if ([...clean].length > MAX_ENTRY_TEXT) return { body: [], problems: [`An entry is at most ${MAX_ENTRY_TEXT} characters.`] }
  const chunks = clean
    .split(/\n\s*\n/)
    .map((c) => c.replace(/^\n+|\n+$/g, ''))
    .filter((c) => c.trim() !== '')
  if (chunks.length === 0) return { body: [], problems: ['Write something: the entry is empty.'] }
  const body = chunks.map(parseBlock)
  const problems: string[] = []
  body.forEach((b, i) => {
    if (b.type === 'image' && b.alt === '') problems.push(`Picture ${i + 1} needs alt text: write ![what it shows](${b.src}).`)
    if (b.type === 'image' && !b.mediaId && !/^https:\/\//.test(b.src))
      problems.push(`Picture ${i + 1}: use a picture from the media library (/media/12) or an https:// address.`)
  })
  for (const p of validateBody(body)) problems.push(p.message)
  for (const b of body)
    for (const r of b.type === 'paragraph' || b.type === 'quote' ? b.content : b.type === 'list' ? b.items.flat() : [])
      for (const m of r.marks ?? [])
        if (m.type === 'link' && !isSafeHref(m.href)) problems.push(`The link "${m.href.slice(0, 60)}" must be an http(s) address.`)
  return { body, problems: [...new Set(problems)] }
}

function runsText(runs: TextRun[]): string {
  return runs
    .map((r) => {
      let t = r.text
      const marks = r.marks ?? []
      const link = marks.find((m) => m.type === 'link')
      if (marks.some((m) => m.type === 'italic')) t = `*${t}*`
      if (marks.some((m) => m.type === 'bold')) t = `**${t}**`
      if (link && link.type === 'link') t = `[${t}](${link.href})`
      return t
    })
    .join('')
}

/** Blocks back to composer text (editing an entry); tables become their rows as text. */
export function entryText(body: Block[]): string {
  return body
    .map((b) => {
      switch (b.type) {
        case 'paragraph':
          return runsText(b.content)
        case 'subheading':
          return `## ${b.text}`
        case 'quote': {
          const who = [b.speaker, b.source].filter(Boolean).join(', ')
          return `> ${runsText(b.content)}${who ? `\n— ${who}` : ''}`
        }
        case 'list':
          return b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : '-'} ${runsText(item)}`).join('\n')
        case 'image':
          return `![${b.alt}](${b.mediaId ? `/media/${b.mediaId}` : b.src})`
        case 'embed':
          return b.url
        case 'table':
          return b.rows.map((row) => row.map(runsText).join(' | ')).join('\n')
      }
    })
    .join('\n\n')
}
