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
      const [ld, ...more] = jsonLd(body)
      assert.equal(more.length, 0)
      assert.equal(ld!['@context'], 'https://schema.org')
      assert.equal(ld!['@type'], 'NewsArticle')
      assert.equal(ld!.headline, 'UN Security Council Debate on North Korea Rights Record Leaves China Worried')
      assert.match(ld!.description as string, /^The UN Security Council's discussion of North Korea's human rights record/)
      assert.equal(ld!.datePublished, '2020-08-05T03:38:00Z')
      assert.equal(ld!.dateModified, '2020-08-05T03:38:00Z')
      assert.deepEqual(ld!.author, [{ '@type': 'Organization', name: 'Dateline', url: 'http://dateline.test/' }])
      assert.deepEqual(ld!.publisher, { '@type': 'NewsMediaOrganization', name: 'Dateline', url: 'http://dateline.test/' })
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
      assert.deepEqual(demo.author, [{ '@type': 'Person', name: 'Mara Lindqvist' }])
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
