import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { multipart, solidPng } from '../../test/support/media.ts'
import { staffSession, type TestSession } from '../../test/support/staff.ts'
import type { MediaService } from './media-service.ts'

const DAY = 86_400_000

describe('a picture’s licence: the desk is warned before it ends, readers stop seeing it after', () => {
  let t: TestApp
  let editor: TestSession
  let now = Date.parse('2026-11-30T12:00:00Z')
  let mediaId = 0
  let articleUrl = ''

  before(async () => {
    t = await createTestApp({ clock: { now: () => new Date(now) } })
    editor = await staffSession(t, 'editor', 'Eda Editor')
    const body = multipart(
      {
        alt: 'Storm clouds over the harbour wall',
        caption: 'The harbour before the storm',
        credit: 'Photo: Agency',
        licenceExpiresAt: new Date(now + 3 * DAY).toISOString(),
      },
      { bytes: await solidPng(1600, 900, '#345'), filename: 'agency-storm.png' },
    )
    const up = await t.app.inject({ method: 'POST', url: '/api/admin/media', headers: { ...editor.headers, ...body.headers }, payload: body.payload })
    assert.equal(up.statusCode, 201, up.body)
    mediaId = up.json().id
    const sectionId = (await t.database.db.selectFrom('sections').select('id').where('slug', '=', 'world').executeTakeFirstOrThrow()).id
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/articles',
      headers: editor.headers,
      payload: {
        headline: 'Storm closes the harbour for a third day',
        lead: 'Ferries stayed in port as the storm held on.',
        sectionId,
        body: [
          { type: 'image', src: `/media/${mediaId}`, mediaId, alt: 'Storm clouds over the harbour wall' },
          { type: 'paragraph', content: [{ text: 'The port authority said the ferries would wait.' }] },
        ],
      },
    })
    assert.equal(created.statusCode, 201, created.body)
    const id = created.json().id
    const published = await t.app.inject({ method: 'POST', url: `/api/admin/articles/${id}/workflow`, headers: editor.headers, payload: { action: 'publish' } })
    assert.equal(published.statusCode, 200, published.body)
    articleUrl = (await t.app.inject({ url: `/api/admin/articles/${id}`, headers: editor.headers })).json().url
  })
  after(async () => t?.close())

  const shows = (body: string) => body.includes(`/media/${mediaId}/`)
  const page = async (url: string) => {
    const res = await t.app.inject(url)
    assert.equal(res.statusCode, 200, url)
    return res.body
  }

  test('before: the library warns (a notice linking the list of licences ending soon); readers see the picture', async () => {
    const library = await t.app.inject({ url: '/newsroom/media', headers: { cookie: editor.cookie } })
    assert.equal(library.statusCode, 200)
    assert.match(library.body, /<a href="\/newsroom\/media\?licence=expiring">1 picture’s licence ends within 14 days<\/a>/)
    const soon = await t.app.inject({ url: '/newsroom/media?licence=expiring', headers: { cookie: editor.cookie } })
    assert.ok(
      soon.body.includes('agency-storm.png') || soon.body.includes('The harbour before the storm'),
      'the picture is in the list of licences ending soon',
    )
    const api = await t.app.inject({ url: '/api/admin/media?licence=expiring', headers: editor.headers })
    assert.deepEqual(
      api.json().media.map((m: { id: number; licence: string }) => [m.id, m.licence]),
      [[mediaId, 'expiring']],
    )
    const detail = await t.app.inject({ url: `/newsroom/media/${mediaId}`, headers: { cookie: editor.cookie } })
    assert.match(detail.body, /Licence ends soon/)

    // readers see it on the article (twice, so the page is cached), in og:image, and on the home page
    await page(articleUrl)
    const article = await page(articleUrl)
    assert.ok(shows(article), 'the article shows the picture')
    assert.match(article, /The harbour before the storm/)
    assert.match(article, new RegExp(`<meta property="og:image" content="[^"]*/media/${mediaId}/`))
    await page('/')
    assert.ok(shows(await page('/')), 'the home page shows it on the card')
  })

  test('after: time passes the licence end; cached pages are dropped, the picture and its caption go, its files are gone (410)', async () => {
    const media = (t.app as unknown as { media: MediaService }).media
    const since = new Date(now)
    now += 4 * DAY
    assert.deepEqual(await media.endLicences(since), [mediaId], 'the licence that has just ended is found')
    const article = await page(articleUrl)
    assert.ok(!shows(article), 'the article no longer shows the picture (its cached copy was dropped)')
    assert.doesNotMatch(article, /The harbour before the storm/, 'nor its caption')
    assert.doesNotMatch(article, /og:image/, 'nor offers it to social networks')
    assert.match(article, /The port authority said the ferries would wait/, 'the article itself is still there')
    assert.ok(!shows(await page('/')), 'nor does the home page')
    const feed = await t.app.inject('/feeds/rss.xml')
    if (feed.statusCode === 200) assert.ok(!shows(feed.body), 'nor the feed')
    const file = await t.app.inject(`/media/${mediaId}`)
    assert.equal(file.statusCode, 410)

    const library = await t.app.inject({ url: '/newsroom/media', headers: { cookie: editor.cookie } })
    assert.match(library.body, /<a href="\/newsroom\/media\?licence=expired">1 picture is past its licence<\/a> and no longer shown to readers/)
    const api = await t.app.inject({ url: '/api/admin/media?licence=expired', headers: editor.headers })
    assert.deepEqual(
      api.json().media.map((m: { id: number }) => m.id),
      [mediaId],
    )
    assert.deepEqual(await media.endLicences(new Date(now)), [], 'each ending is acted on once')
  })
})

after(closeTemplate)
