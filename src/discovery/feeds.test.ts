import assert from 'node:assert/strict'
import fs from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import Parser from 'rss-parser'
import { createTestApp, TEST_NOW, type TestApp } from '../../test/support/app.ts'
import { closeTemplate, databaseKinds } from '../../test/support/databases.ts'
import { xmllint, xmllintSkipReason } from '../../test/support/xmllint.ts'
import { createArticleStore } from '../content/article-store.ts'

after(closeTemplate)

const lintSkip = xmllintSkipReason()
if (lintSkip) console.log(`# skipping xmllint checks: ${lintSkip}`)

const ajv = new Ajv({ allErrors: true })
;(addFormats as unknown as (a: Ajv) => void)(ajv)
const validateJsonFeed = ajv.compile(JSON.parse(fs.readFileSync(new URL('../../test/fixtures/jsonfeed-1.1.schema.json', import.meta.url), 'utf8')))

type Item = { guid?: string; id?: string; link?: string; title?: string; 'media:content'?: { $: { url: string; medium: string; type?: string } } }
const parser: Parser<Record<string, unknown>, Item> = new Parser({ customFields: { item: ['media:content'] } })

const FEEDS = ['/feeds/', '/feeds/section/world/', '/feeds/section/world/asia-pacific/', '/feeds/tag/north-korea/', '/feeds/author/mara-lindqvist/']

