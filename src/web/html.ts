/**
 * Escape-by-default HTML. `html` tagged templates escape every interpolated value unless it is
 * already SafeHtml; `raw()` is the single, greppable way to mark a string as trusted markup, and
 * is used only on markup this code produced itself. Reader input never reaches `raw()`.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[]

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const NEEDS_ESCAPE = /[&<>"']/
const ESCAPE_ALL = /[&<>"']/g

/** Escapes text for use in HTML content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPE_ALL, (c) => ESCAPES[c]!) : text
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value
  if (value === null || value === undefined || value === false || value === true) return ''
  if (typeof value === 'string') return escapeHtml(value)
  if (typeof value === 'number') return String(value)
  let out = ''
  for (const v of value) out += render(v)
  return out
}

/** Tagged template: static parts are trusted, every `${value}` is escaped. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!
  return new SafeHtml(out)
}

/** Marks markup produced by this code (never reader input) as safe. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup)
}

/** Joins fragments with a separator, escaping plain strings. */
export function join(values: readonly HtmlValue[], separator: HtmlValue = ''): SafeHtml {
  const sep = render(separator)
  return new SafeHtml(values.map(render).join(sep))
}

/** Serialises a value as JSON safe to embed inside a <script> element. */
export function jsonForScript(value: unknown): SafeHtml {
  return new SafeHtml(
    JSON.stringify(value)
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  )
}
