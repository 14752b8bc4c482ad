import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate, databaseKinds } from '../../test/support/databases.ts'
import { createArticleStore } from '../content/article-store.ts'
import { tagSlug } from '../content/people-store.ts'
import { SEED_HEADLINE } from '../demo/demo-articles.ts'

const SEED_PATH = '/world/asia-pacific/20200805/un-security-council-debate-on-north-korea-rights-record-leaves-china-worried'

function countMatches(text: string, re: RegExp): number {
  return (text.match(re) ?? []).length
}

for (const kind of databaseKinds()) {
  describe(`public pages on ${kind}`, () => {
    let t: TestApp
    before(async () => {
      t = await createTestApp({ kind })
    })
    after(async () => {
      await t.close()
    })
    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers })

    test('home lists the seed article and section blocks', async () => {
      const res = await get('/')
      assert.equal(res.statusCode, 200)
      assert.match(res.headers['content-type'] as string, /text\/html; charset=utf-8/)
      assert.ok(res.body.includes(`href="${SEED_PATH}"`), 'links to the seed article')
      assert.ok(res.body.includes(SEED_HEADLINE))
      assert.match(res.body, /<h2 id="sec-\d" class="rule-heading"><a href="\/world\/">World<\/a><\/h2>/)
      assert.equal(countMatches(res.body, /<h1[ >]/g), 1)
      // the two columns never show the same headline twice
      const [mainColumn, side] = res.body.split('<div class="home__side">')
      const linksIn = (h: string) => new Set([...h.matchAll(/<a href="(\/[^"]+\/\d{8}\/[^"]+)"/g)].map((m) => m[1]))
      const latest = side!.split('id="latest-h"')[1] ?? ''
      const repeated = [...linksIn(latest)].filter((href) => linksIn(mainColumn!).has(href))
      assert.deepEqual(repeated, [], 'Latest repeats headlines from the main column')
      // scripts are deferred modules only (and JSON-LD data blocks, which never run): the page is complete HTML without them
      for (const tag of (res.body.match(/<script[^>]*>/g) ?? []).filter((t) => t !== '<script type="application/ld+json">'))
        assert.match(tag, /^<script type="module" src="\/assets\/build\/site-[A-Z0-9]+\.js" data-turbo-track="reload">$/)
    })

    test('the seed article page shows every element whose data exists', async () => {
      const res = await get(SEED_PATH)
      assert.equal(res.statusCode, 200)
      const b = res.body
      assert.match(b, /<a class="section-label" href="\/world\/asia-pacific\/">Asia &amp; Pacific<\/a>/)
      assert.match(b, /<h1 id="headline" class="article__headline">UN Security Council Debate on North Korea Rights Record Leaves China Worried<\/h1>/)
      assert.match(b, /<time datetime="2020-08-05T03:38:00Z">03:38 GMT 05.08.2020<\/time>/)
      assert.match(b, /<p class="article__lead">The UN Security Council&#39;s discussion of North Korea&#39;s human rights record/)
      // the dateline's dash never wraps away from it (a no-break space), and the copy keeps its own no-break spaces
      assert.match(b, /<p><span class="dateline">MOSCOW, December 24 \(Sputnik\)<\/span>\u00a0— The UN Security Council’s meeting on\u00a0North Korea/)
      assert.match(b, /<h2 class="subheading">North Korea Denies Veracity of\u00a0Report, Attacks US Double Standards<\/h2>/)
      // the prison guard's words are the guard's; the ambassador's own follow
      assert.match(b, /<q data-speaker="former prison guard" title="former prison guard"><span dir="auto">routinely raping prisoners\.<\/span><\/q>/)
      assert.match(b, /<q data-speaker="Samantha Power" title="Samantha Power"><span dir="auto">a victim became pregnant/)
      assert.match(b, /<q data-speaker="Samantha Power" title="Samantha Power"><span dir="auto">Given the threat they pose to\u00a0peace and security/)
      assert.match(b, /<q data-speaker="Kim Song" data-source="Reuters" title="Kim Song, via Reuters"><span dir="auto">fabricated on\u00a0the basis/)
      assert.equal(countMatches(b, /<q[ >]/g), 20)
      assert.equal(countMatches(b, /<h1[ >]/g), 1)
      // related: the five pinned headlines (the ones with a matching article are links), then an automatic match
      const related = b.slice(b.indexOf('id="related-h"'), b.indexOf('</section>', b.indexOf('id="related-h"')))
      assert.equal(countMatches(related, /<li>/g), 6)
      assert.match(
        related,
        /<li><a href="\/world\/asia-pacific\/20261129\/north-korea-snubs-un-meeting-slams-security-councils-double-standards">North Korea Snubs UN Meeting/,
      )
      assert.match(related, /<li>North Korea Can Build Up to 79 Nuclear Weapons by 2020: Report<\/li>/)
      assert.match(b, /<a href="\/community-standards">Community standards<\/a>/)
      assert.match(b, /<link rel="canonical" href="http:\/\/dateline.test\/world\/asia-pacific\/20200805\//)
      // Listen Live is there on a fresh start, off air until a station is added (no dead button: a link to /live)
      assert.match(b, /<a class="live-button live-button--off-air" href="\/live">.*Listen Live<\/span> <span class="live-button__state">Off air<\/span><\/a>/)
      // the comment counter leads to the discussion; tags lead to their pages
      assert.match(b, /<a class="counter counter--comments" href="#discussion"/)
      assert.match(b, /<section class="discussion" id="discussion"/)
      assert.match(
        b,
        /<p class="tags"><span class="visually-hidden">Tags: <\/span><a class="tag" href="\/tag\/north-korea" rel="tag" dir="auto">North Korea<\/a> <a class="tag" href="\/tag\/united-nations" rel="tag" dir="auto">United Nations<\/a>/,
      )
      const main = b.slice(b.indexOf('<main'), b.indexOf('</main>'))
      assert.equal(
        countMatches(main, /<button/g),
        countMatches(main, /<li hidden><button type="button" class="share__native" data-share-native/g),
        'the only button in the article is the share sheet, hidden until the script finds one',
      )
      // Get short URL works without JavaScript: it is a link to a page
      assert.match(b, /<a class="share__button short-url" href="\/share\/\d+" data-short-url="http:\/\/dateline\.test\/s\/[0-9A-Za-z]{7}">Get short URL<\/a>/)
      // landmarks
      for (const landmark of [
        '<header class="site-header">',
        '<main id="main"',
        '<footer class="site-footer">',
        '<nav class="site-nav" aria-label="Sections">',
      ])
        assert.ok(b.includes(landmark), landmark)
    })

    test('the article page lists who is quoted', async () => {
      const b = (await get(SEED_PATH)).body
      assert.match(
        b,
        /<bdi class="quoted__name">Samantha Power<\/bdi> <span class="quoted__count">8 quotes<\/span><span class="quoted__via">, via <bdi>Japan Times<\/bdi>, <bdi>Reuters<\/bdi><\/span>/,
      )
      assert.match(b, /<bdi class="quoted__name">former prison guard<\/bdi> <span class="quoted__count">1 quote<\/span>/)
    })

    test('tag pages list the edition’s articles with the tag, newest first, and offer its feeds', async () => {
      const res = await get('/tag/north-korea')
      assert.equal(res.statusCode, 200)
      const b = res.body
      assert.match(b, /<h1 class="section-page__title"><bdi>North Korea<\/bdi><\/h1>/)
      assert.ok(b.includes(`href="${SEED_PATH}"`), 'the seed article is tagged North Korea')
      assert.match(b, /<link rel="canonical" href="http:\/\/dateline\.test\/tag\/north-korea">/)
      assert.match(
        b,
        /<link rel="alternate" type="application\/feed\+json" title="Dateline: North Korea \(JSON Feed\)" href="\/feeds\/tag\/north-korea\/feed\.json">/,
      )
      const times = [...b.matchAll(/<time datetime="([^"]+)"/g)].map((m) => m[1]!)
      assert.ok(times.length >= 1)
      assert.deepEqual([...times].sort().reverse(), times)
      assert.equal(countMatches(b, /<h1[ >]/g), 1)
      for (const url of ['/tag/no-such-tag', '/tag/North_Korea', '/author/nobody-at-all']) assert.equal((await get(url)).statusCode, 404, url)
      assert.equal((await get('/tag/north-korea?before=yesterday')).statusCode, 400)
      // the feed's home is the tag's page
      assert.equal((await get('/feeds/tag/north-korea/feed.json')).json().home_page_url, 'http://dateline.test/tag/north-korea')
    })

    test('tag pages in any script, per edition: /ru/tag/… lists the Russian edition’s articles', async () => {
      const res = await get(`/ru/tag/${encodeURIComponent('климат')}`)
      assert.equal(res.statusCode, 200)
      assert.match(res.body, /<h1 class="section-page__title"><bdi>Климат<\/bdi><\/h1>/)
      assert.match(res.body, /<html lang="ru-RU"/)
      assert.equal(countMatches(res.body, /<h2 class="card__headline">/g), 2, 'both Russian articles about the climate')
      assert.equal((await get(`/tag/${encodeURIComponent('климат')}`)).statusCode, 404, 'not a tag of the English edition')
      // right to left and without spaces: Arabic and Chinese tags have pages too, linked from their articles
      for (const [prefix, name, dir] of [
        ['/ar', 'حقوق الإنسان', 'rtl'],
        ['/zh', '人权', 'ltr'],
        ['/ru', 'Сельское хозяйство', 'ltr'],
      ] as const) {
        const page = await get(`${prefix}/tag/${encodeURIComponent(tagSlug(name))}`)
        assert.equal(page.statusCode, 200, `${prefix} ${name}`)
        assert.match(page.body, new RegExp(`<h1 class="section-page__title"><bdi>${name}</bdi></h1>`))
        assert.match(page.body, new RegExp(`<html lang="[^"]+" dir="${dir}">`))
        assert.ok(countMatches(page.body, /<h2 class="card__headline">/g) >= 1)
      }
      // the Russian article page links its tags there
      const article = /<a href="(\/ru\/[^"]+)">/.exec(res.body.slice(res.body.indexOf('class="card__headline"')))![1]!
      assert.match((await get(article)).body, /<a class="tag" href="\/ru\/tag\/%D0%BA%D0%BB%D0%B8%D0%BC%D0%B0%D1%82" rel="tag" dir="auto">Климат<\/a>/)
    })

    test('author pages list their articles; bylines link to them', async () => {
      const { db } = t.database
      const person = await db.selectFrom('people').select(['id', 'slug', 'display_name']).where('display_name', '=', 'Mara Lindqvist').executeTakeFirstOrThrow()
      const res = await get(`/author/${person.slug}`)
      assert.equal(res.statusCode, 200)
      assert.match(res.body, /<h1 class="section-page__title"><bdi>Mara Lindqvist<\/bdi><\/h1>/)
      const count = await db.selectFrom('article_authors').select(db.fn.countAll<number>().as('n')).where('person_id', '=', person.id).executeTakeFirstOrThrow()
      assert.equal(countMatches(res.body, /<h2 class="card__headline">/g), Number(count.n))
      const article = /<h2 class="card__headline"><a href="([^"]+)">/.exec(res.body)![1]!
      assert.match(
        (await get(article)).body,
        new RegExp(`<p class="byline">By <bdi><a href="/author/${person.slug}" rel="author">Mara Lindqvist</a></bdi></p>`),
      )
      assert.equal((await get(`/feeds/author/${person.slug}/feed.json`)).json().home_page_url, `http://dateline.test/author/${person.slug}`)
      // an author named in another script, in that edition
      const ru = await get(`/ru/author/${encodeURIComponent('мария-соколова')}`)
      assert.equal(ru.statusCode, 200)
      assert.match(ru.body, /<h1 class="section-page__title"><bdi>Мария Соколова<\/bdi><\/h1>/)
      assert.equal(countMatches(ru.body, /<h2 class="card__headline">/g), 2)
      assert.match(
        ru.body,
        /<link rel="canonical" href="http:\/\/dateline\.test\/ru\/author\/%D0%BC%D0%B0%D1%80%D0%B8%D1%8F-%D1%81%D0%BE%D0%BA%D0%BE%D0%BB%D0%BE%D0%B2%D0%B0">/,
      )
      assert.match(
        (await get(`/author/${encodeURIComponent('мария-соколова')}`)).body,
        /No article by <bdi>Мария Соколова<\/bdi> has been published in this edition yet\./,
      )
    })

    test('section pages: newest first, children included, keyset pagination', async () => {
      const res = await get('/world/')
      assert.equal(res.statusCode, 200)
      assert.match(res.body, /<h1 class="section-page__title">World<\/h1>/)
      assert.ok(res.body.includes(`href="${SEED_PATH}"`), 'World includes its Asia & Pacific child')
      const times = [...res.body.matchAll(/<time datetime="([^"]+)"/g)].map((m) => m[1]!)
      assert.deepEqual([...times].sort().reverse(), times)
      const asia = await get('/world/asia-pacific/')
      assert.equal(asia.statusCode, 200)
      assert.match(asia.body, /<p class="section-label"><a href="\/world\/">World<\/a><\/p>/)
    })

    test('section pagination follows the Older link to the end without repeats', async () => {
      const { db } = t.database
      const store = createArticleStore(db)
      const sport = await db.selectFrom('sections').select('id').where('slug', '=', 'sport').executeTakeFirstOrThrow()
      for (let i = 0; i < 45; i++) {
        const at = new Date(Date.UTC(2025, 0, 1, 0, i))
        await store.createArticle({
          editionId: 1,
          sectionId: sport.id,
          slug: `match-report-${i}`,
          headline: `Match report ${i}`,
          status: 'published',
          publishedAt: at,
          firstPublishedAt: at,
        })
      }
      const seen = new Set<string>()
      let url: string | undefined = '/sport/'
      let pages = 0
      while (url) {
        const res = await get(url)
        assert.equal(res.statusCode, 200)
        for (const m of res.body.matchAll(/<h2 class="card__headline"><a href="([^"]+)"/g)) {
          assert.ok(!seen.has(m[1]!), `repeated ${m[1]}`)
          seen.add(m[1]!)
        }
        url = /<a href="([^"]+)" rel="next">/.exec(res.body)?.[1]?.replace(/&amp;/g, '&')
        pages++
      }
      assert.equal(seen.size, 47)
      assert.equal(pages, 3)
    })

    test('a section without its trailing slash redirects; a moved article 301s to its new URL', async () => {
      const res = await get('/world')
      assert.equal(res.statusCode, 301)
      assert.equal(res.headers.location, '/world/')
      const { db } = t.database
      const store = createArticleStore(db)
      const a = (await store.findPublishedByHeadlines(1, ['Snowstorm Closes Alpine Passes as Holiday Traffic Builds']))[0]!
      await store.updateArticle(a.id, { slug: 'alpine-passes-closed' })
      const old = await get('/world/europe/20261129/snowstorm-closes-alpine-passes-as-holiday-traffic-builds')
      assert.equal(old.statusCode, 301)
      assert.equal(old.headers.location, '/world/europe/20261129/alpine-passes-closed')
      const wrongDate = await get('/world/europe/20200101/alpine-passes-closed')
      assert.equal(wrongDate.headers.location, '/world/europe/20261129/alpine-passes-closed')
      assert.equal((await get('/world/europe/20261129/alpine-passes-closed')).statusCode, 200)
    })

    test('unknown sections and articles get a 404 page', async () => {
      for (const url of [
        '/nowhere/',
        '/nowhere',
        '/world/asia-pacific/20200805/no-such-article',
        '/world/no-such-child/',
        '/Bad_Path!/',
        '/a/b/c/d/e/f/g/',
        '/assets/nope.css',
      ]) {
        const res = await get(url)
        assert.equal(res.statusCode, 404, url)
        assert.match(res.headers['content-type'] as string, /text\/html/)
        assert.match(res.body, /<h1 class="error-page__title">(Page|Section|Article) not found<\/h1>/, url)
        // it says what was not found: the address asked for, escaped
        assert.ok(res.body.includes(`Nothing is published at <code dir="auto">${url.replace(/&/g, '&amp;')}</code>`), url)
      }
      const article = await get('/world/asia-pacific/20200805/no-such-article')
      assert.match(article.body, /<h1 class="error-page__title">Article not found<\/h1>/)
      const hostile = await get('/%3Cscript%3Ealert(1)%3C/script%3E/')
      assert.ok(!hostile.body.includes('<script>alert(1)'), 'the address is shown as text')
      const api = await get('/api/nothing')
      assert.equal(api.statusCode, 404)
      assert.deepEqual(api.json(), { error: { code: 'NOT_FOUND', message: 'There is nothing at this address.' } })
    })

    test('draft and unpublished articles are not served', async () => {
      const { db } = t.database
      const store = createArticleStore(db)
      const at = new Date('2026-11-01T00:00:00Z')
      const a = await store.createArticle({
        editionId: 1,
        sectionId: 1,
        slug: 'secret-draft',
        headline: 'Secret draft',
        status: 'draft',
        firstPublishedAt: at,
        publishedAt: at,
      })
      assert.equal((await get('/world/20261101/secret-draft')).statusCode, 404)
      await store.updateArticle(a.id, { status: 'published' })
      await t.deps.events.emit('article.published', { articleId: a.id, sectionId: 1, firstTime: true })
      assert.equal((await get('/world/20261101/secret-draft')).statusCode, 200)
      await store.updateArticle(a.id, { status: 'unpublished' })
      await t.deps.events.emit('article.changed', { articleId: a.id, sectionId: 1, reason: 'unpublished' })
      assert.equal((await get('/world/20261101/secret-draft')).statusCode, 404)
    })

    test('malformed query parameters get a 400 that says what was wrong', async () => {
      for (const q of ['before=yesterday', 'before=1.2.3', 'before=1&before=2', `before=${'9'.repeat(50)}`]) {
        const res = await get(`/world/?${q}`)
        assert.equal(res.statusCode, 400, q)
        assert.match(res.body, /Query parameter &quot;before&quot; is not valid/, q)
      }
      const json = await get('/world/?before=junk', { accept: 'application/json' })
      assert.equal(json.json().error.code, 'VALIDATION_FAILED')
      assert.equal((await get('/world/?utm_source=newsletter')).statusCode, 200, 'unknown parameters are ignored')
    })

    test('no request crashes the process', async () => {
      const odd = ['/%', '/%E0%A4%A', '/world/%00/', '/..%2f..%2fetc/passwd', '/world/asia-pacific/20200805/' + 'a'.repeat(5000)]
      for (const url of odd) {
        const res = await get(url)
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${url.slice(0, 40)} → ${res.statusCode}`)
      }
      const post = await t.app.inject({ method: 'POST', url: '/', payload: '{bad json', headers: { 'content-type': 'application/json' } })
      assert.ok(post.statusCode >= 400 && post.statusCode < 500)
      assert.equal((await get('/healthz')).statusCode, 200)
    })

    test('/healthz reports the database', async () => {
      const res = await get('/healthz')
      assert.deepEqual(res.json(), { ok: true, database: 'up' })
    })

    test('static assets: hashed URL, immutable, compressed', async () => {
      const home = await get('/')
      const css = /<link rel="stylesheet" href="([^"]+)"/.exec(home.body)![1]!
      const res = await get(css, { 'accept-encoding': 'gzip, br' })
      assert.equal(res.statusCode, 200)
      assert.equal(res.headers['content-encoding'], 'br')
      assert.match(res.headers['cache-control'] as string, /immutable/)
      const again = await get(css, { 'if-none-match': res.headers.etag as string })
      assert.equal(again.statusCode, 304)
    })

    test('security headers', async () => {
      const res = await get('/')
      assert.match(res.headers['content-security-policy'] as string, /script-src 'self'/)
      assert.equal(res.headers['x-content-type-options'], 'nosniff')
    })
  })
}

after(closeTemplate)
