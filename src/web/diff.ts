import type { DiffPart, FieldDiff } from '../content/copy-text.ts'
import { html, type SafeHtml } from './html.ts'

/** A diff's paragraphs as HTML: insertions in <ins>, deletions in <del>, each labelled for screen readers. */
export function diffParagraphsHtml(paragraphs: DiffPart[][]): SafeHtml {
  return html`${paragraphs.map(
    (p) =>
      html`<p>${p.map((part) =>
        part.change === 'added'
          ? html`<ins><span class="visually-hidden">added: </span>${part.text}</ins>`
          : part.change === 'removed'
            ? html`<del><span class="visually-hidden">removed: </span>${part.text}</del>`
            : part.text,
      )}</p>`,
  )}`
}

/** The changed fields of a comparison, each with its diff; unchanged fields are listed by name. */
export function fieldDiffsHtml(fields: FieldDiff[]): SafeHtml {
  const changed = fields.filter((f) => f.changed)
  const same = fields.filter((f) => !f.changed)
  return html`${changed.length === 0 ? html`<p>No differences.</p>` : ''}
${changed.map((f) => html`<section class="diff-field"><h3>${f.label}</h3><div class="diff">${diffParagraphsHtml(f.paragraphs)}</div></section>`)}
${same.length ? html`<p class="diff-same">Unchanged: ${same.map((f) => f.label).join(', ')}.</p>` : ''}`
}
