import { isSafeHref, type Block, type Mark, type TextRun } from '../content/blocks.ts'
import { html, join, type SafeHtml } from './html.ts'
import { creditLine, pictureAt, pictureHtml, type Picture } from './picture.ts'
import { smartQuotes, smartQuotesRuns, typedQuoteMarks } from './typography.ts'

type QuoteMark = Extract<Mark, { type: 'quote' }>

/** One text run with its marks, innermost first: link, then emphasis, then super/subscript. */
function run(r: TextRun): SafeHtml {
  let out: SafeHtml = html`${r.text}`
  const marks = r.marks ?? []
  const has = (t: Mark['type']) => marks.find((m) => m.type === t)
  const link = has('link') as Extract<Mark, { type: 'link' }> | undefined
  if (link && isSafeHref(link.href)) {
    const external = /^https?:\/\//i.test(link.href)
    out = html`<a href="${link.href}"${external ? html` rel="noopener"` : ''}>${out}</a>`
  }
  if (has('italic')) out = html`<em>${out}</em>`
  if (has('bold')) out = html`<strong>${out}</strong>`
  if (has('sup')) out = html`<sup>${out}</sup>`
  else if (has('sub')) out = html`<sub>${out}</sub>`
  return out
}

const quoteOf = (r: TextRun) => r.marks?.find((m): m is QuoteMark => m.type === 'quote')
const sameQuote = (a: QuoteMark | undefined, b: QuoteMark | undefined) => a !== undefined && b !== undefined && a.speaker === b.speaker && a.source === b.source

interface Span {
  quote?: QuoteMark
  runs: TextRun[]
}

/** Neighbouring runs of one inline quote (bold words inside it, say) become one span, one <q>. */
function spans(runs: TextRun[]): Span[] {
  const out: Span[] = []
  for (const r of runs) {
    const q = quoteOf(r)
    const last = out.at(-1)
    if (last && (q ? sameQuote(last.quote, q) : last.quote === undefined)) last.runs.push(r)
    else out.push({ ...(q ? { quote: q } : {}), runs: [r] })
  }
  return out
}

const textOf = (s: Span | undefined) => (s ? s.runs.map((r) => r.text).join('') : '')

/** Drops n characters from the start (or end) of a span's text, past any spaces there, and the runs left empty. */
function trimSpan(s: Span, where: 'start' | 'end') {
  const runs = where === 'start' ? s.runs : [...s.runs].reverse()
  for (const r of runs) {
    const t = where === 'start' ? r.text.replace(/^\s+/, '') : r.text.replace(/\s+$/, '')
    if (t === '') continue
    const chars = [...r.text]
    const at = where === 'start' ? chars.findIndex((c) => !/\s/.test(c)) : chars.findLastIndex((c) => !/\s/.test(c))
    chars.splice(at, 1)
    r.text = chars.join('')
    break
  }
  s.runs = s.runs.filter((r) => r.text !== '')
}

/** The <q> the page gives an inline quote: its own quotation marks, so typed ones are dropped. */
function quoteHtml(quote: QuoteMark, body: SafeHtml): SafeHtml {
  const who = [quote.speaker, quote.source ? `via ${quote.source}` : undefined].filter(Boolean).join(', ')
  return html`<q${quote.speaker ? html` data-speaker="${quote.speaker}"` : ''}${quote.source ? html` data-source="${quote.source}"` : ''}${who ? html` title="${who}"` : ''}><span dir="auto">${body}</span></q>`
}

/** Runs of a paragraph (or a list item, a cell) as HTML, with typographic quotes in the locale's style. */
export function inline(runs: TextRun[], locale = 'en'): SafeHtml {
  const smart = smartQuotesRuns(
    runs.map((r) => r.text),
    locale,
  )
  const parts = spans(runs.map((r, i) => ({ ...r, text: smart[i]! })))
  parts.forEach((s, i) => {
    if (!s.quote) return
    const marks = typedQuoteMarks(textOf(s), textOf(parts[i - 1]), textOf(parts[i + 1]))
    if (marks.start) trimSpan(s, 'start')
    if (marks.end) trimSpan(s, 'end')
    if (marks.before) trimSpan(parts[i - 1]!, 'end')
    if (marks.after) trimSpan(parts[i + 1]!, 'start')
  })
  return join(parts.map((s) => (s.quote ? quoteHtml(s.quote, join(s.runs.map(run))) : join(s.runs.map(run)))))
}

