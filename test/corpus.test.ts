/**
 * A corpus of text in many scripts, through the whole pipeline: headlines, slugs, section names,
 * tags, bylines, inline quotes with their speakers, comments and search queries in Russian,
 * Ukrainian, Arabic, Persian, Hebrew, Chinese, Japanese, Korean, Hindi, Greek, Thai and emoji, with
 * combining marks (decomposed é, Devanagari and Thai vowel signs) and bidi controls (U+202E,
 * U+2067). Each is created through the admin API in an edition of its language, published, shown
 * on its page, found by the edition's search, listed in its feeds and sitemaps (parsed with an XML
 * parser), and commented on; nothing answers 5xx and nothing is dropped. Two articles with the same
 * non-Latin headline in one section get two working URLs.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { XMLParser } from 'fast-xml-parser'
import { DomUtils, parseDocument } from 'htmlparser2'
import { createTestApp, type TestApp } from './support/app.ts'
import { closeTemplate } from './support/databases.ts'
import { readerSession, setDiscussionSettings } from './support/discussion.ts'
import { staffSession, type TestSession } from './support/staff.ts'

const SITE = 'http://dateline.test'
/** Bidi controls are formatting: a page may keep or drop them; every letter must stay. */
const BIDI_CONTROLS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g
/** The class of an element's parent (htmlparser2's parent may be the document, which has none). */
const parentClass = (x: unknown) => (DomUtils.getParent(x as never) as { attribs?: Record<string, string> } | null)?.attribs?.class
const letters = (s: string) => s.normalize('NFC').replace(BIDI_CONTROLS, '').replace(/\s+/g, ' ').trim()

interface Entry {
  language: string
  /** An edition of that language: an existing demo edition, or one the test adds. */
  edition: { code: string; name: string; locale: string; existing?: boolean }
  section: string
  headline: string
  lead: string
  tags: string[]
  byline: string
  quote: { text: string; speaker: string }
  comment: string
  /** What a reader types into the search box; it must find the article. */
  query: string
}

