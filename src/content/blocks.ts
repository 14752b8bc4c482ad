import { Type, type Static } from 'typebox'
import { Compile } from 'typebox/compile'

/**
 * The article body: an array of structured blocks. The newsroom editor's document maps one to
 * one onto these (paragraph, subheading, quote, list, image, embed, table; marks bold, italic,
 * link, inline quote, superscript and subscript), and the public page renders them. Stored as
 * JSON in articles.body.
 */

const Text = (max: number, description?: string) => Type.String({ maxLength: max, ...(description ? { description } : {}) })

const SPEAKER = 'who said it'
const SOURCE = 'where it was said or reported (a newspaper, an agency, a broadcast)'

export const MarkSchema = Type.Union(
  [
    Type.Object({ type: Type.Literal('bold') }, { additionalProperties: false, title: 'BoldMark', description: 'Bold text.' }),
    Type.Object({ type: Type.Literal('italic') }, { additionalProperties: false, title: 'ItalicMark', description: 'Italic text.' }),
    Type.Object(
      { type: Type.Literal('link'), href: Text(2000) },
      {
        additionalProperties: false,
        title: 'LinkMark',
        description: 'A link: href is an http(s), mailto, #fragment or site-relative (/...) URL; javascript: and data: are refused.',
      },
    ),
    Type.Object(
      { type: Type.Literal('quote'), speaker: Type.Optional(Text(120, SPEAKER)), source: Type.Optional(Text(120, SOURCE)) },
      {
        additionalProperties: false,
        title: 'InlineQuoteMark',
        description: 'Words quoted inside a paragraph, attributed to who said them (speaker) and where it was reported (source).',
      },
    ),
    Type.Object(
      { type: Type.Literal('sup') },
      { additionalProperties: false, title: 'SuperscriptMark', description: 'Superscript (1st, m², a footnote number).' },
    ),
    Type.Object({ type: Type.Literal('sub') }, { additionalProperties: false, title: 'SubscriptMark', description: 'Subscript (CO₂, H₂O).' }),
  ],
  { title: 'Mark', description: 'A mark on a run of text (a run has at most 6); `type` says which.' },
)

export const TextRunSchema = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 20000 }), marks: Type.Optional(Type.Array(MarkSchema, { maxItems: 6 })) },
  { additionalProperties: false, title: 'TextRun', description: 'A run of text with the same marks; a paragraph, quote or list item is a list of runs.' },
)

const Inline = Type.Array(TextRunSchema, { maxItems: 500 })

const BLOCK_VARIANTS = {
  paragraph: Type.Object(
    { type: Type.Literal('paragraph'), content: Inline },
    {
      additionalProperties: false,
      title: 'ParagraphBlock',
      description: 'A paragraph of text runs (which carry the bold, italic, link and inline-quote marks).',
    },
  ),
  subheading: Type.Object(
    { type: Type.Literal('subheading'), text: Type.String({ minLength: 1, maxLength: 200 }) },
    { additionalProperties: false, title: 'SubheadingBlock', description: 'A subheading within the article: plain text.' },
  ),
  quote: Type.Object(
    { type: Type.Literal('quote'), content: Inline, speaker: Type.Optional(Text(120, SPEAKER)), source: Type.Optional(Text(120, SOURCE)) },
    { additionalProperties: false, title: 'QuoteBlock', description: 'A block quotation, with who said it (speaker) and where (source).' },
  ),
  list: Type.Object(
    { type: Type.Literal('list'), ordered: Type.Boolean(), items: Type.Array(Inline, { minItems: 1, maxItems: 200 }) },
    {
      additionalProperties: false,
      title: 'ListBlock',
      description: 'A bulleted (ordered: false) or numbered (ordered: true) list; each item is a list of text runs.',
    },
  ),
  image: Type.Object(
    {
      type: Type.Literal('image'),
      src: Type.String({ minLength: 1, maxLength: 2000 }),
      alt: Text(300),
      caption: Type.Optional(Text(500)),
      credit: Type.Optional(Text(200)),
      mediaId: Type.Optional(
        Type.Integer({
          minimum: 1,
          maximum: 2147483647,
          description:
            'a picture in the media library (POST /api/admin/media): pages then serve it in responsive sizes and crops, and src should be /media/{mediaId}',
        }),
      ),
    },
    {
      additionalProperties: false,
      title: 'ImageBlock',
      description:
        'An image: a picture from the media library (mediaId), or an http(s) or site-relative URL (src alone); alt describes it for people who cannot see it (required to publish).',
    },
  ),
  embed: Type.Object(
    { type: Type.Literal('embed'), url: Type.String({ minLength: 1, maxLength: 2000 }), title: Type.Optional(Text(300)) },
    { additionalProperties: false, title: 'EmbedBlock', description: 'Something embedded from another site (a video, a post): url must start with https://.' },
  ),
  table: Type.Object(
    {
      type: Type.Literal('table'),
      rows: Type.Array(Type.Array(Inline, { minItems: 1, maxItems: 30, description: 'the cells of a row, left to right' }), { minItems: 1, maxItems: 500 }),
      header: Type.Optional(Type.Boolean({ description: 'the first row holds the column headings' })),
      caption: Type.Optional(Text(500)),
    },
    {
      additionalProperties: false,
      title: 'TableBlock',
      description: 'A table: rows of cells, each cell a list of text runs; header says the first row is the column headings.',
    },
  ),
}

export const BLOCK_TYPES = Object.keys(BLOCK_VARIANTS) as (keyof typeof BLOCK_VARIANTS)[]

