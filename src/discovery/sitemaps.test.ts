import assert from 'node:assert/strict'
import { text } from 'node:stream/consumers'
import { after, before, describe, test } from 'node:test'
import { createTestApp, TEST_NOW, type TestApp } from '../../test/support/app.ts'
import { closeTemplate, databaseKinds } from '../../test/support/databases.ts'
import { xmllint, xmllintSkipReason } from '../../test/support/xmllint.ts'
import { createArticleStore } from '../content/article-store.ts'
import { createSitemaps, xmlEscape } from './sitemaps.ts'
import { createEditionContexts } from '../content/edition-context.ts'

after(closeTemplate)

const lintSkip = xmllintSkipReason()
if (lintSkip) console.log(`# skipping sitemap schema validation: ${lintSkip}`)

const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'))

/** Validates against a schema from test/fixtures/xsd when xmllint is installed. */
function assertValid(xml: string, schema: string, what: string) {
  if (lintSkip) return
  const r = xmllint(xml, schema)
  assert.ok(r.ok, `${what} is not valid against ${schema}:\n${r.output}\n${xml.slice(0, 600)}`)
}

for (const kind of databaseKinds()) {
  describe(`sitemaps on ${kind}`, () => {
    let t: TestApp
    before(async () => {
      t = await createTestApp({ kind, clock: { now: () => TEST_NOW } })
    })
    after(async () => {
      await t.close()
    })
    const get = (url: string) => t.app.inject({ method: 'GET', url })

    test('robots.txt names the sitemaps and keeps crawlers out of the newsroom, APIs and search', async () => {
      const res = await get('/robots.txt')
      assert.equal(res.statusCode, 200)
      assert.match(res.headers['content-type'] as string, /^text\/plain/)
      for (const line of [
        'User-agent: *',
        'Disallow: /newsroom/',
        'Disallow: /api/',
        'Disallow: /search',
        'Sitemap: http://dateline.test/sitemap.xml',
        'Sitemap: http://dateline.test/sitemaps/news.xml',
      ]) {
        assert.ok(res.body.split('\n').includes(line), line)
      }
    })

    test('the sitemap index and every sitemap in it are valid, and together list every published article once', async () => {
      const index = await get('/sitemap.xml')
      assert.equal(index.statusCode, 200)
      assert.match(index.headers['content-type'] as string, /^application\/xml/)
      assertValid(index.body, 'siteindex.xsd', 'sitemap.xml')
      const files = locs(index.body)
      assert.deepEqual(
        files.map((u) => u.replace('http://dateline.test/sitemaps/', '')),
        ['sections.xml', 'news.xml', 'articles-2020-08.xml', 'articles-2026-11.xml'],
      )
      const articleUrls: string[] = []
      for (const file of files) {
        const res = await get(new URL(file).pathname)
        assert.equal(res.statusCode, 200, file)
        assertValid(res.body, file.endsWith('news.xml') ? 'news-sitemap.xsd' : 'sitemap.xsd', file)
        if (file.includes('/articles-')) articleUrls.push(...locs(res.body))
      }
      // the default edition's sitemaps list its own articles (the other editions have theirs under their prefixes)
      const published = await t.database.db.selectFrom('articles').select('id').where('status', '=', 'published').where('edition_id', '=', 1).execute()
      assert.equal(articleUrls.length, published.length)
      assert.equal(new Set(articleUrls).size, articleUrls.length)
      for (const url of articleUrls) assert.equal((await get(new URL(url).pathname)).statusCode, 200, url)
      const sections = locs((await get('/sitemaps/sections.xml')).body)
      assert.ok(sections.includes('http://dateline.test/') && sections.includes('http://dateline.test/world/asia-pacific/'))
    })

    test('the schemas catch a broken sitemap (the validation can fail)', { skip: lintSkip }, () => {
      assert.ok(!xmllint('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><lastmod>2020-01-01</lastmod></url></urlset>', 'sitemap.xsd').ok)
      assert.ok(
        !xmllint(
          '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>http://x.test/a.xml</loc><lastmod>yesterday</lastmod></sitemap></sitemapindex>',
          'siteindex.xsd',
        ).ok,
      )
      const noTitle =
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>http://x.test/a</loc><news:news><news:publication><news:name>X</news:name><news:language>en</news:language></news:publication><news:publication_date>2020-01-01</news:publication_date></news:news></url></urlset>'
      assert.ok(!xmllint(noTitle, 'news-sitemap.xsd').ok)
    })

    test('the Google News sitemap lists the last two days with publication, language, date and title', async () => {
      const store = createArticleStore(t.database.db)
      await store.createArticle({
        editionId: 1,
        sectionId: 1,
        slug: 'a-and-b',
        headline: 'Markets & Mood: "Calm" <Again>',
        status: 'published',
        firstPublishedAt: TEST_NOW,
        publishedAt: TEST_NOW,
      })
      const res = await get('/sitemaps/news.xml')
      assertValid(res.body, 'news-sitemap.xsd', 'news.xml')
      const urls = locs(res.body)
      assert.ok(urls.some((u) => u.endsWith('/north-korea-snubs-un-meeting-slams-security-councils-double-standards')))
      assert.ok(!urls.some((u) => u.includes('/20200805/')), 'the seed (2020) is not news')
      assert.ok(!urls.some((u) => u.includes('marathon-organisers')), 'an article of 90 hours ago is not news')
      assert.match(
        res.body,
        /<news:publication><news:name>Dateline<\/news:name><news:language>en<\/news:language><\/news:publication><news:publication_date>2026-11-29T09:00:00Z<\/news:publication_date><news:title>North Korea Snubs UN Meeting, Slams Security Council&apos;s &apos;Double Standards&apos;<\/news:title>/,
      )
      assert.match(res.body, /<news:title>Markets &amp; Mood: &quot;Calm&quot; &lt;Again&gt;<\/news:title>/)
    })

    test('a month with more articles than a sitemap may hold is split into parts, each streamed in batches', async () => {
      const sitemaps = createSitemaps({
        db: t.database.db,
        siteUrl: 'http://dateline.test',
        now: () => TEST_NOW,
        urlsPerSitemap: 4,
        editions: createEditionContexts({ db: t.database.db, now: () => TEST_NOW }),
      })
      const index = await sitemaps.index()
      const files = locs(index)
        .map((u) => u.replace('http://dateline.test/sitemaps/', ''))
        .filter((f) => f.startsWith('articles-2026-11'))
      const count = (
        await t.database.db
          .selectFrom('articles')
          .select('id')
          .where('status', '=', 'published')
          .where('edition_id', '=', 1)
          .where('published_at', '>=', new Date('2026-11-01T00:00:00Z'))
          .execute()
      ).length
      assert.equal(files.length, Math.ceil(count / 4))
      assert.equal(files[1], 'articles-2026-11-2.xml')
      const seen: string[] = []
      for (const f of files) {
        const xml = await text(await sitemaps.month(f))
        assertValid(xml, 'sitemap.xsd', f)
        seen.push(...locs(xml))
      }
      assert.equal(seen.length, count)
      assert.equal(new Set(seen).size, count, 'no article in two parts')
      await assert.rejects(sitemaps.month(`articles-2026-11-${files.length + 1}.xml`), { code: 'NOT_FOUND' })
    })

    test('unknown or empty sitemaps are 404s, bad names 400s, never errors', async () => {
      for (const [url, status] of [
        ['/sitemaps/articles-1999-01.xml', 404],
        ['/sitemaps/articles-2020-13.xml', 404],
        ['/sitemaps/articles-2020-08-2.xml', 404],
        ['/sitemaps/articles-2020-08-1.xml', 404],
        ['/sitemaps/whatever.xml', 404],
        ['/sitemaps/ARTICLES.xml', 400],
        ['/sitemaps/%3Cscript%3E.xml', 400],
        [`/sitemaps/${'a'.repeat(300)}.xml`, 400],
      ] as const) {
        assert.equal((await get(url)).statusCode, status, url)
      }
    })
  })
}

test('xmlEscape escapes markup and drops characters XML cannot carry', () => {
  assert.equal(xmlEscape(`a&b<c>"d"'e'\u0000\u0008\ufffe\ud800x`), 'a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;x')
  assert.equal(xmlEscape('emoji 📰 ok'), 'emoji 📰 ok')
})
