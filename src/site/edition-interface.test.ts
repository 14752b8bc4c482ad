/**
 * The reader's interface in the Arabic, Russian and Chinese editions: /live, the feeds page, a page that is
 * not found, the search page's tips, sign-in and sign-up (and their answers to a wrong password
 * or a bad form) carry the edition's lang and dir and say nothing in English; numbers show in
 * the edition's digits (Arabic-Indic in Arabic).
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { DomUtils, parseDocument } from 'htmlparser2'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { formClient } from '../../test/support/form-client.ts'

/** English interface words (the edition's demo content is in its own language). */
const ENGLISH =
  /\b(the|and|your|with|this|from|for|to|of|is|are|sign|listen|live|feeds?|search|password|e-?mail|account|page|not|found|off|air|create|radio)\b/i

/** Proper names that are the same in every language: formats, the software, the search operator. */
const NAMES = /\b(JSON Feed|RSS|Atom|Dateline|WebSub|OR)\b/g

/** What a reader reads: the page's text without scripts, styles and addresses (paths and code). */
function visibleText(body: string): string {
  const doc = parseDocument(body)
  const drop = DomUtils.findAll((e) => e.name === 'script' || e.name === 'style' || e.name === 'code', doc.children)
  for (const e of drop) DomUtils.removeElement(e)
  return DomUtils.textContent(doc)
    .replace(/&quot;/g, '"')
    .split(/\s+/)
    .filter((w) => !w.includes('/')) // addresses shown as text (/ar/feeds/tag/…/rss.xml, the path not found)
    .join(' ')
    .replace(NAMES, ' ')
}

/** Also the words in attributes a reader hears or sees: titles, labels, placeholders. */
function attributeText(body: string): string {
  return [...body.matchAll(/\s(?:aria-label|title|placeholder|alt)="([^"]*)"/g)]
    .map((m) => m[1])
    .join(' ')
    .replace(NAMES, ' ')
}

