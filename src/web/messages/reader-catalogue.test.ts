/**
 * Every reader-facing message of the English catalogue (every key but the newsroom's nr.* and
 * desk.*) has a translation in Russian, Arabic and Chinese; each parses as ICU MessageFormat, uses
 * the placeholders the English one does, and each plural covers every plural category of its
 * language (Russian one/few/many/other, Arabic zero/one/two/few/many/other).
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser'
import { ar } from './ar.ts'
import { en } from './en.ts'
import { ru } from './ru.ts'
import { zh } from './zh.ts'

const readerKeys = Object.keys(en).filter((k) => !k.startsWith('nr.') && !k.startsWith('desk.')) as (keyof typeof en)[]

/** Values a caller passes beyond the English message's own placeholders (a language may use them). */
const EXTRA_VALUES: Partial<Record<keyof typeof en, string[]>> = {
  // the number of authors, for languages whose "By" agrees with it ("Автор:" / "Авторы:")
  'article.by': ['count'],
}

/** The placeholder names of a message, and its plural elements. */
function walk(elements: MessageFormatElement[], names = new Set<string>(), plurals: { name: string; options: string[] }[] = []) {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue
    if (el.type === TYPE.tag) {
      walk(el.children, names, plurals)
      continue
    }
    names.add(el.value)
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      if (el.type === TYPE.plural) plurals.push({ name: el.value, options: Object.keys(el.options) })
      for (const option of Object.values(el.options)) walk(option.value, names, plurals)
    }
  }
  return { names, plurals }
}

const CATALOGUES = [
  { lang: 'ru', locale: 'ru', messages: ru },
  { lang: 'ar', locale: 'ar', messages: ar },
  { lang: 'zh', locale: 'zh', messages: zh },
] as const

describe('reader catalogues', () => {
  test('English parses and its plurals have one and other', () => {
    for (const key of readerKeys) {
      const { plurals } = walk(parse(en[key]))
      for (const p of plurals) assert.ok(p.options.includes('other'), `en ${key}: {${p.name}} has "other"`)
    }
  })

  for (const { lang, locale, messages } of CATALOGUES) {
    test(`${lang}: every reader key translated, parsed, with English's placeholders and the language's plural forms`, () => {
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories
      const missing = readerKeys.filter((k) => typeof messages[k] !== 'string' || messages[k] === '')
      assert.deepEqual(missing, [], `${lang}: keys without a translation`)
      for (const key of readerKeys) {
        const text = messages[key]!
        let parsed: MessageFormatElement[]
        try {
          parsed = parse(text)
        } catch (err) {
          assert.fail(`${lang} ${key} does not parse as ICU MessageFormat: ${(err as Error).message}`)
        }
        const english = walk(parse(en[key])).names
        const own = walk(parsed)
        const allowed = new Set([...english, ...(EXTRA_VALUES[key] ?? [])])
        for (const n of own.names) assert.ok(allowed.has(n), `${lang} ${key}: {${n}} is not a placeholder of the English message`)
        for (const n of english) assert.ok(own.names.has(n), `${lang} ${key}: {${n}} of the English message is missing`)
        for (const p of own.plurals) {
          for (const c of categories) assert.ok(p.options.includes(c), `${lang} ${key}: {${p.name}, plural} lacks the "${c}" form`)
        }
      }
    })
  }

  test('a message says its number in the edition’s digits and form', () => {
    // Arabic few (3–10) and many (11–99) pick their own words; Russian few and many too
    const arabic = ar['live.player.retry']!
    assert.match(arabic, /few \{[^}]*ثوانٍ/)
    assert.match(ru['live.player.retry']!, /many \{[^}]*секунд\./)
  })
})