for (const kind of databaseKinds()) {
  describe(`feeds on ${kind}`, () => {
    let t: TestApp
    before(async () => {
      t = await createTestApp({ kind, clock: { now: () => TEST_NOW } })
    })
    after(async () => {
      await t.close()
    })
    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers })

    test('every feed parses as RSS 2.0, Atom and JSON Feed 1.1, and is well-formed and valid', async () => {
      for (const folder of FEEDS) {
        for (const file of ['rss.xml', 'atom.xml']) {
          const res = await get(folder + file)
          assert.equal(res.statusCode, 200, folder + file)
          assert.match(res.headers['content-type'] as string, file === 'rss.xml' ? /^application\/rss\+xml/ : /^application\/atom\+xml/)
          const feed = await parser.parseString(res.body)
          assert.ok(feed.items.length > 0, `${folder}${file} has items`)
          for (const item of feed.items) {
            assert.match(item.link ?? '', /^http:\/\/dateline\.test\/[a-z-/]+\/\d{8}\/[a-z0-9-]+$/)
            assert.match(item.guid ?? item.id ?? '', /^tag:dateline\.test,\d{4}-\d{2}-\d{2}:article\/\d+$/)
            assert.ok(item.title)
          }
          if (!lintSkip) {
            const lint = xmllint(res.body)
            assert.ok(lint.ok, `${folder}${file}: ${lint.output}`)
          }
        }
        const json = await get(`${folder}feed.json`)
        assert.equal(json.statusCode, 200)
        assert.match(json.headers['content-type'] as string, /^application\/feed\+json/)
        const body = json.json() as { items: unknown[] }
        assert.ok(validateJsonFeed(body), `${folder}feed.json: ${ajv.errorsText(validateJsonFeed.errors)}`)
        assert.ok(body.items.length > 0)
      }
      const tag = await parser.parseString((await get('/feeds/tag/north-korea/rss.xml')).body)
      assert.deepEqual(tag.items.map((i) => i.title).sort(), [
        "North Korea Snubs UN Meeting, Slams Security Council's 'Double Standards'",
        'UN Official Urges to Dismantle North Korea Camp System, Release Prisoners',
        'UN Security Council Debate on North Korea Rights Record Leaves China Worried',
      ])
      const author = await parser.parseString((await get('/feeds/author/mara-lindqvist/atom.xml')).body)
      assert.equal(author.items.length, 2)
      assert.ok(
        (await parser.parseString((await get('/feeds/section/world/rss.xml')).body)).items.some((i) => i.title?.startsWith('North Korea Snubs')),
        'a section feed includes its subsections',
      )
    })

    test('the JSON Feed schema catches a broken feed (the validation can fail)', () => {
      assert.ok(!validateJsonFeed({ version: 'https://jsonfeed.org/version/1', title: 'x', items: [] }))
      assert.ok(!validateJsonFeed({ version: 'https://jsonfeed.org/version/1.1', title: 'x', items: [{ id: '1' }] }))
      assert.ok(!validateJsonFeed({ version: 'https://jsonfeed.org/version/1.1', title: 'x', items: [], autor: 'typo' }))
    })

    test('an article image becomes media:content, an Atom enclosure and a JSON Feed image', async () => {
      const store = createArticleStore(t.database.db)
      const section = await t.database.db.selectFrom('sections').select('id').where('slug', '=', 'science').executeTakeFirstOrThrow()
      const a = await store.createArticle({
        editionId: 1,
        sectionId: section.id,
        slug: 'quake-image',
        headline: 'Earthquake Shakes Coastal Towns',
        lead: 'A strong quake & aftershocks <b>shook</b> towns.',
        status: 'published',
        body: [
          { type: 'paragraph', content: [{ text: 'Buildings swayed.' }] },
          { type: 'image', src: '/media/quake.jpg', alt: 'A cracked road', caption: 'The coast road after the quake', credit: 'Photo: Dateline' },
        ],
        firstPublishedAt: TEST_NOW,
        publishedAt: TEST_NOW,
      })
      await t.deps.events.emit('article.published', { articleId: a.id, sectionId: a.sectionId, firstTime: true })
      const rss = (await get('/feeds/section/science/rss.xml')).body
      const item = (await parser.parseString(rss)).items.find((i) => i.title === 'Earthquake Shakes Coastal Towns')!
      assert.deepEqual({ ...item['media:content']?.$ }, { url: 'http://dateline.test/media/quake.jpg', medium: 'image', type: 'image/jpeg' })
      assert.match(rss, /<media:credit>Photo: Dateline<\/media:credit>/)
      assert.match(rss, /<description>A strong quake &amp; aftershocks &lt;b&gt;shook&lt;\/b&gt; towns.<\/description>/)
      assert.match(rss, /src="http:\/\/dateline.test\/media\/quake.jpg"/, 'content images are absolute')
      assert.match(
        (await get('/feeds/section/science/atom.xml')).body,
        /<link rel="enclosure" href="http:\/\/dateline.test\/media\/quake.jpg" type="image\/jpeg"\/>/,
      )
      const json = (await get('/feeds/section/science/feed.json')).json()
      assert.equal(json.items.find((i: { title: string }) => i.title === 'Earthquake Shakes Coastal Towns').image, 'http://dateline.test/media/quake.jpg')
      if (!lintSkip) assert.ok(xmllint(rss).ok)
    })

    test('guids survive edits, new slugs and section moves; the link follows the article', async () => {
      const store = createArticleStore(t.database.db)
      const a = await t.database.db
        .selectFrom('articles')
        .select(['id', 'section_id'])
        .where('slug', '=', 'snowstorm-closes-alpine-passes-as-holiday-traffic-builds')
        .executeTakeFirstOrThrow()
      const find = async () => (await parser.parseString((await get('/feeds/rss.xml')).body)).items.find((i) => i.guid?.endsWith(`article/${a.id}`))!
      const before = await find()
      const europe = await t.database.db.selectFrom('sections').select('id').where('slug', '=', 'world').executeTakeFirstOrThrow()
      await store.updateArticle(a.id, { slug: 'alpine-passes-closed', sectionId: europe.id, headline: 'Snowstorm Closes Alpine Passes', updatedAt: TEST_NOW })
      await t.deps.events.emit('article.changed', { articleId: a.id, sectionId: europe.id, previousSectionId: a.section_id, reason: 'moved' })
      const after = await find()
      assert.equal(after.guid, before.guid)
      assert.notEqual(after.link, before.link)
      assert.match(after.link!, /\/world\/\d{8}\/alpine-passes-closed$/)
      assert.equal(after.title, 'Snowstorm Closes Alpine Passes')
    })

    test('conditional GET: a matching ETag or Last-Modified gets 304; a publication changes both', async () => {
      // every feed: the site's, each section's, tag's and author's, in each format
      for (const url of FEEDS.flatMap((folder) => ['rss.xml', 'atom.xml', 'feed.json'].map((file) => folder + file))) {
        const first = await get(url)
        const etag = first.headers.etag as string
        const lastModified = first.headers['last-modified'] as string
        assert.match(etag, /^"[\w-]+"$/)
        assert.ok(!Number.isNaN(Date.parse(lastModified)))
        const cached = await get(url, { 'if-none-match': etag })
        assert.equal(cached.statusCode, 304)
        assert.equal(cached.body, '')
        assert.equal((await get(url, { 'if-none-match': `"other", W/${etag}` })).statusCode, 304)
        assert.equal((await get(url, { 'if-none-match': '"stale"' })).statusCode, 200)
        assert.equal((await get(url, { 'if-modified-since': lastModified })).statusCode, 304)
        assert.equal((await get(url, { 'if-modified-since': 'Mon, 01 Jan 2001 00:00:00 GMT' })).statusCode, 200)
        assert.equal((await get(url, { 'if-modified-since': 'not a date' })).statusCode, 200)
      }
      const before = (await get('/feeds/rss.xml')).headers.etag as string
      const store = createArticleStore(t.database.db)
      const later = new Date(TEST_NOW.getTime() + 60_000)
      const a = await store.createArticle({
        editionId: 1,
        sectionId: 1,
        slug: 'fresh-news',
        headline: 'Fresh News',
        status: 'published',
        firstPublishedAt: later,
        publishedAt: later,
      })
      await t.deps.events.emit('article.published', { articleId: a.id, sectionId: a.sectionId, firstTime: true })
      const res = await get('/feeds/rss.xml', { 'if-none-match': before })
      assert.equal(res.statusCode, 200)
      assert.notEqual(res.headers.etag, before)
      assert.match(res.body, /Fresh News/)
      assert.equal(res.headers['last-modified'], later.toUTCString())

      // a publication in Asia & Pacific, tagged north-korea, by Mara Lindqvist: every feed carrying it changes
      const db = t.database.db
      const urls = FEEDS.flatMap((folder) => ['rss.xml', 'atom.xml', 'feed.json'].map((file) => folder + file))
      const old = new Map<string, { etag: string; lastModified: string }>()
      for (const url of urls) {
        const r = await get(url)
        old.set(url, { etag: r.headers.etag as string, lastModified: r.headers['last-modified'] as string })
        assert.equal((await get(url, { 'if-none-match': r.headers.etag as string })).statusCode, 304, url)
      }
      const asia = await db.selectFrom('sections').select('id').where('slug', '=', 'asia-pacific').executeTakeFirstOrThrow()
      const tag = await db.selectFrom('tags').select('id').where('slug', '=', 'north-korea').executeTakeFirstOrThrow()
      const author = await db.selectFrom('people').select('id').where('slug', '=', 'mara-lindqvist').executeTakeFirstOrThrow()
      const later2 = new Date(TEST_NOW.getTime() + 120_000)
      const b = await store.createArticle({
        editionId: 1,
        sectionId: asia.id,
        slug: 'pyongyang-dispatch',
        headline: 'Pyongyang Dispatch',
        status: 'published',
        firstPublishedAt: later2,
        publishedAt: later2,
      })
      await store.setTags(b.id, [tag.id])
      await store.setAuthors(b.id, [author.id])
      await t.deps.events.emit('article.published', { articleId: b.id, sectionId: b.sectionId, firstTime: true })
      for (const url of urls) {
        const was = old.get(url)!
        const fresh = await get(url, { 'if-none-match': was.etag })
        assert.equal(fresh.statusCode, 200, `${url}: the old ETag no longer matches`)
        assert.notEqual(fresh.headers.etag, was.etag, url)
        assert.match(fresh.body, /Pyongyang Dispatch/, url)
        assert.equal(fresh.headers['last-modified'], later2.toUTCString(), url)
        assert.equal((await get(url, { 'if-modified-since': was.lastModified })).statusCode, 200, `${url}: modified since the old Last-Modified`)
        assert.equal((await get(url, { 'if-none-match': fresh.headers.etag as string })).statusCode, 304, url)
        assert.equal((await get(url, { 'if-modified-since': fresh.headers['last-modified'] as string })).statusCode, 304, url)
      }
    })

    test('unknown feed types and scopes are 404s that point to /feeds/, never errors', async () => {
      for (const url of [
        '/feeds/rss.txt',
        '/feeds/rss',
        '/feeds/feed.xml',
        '/feeds/section/nowhere/rss.xml',
        '/feeds/tag/no-such-tag/atom.xml',
        '/feeds/tag/a/b/rss.xml',
        '/feeds/tag/UPPER/rss.xml',
        '/feeds/author/nobody/feed.json',
        '/feeds/section/rss.xml',
        '/feeds/../etc/passwd',
        '/feeds/%00/rss.xml',
        `/feeds/tag/${'x'.repeat(400)}/rss.xml`,
      ]) {
        const res = await get(url)
        assert.equal(res.statusCode, 404, url)
        assert.match(res.body, /There is no such feed|There is nothing at this address|There is no section at this address/, url)
      }
      const json = await get('/feeds/podcast.mp3', { accept: 'application/json' })
      assert.equal(json.json().error.code, 'FEED_NOT_FOUND')
      const index = await get('/feeds/')
      assert.equal(index.statusCode, 200)
      assert.match(index.body, /<a href="\/feeds\/section\/world\/asia-pacific\/rss.xml">RSS<\/a>/)
      assert.equal((await get('/feeds')).headers.location, '/feeds/')
    })

    test('pages advertise the feeds', async () => {
      const home = (await get('/')).body
      assert.match(home, /<link rel="alternate" type="application\/rss\+xml" title="Dateline \(RSS\)" href="\/feeds\/rss.xml">/)
      assert.match(home, /<link rel="alternate" type="application\/feed\+json"/)
      const section = (await get('/world/asia-pacific/')).body
      assert.match(
        section,
        /<link rel="alternate" type="application\/rss\+xml" title="Dateline: Asia &amp; Pacific \(RSS\)" href="\/feeds\/section\/world\/asia-pacific\/rss.xml">/,
      )
    })
  })
}