describe('the reader interface in the Arabic, Russian and Chinese editions', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp({ demo: true })
  })
  after(async () => {
    await t?.close()
    await closeTemplate()
  })

  const editions = [
    { code: 'ar', lang: 'ar', dir: 'rtl', digits: /[٠-٩]/, latinDigits: true },
    { code: 'ru', lang: 'ru', dir: 'ltr', digits: /[0-9]/, latinDigits: false },
    { code: 'zh', lang: 'zh', dir: 'ltr', digits: /[0-9]/, latinDigits: false },
  ]

  for (const e of editions) {
    test(`/${e.code}: live, feeds, 404, search tips, sign-in and sign-up`, async () => {
      const lang = (await t.database.db.selectFrom('editions').select('locale').where('code', '=', e.code).executeTakeFirstOrThrow()).locale
      const pages: [string, number][] = [
        [`/${e.code}/live`, 200],
        [`/${e.code}/feeds/`, 200],
        [`/${e.code}/no-such-page/at-all`, 404],
        [`/${e.code}/search`, 200],
        [`/${e.code}/account/sign-in`, 200],
        [`/${e.code}/account/sign-up`, 200],
        [`/${e.code}/account/forgot-password`, 200],
      ]
      for (const [url, status] of pages) {
        const res = await t.app.inject({ url })
        assert.equal(res.statusCode, status, url)
        const root = DomUtils.findOne((x) => x.name === 'html', parseDocument(res.body).children)
        assert.equal(root?.attribs.lang, lang, `${url}: lang`)
        assert.equal(root?.attribs.dir, e.dir, `${url}: dir`)
        const text = visibleText(res.body)
        assert.doesNotMatch(
          text,
          ENGLISH,
          `${url}: English words in the text: ${ENGLISH.exec(text)?.[0]} in …${text.slice(Math.max(0, (ENGLISH.exec(text)?.index ?? 0) - 60), (ENGLISH.exec(text)?.index ?? 0) + 60)}…`,
        )
        assert.doesNotMatch(attributeText(res.body), ENGLISH, `${url}: English words in labels`)
        // numbers in the edition's digits: in Arabic no Latin digit is left in what readers read
        if (e.latinDigits) assert.doesNotMatch(text, /[0-9]/, `${url}: Latin digits on an Arabic page`)
      }
      // numbers that show are the edition's: the feeds page's article count, the 404's code, the sign-up hint
      for (const url of [`/${e.code}/feeds/`, `/${e.code}/account/sign-up`]) assert.match(visibleText((await t.app.inject({ url })).body), e.digits, url)
      const notFound = await t.app.inject({ url: `/${e.code}/nowhere` })
      assert.match(
        DomUtils.textContent(DomUtils.findOne((x) => x.attribs.class === 'error-page__code', parseDocument(notFound.body).children)!),
        e.code === 'ar' ? /^٤٠٤$/ : /^404$/,
      )
    })

    test(`/${e.code}: an article's short-link page and community standards`, async () => {
      const home = await t.app.inject({ url: `/${e.code}/` })
      // an article's address: /ar/{section}/{yyyymmdd}/{slug}
      const articlePath = new RegExp(`href="(/${e.code}/[^"/]+/\\d{8}/[^"/]+)"`).exec(home.body)?.[1]
      assert.ok(articlePath, 'an article on the edition’s home page')
      const article = await t.app.inject({ url: articlePath })
      const share = new RegExp(`href="(/${e.code}/share/\\d+)"`).exec(article.body)?.[1]
      assert.ok(share, 'Get short URL leads to the page in the article’s edition')
      for (const url of [share, `/${e.code}/community-standards`]) {
        const res = await t.app.inject({ url })
        assert.equal(res.statusCode, 200, url)
        const text = visibleText(res.body).replace(/Ctrl\+C|⌘C|\bMac\b|\b(X|Facebook|LinkedIn|WhatsApp)\b/g, ' ')
        assert.doesNotMatch(text.replace(/\u2068[^\u2069]*\u2069/g, ''), ENGLISH, `${url}: ${ENGLISH.exec(text)?.[0]}`)
      }
    })

    test(`/${e.code}: the account forms keep the edition, and their answers are in its language`, async () => {
      const client = formClient(t.app, { 'x-forwarded-for': `198.51.100.${e.code.charCodeAt(0)}` })
      const signIn = await client.get(`/${e.code}/account/sign-in`)
      assert.match(signIn.body, new RegExp(`<form method="post" action="/${e.code}/account/sign-in"`))
      assert.match(signIn.body, new RegExp(`href="/${e.code}/account/sign-up\\?next=`))
      // without a ?next, a reader goes to their account page in the same edition
      assert.match(signIn.body, new RegExp(`name="next" value="/${e.code}/account"`))
      const wrong = await client.post(`/${e.code}/account/sign-in`, { email: 'nobody@example.test', password: 'not the password', next: '/' })
      assert.equal(wrong.statusCode, 401)
      assert.doesNotMatch(visibleText(wrong.body), ENGLISH, 'a wrong password is said in the edition’s language')
      await client.get(`/${e.code}/account/sign-up`)
      const bad = await client.post(`/${e.code}/account/sign-up`, { email: 'not an address', displayName: '', password: 'short', next: '/' })
      assert.equal(bad.statusCode, 400)
      const root = DomUtils.findOne((x) => x.name === 'html', parseDocument(bad.body).children)
      assert.equal(root?.attribs.dir, e.dir)
      assert.doesNotMatch(visibleText(bad.body), ENGLISH, 'the form’s problems are said in the edition’s language')
    })
  }

  test('the English edition keeps its words', async () => {
    const live = await t.app.inject({ url: '/live' })
    assert.match(live.body, /<span class="live-button__text">Listen Live<\/span> <span class="live-button__state">Off air<\/span>/)
    const tips = await t.app.inject({ url: '/search' })
    assert.match(tips.body, /Put a phrase in quotes: <code dir="auto">&quot;human rights&quot;<\/code>/)
    const signIn = await t.app.inject({ url: '/account/sign-in' })
    assert.match(signIn.body, /<h1>Sign in<\/h1>/)
    assert.match(signIn.body, /action="\/account\/sign-in"/)
  })

  test('an Arabic station: the header player’s words and digits for its script, and /ar/live in Arabic', async () => {
    const arabic = (await t.database.db.selectFrom('editions').select('id').where('code', '=', 'ar').executeTakeFirstOrThrow()).id
    await t.app.live.stations.create(arabic, {
      name: 'إذاعة الخبر',
      slug: 'al-khabar',
      description: 'الأخبار على رأس كل ساعة.',
      timeZone: 'Asia/Riyadh',
      streams: ['https://radio.example/ar.mp3'],
      schedule: [
        { show: 'صباح الخير', host: 'ليلى حسن', description: 'أخبار الصباح.', startDay: 'mon', startTime: '06:00', endDay: 'mon', endTime: '09:00' },
        { show: 'الليل', host: '', startDay: 'sun', startTime: '23:00', endDay: 'mon', endTime: '01:00' },
      ],
    })
    const home = await t.app.inject({ url: '/ar/' })
    const player = DomUtils.findOne((x) => x.attribs.id === 'live-player', parseDocument(home.body).children)!
    assert.equal(player.attribs['data-href'], '/ar/live')
    assert.equal(player.attribs['data-events'], '/ar/live/events?station=al-khabar')
    assert.equal(player.attribs['data-locale'], 'ar-u-nu-arab')
    const words = JSON.parse(player.attribs['data-words']!) as { listen: string; retry: Record<string, string>; days: Record<string, string>; listenTo: string }
    assert.equal(words.listen, 'استمع للبث المباشر')
    assert.equal(words.listenTo, 'استمع إلى {name} مباشرة')
    assert.deepEqual(Object.keys(words.retry).sort(), ['few', 'many', 'one', 'other', 'two', 'zero'])
    assert.match(words.retry.few!, /\{n\} ثوانٍ/)
    assert.equal(words.days.Tomorrow, 'غدًا')
    const page = await t.app.inject({ url: '/ar/live' })
    assert.equal(page.statusCode, 200)
    const text = visibleText(page.body)
    assert.doesNotMatch(text, ENGLISH, `English in /ar/live: ${ENGLISH.exec(text)?.[0]}`)
    assert.doesNotMatch(text.replace('Asia/Riyadh', ''), /[0-9]/, 'times in Arabic-Indic digits')
    assert.match(text, /٠٦:٠٠–٠٩:٠٠/)
    assert.match(text, /الاثنين/, 'weekdays in Arabic')
    assert.match(text, /اليوم التالي/, 'a programme past midnight says so in Arabic')
    // the English edition's /live has no station of its own: still off air
    assert.match((await t.app.inject({ url: '/live' })).body, /Off air\. Dateline is not broadcasting/)
  })
})