export const BlockSchema = Type.Union(
  Object.values(BLOCK_VARIANTS) as [
    (typeof BLOCK_VARIANTS)['paragraph'],
    (typeof BLOCK_VARIANTS)['subheading'],
    (typeof BLOCK_VARIANTS)['quote'],
    (typeof BLOCK_VARIANTS)['list'],
    (typeof BLOCK_VARIANTS)['image'],
    (typeof BLOCK_VARIANTS)['embed'],
    (typeof BLOCK_VARIANTS)['table'],
  ],
  { title: 'Block', description: 'One block of an article body; `type` says which kind.' },
)

export const BodySchema = Type.Array(BlockSchema, { maxItems: 2000, description: "An article's body: its blocks in reading order." })

export type Mark = Static<typeof MarkSchema>
export type TextRun = Static<typeof TextRunSchema>
export type Block = Static<typeof BlockSchema>
export type Body = Static<typeof BodySchema>
export type QuoteMark = Extract<Mark, { type: 'quote' }>

const blockValidators = Object.fromEntries(Object.entries(BLOCK_VARIANTS).map(([k, v]) => [k, Compile(v)]))

/** Problems with a body document, each with a JSON-pointer-like path; empty when valid. */
export function validateBody(value: unknown): { path: string; message: string }[] {
  if (!Array.isArray(value)) return [{ path: '/', message: 'body must be a list of blocks' }]
  if (value.length > 2000) return [{ path: '/', message: 'body has more than 2000 blocks' }]
  const problems: { path: string; message: string }[] = []
  value.forEach((block: unknown, i) => {
    const type = typeof block === 'object' && block !== null ? (block as { type?: unknown }).type : undefined
    const validator = typeof type === 'string' && Object.hasOwn(blockValidators, type) ? blockValidators[type] : undefined
    if (!validator) {
      problems.push({ path: `/${i}`, message: `block ${i + 1} has unknown type ${JSON.stringify(type ?? null)}; expected one of ${BLOCK_TYPES.join(', ')}` })
      return
    }
    for (const e of [...validator.Errors(block)].slice(0, 3)) {
      problems.push({ path: `/${i}${e.instancePath}`, message: `${type} block ${i + 1}: ${e.instancePath ? e.instancePath.slice(1) + ' ' : ''}${e.message}` })
    }
  })
  if (problems.length > 0) return problems.slice(0, 20)
  const checkRuns = (runs: TextRun[], at: string) =>
    runs.forEach((run, i) =>
      run.marks?.forEach((m, j) => {
        if (m.type === 'link' && !isSafeHref(m.href)) {
          problems.push({ path: `${at}/${i}/marks/${j}/href`, message: `link "${m.href.slice(0, 80)}" must be an http(s), mailto or site-relative URL` })
        }
      }),
    )
  ;(value as Body).forEach((block, i) => {
    const at = `/${i}`
    if (block.type === 'paragraph' || block.type === 'quote') checkRuns(block.content, `${at}/content`)
    if (block.type === 'list') block.items.forEach((item, j) => checkRuns(item, `${at}/items/${j}`))
    if (block.type === 'table') block.rows.forEach((row, j) => row.forEach((cell, k) => checkRuns(cell, `${at}/rows/${j}/${k}`)))
    if (block.type === 'image' && !isSafeHref(block.src)) problems.push({ path: `${at}/src`, message: 'image source must be an http(s) or site-relative URL' })
    if (block.type === 'embed' && !/^https:\/\//i.test(block.url)) problems.push({ path: `${at}/url`, message: 'embed URL must start with https://' })
  })
  return problems
}

/** True for http(s), mailto and site-relative URLs; false for javascript:, data: and the like. */
export function isSafeHref(href: string): boolean {
  const h = href.trim()
  if (h === '' || /[\u0000-\u001f\s]/.test(h.replace(/ /g, ''))) return false
  if (h.startsWith('/') && !h.startsWith('//')) return true
  if (h.startsWith('#')) return true
  try {
    const u = new URL(h)
    return u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'mailto:'
  } catch {
    return false
  }
}

/** The plain text of a body, for search, feeds and word counts. */
export function bodyText(body: Body): string {
  const runs = (content: TextRun[]) => content.map((r) => r.text).join('')
  return body
    .map((b) => {
      switch (b.type) {
        case 'paragraph':
        case 'quote':
          return runs(b.content)
        case 'subheading':
          return b.text
        case 'list':
          return b.items.map(runs).join('\n')
        case 'image':
          return b.caption ?? ''
        case 'embed':
          return b.title ?? ''
        case 'table':
          return [b.caption ?? '', ...b.rows.map((row) => row.map(runs).join('\t'))].filter((t) => t !== '').join('\n')
      }
    })
    .filter((t) => t !== '')
    .join('\n\n')
}

export type ImageBlock = Extract<Block, { type: 'image' }>

/** The ids of the media-library pictures a body shows, in order of first appearance. */
export function mediaIdsOf(body: Block[]): number[] {
  const ids: number[] = []
  for (const b of body) if (b.type === 'image' && b.mediaId !== undefined && !ids.includes(b.mediaId)) ids.push(b.mediaId)
  return ids
}

/**
 * What stops a body from being published: every picture needs alternative text (people who cannot
 * see it hear it instead). The workflow refuses to publish, schedule or put live a body with one.
 */
export function publishProblems(body: Block[]): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = []
  body.forEach((b, i) => {
    if (b.type === 'image' && b.alt.trim() === '') {
      const n = body.slice(0, i + 1).filter((x) => x.type === 'image').length
      problems.push({
        field: 'body',
        message: `Picture ${n} (block ${i + 1}${b.caption ? `, "${b.caption.slice(0, 40)}"` : ''}) needs alt text before the article can be published: describe it for people who cannot see it.`,
      })
    }
  })
  return problems
}

/** A paragraph block from plain text. */
export function paragraph(text: string): Block {
  return { type: 'paragraph', content: text === '' ? [] : [{ text }] }
}
