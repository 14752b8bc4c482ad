import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, TEST_NOW, type TestApp } from '../../test/support/app.ts'
import { closeTemplate, databaseKinds } from '../../test/support/databases.ts'
import { BOT_UAS, BROWSER_UA, reader } from '../../test/support/readers.ts'
import { staffSession } from '../../test/support/staff.ts'
import { createCounterStore } from './counter-store.ts'

const SEED_PATH = '/world/asia-pacific/20200805/un-security-council-debate-on-north-korea-rights-record-leaves-china-worried'

after(closeTemplate)

for (const kind of databaseKinds()) {
  describe(`counters on ${kind}`, () => {
    let t: TestApp
    let seedId: number
    const now = TEST_NOW.getTime() + 3_600_000
    before(async () => {
      t = await createTestApp({ kind, clock: { now: () => new Date(now) }, build: { counters: { flushMs: 60_000, addressLimit: 20, mostReadCacheMs: 0 } } })
      seedId = (await t.database.db.selectFrom('articles').select('id').where('slug', 'like', 'un-security-council%').executeTakeFirstOrThrow()).id
    })
    after(async () => t.close())

    const view = (article: unknown, headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/counters/views',
        payload: `article=${encodeURIComponent(String(article))}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', ...headers },
      })
    const counts = async (id = seedId) => {
      await t.app.counters.flush()
      const res = await t.app.inject(`/api/content/articles/${id}/counters`)
      assert.equal(res.statusCode, 200)
      return JSON.parse(res.body) as { comments: number; views: number; shares: number; sharesByKind: Record<string, number> }
    }

    test('the seed import’s counters are the starting values, shown labelled on the page', async () => {
      const c = await counts()
      assert.equal(c.comments, 0)
      assert.equal(c.views, 12)
      const page = (await t.app.inject(SEED_PATH)).body
      assert.match(
        page,
        /<span class="counter__n" data-count="comments" data-n="0">0<\/span><span class="visually-hidden" data-count-label="comments" data-forms="[^"]*"> comments<\/span>/,
      )
      assert.match(
        page,
        /<span class="counter__n" data-count="views" data-n="12">12<\/span><span class="visually-hidden" data-count-label="views" data-forms="[^"]*"> views<\/span>/,
      )
      assert.match(page, /data-counters="\/api\/content\/articles\/\d+\/counters"/)
      assert.match(page, /\(as of <time datetime="[^"]+">[^<]+GMT[^<]+<\/time>\)/)
      assert.match(page, /<noscript><img class="beacon" src="\/api\/counters\/views\/\d+\/pixel\.gif" alt="" width="1" height="1"><\/noscript>/)
    })

    test('a beacon counts one view per reader; repeats and bots do not move the count', async () => {
      const start = (await counts()).views
      assert.equal((await view(seedId, reader(1))).statusCode, 204)
      for (let i = 0; i < 30; i++) assert.equal((await view(seedId, reader(1))).statusCode, 204)
      for (const ua of BOT_UAS) assert.equal((await view(seedId, reader(2, ua))).statusCode, 204)
      await view(seedId, reader(3))
      // JSON beacons work too
      await t.app.inject({ method: 'POST', url: '/api/counters/views', payload: { article: seedId }, headers: reader(4) })
      assert.equal((await counts()).views, start + 3)
    })

    test('the no-JavaScript pixel counts a view and is an image', async () => {
      const start = (await counts()).views
      const res = await t.app.inject({ url: `/api/counters/views/${seedId}/pixel.gif`, headers: reader(10) })
      assert.equal(res.statusCode, 200)
      assert.equal(res.headers['content-type'], 'image/gif')
      assert.equal(res.headers['cache-control'], 'no-store, private')
      await t.app.inject({ url: `/api/counters/views/${seedId}/pixel.gif`, headers: reader(10) })
      assert.equal((await counts()).views, start + 1)
      assert.equal((await t.app.inject({ url: '/api/counters/views/999999/pixel.gif', headers: reader(11) })).statusCode, 200)
      assert.equal((await t.app.inject({ url: '/api/counters/views/x1/pixel.gif', headers: reader(11) })).statusCode, 400)
    })

    test('forged, huge and wrong beacons get a clear 4xx and change nothing', async () => {
      const start = await counts()
      const cases: [string, Awaited<ReturnType<typeof view>>, number][] = [
        ['letters', await view('abc', reader(20)), 400],
        ['negative', await view(-5, reader(20)), 400],
        ['zero', await view(0, reader(20)), 400],
        ['huge id', await view('99999999999999999999', reader(20)), 400],
        ['fraction', await view('1.5', reader(20)), 400],
        ['unknown article', await view(999_999, reader(20)), 404],
        [
          'huge body',
          await t.app.inject({
            method: 'POST',
            url: '/api/counters/views',
            payload: `article=${seedId}&pad=${'x'.repeat(20_000)}`,
            headers: { 'content-type': 'application/x-www-form-urlencoded', ...reader(20) },
          }),
          413,
        ],
        ['no body', await t.app.inject({ method: 'POST', url: '/api/counters/views', headers: reader(20) }), 400],
        [
          'bad JSON',
          await t.app.inject({
            method: 'POST',
            url: '/api/counters/views',
            payload: '{"article":',
            headers: { 'content-type': 'application/json', ...reader(20) },
          }),
          400,
        ],
        ['array', await t.app.inject({ method: 'POST', url: '/api/counters/views', payload: [seedId, seedId], headers: reader(20) }), 400],
        [
          'plain text',
          await t.app.inject({
            method: 'POST',
            url: '/api/counters/views',
            payload: `article=${seedId}`,
            headers: { 'content-type': 'text/xml', ...reader(20) },
          }),
          415,
        ],
        [
          'bad share kind',
          await t.app.inject({ method: 'POST', url: '/api/counters/shares', payload: { article: seedId, kind: 'telepathy' }, headers: reader(20) }),
          400,
        ],
      ]
      for (const [name, res, status] of cases) {
        assert.equal(res.statusCode, status, `${name}: ${res.body}`)
        assert.match(JSON.parse(res.body).error.code, /^[A-Z_]+$/, name)
      }
      // the counts are unchanged (when they were read may have moved on a second)
      const end = await counts()
      assert.deepEqual({ ...end, asOf: undefined }, { ...start, asOf: undefined })
    })

    test('a flood from one address is capped, so the count cannot jump', async () => {
      const start = (await counts()).views
      for (let i = 0; i < 60; i++) await view(seedId, { 'user-agent': `${BROWSER_UA} v${i}`, 'x-forwarded-for': '10.99.99.99' })
      const end = (await counts()).views
      assert.ok(end - start <= 20, `grew by ${end - start}`)
      assert.ok(end - start > 0)
    })

    test('share actions are counted by kind', async () => {
      for (const kind of ['copy', 'native', 'email', 'copy']) {
        assert.equal(
          (
            await t.app.inject({
              method: 'POST',
              url: '/api/counters/shares',
              payload: `article=${seedId}&kind=${kind}`,
              headers: { 'content-type': 'application/x-www-form-urlencoded', ...reader(30) },
            })
          ).statusCode,
          204,
        )
      }
      await t.app.inject({ method: 'POST', url: '/api/counters/shares', payload: { article: seedId, kind: 'copy' }, headers: reader(31) })
      const c = await counts()
      assert.equal(c.sharesByKind.copy, 2)
      assert.equal(c.sharesByKind.native, 1)
      assert.equal(c.sharesByKind.email, 1)
    })

    test('the discussion module sets the comment count; it adds to the imported one and is never negative', async () => {
      await createCounterStore(t.database.db).setCommentCount(seedId, 3)
      assert.equal((await counts()).comments, 3)
      await createCounterStore(t.database.db).setCommentCount(seedId, -8)
      assert.equal((await counts()).comments, 0)
      await createCounterStore(t.database.db).setCommentCount(seedId, 1)
      t.app.pageCache.clear() // the numbers rendered into a page are as of its rendering; the script keeps them current
      const page = (await t.app.inject(SEED_PATH)).body
      assert.match(
        page,
        /data-count="comments" data-n="1">1<\/span><span class="visually-hidden" data-count-label="comments" data-forms="[^"]*"> comment<\/span>/,
      )
    })

    test('most read: on the home page, the article page, and per section', async () => {
      const db = t.database.db
      const pick = async (slugStart: string) =>
        await db.selectFrom('articles').select(['id', 'headline', 'section_id']).where('slug', 'like', `${slugStart}%`).executeTakeFirstOrThrow()
      const business = await db
        .selectFrom('articles')
        .innerJoin('sections', 'sections.id', 'articles.section_id')
        .select(['articles.id', 'articles.headline'])
        .where('sections.slug', '=', 'business')
        .orderBy('articles.id')
        .limit(2)
        .execute()
      assert.equal(business.length, 2)
      for (let i = 0; i < 40; i++) await view(business[0]!.id, reader(1000 + i))
      for (let i = 0; i < 35; i++) await view(business[1]!.id, reader(2000 + i))
      await t.app.counters.flush()
      // "most read" is rendered into the page; cached pages catch up within PAGE_CACHE_TTL
      t.app.pageCache.clear()
      const mostRead = (body: string) => {
        const start = body.indexOf('id="most-read-h"')
        assert.ok(start > 0, 'a Most read box')
        const box = body.slice(start, body.indexOf('</section>', start))
        return [...box.matchAll(/<li>(?:<span[^>]*>)*<a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!.replace(/&#39;/g, "'").replace(/&amp;/g, '&'))
      }
      const home = mostRead((await t.app.inject('/')).body)
      assert.deepEqual(home.slice(0, 2), [business[0]!.headline, business[1]!.headline])
      assert.ok(home.length <= 5)
      const article = mostRead((await t.app.inject(SEED_PATH)).body)
      assert.deepEqual(article.slice(0, 2), home.slice(0, 2))
      const section = (await t.app.inject('/world/')).body
      assert.match(section, /Most read in World/)
      assert.ok(!mostRead(section).includes(business[0]!.headline), 'World’s list has no Business article')
      assert.ok(mostRead(section).includes((await pick('un-security-council')).headline))
    })

    test('the newsroom API and page give an article’s views per day, to staff only', async () => {
      assert.equal((await t.app.inject(`/api/admin/articles/${seedId}/views`)).statusCode, 401)
      const staff = await staffSession(t, 'moderator')
      const get = (url: string) => t.app.inject({ url, headers: staff.headers })
      const res = await get(`/api/admin/articles/${seedId}/views?days=7`)
      assert.equal(res.statusCode, 200)
      const body = JSON.parse(res.body)
      const day = new Date(now).toISOString().slice(0, 10)
      assert.equal(body.days.length, 1)
      assert.equal(body.days[0].day, day)
      assert.equal(body.total, 12 + body.days[0].views)
      assert.equal((await get(`/api/admin/articles/${seedId}/views?days=0`)).statusCode, 400)
      assert.equal((await get('/api/admin/articles/999999/views')).statusCode, 404)
      const page = await get(`/newsroom/articles/${seedId}/views?days=7`)
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /<h1>Views: UN Security Council Debate/)
      assert.equal((page.body.match(/<meter /g) ?? []).length, 7)
      assert.match(page.body, new RegExp(`<td><time datetime="${day}">${day}</time></td><td>${body.days[0].views}</td>`))
    })
  })
}
