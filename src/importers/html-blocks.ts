import { parseDocument } from 'htmlparser2'
import { isSafeHref, type Block, type Mark, type TextRun } from '../content/blocks.ts'

/**
 * Turns a WordPress post's content (Gutenberg block markup, classic HTML with its blank-line
 * paragraphs, and the [caption], [embed] and [gallery] shortcodes) or a Ghost post's HTML into
 * Dateline body blocks. Pure: pictures come out as image blocks with their source URL, and the
 * importer fetches them afterwards. What has no Dateline equivalent becomes a marked paragraph
 * (`unmappedBlock`) that an editor sees in the body, and a note in the import report.
 */

/** A node of the parsed HTML (htmlparser2's DOM, as much of it as we read). */
interface HNode {
  type: string
  name?: string
  attribs?: Record<string, string>
  children?: HNode[]
  data?: string
}

/** What the converter knows of the export's pictures (attachment posts), by id and by URL. */
export interface AttachmentInfo {
  url: string
  alt: string
  caption: string
  title: string
}

export interface ConvertOptions {
  attachmentsById?: ReadonlyMap<string, AttachmentInfo>
  attachmentsByUrl?: ReadonlyMap<string, AttachmentInfo>
  /** Classic content: blank lines separate paragraphs (WordPress's wpautop). */
  autop?: boolean
}

export interface Converted {
  blocks: Block[]
  /** Things the report should mention (unmapped blocks, removed scripts, cut text). */
  notes: string[]
}

export const UNMAPPED_LABEL = '[Import: not converted]'

/** A paragraph that tells an editor what the importer could not map, with the original's text. */
export function unmappedBlock(what: string, text: string): Block {
  const content: TextRun[] = [{ text: `${UNMAPPED_LABEL} ${what}`.slice(0, 500), marks: [{ type: 'bold' }] }]
  const t = text.replace(/\s+/g, ' ').trim()
  if (t) content.push(...splitRuns(` ${t}`, undefined))
  return { type: 'paragraph', content: content.slice(0, 500) }
}

const MAX_RUN = 20000
const MAX_BLOCKS = 2000

function splitRuns(text: string, marks: Mark[] | undefined): TextRun[] {
  const runs: TextRun[] = []
  for (let i = 0; i < text.length; i += MAX_RUN) runs.push(marks?.length ? { text: text.slice(i, i + MAX_RUN), marks } : { text: text.slice(i, i + MAX_RUN) })
  return runs
}

const INLINE = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'br',
  'cite',
  'code',
  'data',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'ins',
  'kbd',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'var',
  'wbr',
])

/** The visible text of a node, whitespace collapsed. */
function textOf(n: HNode): string {
  if (n.type === 'text') return n.data ?? ''
  if (n.type === 'script' || n.type === 'style' || n.type === 'comment') return ''
  if (n.name === 'br') return '\n'
  return (n.children ?? []).map(textOf).join('')
}

function collapse(s: string): string {
  return s.replace(/[ \t\r\f\v\u00a0]*\n[ \t\r\f\v\u00a0]*/g, '\n').replace(/[ \t\r\f\v]+/g, ' ')
}

