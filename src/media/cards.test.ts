import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate, databaseKinds } from '../../test/support/databases.ts'
import { reader } from '../../test/support/readers.ts'
import { staffSession } from '../../test/support/staff.ts'

/** The demo article that leads with a drawn picture (src/media/demo-pictures.ts). */
const HEADLINE = 'Research Vessel Maps Uncharted Seamount in the South Pacific'
const ALT = 'Contour lines rising to a peak in dark blue water, like a sonar map of an undersea mountain'

for (const kind of databaseKinds()) {
  describe(`lead pictures on search results and "Most read" on ${kind}`, () => {
    let t: TestApp
    let mediaId: number

    before(async () => {
      t = await createTestApp({ kind, build: { counters: { flushMs: 60_000, mostReadCacheMs: 0 } } })
      const article = await t.database.db.selectFrom('articles').select(['id', 'body']).where('headline', '=', HEADLINE).executeTakeFirstOrThrow()
      const lead = (article.body as { type: string; mediaId?: number }[])[0]!
      assert.equal(lead.type, 'image', 'the demo article leads with a picture')
      mediaId = lead.mediaId!
      // readers at different addresses read it, so it tops "Most read"
      for (let i = 0; i < 12; i++)
        await t.app.inject({
          method: 'POST',
          url: '/api/counters/views',
          payload: `article=${article.id}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', ...reader(100 + i) },
        })
      await t.app.counters.flush()
    })
    after(async () => t?.close())

    /** The <img> of the <picture> in the list item (of the list with class `list`) whose link reads `headline`, with its attributes and sources. */
    const pictureBeside = (body: string, list: string, headline: string) => {
      const start = body.indexOf(`class="${list}`)
      assert.ok(start > 0, `a ${list} list`)
      const items = body.slice(start, body.indexOf('</ol>', start)).split('<li').slice(1)
      const item = items.find((li) => li.includes(`>${headline}</a>`))
      assert.ok(item, `${headline} is listed in ${list}`)
      const img = /<img class="pic__img"[^>]*>/.exec(item)?.[0]
      if (!img) return undefined
      return {
        attrs: Object.fromEntries([...img.matchAll(/ ([a-z-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&').replace(/&#39;|&#x27;/g, "'")])),
        sources: [...item.matchAll(/<source type="([^"]+)"/g)].map((m) => m[1]),
      }
    }

    const checkPicture = (pic: ReturnType<typeof pictureBeside>, crop: string, sizes: string) => {
      assert.ok(pic, 'a picture beside the headline')
      const a = pic.attrs
      assert.match(a.src!, new RegExp(`^/media/${mediaId}/[0-9a-f]{16}-\\d+x\\d+/${crop}-\\d+\\.jpg$`))
      const [w, h] = [Number(a.width), Number(a.height)]
      assert.ok(w > 0 && h > 0, 'width and height, so the page does not move as it loads')
      const [rw, rh] = crop.split('x').map(Number) as [number, number]
      assert.ok(Math.abs(w / h - rw / rh) < 0.01, `the ${crop} crop's shape: ${w} × ${h}`)
      assert.equal(a.loading, 'lazy')
      assert.equal(a.sizes, sizes)
      assert.equal(a.alt, ALT)
      assert.deepEqual(pic.sources, ['image/avif', 'image/webp'])
      assert.match(a.srcset!, new RegExp(`/${crop}-320\\.jpg 320w`))
      return a.src!
    }

    test('a search result shows its article’s lead picture: 4:3 thumbnail, width and height, lazy, srcset', async () => {
      const res = await t.app.inject('/search?q=seamount')
      assert.equal(res.statusCode, 200)
      const src = checkPicture(pictureBeside(res.body, 'plain-list search-results', HEADLINE), '4x3', '(min-width: 40rem) 9rem, 6.5rem')
      const served = await t.app.inject(src)
      assert.equal(served.statusCode, 200, 'the thumbnail is served')
      assert.equal(served.headers['content-type'], 'image/jpeg')
    })

    test('"Most read" on home, section and article pages shows a square picture beside the headline', async () => {
      t.app.pageCache.clear()
      for (const url of ['/', '/science/', '/world/asia-pacific/20200805/un-security-council-debate-on-north-korea-rights-record-leaves-china-worried']) {
        const res = await t.app.inject(url)
        assert.equal(res.statusCode, 200, url)
        checkPicture(pictureBeside(res.body, 'most-read__list', HEADLINE), '1x1', '4rem')
      }
      const home = await t.app.inject('/')
      assert.ok(pictureBeside(home.body, 'most-read__list', HEADLINE), 'on the home page at least')
    })

    test('once the licence has passed, neither shows the picture (and the headline stays)', async () => {
      const editor = await staffSession(t, 'editor')
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/admin/media/${mediaId}`,
        headers: editor.headers,
        payload: { licenceExpiresAt: '2001-01-01T00:00:00Z' },
      })
      assert.equal(res.statusCode, 200, res.body)
      t.app.pageCache.clear()
      assert.equal(pictureBeside((await t.app.inject('/search?q=seamount')).body, 'plain-list search-results', HEADLINE), undefined)
      const home = (await t.app.inject('/')).body
      assert.equal(pictureBeside(home, 'most-read__list', HEADLINE), undefined)
    })
  })
}

after(closeTemplate)
