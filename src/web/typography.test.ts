import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { quoteStyle, smartQuotes, smartQuotesRuns, typedQuoteMarks } from './typography.ts'

describe('smartQuotes: straight quotes and apostrophes become the language’s own', () => {
  test('English: “double”, ‘single’, and apostrophes', () => {
    assert.equal(smartQuotes(`The Council's plan is "final", she said.`, 'en'), 'The Council’s plan is “final”, she said.')
    assert.equal(smartQuotes(`"We won't go," he said. "It's 'unsafe'."`, 'en-GB'), '“We won’t go,” he said. “It’s ‘unsafe’.”')
    assert.equal(smartQuotes(`Back in the '90s the workers' union won.`, 'en'), 'Back in the ’90s the workers’ union won.')
    assert.equal(smartQuotes(`("quoted")`, 'en'), '(“quoted”)')
  })

  test('Russian « » and „ “', () => {
    assert.equal(smartQuotes(`Он сказал: "Мы 'готовы' к работе".`, 'ru'), 'Он сказал: «Мы „готовы“ к работе».')
  })

  test('German „ “ and ‚ ‘; Swiss German « »', () => {
    assert.equal(smartQuotes(`Er sagte: "Wir sind 'bereit'."`, 'de-DE'), 'Er sagte: „Wir sind ‚bereit‘.“')
    assert.equal(smartQuotes(`"Ja"`, 'de-CH'), '«Ja»')
  })

  test('French « » with narrow no-break spaces inside, a typed space replaced', () => {
    assert.equal(smartQuotes(`Il a dit "oui" puis " non ".`, 'fr'), 'Il a dit «\u202foui\u202f» puis «\u202fnon\u202f».')
    assert.equal(smartQuotes(`l'État`, 'fr'), 'l’État')
  })

  test('Japanese and traditional Chinese 「」, simplified Chinese “ ”, Arabic « »', () => {
    assert.equal(smartQuotes(`彼は"はい"と言った`, 'ja'), '彼は「はい」と言った')
    assert.equal(smartQuotes(`他說"是"`, 'zh-TW'), '他說「是」')
    assert.equal(smartQuotes(`他说 "是"`, 'zh-CN'), '他说 “是”')
    assert.equal(smartQuotes(`قال "نعم"`, 'ar'), 'قال «نعم»')
  })

  test('an unknown language gets English marks', () => {
    assert.deepEqual(quoteStyle('xx-YY'), quoteStyle('en'))
    assert.equal(smartQuotes(`"x"`, 'xx'), '“x”')
  })

  test('web addresses in the text are left as typed', () => {
    assert.equal(smartQuotes(`See https://example.org/it's-here and "this".`, 'en'), "See https://example.org/it's-here and “this”.")
    assert.equal(smartQuotes(`www.example.org/a'b is 'it'`, 'en'), "www.example.org/a'b is ‘it’")
  })

  test('runs that read as one: a quotation opened in one run is closed in the next', () => {
    assert.deepEqual(smartQuotesRuns([`He said "we `, 'will', `" and left; it's done`], 'en'), ['He said “we ', 'will', '” and left; it’s done'])
    assert.deepEqual(smartQuotesRuns([`"`, 'Да', `"`], 'ru'), ['«', 'Да', '»'])
  })

  test('text without straight quotes is returned as it was', () => {
    assert.equal(smartQuotes('Plain text — already “curly”.', 'en'), 'Plain text — already “curly”.')
  })
})

describe('typedQuoteMarks: the marks a reporter typed around an inline quote, which the page would double', () => {
  const none = { start: false, end: false, before: false, after: false }
  test('marks of any style at both ends of the quoted words', () => {
    for (const q of ['“We are open”', '"We are open"', '«We are open»', '„Wir sind offen“', '「はい」', ' “We are open,” '])
      assert.deepEqual(typedQuoteMarks(q), { start: true, end: true, before: false, after: false }, q)
  })
  test('a pair of single marks only as a pair; an apostrophe at the end stays', () => {
    assert.deepEqual(typedQuoteMarks('‘We are open’'), { start: true, end: true, before: false, after: false })
    assert.deepEqual(typedQuoteMarks('the workers’'), none)
    assert.deepEqual(typedQuoteMarks('’90s were good'), none)
  })
  test('marks just outside the quoted words (the selection missed them)', () => {
    assert.deepEqual(typedQuoteMarks('We are open', 'He said “', '”, she said'), { start: false, end: false, before: true, after: true })
    assert.deepEqual(typedQuoteMarks('“We are open', '', '” today'), { start: true, end: false, before: false, after: true })
  })
  test('marks inside stay balanced', () => {
    assert.deepEqual(typedQuoteMarks('“Yes,” he said, “we will.”'), { start: true, end: true, before: false, after: false })
    assert.deepEqual(typedQuoteMarks('He said “no”'), none)
  })
  test('nothing typed, nothing dropped', () => {
    assert.deepEqual(typedQuoteMarks('We are open', 'He said ', ', today'), none)
  })
})
