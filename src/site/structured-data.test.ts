import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, TEST_NOW, type TestApp } from '../../test/support/app.ts'
import { closeTemplate, databaseKinds } from '../../test/support/databases.ts'
import { xmllint, xmllintSkipReason } from '../../test/support/xmllint.ts'
import { createArticleStore } from '../content/article-store.ts'

after(closeTemplate)

const SEED_PATH = '/world/asia-pacific/20200805/un-security-council-debate-on-north-korea-rights-record-leaves-china-worried'
const SEED_URL = `http://dateline.test${SEED_PATH}`

/** Every JSON-LD block of a page, parsed. */
function jsonLd(body: string): Record<string, unknown>[] {
  return [...body.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!))
}

/** The content of <meta property|name="key">, HTML entities decoded. */
function meta(body: string, key: string): string[] {
  return [...body.matchAll(new RegExp(`<meta (?:property|name)="${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" content="([^"]*)">`, 'g'))].map((m) =>
    m[1]!
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  )
}

/** A JSON-LD node of this @type with every one of these properties present and non-empty. */
function node(blocks: Record<string, unknown>[], type: string, required: string[]): Record<string, unknown> {
  const found = blocks.filter((b) => b['@type'] === type)
  assert.equal(found.length, 1, `one ${type} in ${JSON.stringify(blocks.map((b) => b['@type']))}`)
  const n = found[0]!
  assert.equal(n['@context'], 'https://schema.org')
  for (const key of required) assert.ok(n[key] !== undefined && n[key] !== '' && n[key] !== null, `${type}.${key}`)
  return n
}

/** A BreadcrumbList's items as [name, URL], checked for positions 1, 2, 3… */
function trail(list: Record<string, unknown>): [string, string][] {
  const items = list.itemListElement as { '@type': string; position: number; name: string; item: string }[]
  items.forEach((it, i) => {
    assert.equal(it['@type'], 'ListItem')
    assert.equal(it.position, i + 1)
  })
  return items.map((it) => [it.name, it.item])
}

