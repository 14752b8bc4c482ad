import { Type, type Static } from 'typebox'
import { Compile } from 'typebox/compile'

/**
 * The article body: an array of structured blocks. The newsroom editor's document maps one to
 * one onto these (paragraph, subheading, quote, list, image, embed; marks bold, italic, link and
 * inline quote), and the public page renders them. Stored as JSON in articles.body.
 */

const Text = (max: number) => Type.String({ maxLength: max })

export const MarkSchema = Type.Union([
  Type.Object({ type: Type.Literal('bold') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('italic') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('link'), href: Text(2000) }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Literal('quote'), speaker: Type.Optional(Text(120)), source: Type.Optional(Text(120)) },
    { additionalProperties: false },
  ),
])

export const TextRunSchema = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 20000 }), marks: Type.Optional(Type.Array(MarkSchema, { maxItems: 4 })) },
  { additionalProperties: false },
)

const Inline = Type.Array(TextRunSchema, { maxItems: 500 })

const BLOCK_VARIANTS = {
  paragraph: Type.Object({ type: Type.Literal('paragraph'), content: Inline }, { additionalProperties: false }),
  subheading: Type.Object(
    { type: Type.Literal('subheading'), text: Type.String({ minLength: 1, maxLength: 200 }) },
    { additionalProperties: false },
  ),
  quote: Type.Object(
    { type: Type.Literal('quote'), content: Inline, speaker: Type.Optional(Text(120)), source: Type.Optional(Text(120)) },
    { additionalProperties: false },
  ),
  list: Type.Object(
    { type: Type.Literal('list'), ordered: Type.Boolean(), items: Type.Array(Inline, { minItems: 1, maxItems: 200 }) },
    { additionalProperties: false },
  ),
  image: Type.Object(
    {
      type: Type.Literal('image'),
      src: Type.String({ minLength: 1, maxLength: 2000 }),
      alt: Text(300),
      caption: Type.Optional(Text(500)),
      credit: Type.Optional(Text(200)),
    },
    { additionalProperties: false },
  ),
  embed: Type.Object(
    { type: Type.Literal('embed'), url: Type.String({ minLength: 1, maxLength: 2000 }), title: Type.Optional(Text(300)) },
    { additionalProperties: false },
  ),
}

export const BLOCK_TYPES = Object.keys(BLOCK_VARIANTS) as (keyof typeof BLOCK_VARIANTS)[]

export const BlockSchema = Type.Union(Object.values(BLOCK_VARIANTS) as [
  (typeof BLOCK_VARIANTS)['paragraph'],
  (typeof BLOCK_VARIANTS)['subheading'],
  (typeof BLOCK_VARIANTS)['quote'],
  (typeof BLOCK_VARIANTS)['list'],
  (typeof BLOCK_VARIANTS)['image'],
  (typeof BLOCK_VARIANTS)['embed'],
])

export const BodySchema = Type.Array(BlockSchema, { maxItems: 2000 })

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
      }
    })
    .filter((t) => t !== '')
    .join('\n\n')
}

/** A paragraph block from plain text. */
export function paragraph(text: string): Block {
  return { type: 'paragraph', content: text === '' ? [] : [{ text }] }
}
