import assert from 'node:assert/strict'
import fs from 'node:fs'
import { describe, test } from 'node:test'
import { SEED_CAPTURE_PATH } from '../demo/load-demo.ts'
import { QuoteAttributor } from './quote-attribution.ts'
import { CaptureError, decodeCapture, parsePageTimestamp, parseTextCapture, splitDateline } from './text-capture.ts'

const seed = fs.readFileSync(SEED_CAPTURE_PATH, 'utf8')
/** The text with its no-break spaces read as spaces (the capture keeps them). */
const plain = (s: string) => s.replace(/\u00a0/g, ' ')

describe('the seed capture, field by field', () => {
  const c = parseTextCapture(seed)

  test('page timestamp "03:38 GMT05 August 2020" (no space after GMT)', () => {
    assert.equal(c.pageTime.toISOString(), '2020-08-05T03:38:00.000Z')
  })

  test('section label and counters', () => {
    assert.equal(c.section, 'Asia & Pacific')
    assert.deepEqual(c.counters, { comments: 0, views: 12 })
  })

  test('lead', () => {
    assert.equal(
      c.lead,
      "The UN Security Council's discussion of North Korea's human rights record on Monday subjected the country to intense criticism from the US and its allies, leaving observers including China worried that the fallout may lead to an escalation of tensions.",
    )
  })

  test('dateline separated from the first paragraph', () => {
    assert.deepEqual(c.dateline, { place: 'MOSCOW', dateText: 'December 24', agency: 'Sputnik' })
    const first = c.body[0]
    assert.equal(first?.type, 'paragraph')
    const text = plain(first?.type === 'paragraph' ? first.content.map((r) => r.text).join('') : '')
    assert.ok(text.startsWith("The UN Security Council's meeting on North Korea's human rights record on Monday"), text)
    assert.ok(!text.includes('MOSCOW') && !text.includes('—'))
  })

  test('every body paragraph and the subheading, in order', () => {
    assert.equal(c.body.length, 12)
    assert.deepEqual(
      c.body.map((b) => b.type),
      [
        'paragraph',
        'paragraph',
        'paragraph',
        'paragraph',
        'paragraph',
        'paragraph',
        'subheading',
        'paragraph',
        'paragraph',
        'paragraph',
        'paragraph',
        'paragraph',
      ],
    )
    assert.deepEqual(c.body[6], { type: 'subheading', text: 'North Korea Denies Veracity of\u00a0Report, Attacks US Double Standards' })
    const starts = c.body
      .filter((b) => b.type === 'paragraph')
      .map((b) =>
        b.type === 'paragraph'
          ? plain(
              b.content
                .map((r) => r.text)
                .join('')
                .slice(0, 30),
            )
          : '',
      )
    assert.deepEqual(starts, [
      "The UN Security Council's meet",
      'United States UN Ambassador Sa',
      'The UN Commission of Inquiry r',
      'The US Ambassador described th',
      'UN Assistant Secretary General',
      'Power tied US anger over the r',
      'Kim Song, political counsellor',
      'Earlier this week, North Korea',
      'For his part, Chinese Foreign ',
      "In the lead-up to Monday's dis",
      'The decision to put North Kore',
    ])
  })

  test('the five related headlines', () => {
    assert.deepEqual(c.related, [
      'North Korea Can Build Up to 79 Nuclear Weapons by 2020: Report',
      'Majority of US Think Sony Overreacted to Alleged North Korea Hack Attack',
      'Suspected Hacker Leaks New Data on South Korea Nuclear Reactors',
      'UN Official Urges to Dismantle North Korea Camp System, Release Prisoners',
      "North Korea Snubs UN Meeting, Slams Security Council's 'Double Standards'",
    ])
  })

  test('nothing of the chrome; the copy keeps its non-breaking spaces', () => {
    const all = JSON.stringify(c)
    for (const chrome of ['Listen Live', 'Get short URL', 'Community standards', 'Discussion']) assert.ok(!all.includes(chrome), chrome)
    // the capture binds short words to the next one ("on\u00a0North"); an import keeps every one of them
    assert.equal([...all.matchAll(/\u00a0/g)].length, [...seed.matchAll(/\u00a0/g)].length - 1, "all but the one before the dateline's dash")
    assert.ok(all.includes('human rights record on\u00a0Monday put the country under\u00a0intense criticism from\u00a0the US'))
    assert.ok(plain(all).includes('human rights record on Monday put the country under intense criticism from the US'))
    assert.deepEqual(c.warnings, [])
  })

  test('a no-break space binds the dateline to its dash, and one elsewhere in a line is kept', () => {
    const x = parseTextCapture(
      '10:00 GMT 01 January 2021\n  Europe\n\n  Lead.\n\n  PARIS,\u00a0January\u00a01 (AFP)\u00a0— Prices rose\u00a0%5 in\u00a0  Paris.\n',
    )
    assert.deepEqual(x.dateline, { place: 'PARIS', dateText: 'January 1', agency: 'AFP' })
    const first = x.body[0]
    assert.deepEqual(first?.type === 'paragraph' ? first.content : [], [{ text: 'Prices rose\u00a0%5 in\u00a0Paris.' }])
  })

  test('quotes keep their speaker and source', () => {
    const quotes = c.body.flatMap((b) => (b.type === 'paragraph' ? b.content : [])).filter((r) => r.marks?.some((m) => m.type === 'quote'))
    assert.equal(quotes.length, 20)
    const mark = (start: string) => quotes.find((q) => plain(q.text).startsWith(start))?.marks?.[0]
    assert.deepEqual(mark('Given the threat'), { type: 'quote', speaker: 'Samantha Power' })
    assert.deepEqual(mark('a totalitarian system'), { type: 'quote', speaker: 'Ivan Simonovic', source: 'The Japan Times' })
    assert.deepEqual(mark('Not content with'), { type: 'quote', speaker: 'Samantha Power', source: 'Japan Times' })
    assert.deepEqual(mark("It's exactly"), { type: 'quote', speaker: 'Samantha Power', source: 'Reuters' })
    assert.deepEqual(mark('fabricated on the basis'), { type: 'quote', speaker: 'Kim Song', source: 'Reuters' })
    assert.deepEqual(mark('The recently revealed'), { type: 'quote', speaker: 'Ja Song Nam' })
    assert.deepEqual(mark('the Security Council is not'), { type: 'quote', speaker: 'Qin Gang' })
    assert.deepEqual(mark('if they have the meeting'), { type: 'quote', speaker: 'Vitali Churkin' })
    assert.deepEqual(mark('unspeakable atrocities'), { type: 'quote' })
    // the former prison guard's words, which the ambassador only reported; hers follow
    assert.deepEqual(mark('routinely raping prisoners'), { type: 'quote', speaker: 'former prison guard' })
    assert.deepEqual(mark('a victim became pregnant'), { type: 'quote', speaker: 'Samantha Power' })
  })
})