const CORPUS: Entry[] = [
  {
    language: 'Russian',
    edition: { code: 'ru', name: 'Русский', locale: 'ru-RU', existing: true },
    section: 'Общество',
    headline: 'Ёлки на Тверской: город украсил улицы к празднику',
    lead: 'Сотни ёлок появились на улицах; жители спорят о цвете гирлянд.',
    tags: ['Москва', 'Праздники'],
    byline: 'Алёна Щербакова',
    quote: { text: 'Мы работали всю ночь', speaker: 'Игорь Ёлкин' },
    comment: 'Красиво! Но «гирлянды» слишком яркие — по-моему.',
    query: 'гирлянды',
  },
  {
    language: 'Ukrainian',
    edition: { code: 'uk', name: 'Українська', locale: 'uk-UA' },
    section: 'Культура',
    headline: 'Їжачок і ґава: у Львові відкрили виставку ілюстрацій',
    lead: 'Ілюстратори показали, як змінювалася дитяча книжка за століття.',
    tags: ['Львів', 'Ілюстрація'],
    byline: "Ґалина Прокоп'юк",
    quote: { text: 'Кожна книжка має свій голос', speaker: 'Євгенія Їжак' },
    comment: "Чудова виставка, обов'язково піду з дітьми.",
    query: 'виставку',
  },
  {
    language: 'Arabic',
    edition: { code: 'ar', name: 'العربية', locale: 'ar', existing: true },
    section: 'ثقافة',
    headline: 'مكتبة الإسكندرية تفتح قاعة جديدة للمخطوطات النادرة',
    lead: 'تضم القاعة أكثر من ٣٠٠ مخطوطة، بينها نسخة من كتاب "Al-Qanun" لابن سينا.',
    tags: ['الإسكندرية', 'مخطوطات'],
    byline: 'ليلى Haddad',
    quote: { text: 'هذه القاعة حلم قديم', speaker: 'د. سامي النجار' },
    comment: 'خبر رائع! زرت المكتبة عام 2019 وكانت مذهلة.',
    query: 'المخطوطات',
  },
  {
    language: 'Persian',
    edition: { code: 'fa', name: 'فارسی', locale: 'fa-IR' },
    section: 'فرهنگ',
    headline: 'نمایشگاه کتاب تهران با حضور ۵۰۰ ناشر گشایش یافت',
    lead: 'ناشران از ۳۰ کشور در نمایشگاه امسال شرکت کرده‌اند.',
    tags: ['کتاب', 'تهران'],
    byline: 'مریم کاظمی',
    quote: { text: 'استقبال بی‌نظیر بود', speaker: 'علی رضایی' },
    comment: 'امیدوارم سال بعد هم بروم.',
    query: 'نمایشگاه',
  },
  {
    language: 'Hebrew',
    edition: { code: 'he', name: 'עברית', locale: 'he-IL' },
    section: 'מדע',
    // a right-to-left override in the middle: it must not reverse the rest of the page
    headline: 'חוקרים בחיפה פיתחו סוללה \u202Ehcet\u202C ירוקה חדשה',
    lead: 'הסוללה נטענת בתוך 5 דקות ומחזיקה שבוע.',
    tags: ['אנרגיה', 'חיפה'],
    byline: 'נועה לוי',
    quote: { text: 'זה רק ההתחלה', speaker: 'פרופ׳ דן כהן' },
    comment: 'מדהים! מתי זה יגיע לשוק?',
    query: 'סוללה',
  },
  {
    language: 'Chinese',
    edition: { code: 'zh', name: '中文', locale: 'zh-CN', existing: true },
    section: '文化',
    headline: '故宫博物院推出数字文物库新功能',
    lead: '读者可以在线浏览超过十万件文物的高清图像。',
    tags: ['故宫', '数字化'],
    byline: '王小明',
    quote: { text: '让文物活起来', speaker: '李华' },
    comment: '太棒了，期待更多文物上线！',
    query: '文物库',
  },
  {
    language: 'Japanese',
    edition: { code: 'ja', name: '日本語', locale: 'ja-JP' },
    section: '科学',
    headline: '京都の研究チームが新しい桜の品種を発見',
    lead: '研究チームは山間部で、春に二度咲く桜を見つけた。',
    tags: ['京都', 'サクラ'],
    byline: '佐藤 花子',
    quote: { text: 'とても珍しい発見です', speaker: '田中教授' },
    comment: 'ぜひ見に行きたいです！',
    query: '桜の品種',
  },
  {
    language: 'Korean',
    edition: { code: 'ko', name: '한국어', locale: 'ko-KR' },
    section: '과학',
    headline: '서울 연구진, 새로운 배터리 기술 개발',
    lead: '연구진은 충전 시간을 절반으로 줄였다고 밝혔다.',
    tags: ['서울', '배터리'],
    byline: '김민지',
    quote: { text: '상용화까지 2년이 걸릴 것', speaker: '박준호 교수' },
    comment: '좋은 소식이네요!',
    query: '배터리',
  },
  {
    language: 'Hindi',
    edition: { code: 'hi', name: 'हिन्दी', locale: 'hi-IN' },
    section: 'विज्ञान',
    headline: 'वैज्ञानिकों ने हिमालय में नई तितली की प्रजाति खोजी',
    lead: 'यह तितली केवल ऊँचाई वाले जंगलों में पाई जाती है।',
    tags: ['हिमालय', 'तितली'],
    byline: 'प्रिया शर्मा',
    quote: { text: 'यह एक अद्भुत खोज है', speaker: 'डॉ. राजेश कुमार' },
    comment: 'बहुत सुंदर! 🦋',
    query: 'तितली',
  },
  {
    language: 'Greek',
    edition: { code: 'el', name: 'Ελληνικά', locale: 'el-GR' },
    section: 'Πολιτισμός',
    headline: 'Ανακαλύφθηκε αρχαίο ψηφιδωτό στη Θεσσαλονίκη',
    lead: 'Το ψηφιδωτό χρονολογείται στον 4ο αιώνα μ.Χ.',
    tags: ['Θεσσαλονίκη', 'Αρχαιολογία'],
    byline: 'Ελένη Παπαδοπούλου',
    quote: { text: 'Είναι μοναδικό εύρημα', speaker: 'Νίκος Γεωργίου' },
    comment: 'Υπέροχο! Πότε θα εκτεθεί;',
    query: 'ψηφιδωτό',
  },
  {
    language: 'Thai',
    edition: { code: 'th', name: 'ไทย', locale: 'th-TH' },
    section: 'วัฒนธรรม',
    // written as Thai is, without spaces between words: the query is found inside the run
    headline: 'เชียงใหม่จัดเทศกาลโคมลอยยี่เป็ง',
    lead: 'นักท่องเที่ยวหลายพันคนร่วมปล่อยโคม',
    tags: ['เชียงใหม่', 'ยี่เป็ง'],
    byline: 'สมชาย ใจดี',
    quote: { text: 'สวยงามมาก', speaker: 'นายกเทศมนตรี' },
    comment: 'อยากไปปีหน้า!',
    query: 'โคมลอย',
  },
  {
    language: 'emoji and combining marks',
    edition: { code: 'en', name: 'Dateline', locale: 'en-GB', existing: true },
    section: 'Café Society',
    // "Café" with a combining acute (e + U+0301), a ZWJ family, a flag and a skin tone
    headline: 'Cafe\u0301 owners 👩‍👩‍👧 celebrate 🇺🇦 night market 👋🏽',
    lead: 'The market returns with na\u0131\u0308ve food stalls and 🎶 live music.',
    tags: ['Cafe\u0301 culture', '🎶 music'],
    byline: 'Zoë Ångström-Nguyễn',
    quote: { text: 'We missed this 🥹', speaker: 'José Ðoàn' },
    comment: 'Loved it 😍 — see you there!',
    query: 'market',
  },
]