/** Text runs with marks from inline HTML. */
function inlineRuns(nodes: HNode[], notes: string[], marks: Mark[] = []): TextRun[] {
  const out: TextRun[] = []
  const push = (text: string, m: Mark[]) => {
    if (text === '') return
    const last = out.at(-1)
    if (last && JSON.stringify(last.marks ?? []) === JSON.stringify(m) && last.text.length + text.length <= MAX_RUN) last.text += text
    else out.push(...splitRuns(text, m))
  }
  const walk = (n: HNode, m: Mark[]) => {
    if (n.type === 'text') return push(collapse(n.data ?? '').replace(/\n/g, ' '), m)
    if (n.type === 'script' || n.type === 'style') {
      notes.push('removed a script or style element')
      return
    }
    if (n.type !== 'tag') return
    const name = n.name!
    if (name === 'br') return push('\n', m)
    if (name === 'img') return // pictures inside a paragraph are lifted out by the block walk
    let add: Mark | undefined
    if (name === 'strong' || name === 'b') add = { type: 'bold' }
    else if (name === 'em' || name === 'i' || name === 'cite') add = { type: 'italic' }
    else if (name === 'sup') add = { type: 'sup' }
    else if (name === 'sub') add = { type: 'sub' }
    else if (name === 'a') {
      const href = (n.attribs?.href ?? '').trim()
      if (href && isSafeHref(href) && href.length <= 2000) add = { type: 'link', href }
      else if (href) notes.push(`dropped a link that is not http(s), mailto or site-relative (${href.slice(0, 60)})`)
    }
    const next = add && !m.some((x) => x.type === add.type) && m.length < 6 ? [...m, add] : m
    for (const c of n.children ?? []) walk(c, next)
  }
  for (const n of nodes) walk(n, marks)
  // trim the paragraph's ends
  if (out.length) {
    out[0]!.text = out[0]!.text.replace(/^\s+/, '')
    out.at(-1)!.text = out.at(-1)!.text.replace(/\s+$/, '')
  }
  return out.filter((r) => r.text !== '').slice(0, 500)
}

function findImages(n: HNode, acc: HNode[] = []): HNode[] {
  if (n.type === 'tag' && n.name === 'img') acc.push(n)
  for (const c of n.children ?? []) findImages(c, acc)
  return acc
}

