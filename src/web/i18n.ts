import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl'
import type { DateStyle, Edition, TextDirection } from '../content/types.ts'
import { ar } from './messages/ar.ts'
import { en, type MessageKey, type Messages } from './messages/en.ts'
import { ru } from './messages/ru.ts'
import { zh } from './messages/zh.ts'

/** Every language with a catalogue; others read English. */
const CATALOGUES: Record<string, Messages> = { en, ru, ar, zh }

export type { MessageKey }

/**
 * An edition's voice: its messages (ICU MessageFormat with plural rules, through @formatjs/intl),
 * dates and numbers in its locale, time zone and digits (Arabic-Indic for Arabic, Persian for
 * Farsi). Made once per edition and kept.
 */
export interface Translator {
  /** The BCP 47 locale with its numbering system, as given to Intl ("ar-u-nu-arab"). */
  locale: string
  lang: string
  dir: TextDirection
  /** A message in the edition's language, with values and plurals filled in. */
  t(key: MessageKey, values?: Record<string, string | number>): string
  /** A number in the edition's digits. */
  number(n: number): string
  /**
   * A plural message ({n, plural, …}) for every plural category of the language ("one", "few",
   * "other"…), so a script can pick the form for a live number with Intl.PluralRules; where the
   * message shows the number, the form has "{n}".
   */
  pluralForms(key: MessageKey): Record<string, string>
  /** The timestamp line ("03:38 GMT 05.08.2020" in the wire style), in the edition's time zone and digits. */
  timestamp(date: Date): string
  /** A date alone ("5 August 2020"). */
  date(date: Date): string
  /** The name of the edition's time zone as readers see it ("GMT", "GMT+3"). */
  zoneName: string
}

const cache = createIntlCache()
const made = new Map<string, Translator>()

/** The translator of an edition (cached by its locale, digits, zone and date style). */
export function translatorFor(e: Pick<Edition, 'locale' | 'language' | 'direction' | 'numberingSystem' | 'timeZone' | 'dateStyle'>): Translator {
  const key = [e.locale, e.language, e.direction, e.numberingSystem, e.timeZone, e.dateStyle].join('|')
  let tr = made.get(key)
  if (!tr) made.set(key, (tr = makeTranslator(e)))
  return tr
}

function makeTranslator(e: Pick<Edition, 'locale' | 'language' | 'direction' | 'numberingSystem' | 'timeZone' | 'dateStyle'>): Translator {
  const base = safeLocale(e.locale)
  const locale = e.numberingSystem && e.numberingSystem !== 'latn' ? `${base}-u-nu-${e.numberingSystem}` : base
  const messages = { ...en, ...(CATALOGUES[e.language] ?? {}) } as Record<string, string>
  const intl: IntlShape<string> = createIntl({ locale, messages, onError: () => {} }, cache)
  const timeZone = safeZone(e.timeZone)
  const numbers = new Intl.NumberFormat(locale)
  const zoneName = timeZone === 'UTC' || timeZone === 'Etc/UTC' ? 'GMT' : zoneLabel(locale, timeZone)
  const timestamp = timestampFormatter(locale, timeZone, e.dateStyle, zoneName)
  const dateOnly = new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'long', year: 'numeric' })
  return {
    locale,
    lang: base,
    dir: e.direction,
    t: (key, values) => intl.formatMessage({ id: key, defaultMessage: en[key] }, values) as string,
    number: (n) => numbers.format(n),
    pluralForms: (key) => {
      const rules = new Intl.PluralRules(locale)
      const forms: Record<string, string> = {}
      // a sample number of each category (0…200 hold one of every category of every language)
      // the sample number itself (from "#") becomes {n}, for the script to fill in
      for (let n = 0; n <= 200; n++)
        forms[rules.select(n)] ??= (intl.formatMessage({ id: key, defaultMessage: en[key] }, { n }) as string).split(numbers.format(n)).join('{n}')
      return forms
    },
    timestamp,
    date: (d) => dateOnly.format(d),
    zoneName,
  }
}

/** The seed's timestamp line and the other styles an edition may choose. */
function timestampFormatter(locale: string, timeZone: string, style: DateStyle, zone: string): (d: Date) => string {
  if (style === 'long') {
    const f = new Intl.DateTimeFormat(locale, {
      timeZone,
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    return (d) => `${f.format(d)} ${zone}`
  }
  const parts = new Intl.DateTimeFormat(locale, {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
  return (d) => {
    const p = Object.fromEntries(parts.formatToParts(d).map((x) => [x.type, x.value])) as Record<string, string>
    if (style === 'numeric') return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
    // wire: "03:38 GMT 05.08.2020", in the edition's digits
    return `${p.hour}:${p.minute} ${zone} ${p.day}.${p.month}.${p.year}`
  }
}

function zoneLabel(locale: string, timeZone: string): string {
  try {
    return (
      new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(new Date()).find((p) => p.type === 'timeZoneName')?.value ?? timeZone
    )
  } catch {
    return timeZone
  }
}

function safeLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en'
  } catch {
    return 'en'
  }
}

function safeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return zone
  } catch {
    return 'UTC'
  }
}

/** Languages the newsroom can be read in, each named in itself. */
export const NEWSROOM_LANGUAGES: readonly { code: string; name: string; locale: string; direction: TextDirection }[] = [
  { code: 'en', name: 'English', locale: 'en-GB', direction: 'ltr' },
  { code: 'ru', name: 'Русский', locale: 'ru-RU', direction: 'ltr' },
  { code: 'ar', name: 'العربية', locale: 'ar', direction: 'rtl' },
  { code: 'zh', name: '中文', locale: 'zh-CN', direction: 'ltr' },
]

/**
 * The newsroom's voice for one member of staff: the language chosen on their account page
 * (English when none), its direction, Latin digits and UTC times as the newsroom shows them.
 */
export function staffTranslator(who: { language?: string | null } | null | undefined, acceptLanguage?: string): Translator {
  const l = NEWSROOM_LANGUAGES.find((x) => x.code === who?.language) ?? (who?.language ? undefined : browserLanguage(acceptLanguage)) ?? NEWSROOM_LANGUAGES[0]!
  return translatorFor({ locale: l.locale, language: l.code, direction: l.direction, numberingSystem: 'latn', timeZone: 'UTC', dateStyle: 'wire' })
}

/** The first newsroom language a browser's Accept-Language asks for ("ru-RU,ru;q=0.9,en;q=0.8"). */
function browserLanguage(header: string | undefined): (typeof NEWSROOM_LANGUAGES)[number] | undefined {
  if (!header || header.length > 500) return undefined
  const asked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)).find(Boolean)
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q[1]) : 1, i }
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
  for (const a of asked) {
    const l = NEWSROOM_LANGUAGES.find((x) => x.code === a.lang)
    if (l) return l
  }
  return undefined
}

/** The translator of the default English edition (pages made when no edition is known). */
export const ENGLISH = translatorFor({ locale: 'en-GB', language: 'en', direction: 'ltr', numberingSystem: 'latn', timeZone: 'UTC', dateStyle: 'wire' })

/** Whether a translator speaks English (its catalogue is the source: messages English-only code writes may show as they are). */
export function speaksEnglish(tr: Pick<Translator, 'lang'>): boolean {
  return /^en(?:-|$)/i.test(tr.lang)
}
