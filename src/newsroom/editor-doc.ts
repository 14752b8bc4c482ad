import type { Block, Mark, TextRun } from '../content/blocks.ts'

/**
 * The newsroom editor's document (ProseMirror/TipTap JSON) and the article body blocks map one to
 * one: paragraph ↔ paragraph, heading level 2 ↔ subheading, pullQuote {speaker, source} ↔ quote,
 * bulletList/orderedList of single-paragraph items ↔ list, image ↔ image, embed ↔ embed, table of
 * tableRows of tableHeader/tableCell (each holding paragraphs) ↔ table {rows, header}; marks
 * bold, italic, superscript, subscript, link {href} and quote {speaker, source} ↔ bold, italic,
 * sup, sub, link and quote. Shared by the browser editor and the tests.
 */
export interface PmMark {
  type: string
  attrs?: Record<string, unknown>
}

export interface PmNode {
  type: string
  attrs?: Record<string, unknown>
  content?: PmNode[]
  text?: string
  marks?: PmMark[]
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined)

function runsToPm(runs: TextRun[]): PmNode[] {
  return runs
    .filter((r) => r.text !== '')
    .map((r) => {
      const marks: PmMark[] = (r.marks ?? []).map((m) => {
        if (m.type === 'link') return { type: 'link', attrs: { href: m.href } }
        if (m.type === 'quote') return { type: 'quote', attrs: { speaker: m.speaker ?? null, source: m.source ?? null } }
        if (m.type === 'sup') return { type: 'superscript' }
        if (m.type === 'sub') return { type: 'subscript' }
        return { type: m.type }
      })
      return { type: 'text', text: r.text, ...(marks.length ? { marks } : {}) }
    })
}

function pmToRuns(nodes: PmNode[] | undefined): TextRun[] {
  const runs: TextRun[] = []
  for (const n of nodes ?? []) {
    if (n.type !== 'text' || !n.text) continue
    const marks: Mark[] = []
    for (const m of n.marks ?? []) {
      if (m.type === 'bold' || m.type === 'italic') marks.push({ type: m.type })
      else if (m.type === 'superscript') marks.push({ type: 'sup' })
      else if (m.type === 'subscript') marks.push({ type: 'sub' })
      else if (m.type === 'link' && str(m.attrs?.href)) marks.push({ type: 'link', href: str(m.attrs!.href)! })
      else if (m.type === 'quote') {
        const q: Extract<Mark, { type: 'quote' }> = { type: 'quote' }
        const speaker = str(m.attrs?.speaker)
        const source = str(m.attrs?.source)
        if (speaker) q.speaker = speaker
        if (source) q.source = source
        marks.push(q)
      }
    }
    const prev = runs.at(-1)
    // ProseMirror merges equal neighbours itself; this keeps hand-made documents tidy too.
    if (prev && JSON.stringify(prev.marks ?? []) === JSON.stringify(marks)) prev.text += n.text
    else runs.push({ text: n.text, ...(marks.length ? { marks } : {}) })
  }
  return runs
}

const plainText = (nodes: PmNode[] | undefined) => (nodes ?? []).map((n) => n.text ?? '').join('')

/** Body blocks → the editor's document. */
export function blocksToDoc(blocks: Block[]): PmNode {
  const content: PmNode[] = blocks.map((b): PmNode => {
    switch (b.type) {
      case 'paragraph':
        return { type: 'paragraph', content: runsToPm(b.content) }
      case 'subheading':
        return { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: b.text }] }
      case 'quote':
        return { type: 'pullQuote', attrs: { speaker: b.speaker ?? null, source: b.source ?? null }, content: runsToPm(b.content) }
      case 'list':
        return {
          type: b.ordered ? 'orderedList' : 'bulletList',
          content: b.items.map((item) => ({ type: 'listItem', content: [{ type: 'paragraph', content: runsToPm(item) }] })),
        }
      case 'image':
        return { type: 'image', attrs: { src: b.src, alt: b.alt, caption: b.caption ?? null, credit: b.credit ?? null, mediaId: b.mediaId ?? null } }
      case 'embed':
        return { type: 'embed', attrs: { url: b.url, title: b.title ?? null } }
      case 'table':
        return {
          type: 'table',
          ...(b.caption ? { attrs: { caption: b.caption } } : {}),
          content: b.rows.map((row, i) => ({
            type: 'tableRow',
            content: row.map((cell) => ({
              type: b.header && i === 0 ? 'tableHeader' : 'tableCell',
              content: [{ type: 'paragraph', content: runsToPm(cell) }],
            })),
          })),
        }
    }
  })
  return { type: 'doc', content: content.length ? content : [{ type: 'paragraph' }] }
}

