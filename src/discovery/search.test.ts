import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, TEST_NOW, type TestApp } from '../../test/support/app.ts'
import { closeTemplate, databaseKinds } from '../../test/support/databases.ts'
import { createArticleStore } from '../content/article-store.ts'

after(closeTemplate)

/** The headlines of a search page's results, in order. */
function headlines(body: string): string[] {
  return [...body.matchAll(/<h2 class="card__headline"><a href="[^"]+">([^<]+)<\/a><\/h2>/g)].map((m) => m[1]!.replace(/&#39;/g, "'"))
}

for (const kind of databaseKinds()) {
  describe(`search on ${kind}`, () => {
    let t: TestApp
    before(async () => {
      t = await createTestApp({ kind, clock: { now: () => TEST_NOW } })
    })
    after(async () => {
      await t.close()
    })
    const get = (url: string) => t.app.inject({ method: 'GET', url })
    const api = async (query: string) => {
      const res = await get(`/api/content/search?${query}`)
      assert.equal(res.statusCode, 200, res.body)
      return res.json() as { state: string; total: number; pages: number; results: { headline: string; url: string; section: string; snippetHtml: string }[] }
    }

    test('a phrase finds the articles with those words in that order, with the words highlighted', async () => {
      const res = await get(`/search?q=${encodeURIComponent('"human rights"')}`)
      assert.equal(res.statusCode, 200)
      const found = headlines(res.body)
      assert.ok(found.includes('UN Security Council Debate on North Korea Rights Record Leaves China Worried'), found.join('\n'))
      assert.ok(found.includes('UN Official Urges to Dismantle North Korea Camp System, Release Prisoners'))
      assert.match(res.body, /<mark>human<\/mark> <mark>rights<\/mark>/i)
      assert.equal((await api(`q=${encodeURIComponent('"rights human"')}`)).state, 'none')
    })

    test('a word ending in * matches words that start with it; without * it does not', async () => {
      const prefix = await api('q=astro*')
      assert.deepEqual(
        prefix.results.map((r) => r.headline),
        ['Astronomers Catalogue Hundreds of Fast Radio Bursts From a Single Source'],
      )
      assert.match(prefix.results[0]!.snippetHtml, /<mark>Astronomers<\/mark>/)
      assert.equal((await api('q=astro')).state, 'none')
    })

    test('headline matches rank first, and -word leaves articles out', async () => {
      const korea = await api('q=korea')
      assert.equal(korea.total, 3)
      const minusChina = await api(`q=${encodeURIComponent('korea -china')}`)
      assert.ok(!minusChina.results.some((r) => r.headline.includes('China Worried')))
      const council = await api('q=council')
      assert.match(council.results[0]!.headline, /Council/)
      const either = await api(`q=${encodeURIComponent('cyclones OR glaciers')}`)
      assert.deepEqual(either.results.map((r) => r.headline).sort(), [
        'Andean Farmers Turn to Drip Irrigation as Glaciers Retreat',
        'Pacific Island States Agree Joint Early-Warning Network for Cyclones',
      ])
    })

    test('the section filter keeps a section and its subsections; dates filter by publication day', async () => {
      const asia = await api('q=council&section=world/asia-pacific')
      assert.ok(asia.results.length >= 2)
      assert.ok(
        asia.results.every((r) => r.section === 'Asia & Pacific'),
        JSON.stringify(asia.results),
      )
      const world = await api('q=council&section=world')
      assert.ok(world.results.some((r) => r.section === 'World') && world.results.some((r) => r.section === 'Asia & Pacific'))
      const recent = await api('q=council&from=2026-11-01')
      assert.ok(recent.results.length > 0 && !recent.results.some((r) => r.headline.includes('China Worried')))
      const old = await api('q=council&from=2020-08-05&to=2020-08-05')
      assert.deepEqual(
        old.results.map((r) => r.headline),
        ['UN Security Council Debate on North Korea Rights Record Leaves China Worried'],
      )
      const page = await get('/search?q=council&section=world%2Fasia-pacific')
      assert.match(page.body, /<option value="world\/asia-pacific" selected>/)
    })

    test('an empty query gets the search form and tips, not an error', async () => {
      for (const url of ['/search', '/search?q=', '/search?q=%20%20&section=&from=&to=']) {
        const res = await get(url)
        assert.equal(res.statusCode, 200, url)
        assert.match(res.body, /Search every article we have published/)
        assert.match(res.body, /Put a phrase in quotes/)
        assert.match(res.body, /<meta name="robots" content="noindex, follow">/)
      }
      assert.equal((await api('q=')).state, 'empty')
    })

    test('junk and stop words get a helpful message', async () => {
      const junk = await get(`/search?q=${encodeURIComponent('!!! *** ???')}`)
      assert.equal(junk.statusCode, 200)
      assert.match(junk.body, /There were no words to search for/)
      const common = await get('/search?q=the+and+of')
      assert.equal(common.statusCode, 200)
      assert.match(common.body, /has only very common words/)
    })

    test('bad input never causes a server error', async () => {
      const articlesBefore = await createArticleStore(t.database.db).countArticles()
      const cases: [string, number][] = [
        [`q=${'korea '.repeat(1700)}`, 200],
        [`q=${encodeURIComponent('"unbalanced "quotes" here')}`, 200],
        [`q=${encodeURIComponent("'; drop table articles; --")}`, 200],
        [`q=${encodeURIComponent("korea & !china | (x <-> y):* 'a':B")}`, 200],
        [`q=${encodeURIComponent('\\ \' " \u0000 \ue000 <script>')}`, 400], // a NUL is refused everywhere (http/strict-input.ts)
        [`q=${encodeURIComponent('\\ \' " \ue000 <script>')}`, 200],
        ['q=korea&page=0', 400],
        ['q=korea&page=-1', 400],
        ['q=korea&page=abc', 400],
        ['q=korea&page=100000', 400],
        ['q=korea&page=99', 200],
        ['q=korea&from=2020-02-31', 400],
        ['q=korea&to=yesterday', 400],
        ['q=korea&section=..%2F..%2Fetc', 400],
        ['q=korea&section=no-such-section', 400],
      ]
      for (const [query, status] of cases) {
        for (const path of ['/search', '/api/content/search']) {
          const res = await get(`${path}?${query}`)
          assert.equal(res.statusCode, status, `${path}?${query.slice(0, 80)} → ${res.statusCode} ${res.body.slice(0, 200)}`)
        }
      }
      // SQL and tsquery syntax are words to search for: a page of results or of no results, never an error page
      const syntax: [string, 'results' | 'none'][] = [
        ["'; drop table articles; --", 'none'],
        ["korea & !china | (x <-> y):* 'a':B", 'none'],
        ['\\ \' " \ue000 <script>', 'none'],
        ['"unbalanced "quotes" here', 'none'],
        ["korea' or '1'='1", 'none'],
        ['select * from articles where 1=1 union select password from staff_accounts', 'none'],
        ['korea OR ) ( ":*', 'results'],
        ['council:* & !korea', 'results'],
      ]
      for (const [q, state] of syntax) {
        const json = await api(`q=${encodeURIComponent(q)}`)
        assert.equal(json.state, state, `${q} (API)`)
        const page = await get(`/search?q=${encodeURIComponent(q)}`)
        assert.equal(page.statusCode, 200, q)
        assert.match(page.body, /<h1 class="search-page__title">Search<\/h1>/, `${q}: the search page`)
        assert.doesNotMatch(page.body, /class="error-page|Something went wrong/, `${q}: not an error page`)
        assert.doesNotMatch(page.body, /<script>/, `${q}: what was typed is escaped`)
        if (state === 'none') {
          assert.match(page.body, /<p class="search-note">No articles match <strong><bdi>[^<]+<\/bdi><\/strong>\.<\/p>/, `${q}: a no-results page`)
          assert.equal(headlines(page.body).length, 0, q)
        } else {
          assert.match(
            page.body,
            /<p class="search-count" role="status">\d+ articles? match <strong><bdi>[^<]+<\/bdi><\/strong>\.<\/p>/,
            `${q}: a results page`,
          )
          assert.deepEqual(headlines(page.body).sort(), json.results.map((r) => r.headline.replace(/&#39;/g, "'")).sort(), q)
          assert.ok(json.results.length > 0, q)
        }
      }
      const long = await get(`/search?q=${'korea '.repeat(1700)}`)
      assert.match(long.body, /Your search was long, so only its beginning was used/)
      const beyond = await get('/search?q=korea&page=99')
      assert.match(
        beyond.body,
        /There is only one page of results for <strong><bdi>korea<\/bdi><\/strong>\.\s<a href="\/search\?q=korea">Go to the last page<\/a>/,
      )
      const bad = await get('/api/content/search?q=korea&page=0')
      assert.equal(bad.json().error.code, 'VALIDATION_FAILED')
      assert.equal(await createArticleStore(t.database.db).countArticles(), articlesBefore, 'nothing was dropped')
    })

    test('snippets are escaped: markup in an article is shown as text, only <mark> is markup', async () => {
      const store = createArticleStore(t.database.db)
      const seed = (await store.findPublished({ editionId: 1, limit: 1 }))[0]!
      const a = await store.createArticle({
        editionId: 1,
        sectionId: seed.sectionId,
        slug: 'markup-in-text',
        headline: 'Quokka report',
        status: 'published',
        lead: 'A quokka wrote <script>alert(1)</script> & <b>bold</b> claims.',
        body: [{ type: 'paragraph', content: [{ text: 'The quokka said "<img src=x onerror=alert(1)>".' }] }],
        firstPublishedAt: TEST_NOW,
        publishedAt: TEST_NOW,
      })
      const res = await get('/search?q=quokka')
      const results = res.body.slice(res.body.indexOf('search-results'))
      assert.ok(!results.includes('<script>alert') && !results.includes('<img src=x'), 'no markup from the article')
      assert.match(results, /<mark>quokka<\/mark>/i)
      const json = await api('q=quokka')
      assert.ok(!/<(script|img|b)[ >]/.test(json.results[0]!.snippetHtml), json.results[0]!.snippetHtml)
      await store.updateArticle(a.id, { status: 'unpublished' })
      assert.equal((await api('q=quokka')).state, 'none', 'unpublished articles are not found')
    })

    test('of two equally relevant articles the newer comes first, whatever order they were written in', async () => {
      const store = createArticleStore(t.database.db)
      const seed = (await store.findPublished({ editionId: 1, limit: 1 }))[0]!
      const day = 86_400_000
      // the same words in the same places: only the dates differ. The newer is written first, so
      // an order by id (or by insertion) would put the older first.
      const make = (slug: string, place: string, ageDays: number) => {
        const at = new Date(TEST_NOW.getTime() - ageDays * day)
        return store.createArticle({
          editionId: 1,
          sectionId: seed.sectionId,
          slug,
          headline: `Numbat survey in ${place}`,
          lead: `Rangers counted numbats near ${place}.`,
          status: 'published',
          firstPublishedAt: at,
          publishedAt: at,
        })
      }
      await make('numbat-newer', 'Perth', 1)
      await make('numbat-older', 'Derby', 400)
      const urls = (await api('q=numbat')).results.map((r) => r.url.replace(/^.*\//, ''))
      assert.deepEqual(urls, ['numbat-newer', 'numbat-older'])
      const page = headlines((await get('/search?q=numbat')).body)
      assert.deepEqual(page, ['Numbat survey in Perth', 'Numbat survey in Derby'])
      // and the other way round: the one written later is now the newer one
      await make('numbat-newest', 'Broome', 0)
      assert.deepEqual(
        (await api('q=numbat')).results.map((r) => r.url.replace(/^.*\//, '')),
        ['numbat-newest', 'numbat-newer', 'numbat-older'],
      )
    })

    test('results come in pages of ten with links between them', async () => {
      const store = createArticleStore(t.database.db)
      const seed = (await store.findPublished({ editionId: 1, limit: 1 }))[0]!
      for (let i = 0; i < 23; i++) {
        const at = new Date(TEST_NOW.getTime() - i * 60_000)
        await store.createArticle({
          editionId: 1,
          sectionId: seed.sectionId,
          slug: `wombat-${i}`,
          headline: `Wombat census ${i}`,
          status: 'published',
          firstPublishedAt: at,
          publishedAt: at,
        })
      }
      const first = await api('q=wombat')
      assert.equal(first.total, 23)
      assert.equal(first.pages, 3)
      assert.equal(first.results.length, 10)
      const third = await api('q=wombat&page=3')
      assert.equal(third.results.length, 3)
      const all = new Set([...first.results, ...(await api('q=wombat&page=2')).results, ...third.results].map((r) => r.headline))
      assert.equal(all.size, 23, 'pages do not overlap')
      const page2 = await get('/search?q=wombat&page=2')
      assert.match(page2.body, /<a href="\/search\?q=wombat" rel="prev">Previous<\/a>/)
      assert.match(page2.body, /<a href="\/search\?q=wombat&amp;page=3" rel="next">Next<\/a>/)
      assert.match(page2.body, /23 articles match <strong><bdi>wombat<\/bdi><\/strong>, page 2 of 3/)
    })
  })
}
