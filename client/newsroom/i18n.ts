/**
 * The newsroom's words in the scripts: the page embeds them for the staff member's language
 * (<script type="application/json" id="nr-messages">, made by the newsroom layout from the nr.client.*
 * keys of the catalogues). A message's {name} takes a value; a count's message comes as its plural
 * forms ({ one: "{n} статья", few: "{n} статьи", … }), chosen with Intl.PluralRules.
 */
type Catalogue = { messages: Record<string, string | Record<string, string>>; problems: Record<string, string> }

let loaded: Catalogue | undefined
function catalogue(): Catalogue {
  if (loaded) return loaded
  loaded = { messages: {}, problems: {} }
  try {
    const el = document.getElementById('nr-messages')
    if (el?.textContent) loaded = { ...loaded, ...(JSON.parse(el.textContent) as Partial<Catalogue>) }
  } catch {
    // no words: keys show, which a test notices
  }
  return loaded
}

/** The page's language, as Intl wants it ("ru-RU"). */
export function lang(): string {
  return document.documentElement.lang || 'en-GB'
}

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole))

/** A message in the newsroom's language with its {name}s filled in (plain text: set it as textContent). */
export function t(key: string, values: Record<string, string | number> = {}): string {
  const m = catalogue().messages[key]
  if (typeof m === 'string') return fill(m, values)
  if (m) return plural(key, Number(values.n ?? 0), values)
  return key
}

/** A count's message in the form the language gives `n` ("1 статья", "3 статьи", "5 статей"). */
export function plural(key: string, n: number, values: Record<string, string | number> = {}): string {
  const m = catalogue().messages[key]
  if (typeof m !== 'object') return t(key, { ...values, n })
  const form = m[new Intl.PluralRules(lang()).select(n)] ?? m.other ?? m.many ?? ''
  return fill(form, { ...values, n: new Intl.NumberFormat(lang()).format(n) })
}

/** A problem the server words in English (its API is shared), in the newsroom's language where known. */
export function problem(message: string): string {
  return catalogue().problems[message] ?? message
}