/** The width and height a PNG says it is (its IHDR chunk). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  assert.equal(bytes.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'a PNG signature')
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

for (const kind of databaseKinds()) {
  describe(`structured data and oEmbed on ${kind}`, () => {
    let t: TestApp
    before(async () => {
      t = await createTestApp({ kind, clock: { now: () => TEST_NOW } })
    })
    after(async () => {
      await t.close()
    })
    const get = (url: string) => t.app.inject({ method: 'GET', url })

    test('the seed article carries a NewsArticle with every required field', async () => {
      const body = (await get(SEED_PATH)).body
      const blocks = jsonLd(body)
      assert.equal(blocks.length, 2, 'the NewsArticle and its BreadcrumbList')
      const ld = node(blocks, 'NewsArticle', ['headline', 'datePublished', 'dateModified', 'author', 'publisher', 'url'])
      assert.deepEqual(trail(node(blocks, 'BreadcrumbList', ['itemListElement'])), [
        ['Dateline', 'http://dateline.test/'],
        ['World', 'http://dateline.test/world/'],
        ['Asia & Pacific', 'http://dateline.test/world/asia-pacific/'],
        ['UN Security Council Debate on North Korea Rights Record Leaves China Worried', SEED_URL],
      ])
      assert.equal(ld!['@context'], 'https://schema.org')
      assert.equal(ld!['@type'], 'NewsArticle')
      assert.equal(ld!.headline, 'UN Security Council Debate on North Korea Rights Record Leaves China Worried')
      assert.match(ld!.description as string, /^The UN Security Council's discussion of North Korea's human rights record/)
      assert.equal(ld!.datePublished, '2020-08-05T03:38:00Z')
      assert.equal(ld!.dateModified, '2020-08-05T03:38:00Z')
      assert.deepEqual(ld!.author, [{ '@type': 'Organization', name: 'Dateline', url: 'http://dateline.test/' }])
      const publisher = ld!.publisher as Record<string, unknown> & { logo: { '@type': string; url: string; width: number; height: number } }
      assert.equal(publisher['@type'], 'NewsMediaOrganization')
      assert.equal(publisher.name, 'Dateline')
      assert.equal(publisher.url, 'http://dateline.test/')
      // the logo is an image the site serves, as big as it says
      assert.equal(publisher.logo['@type'], 'ImageObject')
      assert.match(publisher.logo.url, /^http:\/\/dateline\.test\/assets\/icons\/icon-512\.[\w-]+\.png$/)
      const logo = await t.app.inject({ method: 'GET', url: new URL(publisher.logo.url).pathname })
      assert.equal(logo.statusCode, 200)
      assert.equal(logo.headers['content-type'], 'image/png')
      assert.deepEqual(pngSize(logo.rawPayload), { width: publisher.logo.width, height: publisher.logo.height })
      assert.equal(ld!.articleSection, 'Asia & Pacific')
      assert.equal(ld!.dateline, 'MOSCOW, December 24 (Sputnik)')
      assert.deepEqual(ld!.mainEntityOfPage, { '@type': 'WebPage', '@id': SEED_URL })
      assert.equal(ld!.image, undefined, 'no image in the seed, so none claimed')
      assert.deepEqual(meta(body, 'og:type'), ['article'])
      assert.deepEqual(meta(body, 'og:url'), [SEED_URL])
      assert.deepEqual(meta(body, 'og:title'), [ld!.headline])
      assert.deepEqual(meta(body, 'article:tag'), ['North Korea', 'United Nations', 'Human rights', 'Security Council', 'China'])
      assert.deepEqual(meta(body, 'twitter:card'), ['summary'])
      assert.match(body, new RegExp(`<link rel="canonical" href="${SEED_URL}">`))
    })

    test('a demo article names its author; an image article has image, og:image and a large card', async () => {
      const demo = jsonLd((await get('/world/asia-pacific/20261129/north-korea-snubs-un-meeting-slams-security-councils-double-standards')).body)[0]!
      assert.deepEqual(demo.author, [{ '@type': 'Person', name: 'Mara Lindqvist', url: 'http://dateline.test/author/mara-lindqvist' }])
      const authorPage = await get('/author/mara-lindqvist')
      assert.equal(authorPage.statusCode, 200, 'author.url is a page')
      const profile = node(jsonLd(authorPage.body), 'ProfilePage', ['mainEntity', 'url'])
      assert.deepEqual(profile.mainEntity, { '@type': 'Person', name: 'Mara Lindqvist', url: 'http://dateline.test/author/mara-lindqvist' })
      assert.equal(demo.datePublished, '2026-11-29T09:00:00Z')

      const store = createArticleStore(t.database.db)
      const a = await store.createArticle({
        editionId: 1,
        sectionId: 1,
        slug: 'script-headline',
        status: 'published',
        firstPublishedAt: TEST_NOW,
        publishedAt: TEST_NOW,
        updatedAt: new Date(TEST_NOW.getTime() + 3_600_000),
        headline: 'Why </script><script>alert(1)</script> Is Not a Headline',
        lead: 'A lead with "quotes" & <tags>.',
        body: [
          { type: 'image', src: 'https://images.example/harbour.jpg', alt: 'The harbour at dawn' },
          { type: 'paragraph', content: [{ text: 'Text.' }] },
        ],
      })
      const page = (await get(`/world/20261129/${a.slug}`)).body
      assert.ok(!page.includes('<script>alert(1)</script>'), 'the headline cannot close the JSON-LD script')
      const ld = jsonLd(page)[0]!
      assert.equal(ld.headline, 'Why </script><script>alert(1)</script> Is Not a Headline')
      assert.deepEqual(ld.image, ['https://images.example/harbour.jpg'])
      assert.equal(ld.dateModified, '2026-11-29T13:00:00Z')
      assert.deepEqual(meta(page, 'og:image'), ['https://images.example/harbour.jpg'])
      assert.deepEqual(meta(page, 'og:description'), ['A lead with "quotes" & <tags>.'])
      assert.deepEqual(meta(page, 'twitter:card'), ['summary_large_image'])
    })

    test('a long headline is cut for JSON-LD at a word, with …, in any script, never inside a character', async () => {
      const store = createArticleStore(t.database.db)
      const headline = `Ministers 👩🏽‍⚕️ Agree on a Long-Awaited Plan to Rebuild the Harbour After the Storm, Leaving Fishermen Hopeful but Wary of Delays That Could Stretch Into Spring`
      const a = await store.createArticle({
        editionId: 1,
        sectionId: 1,
        slug: 'long-headline',
        status: 'published',
        firstPublishedAt: TEST_NOW,
        publishedAt: TEST_NOW,
        headline,
      })
      const page = (await get(`/world/20261129/${a.slug}`)).body
      const ld = node(jsonLd(page), 'NewsArticle', ['headline'])
      const cut = ld.headline as string
      assert.ok([...cut].length <= 110, `${[...cut].length} characters`)
      assert.ok(cut.endsWith('…') && headline.startsWith(cut.slice(0, -1)))
      assert.match(headline.slice(cut.length - 1), /^ /, 'cut at the end of a word')
      assert.ok(!/\p{Surrogate}/u.test(cut))
      assert.deepEqual(meta(page, 'og:title'), [headline], 'sharers get the whole headline')
    })

    test('dateModified counts corrections', async () => {
      const store = createArticleStore(t.database.db)
      const a = await store.createArticle({
        editionId: 1,
        sectionId: 1,
        slug: 'corrected-story',
        status: 'published',
        firstPublishedAt: TEST_NOW,
        publishedAt: TEST_NOW,
        headline: 'A Corrected Story',
      })
      const before = node(jsonLd((await get(`/world/20261129/${a.slug}`)).body), 'NewsArticle', ['dateModified'])
      assert.equal(before.dateModified, '2026-11-29T12:00:00Z')
      await store.createCorrection(a.id, 'An earlier version misspelt the harbour master’s name.', new Date('2026-11-29T15:30:00Z'))
      await t.deps.events.emit('article.changed', { articleId: a.id, sectionId: 1, reason: 'corrected' })
      const page = (await get(`/world/20261129/${a.slug}`)).body
      const after = node(jsonLd(page), 'NewsArticle', ['dateModified'])
      assert.equal(after.dateModified, '2026-11-29T15:30:00Z')
      assert.deepEqual(meta(page, 'article:modified_time'), ['2026-11-29T15:30:00Z'])
    })

    test('home: WebSite with a SearchAction, the Organization with its logo, and Open Graph', async () => {
      const body = (await get('/')).body
      const blocks = jsonLd(body)
      const site = node(blocks, 'WebSite', ['name', 'url', 'potentialAction'])
      assert.equal(site.url, 'http://dateline.test/')
      const action = site.potentialAction as { '@type': string; target: { urlTemplate: string }; 'query-input': string }
      assert.equal(action['@type'], 'SearchAction')
      assert.equal(action.target.urlTemplate, 'http://dateline.test/search?q={search_term_string}')
      assert.equal(action['query-input'], 'required name=search_term_string')
      // the template answers: a search for a word on the seed page finds it
      assert.equal((await get(new URL(action.target.urlTemplate.replace('{search_term_string}', 'Korea')).pathname + '?q=Korea')).statusCode, 200)
      const org = node(blocks, 'NewsMediaOrganization', ['name', 'url', 'logo'])
      assert.equal((org.logo as { '@type': string })['@type'], 'ImageObject')
      assert.deepEqual(meta(body, 'og:type'), ['website'])
      assert.deepEqual(meta(body, 'og:url'), ['http://dateline.test/'])
      assert.deepEqual(meta(body, 'og:title'), ['Dateline: latest news'])
      assert.equal(meta(body, 'og:image')[0], (org.logo as { url: string }).url)
      assert.deepEqual(meta(body, 'twitter:card'), ['summary'])
      // the Russian edition's home speaks for the Russian edition
      const ru = jsonLd((await get('/ru/')).body)
      assert.match(
        (node(ru, 'WebSite', ['url']).potentialAction as { target: { urlTemplate: string } }).target.urlTemplate,
        /^http:\/\/dateline\.test\/ru\/search\?q=/,
      )
    })

    test('section pages: BreadcrumbList, Open Graph, and the section’s JSON Feed linked', async () => {
      const body = (await get('/world/asia-pacific/')).body
      const blocks = jsonLd(body)
      node(blocks, 'CollectionPage', ['name', 'url'])
      assert.deepEqual(trail(node(blocks, 'BreadcrumbList', ['itemListElement'])), [
        ['Dateline', 'http://dateline.test/'],
        ['World', 'http://dateline.test/world/'],
        ['Asia & Pacific', 'http://dateline.test/world/asia-pacific/'],
      ])
      assert.deepEqual(meta(body, 'og:type'), ['website'])
      assert.deepEqual(meta(body, 'og:url'), ['http://dateline.test/world/asia-pacific/'])
      assert.deepEqual(meta(body, 'og:title'), ['Asia & Pacific | Dateline'])
      const feed = /<link rel="alternate" type="application\/feed\+json" title="Dateline: Asia &amp; Pacific \(JSON Feed\)" href="([^"]+)">/.exec(body)![1]!
      assert.equal(feed, '/feeds/section/world/asia-pacific/feed.json')
      const res = await get(feed)
      assert.equal(res.statusCode, 200)
      assert.equal(res.json().version, 'https://jsonfeed.org/version/1.1')
      // in another edition, the feed is that edition's
      const ru = (await get('/ru/')).body
      const ruSection = /<a href="(\/ru\/[^"/]+\/)"/.exec(ru)![1]!
      const ruFeed = /<link rel="alternate" type="application\/feed\+json" title="[^"]+" href="([^"]+)">/.exec(
        (await get(ruSection)).body.split('</head>')[0]!.split('feeds/feed.json')[1]!,
      )![1]!
      assert.ok(ruFeed.startsWith('/ru/feeds/section/'), ruFeed)
      assert.equal((await get(ruFeed)).statusCode, 200)
    })

    test('a web app manifest, linked from every page, with PNG icons of the sizes it says', async () => {
      const body = (await get('/')).body
      assert.match(body, /<link rel="manifest" href="\/manifest\.webmanifest">/)
      const res = await get('/manifest.webmanifest')
      assert.equal(res.statusCode, 200)
      assert.match(res.headers['content-type'] as string, /^application\/manifest\+json/)
      const m = res.json()
      assert.equal(m.name, 'Dateline')
      assert.equal(m.start_url, '/')
      for (const size of [192, 512]) {
        const icon = (m.icons as { src: string; sizes: string; type: string }[]).find((i) => i.sizes === `${size}x${size}`)!
        assert.equal(icon.type, 'image/png')
        const png = await get(icon.src)
        assert.equal(png.statusCode, 200)
        assert.deepEqual(pngSize(png.rawPayload), { width: size, height: size })
      }
      const touch = await get('/apple-touch-icon.png')
      assert.equal(touch.statusCode, 301)
      assert.deepEqual(pngSize((await get(touch.headers.location as string)).rawPayload), { width: 180, height: 180 })
      const ru = (await get('/ru/manifest.webmanifest')).json()
      assert.equal(ru.start_url, '/ru/')
      assert.equal(ru.lang, 'ru-RU')
      assert.match((await get('/ru/')).body, /<link rel="manifest" href="\/ru\/manifest\.webmanifest">/)
    })

    test('oEmbed: the page links to it, and it answers in JSON and XML', async () => {
      const body = (await get(SEED_PATH)).body
      const link = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/.exec(body)![1]!.replace(/&amp;/g, '&')
      const url = new URL(link)
      assert.equal(url.searchParams.get('url'), SEED_URL)
      const res = await get(url.pathname + url.search)
      assert.equal(res.statusCode, 200)
      const o = res.json()
      assert.equal(o.version, '1.0')
      assert.equal(o.type, 'rich')
      assert.equal(o.provider_name, 'Dateline')
      assert.equal(o.title, 'UN Security Council Debate on North Korea Rights Record Leaves China Worried')
      assert.ok(Number.isInteger(o.width) && Number.isInteger(o.height))
      assert.match(o.html, /^<blockquote class="dateline-embed" cite="http:\/\/dateline.test\/world\/asia-pacific\/20200805\//)
      assert.match(o.html, /The UN Security Council&#39;s discussion/)
      assert.ok(!/<script/i.test(o.html))
      assert.equal(res.headers['access-control-allow-origin'], '*')

      const small = (await get(`/api/content/oembed?url=${encodeURIComponent(SEED_URL)}&maxwidth=320&maxheight=100`)).json()
      assert.equal(small.width, 320)
      assert.equal(small.height, 100)

      const xml = await get(`/api/content/oembed?url=${encodeURIComponent(SEED_URL)}&format=xml`)
      assert.equal(xml.statusCode, 200)
      assert.match(xml.body, /<oembed>[\s\S]*<type>rich<\/type>[\s\S]*<html>&lt;blockquote/)
      if (!xmllintSkipReason()) assert.ok(xmllint(xml.body).ok)
    })

    test('oEmbed: an unknown format is 501 (the oEmbed spec); the article URL is accepted on any host name the site answers to', async () => {
      const yaml = await get(`/api/content/oembed?url=${encodeURIComponent(SEED_URL)}&format=yaml`)
      assert.equal(yaml.statusCode, 501)
      assert.equal(yaml.json().error.code, 'FORMAT_NOT_IMPLEMENTED')
      for (const url of [
        `https://www.dateline.test${SEED_PATH}`,
        `http://127.0.0.1:3000${SEED_PATH}`,
        `HTTP://CDN.Dateline.Test${SEED_PATH}?utm_source=feed#discussion`,
        `http://[::1]:8080${SEED_PATH}`,
      ]) {
        const res = await get(`/api/content/oembed?url=${encodeURIComponent(url)}`)
        assert.equal(res.statusCode, 200, url)
        assert.equal(res.json().title, 'UN Security Council Debate on North Korea Rights Record Leaves China Worried', url)
        assert.match(res.json().html, new RegExp(`cite="${SEED_URL}"`), 'the card links to the canonical address')
      }
    })

    test('oEmbed follows a moved article and refuses what is not an article here', async () => {
      const store = createArticleStore(t.database.db)
      const a = await t.database.db
        .selectFrom('articles')
        .select('id')
        .where('slug', '=', 'container-freight-rates-ease-ahead-of-year-end-holidays')
        .executeTakeFirstOrThrow()
      await store.updateArticle(a.id, { slug: 'freight-rates-ease' })
      const moved = await get(
        `/api/content/oembed?url=${encodeURIComponent('http://dateline.test/business/20261129/container-freight-rates-ease-ahead-of-year-end-holidays')}`,
      )
      assert.equal(moved.statusCode, 200)
      assert.match(moved.json().html, /\/business\/20261129\/freight-rates-ease/)

      for (const [query, status] of [
        [`url=${encodeURIComponent('https://elsewhere.example/world/asia-pacific/20200805/x')}`, 404],
        [`url=${encodeURIComponent('http://dateline.test/world/')}`, 404],
        [`url=${encodeURIComponent('http://dateline.test/world/asia-pacific/20200805/no-such-article')}`, 404],
        ['url=not%20a%20url', 400],
        ['url=', 400],
        ['', 400],
        [`url=${encodeURIComponent(SEED_URL)}&format=yaml`, 501],
        [`url=${encodeURIComponent(SEED_URL)}&format=${encodeURIComponent('<x>')}`, 400],
        [`url=${encodeURIComponent(SEED_URL)}&maxwidth=-5`, 400],
        [`url=${encodeURIComponent('javascript:alert(1)')}`, 404],
      ] as const) {
        const res = await get(`/api/content/oembed?${query}`)
        assert.equal(res.statusCode, status, `${query} → ${res.body}`)
      }
    })
  })
}