/** The editor's document → body blocks (empty paragraphs and unknown nodes are dropped). */
export function docToBlocks(doc: PmNode): Block[] {
  const blocks: Block[] = []
  for (const n of doc.content ?? []) {
    switch (n.type) {
      case 'paragraph': {
        const content = pmToRuns(n.content)
        if (content.some((r) => r.text.trim() !== '')) blocks.push({ type: 'paragraph', content })
        break
      }
      case 'heading': {
        const text = plainText(n.content).trim()
        if (text) blocks.push({ type: 'subheading', text })
        break
      }
      case 'pullQuote': {
        const content = pmToRuns(n.content)
        if (content.length === 0) break
        const speaker = str(n.attrs?.speaker)
        const source = str(n.attrs?.source)
        blocks.push({ type: 'quote', content, ...(speaker ? { speaker } : {}), ...(source ? { source } : {}) })
        break
      }
      case 'bulletList':
      case 'orderedList': {
        const items = (n.content ?? [])
          .map((li) => pmToRuns((li.content ?? []).flatMap((p, i) => (i > 0 ? [{ type: 'text', text: ' ' }, ...(p.content ?? [])] : (p.content ?? [])))))
          .filter((r) => r.length)
        if (items.length) blocks.push({ type: 'list', ordered: n.type === 'orderedList', items })
        break
      }
      case 'image': {
        const src = str(n.attrs?.src)
        if (!src) break
        const caption = str(n.attrs?.caption)
        const credit = str(n.attrs?.credit)
        const mediaId = Number(n.attrs?.mediaId)
        blocks.push({
          type: 'image',
          src,
          alt: str(n.attrs?.alt) ?? '',
          ...(caption ? { caption } : {}),
          ...(credit ? { credit } : {}),
          ...(Number.isInteger(mediaId) && mediaId > 0 ? { mediaId } : {}),
        })
        break
      }
      case 'embed': {
        const url = str(n.attrs?.url)
        const title = str(n.attrs?.title)
        if (url) blocks.push({ type: 'embed', url, ...(title ? { title } : {}) })
        break
      }
      case 'table': {
        const table = tableBlock(n)
        if (table) blocks.push(table)
        break
      }
    }
  }
  return blocks
}

/** A cell's paragraphs become one list of runs, a space between paragraphs. */
const cellRuns = (cell: PmNode) =>
  pmToRuns((cell.content ?? []).flatMap((p, i) => (i > 0 ? [{ type: 'text', text: ' ' }, ...(p.content ?? [])] : (p.content ?? []))))

/** A table node → a table block: a cell spanning columns is followed by empty cells; empty rows are dropped. */
function tableBlock(n: PmNode): Extract<Block, { type: 'table' }> | undefined {
  const rows = (n.content ?? []).filter((r) => r.type === 'tableRow').slice(0, 500)
  const cells = rows.map((r) =>
    (r.content ?? []).flatMap((c) => {
      const span = Math.min(Math.max(Number(c.attrs?.colspan ?? 1) || 1, 1), 30)
      return [cellRuns(c), ...Array.from({ length: span - 1 }, (): TextRun[] => [])]
    }),
  )
  const header = rows[0] !== undefined && (rows[0].content ?? []).length > 0 && (rows[0].content ?? []).every((c) => c.type === 'tableHeader')
  const kept = cells.map((row, i) => ({ row: row.slice(0, 30), first: i === 0 })).filter(({ row }) => row.length > 0 && row.some((c) => c.length > 0))
  if (kept.length === 0) return undefined
  const caption = str(n.attrs?.caption)
  return {
    type: 'table',
    rows: kept.map((k) => k.row),
    ...(header && kept[0]?.first ? { header: true } : {}),
    ...(caption ? { caption } : {}),
  }
}