/** The attachment a picture URL names, also by its full-size URL (WordPress adds "-300x200" to sizes). */
function attachmentFor(src: string, o: ConvertOptions, id?: string): AttachmentInfo | undefined {
  if (id && o.attachmentsById?.get(id)) return o.attachmentsById.get(id)
  if (!o.attachmentsByUrl) return undefined
  const plain = src.split(/[?#]/)[0]!
  return (
    o.attachmentsByUrl.get(plain) ??
    o.attachmentsByUrl.get(plain.replace(/-\d+x\d+(\.[a-z0-9]+)$/i, '$1')) ??
    o.attachmentsByUrl.get(plain.replace(/-scaled(\.[a-z0-9]+)$/i, '$1'))
  )
}

function imageBlock(img: HNode, o: ConvertOptions, caption: string | undefined, notes: string[]): Block | undefined {
  const src = (img.attribs?.src ?? '').trim()
  if (!src || !isSafeHref(src) || src.length > 2000) {
    notes.push(`a picture with an unusable source (${src.slice(0, 60) || 'none'})`)
    return unmappedBlock('picture with an unusable source', src)
  }
  const idMatch = /wp-image-(\d+)/.exec(img.attribs?.class ?? '')
  const att = attachmentFor(src, o, idMatch?.[1])
  const alt = (img.attribs?.alt ?? '').trim() || att?.alt || ''
  const cap = (caption ?? '').trim() || att?.caption || ''
  const block: Block = { type: 'image', src: att?.url && isSafeHref(att.url) ? att.url : src, alt: alt.slice(0, 300) }
  if (cap) block.caption = cap.replace(/\s+/g, ' ').slice(0, 500)
  return block
}

function embedBlock(url: string, title: string | undefined, notes: string[]): Block {
  const u = url.trim()
  if (/^https:\/\//i.test(u) && u.length <= 2000) return title ? { type: 'embed', url: u, title: title.slice(0, 300) } : { type: 'embed', url: u }
  notes.push(`an embed that is not https (${u.slice(0, 60)})`)
  return unmappedBlock('embed (not https)', u)
}

/** Converts one HTML fragment (no Gutenberg comments) into blocks. */
function htmlToBlocks(nodes: HNode[], o: ConvertOptions, notes: string[]): Block[] {
  const blocks: Block[] = []
  let inline: HNode[] = []
  const flush = () => {
    if (inline.length === 0) return
    const nodesNow = inline
    inline = []
    if (o.autop) {
      // blank lines in classic content are paragraph breaks
      const groups: HNode[][] = [[]]
      for (const n of nodesNow) {
        if (n.type === 'text' && /\n\s*\n/.test(n.data ?? '')) {
          const parts = (n.data ?? '').split(/\n\s*\n/)
          parts.forEach((p, i) => {
            if (i > 0) groups.push([])
            groups.at(-1)!.push({ type: 'text', data: p })
          })
        } else groups.at(-1)!.push(n)
      }
      for (const g of groups) pushParagraph(g)
    } else pushParagraph(nodesNow)
  }
  const pushParagraph = (ns: HNode[]) => {
    const runs = inlineRuns(ns, notes)
    // single-line breaks in classic content are line breaks; keep them as they are
    if (runs.length) blocks.push({ type: 'paragraph', content: runs })
    for (const n of ns) for (const img of findImages(n)) pushImage(img, undefined)
  }
  const pushImage = (img: HNode, caption: string | undefined) => {
    const b = imageBlock(img, o, caption, notes)
    if (b) blocks.push(b)
  }
  for (const n of nodes) {
    if (n.type === 'text') {
      const t = n.data ?? ''
      // a URL alone on its own line is an oEmbed in WordPress
      if (o.autop && inline.length === 0 && /^\s*https?:\/\/\S+\s*$/.test(t) && !/\n\s*\S+\s*\n/.test(t.trim())) {
        blocks.push(embedBlock(t.trim(), undefined, notes))
        continue
      }
      if (o.autop && /(^|\n)\s*https:\/\/\S+\s*(\n|$)/.test(t)) {
        // split out URLs on lines of their own
        const lines = t.split('\n')
        let buf = ''
        for (const line of lines) {
          if (/^\s*https:\/\/\S+\s*$/.test(line) && (buf.trim() === '' || /\n\s*$/.test(buf))) {
            if (buf) inline.push({ type: 'text', data: buf })
            buf = ''
            flush()
            blocks.push(embedBlock(line.trim(), undefined, notes))
          } else buf += (buf ? '\n' : '') + line
        }
        if (buf) inline.push({ type: 'text', data: buf })
        continue
      }
      inline.push(n)
      continue
    }
    if (n.type === 'comment' || n.type === 'directive') continue
    if (n.type === 'script' || n.type === 'style') {
      notes.push('removed a script or style element')
      continue
    }
    if (n.type !== 'tag') continue
    const name = n.name!
    if (INLINE.has(name) || name === 'img') {
      if (name === 'img' && inline.every((x) => x.type === 'text' && !(x.data ?? '').trim())) {
        flush()
        pushImage(n, undefined)
        continue
      }
      inline.push(n)
      continue
    }
    flush()
    const kids = n.children ?? []
    switch (name) {
      case 'p':
        if (kids.length === 1 && kids[0]!.type === 'text' && /^\s*https:\/\/\S+\s*$/.test(kids[0]!.data ?? '') && o.autop) {
          blocks.push(embedBlock((kids[0]!.data ?? '').trim(), undefined, notes))
          break
        }
        pushParagraph(kids)
        break
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6': {
        const t = collapse(textOf(n)).replace(/\s+/g, ' ').trim()
        if (!t) break
        if (t.length <= 200) blocks.push({ type: 'subheading', text: t })
        else blocks.push({ type: 'paragraph', content: splitRuns(t, [{ type: 'bold' }]) })
        break
      }
      case 'blockquote': {
        const cite = findTag(n, 'cite')
        const speaker = cite ? collapse(textOf(cite)).replace(/\s+/g, ' ').trim() : ''
        const inner = kids.filter((k) => k !== cite && !(k.type === 'tag' && k.name === 'footer'))
        const paras = splitParagraphs(inner)
        const runs: TextRun[] = []
        paras.forEach((p, i) => {
          const r = inlineRuns(p, notes, [])
          if (r.length === 0) return
          if (runs.length && i > 0) runs.push({ text: '\n' })
          runs.push(...r)
        })
        const footer = kids.find((k) => k.type === 'tag' && k.name === 'footer')
        const who =
          speaker ||
          (footer
            ? collapse(textOf(footer))
                .replace(/^[\s—–-]+/, '')
                .trim()
            : '')
        if (runs.length === 0 && !who) break
        const q: Block = { type: 'quote', content: runs.length ? runs.slice(0, 500) : [{ text: who }] }
        if (who && runs.length) q.speaker = who.slice(0, 120)
        blocks.push(q)
        break
      }
      case 'ul':
      case 'ol': {
        const items = listItems(n, notes)
        if (items.length) {
          for (let i = 0; i < items.length; i += 200) blocks.push({ type: 'list', ordered: name === 'ol', items: items.slice(i, i + 200) })
        }
        break
      }
      case 'figure': {
        const img = findTag(n, 'img')
        const cap = findTag(n, 'figcaption')
        const iframe = findTag(n, 'iframe')
        const table = findTag(n, 'table')
        const bq = findTag(n, 'blockquote')
        if (img) {
          pushImage(img, cap ? collapse(textOf(cap)).trim() : undefined)
          for (const extra of findImages(n).slice(1)) pushImage(extra, undefined)
        } else if (table) blocks.push(...htmlToBlocks([table], o, notes))
        else if (iframe) blocks.push(embedBlock(iframe.attribs?.src ?? '', iframe.attribs?.title, notes))
        else if (bq) blocks.push(...htmlToBlocks([bq], o, notes))
        else {
          const url = collapse(textOf(n)).trim()
          if (/^https:\/\/\S+$/.test(url)) blocks.push(embedBlock(url, undefined, notes))
          else blocks.push(...htmlToBlocks(kids, o, notes))
        }
        break
      }
      case 'iframe':
      case 'video':
      case 'audio':
        if (name === 'iframe') blocks.push(embedBlock(n.attribs?.src ?? '', n.attribs?.title, notes))
        else {
          notes.push(`a ${name} element`)
          blocks.push(unmappedBlock(name, n.attribs?.src ?? findTag(n, 'source')?.attribs?.src ?? ''))
        }
        break
      case 'table': {
        const rows: TextRun[][][] = []
        let header = false
        const walkRows = (x: HNode) => {
          for (const c of x.children ?? []) {
            if (c.type !== 'tag') continue
            if (c.name === 'tr') {
              const cells = (c.children ?? []).filter((d) => d.type === 'tag' && (d.name === 'td' || d.name === 'th'))
              if (rows.length === 0 && cells.length && cells.every((d) => d.name === 'th')) header = true
              const row = cells.slice(0, 30).map((d) => {
                const r = inlineRuns(d.children ?? [], notes)
                return r.length ? r : []
              })
              if (row.length) rows.push(row)
            } else if (c.name === 'thead' || c.name === 'tbody' || c.name === 'tfoot') walkRows(c)
          }
        }
        walkRows(n)
        if (rows.length) {
          const t: Block = { type: 'table', rows: rows.slice(0, 500) }
          if (header) t.header = true
          const cap = findTag(n, 'caption')
          if (cap) t.caption = collapse(textOf(cap)).trim().slice(0, 500)
          blocks.push(t)
        }
        break
      }
      case 'hr':
        break
      case 'pre': {
        const t = textOf(n)
        if (t.trim()) blocks.push({ type: 'paragraph', content: splitRuns(t.replace(/\s+$/, ''), undefined).slice(0, 500) })
        break
      }
      case 'dateline-embed':
        blocks.push(embedBlock(n.attribs?.url ?? '', undefined, notes))
        break
      case 'dateline-gallery': {
        const ids = (n.attribs?.ids ?? '').split(',').map((s) => s.trim())
        let found = 0
        for (const id of ids) {
          const a = o.attachmentsById?.get(id)
          if (a) {
            found++
            blocks.push(imageBlock({ type: 'tag', name: 'img', attribs: { src: a.url, alt: a.alt } }, o, a.caption, notes)!)
          }
        }
        if (found < ids.filter(Boolean).length || ids.filter(Boolean).length === 0) {
          notes.push('a [gallery] whose pictures are not all in the export')
          blocks.push(unmappedBlock('[gallery] (pictures not found in the export)', n.attribs?.ids ?? ''))
        }
        break
      }
      case 'dateline-shortcode':
        notes.push(`shortcode [${n.attribs?.name}]`)
        blocks.push(unmappedBlock(`shortcode [${n.attribs?.name ?? ''}]`, n.attribs?.raw ?? ''))
        break
      case 'div':
      case 'section':
      case 'article':
      case 'main':
      case 'aside':
      case 'header':
      case 'footer':
      case 'center':
      case 'body':
      case 'html':
      case 'details':
      case 'summary':
      case 'dl':
      case 'dd':
      case 'dt':
      case 'li':
        blocks.push(...htmlToBlocks(kids, o, notes))
        break
      case 'head':
      case 'noscript':
      case 'form':
      case 'input':
      case 'button':
      case 'select':
      case 'textarea':
      case 'object':
      case 'embed':
      case 'canvas':
      case 'svg':
      case 'math': {
        notes.push(`a <${name}> element`)
        blocks.push(unmappedBlock(`<${name}>`, textOf(n)))
        break
      }
      default:
        // unknown element: keep its content
        blocks.push(...htmlToBlocks(kids, o, notes))
    }
  }
  flush()
  return blocks
}

function findTag(n: HNode, name: string): HNode | undefined {
  for (const c of n.children ?? []) {
    if (c.type === 'tag' && c.name === name) return c
    const deeper = c.type === 'tag' ? findTag(c, name) : undefined
    if (deeper) return deeper
  }
  return undefined
}

function splitParagraphs(nodes: HNode[]): HNode[][] {
  const out: HNode[][] = [[]]
  for (const n of nodes) {
    if (n.type === 'tag' && (n.name === 'p' || n.name === 'div')) {
      out.push(n.children ?? [], [])
    } else out.at(-1)!.push(n)
  }
  return out.filter((g) => g.some((n) => textOf(n).trim() !== ''))
}

function listItems(list: HNode, notes: string[], depth = 0): TextRun[][] {
  const items: TextRun[][] = []
  for (const li of list.children ?? []) {
    if (li.type !== 'tag' || li.name !== 'li') continue
    const own = (li.children ?? []).filter((c) => !(c.type === 'tag' && (c.name === 'ul' || c.name === 'ol')))
    const runs = inlineRuns(own, notes)
    if (depth > 0 && runs.length) runs.unshift({ text: `${'– '.repeat(depth)}` })
    if (runs.length) items.push(runs)
    for (const sub of (li.children ?? []).filter((c) => c.type === 'tag' && (c.name === 'ul' || c.name === 'ol')))
      items.push(...listItems(sub, notes, depth + 1))
  }
  return items
}

const SHORTCODE_ATTR = /([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))/g

function attrs(s: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of s.matchAll(SHORTCODE_ATTR)) out[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? ''
  return out
}

const escAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

/** Rewrites the shortcodes we understand into HTML the block walk knows; marks the ones we do not. */
export function expandShortcodes(html: string): string {
  return (
    html
      .replace(/\[(caption|wp_caption)([^\]]*)\]([\s\S]*?)\[\/\1\]/gi, (_m, _n, a: string, inner: string) => {
        const caption = attrs(a).caption ?? ''
        const imgMatch = /<a\b[^>]*>\s*<img\b[^>]*>\s*<\/a>|<img\b[^>]*>/i.exec(inner)
        const img = imgMatch ? imgMatch[0] : ''
        const text = (imgMatch ? inner.replace(img, '') : inner).trim()
        return `<figure>${img}<figcaption>${caption ? escAttr(caption) : ''}${text}</figcaption></figure>`
      })
      .replace(/\[embed[^\]]*\]([\s\S]*?)\[\/embed\]/gi, (_m, url: string) => `<dateline-embed url="${escAttr(url.trim())}"></dateline-embed>`)
      .replace(/\[gallery([^\]]*)\]/gi, (_m, a: string) => `<dateline-gallery ids="${escAttr(attrs(a).ids ?? '')}"></dateline-gallery>`)
      // an enclosing shortcode we do not know: [name …]…[/name]
      .replace(
        /\[([a-z][\w-]*)(\s[^\]]*)?\]([\s\S]*?)\[\/\1\]/gi,
        (m, name: string) => `<dateline-shortcode name="${escAttr(name)}" raw="${escAttr(m.slice(0, 2000))}"></dateline-shortcode>`,
      )
      // a self-standing one with attributes ([audio src="…"], [contact-form-7 id="1"]) on its own line
      .replace(
        /(^|\n|<p>)\s*\[([a-z][\w-]*)(\s+[\w-]+=[^\]]*)?\s*\/?\]\s*(?=\n|$|<\/p>)/gi,
        (_m, pre: string, name: string, a: string | undefined) =>
          `${pre}<dateline-shortcode name="${escAttr(name)}" raw="${escAttr(`[${name}${a ?? ''}]`)}"></dateline-shortcode>`,
      )
  )
}