describe('quote attribution', () => {
  const speakers = (text: string) =>
    new QuoteAttributor()
      .runs(text)
      .flatMap((r) => r.marks ?? [])
      .map((m) => (m.type === 'quote' ? (m.speaker ?? null) : undefined))

  test('words a described, unnamed person said are theirs, not those of the person reporting them', () => {
    assert.deepEqual(
      speakers('The ambassador described the account of a former prison guard who spoke of guards "beating prisoners." Later, Jane Doe said "it must stop."'),
      ['former prison guard', 'Jane Doe'],
    )
    assert.deepEqual(speakers('She met a local fisherman who told reporters that "the harbour is empty."'), ['local fisherman'])
    assert.deepEqual(speakers('Она встретила пожилого рыбака, который сказал: "гавань пуста".'), [null], 'no rule for Russian yet: no false speaker')
  })

  test('a description right after a name is that person', () => {
    assert.deepEqual(speakers('Samantha Power, a former journalist who said "this is a test", left early.'), ['Samantha Power'])
  })
})

describe('captures like the seed', () => {
  test('timestamp forms', () => {
    assert.equal(parsePageTimestamp('03:38 GMT 05 August 2020')?.toISOString(), '2020-08-05T03:38:00.000Z')
    assert.equal(parsePageTimestamp('03:38 GMT 05.08.2020')?.toISOString(), '2020-08-05T03:38:00.000Z')
    assert.equal(parsePageTimestamp('13:05 GMT1 Dec 2014')?.toISOString(), '2014-12-01T13:05:00.000Z')
    assert.equal(parsePageTimestamp('06:38 GMT+3 05 August 2020')?.toISOString(), '2020-08-05T03:38:00.000Z')
    assert.equal(parsePageTimestamp('25:00 GMT 05 August 2020'), undefined)
    assert.equal(parsePageTimestamp('03:38 GMT 31 February 2020'), undefined)
    assert.equal(parsePageTimestamp('03:38 GMT 05 Smarch 2020'), undefined)
  })

  test('datelines with and without date or agency', () => {
    assert.deepEqual(splitDateline('NEW YORK, March 3 (Reuters) - Text.')?.dateline, { place: 'NEW YORK', dateText: 'March 3', agency: 'Reuters' })
    assert.deepEqual(splitDateline('WASHINGTON (AP) — Text.')?.dateline, { place: 'WASHINGTON', dateText: undefined, agency: 'AP' })
    assert.equal(splitDateline('The UN — said nothing.'), undefined)
    assert.equal(splitDateline('An ordinary first paragraph.'), undefined)
  })

  test('CRLF line endings, a BOM and glued footer chrome', () => {
    const text =
      '\uFEFF10:00 GMT 01 January 2021\r\nListen Live\r\n  Europe\r\n  Get short URL\r\n  3 40\r\n\r\n  Lead text here.\r\n\r\n  PARIS, January 1 (Dateline) — Body one.\r\n\r\n  Body two.\r\n\r\n\r\n  Headline One Here\r\n  Headline Two Here\r\n  Community standards\r\n  Discussion'
    const c = parseTextCapture(text)
    assert.equal(c.section, 'Europe')
    assert.deepEqual(c.counters, { comments: 3, views: 40 })
    assert.equal(c.lead, 'Lead text here.')
    assert.equal(c.body.length, 2)
    assert.deepEqual(c.related, ['Headline One Here', 'Headline Two Here'])
  })

  test('a first paragraph without a dateline is kept whole, with a warning', () => {
    const c = parseTextCapture('10:00 GMT 01 January 2021\nSport\n\nThe lead.\n\nJust a paragraph.\n')
    assert.equal(c.dateline, undefined)
    assert.equal(c.body.length, 1)
    assert.match(c.warnings[0]!, /line 6: the first paragraph has no dateline/)
  })
})

describe('captures it cannot read name the line', () => {
  const fails = (text: string, line: number, pattern: RegExp) => {
    assert.throws(
      () => parseTextCapture(text),
      (e: unknown) => e instanceof CaptureError && e.line === line && pattern.test(e.message),
    )
  }
  test('empty file', () => fails('', 1, /empty/))
  test('no timestamp', () => fails('\n\nHello world\n', 3, /line 3: expected the page timestamp.*Hello world/))
  test('no lead', () => fails('10:00 GMT 01 January 2021\nSport\n', 3, /no lead/))
  test('lead but no body', () => fails('10:00 GMT 01 January 2021\nSport\n\nThe lead.\n', 4, /no body/))
  test('control characters', () => fails('10:00 GMT 01 January 2021\nSp\u0001ort\n', 2, /control characters/))
  test('chrome in the middle', () => fails('10:00 GMT 01 January 2021\nSport\n\nLead.\n\nBody.\nListen Live\nMore.\n\nEnd.\n', 7, /chrome "Listen Live"/))
  test('not UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('10:00 GMT 01 January 2021\nok line\n'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\n')])
    assert.throws(
      () => decodeCapture(bytes),
      (e: unknown) => e instanceof CaptureError && e.line === 3,
    )
  })
})
