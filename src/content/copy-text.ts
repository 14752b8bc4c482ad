import { diffWordsWithSpace } from 'diff'
import type { Body, TextRun } from './blocks.ts'

/**
 * An article's copy as marked-up text for comparing two versions: one paragraph per block (blank
 * lines between), formatting and links written as visible marks (**bold**, _italic_, [text](url)),
 * inline quotes with their speaker (“…” [Speaker, Source]), block quotes as "> … — Speaker, Source",
 * subheadings as "## …", list items as "• …". A word diff of two such texts shows paragraph
 * breaks, formatting and who is quoted, not only the words.
 */
export function copyText(body: Body): string {
  return body
    .map((b) => blockText(b as { type: string } & Record<string, unknown>))
    .filter((t) => t !== '')
    .join('\n\n')
}

function blockText(b: { type: string } & Record<string, unknown>): string {
  const runs = (content: unknown) => (Array.isArray(content) ? (content as TextRun[]).map(runText).join('') : '')
  switch (b.type) {
    case 'paragraph':
      return runs(b.content)
    case 'subheading':
      return `## ${String(b.text ?? '')}`
    case 'quote':
      return `> ${runs(b.content)}${attribution(b.speaker, b.source, ' — ')}`
    case 'list':
      return Array.isArray(b.items) ? (b.items as unknown[]).map((item) => `• ${runs(item)}`).join('\n') : ''
    case 'image':
      return `[Image: ${[b.alt, b.caption, b.credit].filter((x) => typeof x === 'string' && x !== '').join(' — ')}]`
    case 'embed':
      return `[Embed: ${String(b.title ?? b.url ?? '')}]`
    case 'table':
      return Array.isArray(b.rows)
        ? (b.rows as unknown[][])
            .map((row) => `| ${row.map((cell) => runs(Array.isArray(cell) ? cell : (cell as { content?: unknown })?.content)).join(' | ')} |`)
            .join('\n')
        : ''
    default:
      return `[${b.type}]`
  }
}

function attribution(speaker: unknown, source: unknown, lead: string): string {
  const parts = [speaker, source].filter((x): x is string => typeof x === 'string' && x !== '')
  return parts.length ? `${lead}${parts.join(', ')}` : ''
}

function runText(r: TextRun): string {
  let t = r.text
  for (const m of (r.marks ?? []) as ({ type: string } & Record<string, unknown>)[]) {
    if (m.type === 'bold') t = `**${t}**`
    else if (m.type === 'italic') t = `_${t}_`
    else if (m.type === 'link') t = `[${t}](${String(m.href)})`
    else if (m.type === 'quote') t = `“${t}”${attribution(m.speaker, m.source, ' ') ? ` [${[m.speaker, m.source].filter(Boolean).join(', ')}]` : ''}`
    else if (m.type === 'sup') t = `^${t}^`
    else if (m.type === 'sub') t = `~${t}~`
  }
  return t
}

export interface DiffPart {
  text: string
  change: 'same' | 'added' | 'removed'
}

/** A word diff that keeps whitespace, so paragraph breaks added or removed show as changes too. */
export function diffCopy(from: string, to: string): DiffPart[] {
  return diffWordsWithSpace(from, to).map((p) => ({ text: p.value, change: p.added ? 'added' : p.removed ? 'removed' : 'same' }))
}

/** The diff cut into paragraphs (at blank lines) for display: each paragraph a list of parts. */
export function diffParagraphs(parts: DiffPart[]): DiffPart[][] {
  const paragraphs: DiffPart[][] = [[]]
  for (const part of parts) {
    const pieces = part.text.split(/\n{2,}/)
    pieces.forEach((piece, i) => {
      if (i > 0) {
        // a paragraph break itself added or removed is shown as a pilcrow
        if (part.change !== 'same') paragraphs.at(-1)!.push({ text: '¶', change: part.change })
        paragraphs.push([])
      }
      if (piece !== '') paragraphs.at(-1)!.push({ text: piece, change: part.change })
    })
  }
  return paragraphs.filter((p) => p.length > 0)
}

/** One field of two copies compared. */
export interface FieldDiff {
  field: string
  label: string
  changed: boolean
  /** The field's diff, paragraph by paragraph. */
  paragraphs: DiffPart[][]
}

/** Compares two texts field by field (labels and texts given), as the diff pages show them. */
export function diffFields(fields: { field: string; label: string; from: string; to: string }[]): FieldDiff[] {
  return fields.map((f) => ({ field: f.field, label: f.label, changed: f.from !== f.to, paragraphs: diffParagraphs(diffCopy(f.from, f.to)) }))
}