/** One Gutenberg block (from its comment delimiters) with what lies between them. */
interface GBlock {
  name: string
  attrs: Record<string, unknown>
  inner: string
}

const BLOCK_COMMENT = /<!--\s+(\/)?wp:([a-z][a-z0-9_-]*(?:\/[a-z][a-z0-9_-]*)?)\s+(\{[\s\S]*?\}\s+)?(\/)?-->/g

/** Splits Gutenberg markup into its top-level blocks; HTML between them is a "freeform" block. */
export function splitGutenberg(content: string): GBlock[] {
  const out: GBlock[] = []
  let depth = 0
  let start = 0
  let current: { name: string; attrs: Record<string, unknown>; from: number } | undefined
  let last = 0
  for (const m of content.matchAll(BLOCK_COMMENT)) {
    const [whole, closing, rawName, json, selfClosing] = m
    const name = rawName!.includes('/') ? rawName! : `core/${rawName}`
    const at = m.index
    if (closing) {
      depth--
      if (depth === 0 && current) {
        out.push({ name: current.name, attrs: current.attrs, inner: content.slice(current.from, at) })
        current = undefined
        last = at + whole.length
      }
      continue
    }
    if (depth === 0) {
      const between = content.slice(last, at)
      if (between.trim()) out.push({ name: 'core/freeform', attrs: {}, inner: between })
      let a: Record<string, unknown>
      try {
        a = json ? (JSON.parse(json) as Record<string, unknown>) : {}
      } catch {
        a = {}
      }
      if (selfClosing) {
        out.push({ name, attrs: a, inner: '' })
        last = at + whole.length
      } else {
        current = { name, attrs: a, from: at + whole.length }
        depth = 1
      }
      start = at
    } else if (!selfClosing) depth++
  }
  void start
  if (current) out.push({ name: current.name, attrs: current.attrs, inner: content.slice(current.from) })
  else {
    const rest = content.slice(last)
    if (rest.trim()) out.push({ name: 'core/freeform', attrs: {}, inner: rest })
  }
  return out
}

