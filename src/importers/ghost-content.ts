import { isSafeHref, type Block, type Mark, type TextRun } from '../content/blocks.ts'
import { finish, htmlContentToBlocks, plainText, unmappedBlock, type Converted } from './html-blocks.ts'

/**
 * Ghost post content (Lexical, the editor since Ghost 5; mobiledoc before it) → Dateline blocks.
 * Cards with no equivalent here (signup, product, button, audio…) become marked paragraphs an
 * editor sees; HTML cards go through the HTML converter.
 */

type Json = Record<string, unknown>

const str = (v: unknown) => (typeof v === 'string' ? v : '')

// Lexical text format bits
const BOLD = 1
const ITALIC = 2
const SUB = 32
const SUP = 64

function lexicalRuns(nodes: unknown[], notes: string[], marks: Mark[] = []): TextRun[] {
  const out: TextRun[] = []
  for (const raw of nodes) {
    const n = raw as Json
    const type = str(n.type)
    if (type === 'text' || type === 'extended-text') {
      const fmt = typeof n.format === 'number' ? n.format : 0
      const m: Mark[] = [...marks]
      if (fmt & BOLD) m.push({ type: 'bold' })
      if (fmt & ITALIC) m.push({ type: 'italic' })
      if (fmt & SUB) m.push({ type: 'sub' })
      if (fmt & SUP) m.push({ type: 'sup' })
      const text = str(n.text)
      if (text) out.push(m.length ? { text: text.slice(0, 20000), marks: m.slice(0, 6) } : { text: text.slice(0, 20000) })
    } else if (type === 'linebreak') out.push({ text: '\n' })
    else if (type === 'link' || type === 'autolink') {
      const url = str(n.url)
      const m = url && isSafeHref(url) && url.length <= 2000 ? [...marks, { type: 'link' as const, href: url }] : marks
      out.push(...lexicalRuns((n.children as unknown[]) ?? [], notes, m))
    } else if (Array.isArray(n.children)) out.push(...lexicalRuns(n.children, notes, marks))
  }
  return out.slice(0, 500)
}

function lexicalNode(n: Json, notes: string[]): Block[] {
  const type = str(n.type)
  const kids = (Array.isArray(n.children) ? n.children : []) as unknown[]
  switch (type) {
    case 'paragraph': {
      const runs = lexicalRuns(kids, notes)
      return runs.length ? [{ type: 'paragraph', content: runs }] : []
    }
    case 'heading':
    case 'extended-heading': {
      const t = lexicalRuns(kids, notes)
        .map((r) => r.text)
        .join('')
        .replace(/\s+/g, ' ')
        .trim()
      if (!t) return []
      return t.length <= 200 ? [{ type: 'subheading', text: t }] : [{ type: 'paragraph', content: [{ text: t.slice(0, 20000), marks: [{ type: 'bold' }] }] }]
    }
    case 'quote':
    case 'extended-quote':
    case 'aside': {
      const runs = lexicalRuns(kids, notes)
      return runs.length ? [{ type: 'quote', content: runs }] : []
    }
    case 'list': {
      const items = kids.map((li) => lexicalRuns(((li as Json).children as unknown[]) ?? [], notes)).filter((r) => r.length > 0)
      return items.length ? [{ type: 'list', ordered: str(n.listType) === 'number', items: items.slice(0, 200) }] : []
    }
    case 'image':
      return imageCard(str(n.src), str(n.alt), plainText(str(n.caption)), notes)
    case 'gallery':
      return ((n.images as Json[]) ?? []).flatMap((i) => imageCard(str(i.src), str(i.alt), plainText(str(i.caption)), notes))
    case 'embed':
    case 'bookmark':
      return embedCard(str(n.url), type === 'bookmark' ? str((n.metadata as Json | undefined)?.title) : '', notes)
    case 'html':
      return htmlCard(str(n.html), notes)
    case 'markdown':
      notes.push('markdown cards (kept as plain text)')
      return str(n.markdown)
        .split(/\n\s*\n/)
        .filter((p) => p.trim())
        .map((p) => ({ type: 'paragraph', content: [{ text: p.trim().slice(0, 20000) }] }))
    case 'callout':
      return htmlCard(str(n.calloutText), notes)
    case 'horizontalrule':
    case 'paywall':
      return []
    default: {
      notes.push(`unknown Ghost card ${type || '(none)'}`)
      const text = [str(n.html), str(n.text), str(n.caption), str(n.header), str(n.subheader), str(n.buttonText), str(n.src), str(n.url)]
        .filter(Boolean)
        .map(plainText)
        .join(' ')
      return [unmappedBlock(`Ghost card ${type || '(none)'}`, text || JSON.stringify(n).slice(0, 500))]
    }
  }
}

