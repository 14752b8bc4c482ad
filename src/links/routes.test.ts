import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate, databaseKinds } from '../../test/support/databases.ts'
import { BOT_UAS, reader } from '../../test/support/readers.ts'
import { staffSession, type TestSession } from '../../test/support/staff.ts'
import { createArticleStore } from '../content/article-store.ts'
import { createSectionStore } from '../content/section-store.ts'

const SEED_PATH = '/world/asia-pacific/20200805/un-security-council-debate-on-north-korea-rights-record-leaves-china-worried'

after(closeTemplate)

for (const kind of databaseKinds()) {
  describe(`short links on ${kind}`, () => {
    let t: TestApp
    let seedId: number
    let code: string
    let editor: TestSession
    let offset = 0 // time passing, for expiry
    before(async () => {
      t = await createTestApp({ kind, clock: { now: () => new Date(Date.now() + offset) }, build: { counters: { flushMs: 60_000 } } })
      seedId = (await t.database.db.selectFrom('articles').select('id').where('slug', 'like', 'un-security-council%').executeTakeFirstOrThrow()).id
      const page = await t.app.inject(SEED_PATH)
      code = /data-short-url="http:\/\/dateline\.test\/s\/([0-9A-Za-z]+)"/.exec(page.body)![1]!
      editor = await staffSession(t, 'editor')
    })
    const admin = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: editor.headers, ...(payload ? { payload } : {}) })
    after(async () => t.close())

    const clicks = async (c: string) => {
      await t.app.counters.flush()
      return Number((await t.database.db.selectFrom('short_links').select('clicks').where('code', '=', c).executeTakeFirstOrThrow()).clicks)
    }

    test('every published article has a code at start, shown on its page as {SITE_URL}/s/{code}', async () => {
      const rows = await t.database.db
        .selectFrom('articles')
        .leftJoin('short_links', 'short_links.article_id', 'articles.id')
        .select(['articles.id', 'short_links.code'])
        .where('articles.status', '=', 'published')
        .execute()
      assert.ok(rows.length > 5)
      assert.ok(rows.every((r) => r.code && /^[0-9A-Za-z]{7}$/.test(r.code)))
      assert.equal(rows.find((r) => r.id === seedId)?.code, code)
    })

    test('an article published in the newsroom gets its code at once, and keeps it when republished', async () => {
      const sectionId = (await t.database.db.selectFrom('sections').select('id').where('slug', '=', 'sport').executeTakeFirstOrThrow()).id
      const made = await admin('POST', '/api/admin/articles', { headline: 'Coded on publication', sectionId })
      assert.equal(made.statusCode, 201, made.body)
      const id = JSON.parse(made.body).id as number
      const codeOf = async () => (await t.database.db.selectFrom('short_links').select('code').where('article_id', '=', id).executeTakeFirst())?.code
      assert.equal(await codeOf(), undefined, 'a draft has no code')
      assert.equal((await admin('POST', `/api/admin/articles/${id}/workflow`, { action: 'publish' })).statusCode, 200)
      const first = await codeOf()
      assert.match(first ?? '', /^[0-9A-Za-z]{7}$/)
      assert.match((await t.app.inject(`/s/${first}`)).headers.location as string, /\/sport\/\d{8}\/coded-on-publication$/)
      await admin('POST', `/api/admin/articles/${id}/workflow`, { action: 'unpublish' })
      assert.equal((await t.app.inject(`/s/${first}`)).statusCode, 404)
      await admin('POST', `/api/admin/articles/${id}/workflow`, { action: 'publish' })
      assert.equal(await codeOf(), first)
      assert.equal((await t.app.inject(`/s/${first}`)).statusCode, 301)
    })

    test('/s/{code} answers 301 to the canonical article URL', async () => {
      const res = await t.app.inject({ url: `/s/${code}`, headers: reader(1) })
      assert.equal(res.statusCode, 301)
      assert.equal(res.headers.location, `http://dateline.test${SEED_PATH}`)
      assert.equal(res.headers['cache-control'], 'no-store')
    })

    test('after a slug change and a section move the same code leads to the new URL', async () => {
      const db = t.database.db
      const a = await db.selectFrom('articles').select(['id', 'first_published_at']).where('slug', 'like', 'north-korea-snubs%').executeTakeFirstOrThrow()
      const before = (await db.selectFrom('short_links').select('code').where('article_id', '=', a.id).executeTakeFirstOrThrow()).code
      const europe = (await db.selectFrom('sections').select('id').where('slug', '=', 'europe').executeTakeFirstOrThrow()).id
      assert.equal((await t.app.inject(`/s/${before}`)).statusCode, 301)
      await createArticleStore(db).updateArticle(a.id, { slug: 'snub-renamed', sectionId: europe })
      // the newsroom announces the move, as its article service does
      await t.deps.events.emit('article.changed', { articleId: a.id, sectionId: europe, reason: 'moved' })
      const res = await t.app.inject(`/s/${before}`)
      assert.equal(res.statusCode, 301)
      assert.match(res.headers.location as string, /^http:\/\/dateline\.test\/world\/europe\/\d{8}\/snub-renamed$/)
      // and a section rename too
      await createSectionStore(db).updateSection(europe, { slug: 'europa' })
      await t.deps.events.emit('sections.changed', { editionId: 1 })
      assert.match((await t.app.inject(`/s/${before}`)).headers.location as string, /\/world\/europa\/\d{8}\/snub-renamed$/)
      assert.equal((await db.selectFrom('short_links').select('code').where('article_id', '=', a.id).executeTakeFirstOrThrow()).code, before)
    })

    test('unknown codes get the 404 page; malformed ones too, and over-long ones a clear 400', async () => {
      for (const url of ['/s/Zz9Zz9Z', '/s/abc', '/s/ab-cd', '/s/%27%20or%201=1', '/s/..%2F..%2Fetc']) {
        const res = await t.app.inject({ url, headers: { accept: 'text/html' } })
        assert.equal(res.statusCode, 404, url)
        assert.match(res.body, /<h1 class="error-page__title">Short link not found<\/h1>/)
        assert.match(res.body, /no short link at this address/)
      }
      const long = await t.app.inject(`/s/${'a'.repeat(100)}`)
      assert.equal(long.statusCode, 400)
    })

    test('clicks are counted for people, not for bots, and not for HEAD', async () => {
      const start = await clicks(code)
      for (let i = 0; i < 3; i++) await t.app.inject({ url: `/s/${code}`, headers: reader(100 + i) })
      for (const ua of BOT_UAS) assert.equal((await t.app.inject({ url: `/s/${code}`, headers: { 'user-agent': ua } })).statusCode, 301)
      await t.app.inject({ url: `/s/${code}`, headers: {} })
      await t.app.inject({ method: 'HEAD', url: `/s/${code}`, headers: reader(200) })
      assert.equal(await clicks(code), start + 3)
    })

    test('an unpublished article’s code is a 404 until it is published again', async () => {
      const db = t.database.db
      const a =
        (await db.selectFrom('articles').select('id').where('slug', 'like', 'rail-strike%').executeTakeFirst()) ??
        (await db.selectFrom('articles').select('id').where('id', '<>', seedId).orderBy('id', 'desc').executeTakeFirstOrThrow())
      const c = (await db.selectFrom('short_links').select('code').where('article_id', '=', a.id).executeTakeFirstOrThrow()).code
      const sectionId = (await db.selectFrom('articles').select('section_id').where('id', '=', a.id).executeTakeFirstOrThrow()).section_id
      assert.equal((await t.app.inject(`/s/${c}`)).statusCode, 301)
      await db.updateTable('articles').set({ status: 'unpublished' }).where('id', '=', a.id).execute()
      await t.deps.events.emit('article.changed', { articleId: a.id, sectionId, reason: 'unpublished' })
      assert.equal((await t.app.inject(`/s/${c}`)).statusCode, 404)
      await db.updateTable('articles').set({ status: 'published' }).where('id', '=', a.id).execute()
      await t.deps.events.emit('article.published', { articleId: a.id, sectionId, firstTime: false })
      assert.equal((await t.app.inject(`/s/${c}`)).statusCode, 301)
    })

    test('without JavaScript, Get short URL opens a page that shows the short link to copy', async () => {
      const page = await t.app.inject(SEED_PATH)
      assert.match(
        page.body,
        new RegExp(`<a class="share__button short-url" href="/share/${seedId}" data-short-url="http://dateline.test/s/${code}">Get short URL</a>`),
      )
      const res = await t.app.inject(`/share/${seedId}`)
      assert.equal(res.statusCode, 200)
      assert.match(res.body, /<h1>Short link<\/h1>/)
      assert.match(
        res.body,
        new RegExp(`<input id="short-url" class="short-url__value" type="text" readonly size="\\d+" value="http://dateline.test/s/${code}">`),
      )
      assert.match(res.body, new RegExp(`<a href="${SEED_PATH}">Back to the article</a>`))
      assert.equal((await t.app.inject('/share/999999')).statusCode, 404)
      assert.equal((await t.app.inject('/share/abc')).statusCode, 400)
    })

    test('share links go to the network through a counted redirect', async () => {
      const res = await t.app.inject({ url: `/share/${seedId}/x`, headers: reader(300) })
      assert.equal(res.statusCode, 302)
      const to = new URL(res.headers.location as string)
      assert.equal(to.origin, 'https://x.com')
      assert.equal(to.searchParams.get('url'), `http://dateline.test${SEED_PATH}`)
      await t.app.inject({ url: `/share/${seedId}/facebook`, headers: reader(300) })
      await t.app.inject({ url: `/share/${seedId}/facebook`, headers: reader(301) })
      await t.app.inject({ url: `/share/${seedId}/facebook`, headers: reader(301) }) // same reader again: once
      await t.app.inject({ url: `/share/${seedId}/facebook`, headers: { 'user-agent': BOT_UAS[0]! } })
      assert.equal((await t.app.inject(`/share/${seedId}/myspace`)).statusCode, 400)
      await t.app.counters.flush()
      const counts = JSON.parse((await t.app.inject(`/api/content/articles/${seedId}/counters`)).body)
      assert.deepEqual(counts.sharesByKind, { x: 1, facebook: 2 })
      assert.equal(counts.shares, 3)
    })

    test('only editors may make links: others are refused, and the forms need a CSRF token', async () => {
      const payload = { url: 'https://example.org/x' }
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/admin/links' })).statusCode, 401)
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/admin/links', payload })).statusCode, 401)
      const reporter = await staffSession(t, 'reporter')
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/admin/links', payload, headers: reporter.headers })).statusCode, 403)
      assert.equal((await t.app.inject({ method: 'GET', url: '/newsroom/links', headers: reporter.headers })).statusCode, 403)
      const noCsrf = await t.app.inject({ method: 'POST', url: '/api/admin/links', payload, headers: { cookie: editor.cookie } })
      assert.equal(noCsrf.statusCode, 403)
      assert.equal(JSON.parse(noCsrf.body).error.code, 'CSRF_INVALID')
      assert.equal((await t.database.db.selectFrom('short_links').select('id').where('target_url', '=', payload.url).execute()).length, 0)
    })

    test('editors make short links to any URL, with an expiry; expired and deleted links stop working', async () => {
      const made = await admin('POST', '/api/admin/links', { url: 'https://example.org/report?id=7', expiresAt: '2099-01-01T00:00:00Z' })
      assert.equal(made.statusCode, 201, made.body)
      const link = JSON.parse(made.body).link
      assert.match(link.shortUrl, /^http:\/\/dateline\.test\/s\/[0-9A-Za-z]{7}$/)
      const go = await t.app.inject({ url: `/s/${link.code}`, headers: reader(400) })
      assert.equal(go.statusCode, 302)
      assert.equal(go.headers.location, 'https://example.org/report?id=7')
      assert.equal(await clicks(link.code), 1)

      const list = JSON.parse((await admin('GET', '/api/admin/links')).body)
      assert.equal(list.links[0].code, link.code)
      assert.equal(list.links[0].clicks, 1)
      assert.ok(
        list.links.every((l: { url: string | null }) => l.url !== null),
        'article codes are not listed',
      )

      // a past expiry is refused; time passing expires it
      assert.equal((await admin('PATCH', `/api/admin/links/${link.id}`, { expiresAt: '2001-01-01T00:00:00Z' })).statusCode, 400)
      offset = Date.parse('2099-01-02T00:00:00Z') - Date.now()
      const gone = await t.app.inject({ url: `/s/${link.code}`, headers: { accept: 'text/html' } })
      assert.equal(gone.statusCode, 410)
      assert.match(gone.body, /<h1 class="error-page__title">Link expired<\/h1>/)
      offset = 0
      assert.equal((await t.app.inject(`/s/${link.code}`)).statusCode, 302)
      await admin('PATCH', `/api/admin/links/${link.id}`, { expiresAt: new Date(Date.now() + 60_000).toISOString() })
      offset = 120_000
      assert.equal((await t.app.inject(`/s/${link.code}`)).statusCode, 410, 'a changed expiry applies at once')
      const renewed = await admin('PATCH', `/api/admin/links/${link.id}`, { expiresAt: null })
      assert.equal(JSON.parse(renewed.body).link.expiresAt, null)
      offset = 0
      assert.equal((await t.app.inject(`/s/${link.code}`)).statusCode, 302)

      assert.equal((await admin('DELETE', `/api/admin/links/${link.id}`)).statusCode, 204)
      assert.equal((await t.app.inject(`/s/${link.code}`)).statusCode, 404)
      assert.equal((await admin('DELETE', `/api/admin/links/${link.id}`)).statusCode, 404)
    })

    test('bad links are refused with the field named', async () => {
      for (const url of [
        'javascript:alert(1)',
        'ftp://example.org/x',
        'not a url',
        'https://user:pw@example.org/',
        `https://example.org/${'a'.repeat(2100)}`,
      ]) {
        const res = await admin('POST', '/api/admin/links', { url })
        assert.equal(res.statusCode, 400, url)
        assert.equal(JSON.parse(res.body).error.code, 'VALIDATION_FAILED')
      }
      const badExpiry = await admin('POST', '/api/admin/links', { url: 'https://example.org/', expiresAt: 'tomorrow' })
      assert.equal(JSON.parse(badExpiry.body).error.fields[0].field, 'expiresAt')
    })

    test('the newsroom page makes a link from a form, lists it with its clicks, and deletes it', async () => {
      const form = (url: string, fields: Record<string, string>) =>
        t.app.inject({
          method: 'POST',
          url,
          headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ _csrf: editor.csrf, ...fields }).toString(),
        })
      const bad = await form('/newsroom/links', { url: 'javascript:alert(1)', expiresAt: '' })
      assert.equal(bad.statusCode, 400)
      assert.match(bad.body, /<p class="nr-error" id="link-url-error">The URL must start with http:\/\/ or https:\/\/\.<\/p>/)
      assert.match(bad.body, /value="javascript:alert\(1\)"/, 'the draft is kept')
      const made = await form('/newsroom/links', { url: 'https://example.org/newsroom-made', expiresAt: '2099-06-30T12:00' })
      assert.equal(made.statusCode, 303)
      const page = await t.app.inject({ url: made.headers.location as string, headers: { cookie: editor.cookie } })
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /<h1>Short links<\/h1>/)
      assert.match(page.body, /Made <a href="http:\/\/dateline\.test\/s\/[0-9A-Za-z]{7}">/)
      assert.match(page.body, /value="2099-06-30T12:00"/)
      assert.match(page.body, /<a href="\/newsroom\/links" aria-current="page">Short links<\/a>/)
      const id = Number(/action="\/newsroom\/links\/(\d+)\/delete"/.exec(page.body)![1])
      assert.equal((await form(`/newsroom/links/${id}`, { expiresAt: '2001-01-01T00:00' })).statusCode, 400)
      assert.equal((await form(`/newsroom/links/${id}`, { expiresAt: '' })).statusCode, 303)
      assert.equal((await form(`/newsroom/links/${id}/delete`, {})).statusCode, 303)
      const after = await t.app.inject({ url: '/newsroom/links', headers: { cookie: editor.cookie } })
      assert.ok(!after.body.includes('newsroom-made'))
    })
  })
}

describe('with SHORT_URL_BASE on a short domain', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp({ env: { SHORT_URL_BASE: 'https://dtl.example' } })
  })
  after(async () => t.close())

  test('short links are shown on that host, and answered there', async () => {
    const page = await t.app.inject(SEED_PATH)
    const code = /data-short-url="https:\/\/dtl\.example\/([0-9A-Za-z]+)"/.exec(page.body)?.[1]
    assert.ok(code, 'the short URL is on the short domain')
    const res = await t.app.inject({ url: `/${code}`, headers: { host: 'dtl.example' } })
    assert.equal(res.statusCode, 301)
    assert.equal(res.headers.location, `http://dateline.test${SEED_PATH}`)
    // the site's own pages are untouched on the site's host
    assert.equal((await t.app.inject({ url: '/world', headers: { host: 'dateline.test' } })).statusCode, 301)
    assert.equal((await t.app.inject({ url: `/s/${code}`, headers: { host: 'dateline.test' } })).statusCode, 301)
  })
})