describe('a corpus in many scripts, from the admin API to pages, search, feeds and sitemaps', { timeout: 240_000 }, () => {
  let t: TestApp
  let admin: TestSession
  const fivexx: string[] = []
  const xml = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['url', 'sitemap', 'item', 'entry'].includes(name) })

  const call = async (o: { method?: 'GET' | 'POST' | 'PUT' | 'PATCH'; url: string; payload?: unknown; headers?: Record<string, string> }) => {
    const res = await t.app.inject({
      method: o.method ?? 'GET',
      url: o.url,
      headers: o.headers ?? {},
      ...(o.payload === undefined ? {} : { payload: o.payload as object }),
    })
    if (res.statusCode >= 500) fivexx.push(`${o.method ?? 'GET'} ${o.url}: ${res.statusCode} ${res.body.slice(0, 200)}`)
    return res
  }
  const api = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown) => call({ method, url, payload, headers: admin.headers })
  const pathOf = (url: string) => {
    const u = new URL(url, SITE)
    return u.pathname + u.search
  }
  const textOf = (html: string, match: (e: { name: string; attribs: Record<string, string> }) => boolean) =>
    DomUtils.findAll(match, parseDocument(html).children).map((e) => DomUtils.textContent(e))

  before(async () => {
    t = await createTestApp()
    admin = await staffSession(t, 'admin', 'Corpus Admin')
    await setDiscussionSettings(t.database.db, {
      holdFirstComments: 0,
      readerRate: { limit: 100, windowMinutes: 1 },
      ipRate: { limit: 1000, windowMinutes: 1 },
    })
  })
  after(async () => {
    await t?.close()
    await closeTemplate()
  })

  const published: { entry: Entry; id: number; url: string; prefix: string }[] = []

  test('each entry is created in an edition of its language, published, and shown whole on its page', async () => {
    for (const e of CORPUS) {
      const prefix = e.edition.code === 'en' ? '' : `/${e.edition.code}`
      if (!e.edition.existing) {
        const made = await api('POST', '/api/admin/editions', { code: e.edition.code, name: e.edition.name, locale: e.edition.locale })
        assert.equal(made.statusCode, 201, `${e.language} edition: ${made.body}`)
      }
      const section = await api('POST', `${prefix}/api/admin/sections`, { name: e.section })
      assert.equal(section.statusCode, 201, `${e.language} section: ${section.body}`)
      const sec = section.json() as { id: number; name: string; slug: string }
      assert.equal(letters(sec.name), letters(e.section), `${e.language}: the section keeps its name`)
      assert.ok(sec.slug.length > 0 && sec.slug !== 'section', `${e.language}: a real section slug (${sec.slug})`)

      const person = await api('POST', '/api/admin/people', {
        email: `${e.edition.code}-${published.length}@corpus.test`,
        displayName: e.byline,
        role: 'reporter',
      })
      assert.equal(person.statusCode, 201, `${e.language} byline: ${person.body}`)
      const bylines = (await api('GET', '/api/admin/bylines')).json() as { bylines: { id: number; name: string }[] }
      const author = bylines.bylines.find((b) => letters(b.name) === letters(e.byline))
      assert.ok(author, `${e.language}: the byline "${e.byline}" is listed`)

      const created = await api('POST', '/api/admin/articles', {
        headline: e.headline,
        lead: e.lead,
        sectionId: sec.id,
        tags: e.tags,
        authorIds: [author.id],
        body: [
          { type: 'paragraph', content: [{ text: `${e.lead} ` }, { text: e.quote.text, marks: [{ type: 'quote', speaker: e.quote.speaker }] }] },
          { type: 'paragraph', content: [{ text: e.headline }] },
        ],
      })
      assert.equal(created.statusCode, 201, `${e.language} article: ${created.body}`)
      const article = created.json() as { id: number; slug: string; tags: string[] }
      assert.ok(article.slug && article.slug !== 'article', `${e.language}: a slug from the headline, not a placeholder (${article.slug})`)
      assert.deepEqual(article.tags.map(letters), e.tags.map(letters), `${e.language}: no tag dropped`)
      const pub = await api('POST', `/api/admin/articles/${article.id}/workflow`, { action: 'publish' })
      assert.ok(pub.statusCode < 300, `${e.language} publish: ${pub.body}`)
      const url = ((await api('GET', `/api/admin/articles/${article.id}`)).json() as { url: string }).url
      assert.ok(url, `${e.language}: a public URL`)
      published.push({ entry: e, id: article.id, url: new URL(url, SITE).href, prefix })

      const page = await call({ url: pathOf(url) })
      assert.equal(page.statusCode, 200, `${e.language}: ${url}`)
      const h1 = textOf(page.body, (x) => x.name === 'h1')[0] ?? ''
      assert.equal(letters(h1), letters(e.headline), `${e.language}: the headline, whole`)
      const lang = /<html lang="([^"]+)" dir="(ltr|rtl)">/.exec(page.body)
      assert.equal(lang?.[1], e.edition.locale, `${e.language}: html lang`)
      assert.equal(lang?.[2], ['ar', 'fa', 'he'].includes(e.edition.code) ? 'rtl' : 'ltr', `${e.language}: html dir`)
      const bylineNames = textOf(page.body, (x) => x.name === 'bdi' && parentClass(x) === 'byline')
      assert.deepEqual(bylineNames.map(letters), [letters(e.byline)], `${e.language}: the byline, isolated`)
      const tags = textOf(page.body, (x) => x.attribs?.class === 'tag')
      assert.deepEqual(tags.map(letters), e.tags.map(letters), `${e.language}: the tags on the page`)
      const quotes = DomUtils.findAll((x) => x.name === 'q', parseDocument(page.body).children)
      assert.equal(quotes.length, 1, `${e.language}: the inline quote`)
      assert.equal(letters(DomUtils.textContent(quotes[0]!)), letters(e.quote.text))
      assert.equal(letters(quotes[0]!.attribs['data-speaker'] ?? ''), letters(e.quote.speaker))
      const quoted = textOf(page.body, (x) => x.attribs?.class === 'quoted__name')
      assert.deepEqual(quoted.map(letters), [letters(e.quote.speaker)], `${e.language}: who is quoted`)
    }
    assert.equal(published.length, CORPUS.length)
  })

  test('the edition’s search finds each one by what a reader of that language types', async () => {
    for (const p of published) {
      const res = await call({ url: `${p.prefix}/search?q=${encodeURIComponent(p.entry.query)}` })
      assert.equal(res.statusCode, 200, `${p.entry.language} search`)
      const hrefs = DomUtils.findAll((x) => x.name === 'a' && parentClass(x) === 'card__headline', parseDocument(res.body).children).map(
        (a) => new URL(a.attribs.href!, SITE).href,
      )
      assert.ok(hrefs.includes(p.url), `${p.entry.language}: "${p.entry.query}" finds ${p.url} (found ${JSON.stringify(hrefs)})`)
    }
  })

  test('each is in its edition’s RSS, Atom and JSON feeds and its sitemaps, as parsed', async () => {
    for (const p of published) {
      const rss = xml.parse((await call({ url: `${p.prefix}/feeds/rss.xml` })).body)
      const item = (rss.rss.channel.item as { title: string; link: string }[]).find((i) => i.link === p.url)
      assert.ok(item, `${p.entry.language}: in the RSS feed`)
      assert.equal(letters(String(item.title)), letters(p.entry.headline), `${p.entry.language}: RSS title`)
      const atom = xml.parse((await call({ url: `${p.prefix}/feeds/atom.xml` })).body)
      const entry = (atom.feed.entry as { title: string | { '#text': string }; link: { '@_href': string } | { '@_href': string }[] }[]).find((x) =>
        [x.link].flat().some((l) => l['@_href'] === p.url),
      )
      assert.ok(entry, `${p.entry.language}: in the Atom feed`)
      const title = typeof entry.title === 'string' ? entry.title : entry.title['#text']
      assert.equal(letters(String(title)), letters(p.entry.headline), `${p.entry.language}: Atom title`)
      const json = JSON.parse((await call({ url: `${p.prefix}/feeds/feed.json` })).body) as { items: { url: string; title: string; tags?: string[] }[] }
      const ji = json.items.find((i) => i.url === p.url)
      assert.ok(ji, `${p.entry.language}: in the JSON feed`)
      assert.equal(letters(ji.title), letters(p.entry.headline))

      const index = xml.parse((await call({ url: `${p.prefix}/sitemap.xml` })).body)
      const files = (index.sitemapindex.sitemap as { loc: string }[]).map((s) => s.loc)
      const locs: string[] = []
      for (const f of files) {
        const res = await call({ url: pathOf(f) })
        assert.equal(res.statusCode, 200, f)
        locs.push(...((xml.parse(res.body).urlset?.url ?? []) as { loc: string }[]).map((u) => u.loc))
      }
      assert.ok(locs.includes(p.url), `${p.entry.language}: ${p.url} in the sitemaps ${JSON.stringify(files)}`)
      const sectionUrl = p.url.slice(0, p.url.indexOf('/', p.url.indexOf(p.prefix + '/', SITE.length) + p.prefix.length + 1) + 1)
      assert.ok(locs.includes(sectionUrl), `${p.entry.language}: its section ${sectionUrl} in the sitemaps`)
      const section = await call({ url: pathOf(sectionUrl) })
      assert.equal(section.statusCode, 200, `${p.entry.language}: the section page`)
    }
  })

  test('a reader comments in each language: the comment is shown whole, the name isolated', async () => {
    for (const p of published) {
      const reader = await readerSession(t, `${p.entry.byline.split(' ')[0]} ${p.entry.language.split(' ')[0]}`)
      const posted = await call({
        method: 'POST',
        url: `/discussion/${p.id}/comments`,
        headers: { ...reader.headers, accept: 'application/json' },
        payload: { body: p.entry.comment },
      })
      assert.ok(posted.statusCode < 300, `${p.entry.language} comment: ${posted.statusCode} ${posted.body}`)
      const page = await call({ url: `/discussion/${p.id}` })
      assert.equal(page.statusCode, 200)
      const bodies = textOf(page.body, (x) => x.attribs?.class === 'comment__body')
      assert.ok(
        bodies.some((b) => letters(b) === letters(p.entry.comment)),
        `${p.entry.language}: the comment, whole: ${JSON.stringify(bodies)}`,
      )
      const authors = DomUtils.findAll((x) => x.attribs?.class === 'comment__author', parseDocument(page.body).children)
      assert.ok(authors.every((a) => a.name === 'bdi'))
    }
  })

  test('the same non-Latin headline twice in one section: two distinct URLs, each its own article', async () => {
    const section = await api('POST', '/el/api/admin/sections', { name: 'Αθλητισμός' })
    assert.equal(section.statusCode, 201, section.body)
    const urls: string[] = []
    for (const lead of ['Πρώτο κείμενο για τον αγώνα.', 'Δεύτερο κείμενο για τον αγώνα.']) {
      const created = await api('POST', '/api/admin/articles', {
        headline: 'Ο Ολυμπιακός κέρδισε τον τελικό',
        lead,
        sectionId: (section.json() as { id: number }).id,
        body: [{ type: 'paragraph', content: [{ text: lead }] }],
      })
      assert.equal(created.statusCode, 201, created.body)
      const id = (created.json() as { id: number }).id
      const pub = await api('POST', `/api/admin/articles/${id}/workflow`, { action: 'publish' })
      assert.ok(pub.statusCode < 300, pub.body)
      const url = ((await api('GET', `/api/admin/articles/${id}`)).json() as { url: string }).url
      urls.push(url)
      const page = await call({ url: pathOf(url) })
      assert.equal(page.statusCode, 200, url)
      assert.ok(textOf(page.body, (x) => x.attribs?.class === 'article__lead').includes(lead), `${url} shows its own lead`)
    }
    assert.notEqual(urls[0], urls[1])
  })

  test('nothing answered 5xx', () => {
    assert.deepEqual(fivexx, [])
  })
})