function parse(html: string): HNode[] {
  return (parseDocument(html, { decodeEntities: true }) as unknown as HNode).children ?? []
}

const KNOWN_HTML_BLOCKS = new Set([
  'core/paragraph',
  'core/heading',
  'core/list',
  'core/list-item',
  'core/quote',
  'core/pullquote',
  'core/image',
  'core/table',
  'core/preformatted',
  'core/code',
  'core/verse',
  'core/freeform',
  'core/html',
  'core/group',
  'core/columns',
  'core/column',
  'core/cover',
  'core/media-text',
  'core/details',
])
const DROPPED = new Set(['core/separator', 'core/spacer', 'core/more', 'core/nextpage', 'core/buttons', 'core/button', 'core/page-break'])

function gutenbergBlock(b: GBlock, o: ConvertOptions, notes: string[]): Block[] {
  const name = b.name
  if (DROPPED.has(name)) return []
  if (name === 'core/embed' || name.startsWith('core-embed/')) {
    const url = typeof b.attrs.url === 'string' ? b.attrs.url : (/https?:\/\/[^\s<"]+/.exec(b.inner)?.[0] ?? '')
    return [embedBlock(url, undefined, notes)]
  }
  if (name === 'core/image' && typeof b.attrs.id === 'number') {
    const blocks = htmlToBlocks(parse(b.inner.replace(/<img\b/, `<img class="wp-image-${b.attrs.id}"`)), { ...o, autop: false }, notes)
    return blocks
  }
  if (name === 'core/gallery') {
    const imgs = findImages({ type: 'root', children: parse(b.inner) })
    if (imgs.length === 0 && Array.isArray(b.attrs.ids))
      return htmlToBlocks(parse(`<dateline-gallery ids="${(b.attrs.ids as unknown[]).join(',')}"></dateline-gallery>`), o, notes)
    return htmlToBlocks(parse(b.inner), { ...o, autop: false }, notes)
  }
  if (name === 'core/shortcode') return htmlToBlocks(parse(expandShortcodes(b.inner.trim())), { ...o, autop: true }, notes)
  if (name === 'core/pullquote') {
    const blocks = htmlToBlocks(parse(b.inner), { ...o, autop: false }, notes)
    return blocks
  }
  if (KNOWN_HTML_BLOCKS.has(name)) {
    return htmlToBlocks(parse(name === 'core/freeform' ? expandShortcodes(b.inner) : b.inner), { ...o, autop: name === 'core/freeform' }, notes)
  }
  // a block we do not know (a plugin's, or a core block with no equivalent here)
  const text = textOf({ type: 'root', children: parse(b.inner) }).trim()
  notes.push(`unknown block ${name}`)
  return [unmappedBlock(`WordPress block ${name}`, text)]
}

/** WordPress post content (Gutenberg or classic) → blocks. */
export function wordpressContentToBlocks(content: string, o: ConvertOptions = {}): Converted {
  const notes: string[] = []
  let blocks: Block[]
  if (/<!--\s+wp:/.test(content)) {
    blocks = splitGutenberg(content).flatMap((b) => gutenbergBlock(b, o, notes))
  } else {
    blocks = htmlToBlocks(parse(expandShortcodes(content.replace(/\r\n?/g, '\n'))), { ...o, autop: true }, notes)
  }
  return finish(blocks, notes)
}

/** Plain HTML (Ghost's rendered post, an HTML card) → blocks. */
export function htmlContentToBlocks(html: string, o: ConvertOptions = {}): Converted {
  const notes: string[] = []
  return finish(htmlToBlocks(parse(html), { ...o, autop: false }, notes), notes)
}

export function finish(blocks: Block[], notes: string[]): Converted {
  if (blocks.length > MAX_BLOCKS) {
    const cut = blocks.length - (MAX_BLOCKS - 1)
    notes.push(`${cut} blocks over the ${MAX_BLOCKS} an article holds`)
    blocks = [...blocks.slice(0, MAX_BLOCKS - 1), unmappedBlock(`${cut} more blocks: the article was longer than ${MAX_BLOCKS} blocks`, '')]
  }
  return { blocks, notes: [...new Set(notes)] }
}

/** Plain text from HTML (titles, excerpts, comments): tags dropped, entities decoded, whitespace tidied. */
export function plainText(html: string): string {
  return collapse(textOf({ type: 'root', children: parse(html) }))
    .replace(/[ \t]*\n[ \t]*/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
