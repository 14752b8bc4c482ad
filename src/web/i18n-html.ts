import { html, type SafeHtml } from './html.ts'
import type { MessageKey, Translator } from './i18n.ts'

/**
 * A message with markup in its placeholders ("{signIn} or {signUp} to join"): the words come from
 * the catalogue and are escaped; each placeholder becomes the given HTML, wherever the language puts it.
 */
export function tHtml(tr: Translator, key: MessageKey, parts: Record<string, SafeHtml>, values: Record<string, string | number> = {}): SafeHtml {
  const marks = Object.fromEntries(Object.keys(parts).map((k) => [k, `\u0000${k}\u0000`]))
  const pieces = tr.t(key, { ...values, ...marks }).split('\u0000')
  return html`${pieces.map((p, i) => (i % 2 === 1 ? (parts[p] ?? '') : p))}`
}
