import { isSafeHref, type Block, type Mark, type TextRun } from '../content/blocks.ts'
import { html, join, type SafeHtml } from './html.ts'

/** One text run with its marks, innermost first: link, then emphasis, then quote. */
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
  const quote = has('quote') as Extract<Mark, { type: 'quote' }> | undefined
  if (quote) {
    const who = [quote.speaker, quote.source ? `via ${quote.source}` : undefined].filter(Boolean).join(', ')
    out = html`<q${quote.speaker ? html` data-speaker="${quote.speaker}"` : ''}${quote.source ? html` data-source="${quote.source}"` : ''}${who ? html` title="${who}"` : ''}>${out}</q>`
  }
  return out
}

export function inline(runs: TextRun[]): SafeHtml {
  return join(runs.map(run))
}

/** Renders body blocks; the dateline, when given, opens the first paragraph. */
export function renderBody(blocks: Block[], dateline?: string): SafeHtml {
  let datelineDone = !dateline
  return join(
    blocks.map((b) => {
      switch (b.type) {
        case 'paragraph': {
          if (!datelineDone) {
            datelineDone = true
            return html`<p><span class="dateline">${dateline}</span> — ${inline(b.content)}</p>`
          }
          return html`<p>${inline(b.content)}</p>`
        }
        case 'subheading':
          return html`<h2 class="subheading">${b.text}</h2>`
        case 'quote': {
          const cite = [b.speaker, b.source].filter(Boolean).join(', ')
          return html`<figure class="pull-quote"><blockquote><p>${inline(b.content)}</p></blockquote>${cite ? html`<figcaption>— ${b.speaker ?? ''}${b.speaker && b.source ? ', ' : ''}${b.source ? html`<cite>${b.source}</cite>` : ''}</figcaption>` : ''}</figure>`
        }
        case 'list': {
          const items = b.items.map((item) => html`<li>${inline(item)}</li>`)
          return b.ordered ? html`<ol>${items}</ol>` : html`<ul>${items}</ul>`
        }
        case 'image':
          if (!isSafeHref(b.src)) return html``
          return html`<figure class="image"><img src="${b.src}" alt="${b.alt}" loading="lazy" decoding="async">${b.caption || b.credit ? html`<figcaption>${b.caption ?? ''}${b.credit ? html` <span class="credit">${b.credit}</span>` : ''}</figcaption>` : ''}</figure>`
        case 'embed':
          if (!/^https:\/\//i.test(b.url)) return html``
          return html`<p class="embed"><a href="${b.url}" rel="noopener">${b.title ?? b.url}</a></p>`
      }
    }),
    '\n',
  )
}