function table(b: Extract<Block, { type: 'table' }>, locale: string): SafeHtml {
  const [first, ...rest] = b.rows
  const head = b.header && first ? html`<thead><tr>${first.map((cell) => html`<th scope="col">${inline(cell, locale)}</th>`)}</tr></thead>` : ''
  const body = (b.header ? rest : b.rows).map((row) => html`<tr>${row.map((cell) => html`<td>${inline(cell, locale)}</td>`)}</tr>`)
  const caption = b.caption ? html`<caption>${smartQuotes(b.caption, locale)}</caption>` : ''
  return html`<div class="table-wrap"><table class="body-table">${caption}${head}${body.length ? html`<tbody>${body}</tbody>` : ''}</table></div>`
}

/** The media library's pictures a body shows, resolved by the page that renders it. */
export interface BodyPictures {
  /** Pictures by id; an image block whose picture is missing here (deleted, licence expired) is not shown. */
  byId: Map<number, Picture>
  /** Feeds: a plain <img> of the 1,200 px JPEG, which every feed reader shows, instead of <picture>. */
  plain?: boolean
}

/** How wide a body picture is drawn: the article's measure (42rem), or the screen less its margins. */
export const BODY_SIZES = '(min-width: 44rem) 42rem, calc(100vw - 2rem)'

/** A picture block with its caption and credit (the block's words first, the library's otherwise). */
function figure(b: Extract<Block, { type: 'image' }>, picture: Picture | undefined, o: { lead: boolean; plain: boolean; text: (s: string) => string }) {
  const caption = b.caption || picture?.caption || ''
  const credit = b.credit || (picture ? creditLine(picture.credit, picture.copyright) : '')
  const alt = b.alt || picture?.alt || ''
  let img: SafeHtml
  if (picture && o.plain) {
    const at = pictureAt(picture, 'o', 1200)
    img = html`<img src="${at.url}" width="${at.width}" height="${at.height}" alt="${alt}">`
  } else if (picture) img = pictureHtml(picture, { sizes: BODY_SIZES, priority: o.lead, alt })
  else img = html`<img src="${b.src}" alt="${alt}" loading="lazy" decoding="async">`
  return html`<figure class="image${o.lead ? ' image--lead' : ''}">${img}${caption || credit ? html`<figcaption>${caption ? o.text(caption) : ''}${credit ? html` <span class="credit">${o.text(credit)}</span>` : ''}</figcaption>` : ''}</figure>`
}

/**
 * Renders body blocks in the page's locale (its quotation marks); the dateline, when given, opens the
 * first paragraph. With `pictures`, image blocks from the media library become responsive pictures
 * (the first, when it opens the body, loads at once as the lead); without, they show their src.
 */
export function renderBody(blocks: Block[], dateline?: string, locale = 'en', pictures?: BodyPictures): SafeHtml {
  let datelineDone = !dateline
  const text = (s: string) => smartQuotes(s, locale)
  // the lead picture: the first image when nothing but a paragraph or two comes before it
  const firstImage = blocks.findIndex((b) => b.type === 'image')
  return join(
    blocks.map((b, i) => {
      switch (b.type) {
        case 'paragraph': {
          if (!datelineDone) {
            datelineDone = true
            return html`<p><span class="dateline">${dateline}</span> — ${inline(b.content, locale)}</p>`
          }
          return html`<p>${inline(b.content, locale)}</p>`
        }
        case 'subheading':
          return html`<h2 class="subheading">${text(b.text)}</h2>`
        case 'quote': {
          const cite = [b.speaker, b.source].filter(Boolean).join(', ')
          return html`<figure class="pull-quote"><blockquote><p>${inline(b.content, locale)}</p></blockquote>${cite ? html`<figcaption>— ${b.speaker ? html`<bdi>${b.speaker}</bdi>` : ''}${b.speaker && b.source ? ', ' : ''}${b.source ? html`<cite dir="auto">${b.source}</cite>` : ''}</figcaption>` : ''}</figure>`
        }
        case 'list': {
          const items = b.items.map((item) => html`<li>${inline(item, locale)}</li>`)
          return b.ordered ? html`<ol>${items}</ol>` : html`<ul>${items}</ul>`
        }
        case 'image': {
          if (b.mediaId !== undefined && pictures) {
            const picture = pictures.byId.get(b.mediaId)
            if (!picture) return html``
            return figure(b, picture, { lead: i === firstImage && i <= 2, plain: pictures.plain === true, text })
          }
          if (!isSafeHref(b.src)) return html``
          return figure(b, undefined, { lead: false, plain: false, text })
        }
        case 'embed':
          if (!/^https:\/\//i.test(b.url)) return html``
          return html`<p class="embed"><a href="${b.url}" rel="noopener">${b.title ? text(b.title) : b.url}</a></p>`
        case 'table':
          return table(b, locale)
      }
    }),
    '\n',
  )
}