function imageCard(src: string, alt: string, caption: string, notes: string[]): Block[] {
  if (!src || !isSafeHref(src) || src.length > 2000) {
    notes.push('a picture with an unusable source')
    return [unmappedBlock('picture with an unusable source', src)]
  }
  const b: Block = { type: 'image', src, alt: alt.slice(0, 300) }
  if (caption) b.caption = caption.slice(0, 500)
  return [b]
}

function embedCard(url: string, title: string, notes: string[]): Block[] {
  if (/^https:\/\//i.test(url) && url.length <= 2000) return [title ? { type: 'embed', url, title: title.slice(0, 300) } : { type: 'embed', url }]
  notes.push('an embed that is not https')
  return [unmappedBlock('embed (not https)', url)]
}

function htmlCard(html: string, notes: string[]): Block[] {
  const c = htmlContentToBlocks(html)
  notes.push(...c.notes)
  return c.blocks
}

/** Lexical JSON (a string, as Ghost stores it) → blocks. */
export function lexicalToBlocks(lexical: string): Converted {
  const doc = JSON.parse(lexical) as Json
  const notes: string[] = []
  const children = ((doc.root as Json | undefined)?.children as Json[]) ?? []
  return finish(
    children.flatMap((n) => lexicalNode(n, notes)),
    notes,
  )
}

/** Mobiledoc JSON → blocks. */
export function mobiledocToBlocks(mobiledoc: string): Converted {
  const doc = JSON.parse(mobiledoc) as { markups?: [string, string[]?][]; cards?: [string, Json][]; atoms?: [string, string, Json][]; sections?: unknown[][] }
  const notes: string[] = []
  const markups = doc.markups ?? []
  const markupMark = (i: number): Mark | undefined => {
    const [tag, attrs = []] = markups[i] ?? ['']
    const t = tag.toLowerCase()
    if (t === 'strong' || t === 'b') return { type: 'bold' }
    if (t === 'em' || t === 'i') return { type: 'italic' }
    if (t === 'sup') return { type: 'sup' }
    if (t === 'sub') return { type: 'sub' }
    if (t === 'a') {
      const href = attrs[attrs.indexOf('href') + 1] ?? ''
      return attrs.includes('href') && isSafeHref(href) && href.length <= 2000 ? { type: 'link', href } : undefined
    }
    return undefined
  }
  const runsOf = (markers: unknown[]): TextRun[] => {
    const open: (Mark | undefined)[] = []
    const out: TextRun[] = []
    for (const raw of markers) {
      const [kind, opens, closes, value] = raw as [number, number[], number, unknown]
      for (const i of opens ?? []) open.push(markupMark(i))
      const text = kind === 0 ? str(value) : str(doc.atoms?.[value as number]?.[1])
      const marks = open.filter((m): m is Mark => m !== undefined).slice(0, 6)
      if (text) out.push(marks.length ? { text: text.slice(0, 20000), marks } : { text: text.slice(0, 20000) })
      for (let c = 0; c < (closes ?? 0); c++) open.pop()
    }
    return out.slice(0, 500)
  }
  const blocks: Block[] = []
  for (const s of doc.sections ?? []) {
    const kind = s[0] as number
    if (kind === 1) {
      const tag = str(s[1]).toLowerCase()
      const runs = runsOf((s[2] as unknown[]) ?? [])
      if (!runs.length) continue
      if (/^h[1-6]$/.test(tag)) {
        const t = runs
          .map((r) => r.text)
          .join('')
          .trim()
        blocks.push(t.length <= 200 ? { type: 'subheading', text: t } : { type: 'paragraph', content: runs })
      } else if (tag === 'blockquote' || tag === 'aside') blocks.push({ type: 'quote', content: runs })
      else blocks.push({ type: 'paragraph', content: runs })
    } else if (kind === 3) {
      const items = ((s[2] as unknown[][]) ?? []).map(runsOf).filter((r) => r.length)
      if (items.length) blocks.push({ type: 'list', ordered: str(s[1]) === 'ol', items: items.slice(0, 200) })
    } else if (kind === 10) {
      const [name, payload = {}] = doc.cards?.[s[1] as number] ?? ['']
      blocks.push(...lexicalNode({ ...payload, type: name === 'hr' ? 'horizontalrule' : name }, notes))
    }
  }
  return finish(blocks, notes)
}

/** A Ghost post's body: Lexical, else mobiledoc, else its HTML. */
export function ghostPostToBlocks(post: { lexical?: unknown; mobiledoc?: unknown; html?: unknown }): Converted {
  try {
    if (typeof post.lexical === 'string' && post.lexical) return lexicalToBlocks(post.lexical)
    if (typeof post.mobiledoc === 'string' && post.mobiledoc) return mobiledocToBlocks(post.mobiledoc)
  } catch (e) {
    const fallback = htmlContentToBlocks(str(post.html))
    return {
      blocks: fallback.blocks,
      notes: [...fallback.notes, `content that is not valid Lexical or mobiledoc (its HTML was used: ${(e as Error).message.slice(0, 60)})`],
    }
  }
  return htmlContentToBlocks(str(post.html))
}
