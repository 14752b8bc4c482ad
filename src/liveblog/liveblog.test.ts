import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { create } from 'xmlbuilder2'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { seedArticleId } from '../../test/support/discussion.ts'
import { openSse } from '../../test/support/sse.ts'
import { staffSession, type TestSession } from '../../test/support/staff.ts'
import { entryText, parseEntryText } from './entry-text.ts'

after(closeTemplate)

const SEED_PATH = '/world/asia-pacific/20200805/un-security-council-debate-on-north-korea-rights-record-leaves-china-worried'
const json = { accept: 'application/json' }

describe('the composer shorthand', () => {
  test('paragraphs with marks, quotes with speaker and source, lists, pictures and embeds; and back', () => {
    const text =
      'Troops **crossed** the *river* at [dawn](https://example.org/a) — مرحبا 🌍\n\n> We will not retreat\n— A. Commander, Radio One\n\n- one\n- two\n\n![Smoke over the bridge](/media/12)\n\nhttps://video.example/clip'
    const { body, problems } = parseEntryText(text)
    assert.deepEqual(problems, [])
    assert.deepEqual(body[0], {
      type: 'paragraph',
      content: [
        { text: 'Troops ' },
        { text: 'crossed', marks: [{ type: 'bold' }] },
        { text: ' the ' },
        { text: 'river', marks: [{ type: 'italic' }] },
        { text: ' at ' },
        { text: 'dawn', marks: [{ type: 'link', href: 'https://example.org/a' }] },
        { text: ' — مرحبا 🌍' },
      ],
    })
    assert.deepEqual(body[1], { type: 'quote', content: [{ text: 'We will not retreat' }], speaker: 'A. Commander', source: 'Radio One' })
    assert.equal(body[2]!.type, 'list')
    assert.deepEqual(body[3], { type: 'image', src: '/media/12', alt: 'Smoke over the bridge', mediaId: 12 })
    assert.deepEqual(body[4], { type: 'embed', url: 'https://video.example/clip' })
    assert.deepEqual(parseEntryText(entryText(body)).body, body)
  })

  test('empty text, a picture without alt text and a javascript: link are refused with a reason', () => {
    assert.match(parseEntryText(' \n\n ').problems[0]!, /empty/)
    assert.match(parseEntryText('![](/media/3)').problems[0]!, /alt text/)
    assert.ok(parseEntryText('[x](javascript:alert(1))').problems.some((p) => /http/.test(p)))
  })
})

describe('live blogs through the app', () => {
  let t: TestApp
  let editor: TestSession
  let reporter: TestSession
  let articleId: number
  let base: string

  before(async () => {
    t = await createTestApp()
    editor = await staffSession(t, 'editor', 'Eda Editor')
    reporter = await staffSession(t, 'reporter', 'Rory Reporter')
    articleId = await seedArticleId(t.database.db)
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const address = t.app.server.address()
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  })
  after(async () => t?.close())

  const post = (who: TestSession, url: string, payload: Record<string, unknown>, headers: Record<string, string> = json) =>
    t.app.inject({ method: 'POST', url, headers: { ...who.headers, ...headers }, payload })

  test('an ordinary article has no live side; a reporter cannot start coverage, an editor can', async () => {
    assert.equal((await t.app.inject({ url: `/live-blog/${articleId}/events` })).statusCode, 404)
    assert.equal((await post(reporter, `/newsroom/articles/${articleId}/live/start`, {})).statusCode, 403)
    assert.equal((await post(reporter, `/newsroom/articles/${articleId}/live/entries`, { text: 'too early' })).statusCode, 404)
    assert.equal((await post(editor, `/newsroom/articles/${articleId}/live/start`, {})).statusCode, 200)
  })

  test('entries are posted, shown newest first with key events, permalinks, JSON-LD and a feed; the cached page is replaced on each change', async () => {
    const first = await post(reporter, `/newsroom/articles/${articleId}/live/entries`, { text: 'First <b>update</b> from the floor' })
    assert.equal(first.statusCode, 201)
    const page1 = await t.app.inject({ url: SEED_PATH })
    assert.equal(page1.statusCode, 200)
    assert.match(page1.body, /First &lt;b&gt;update&lt;\/b&gt; from the floor/)
    assert.equal((await t.app.inject({ url: SEED_PATH })).headers['x-cache'], 'HIT', 'the live page is served from the cache between entries')
    // a form post (no JavaScript): back to the composer
    const form = await t.app.inject({
      method: 'POST',
      url: `/newsroom/articles/${articleId}/live/entries`,
      headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ text: 'Vote called: 13 for, 2 against', title: 'Council votes', pinned: 'true', _csrf: editor.csrf }).toString(),
    })
    assert.equal(form.statusCode, 303)
    const second = (await t.app.inject({ url: `/newsroom/articles/${articleId}/live`, headers: { cookie: editor.cookie } })).body
    assert.match(second, /Vote called: 13 for, 2 against/)
    const page2 = await t.app.inject({ url: SEED_PATH })
    assert.notEqual(page2.headers['x-cache'], 'HIT', 'a new entry drops the cached page')
    const firstIdx = page2.body.indexOf('First &lt;b&gt;')
    const secondIdx = page2.body.indexOf('Vote called')
    assert.ok(secondIdx > 0 && secondIdx < firstIdx, 'newest first')
    assert.match(
      page2.body,
      /<h3 id="key-h">Key events<\/h3>\s*<ol class="key-events" data-key-events><li data-key-id="\d+"><a href="#entry-\d+"><time[^>]*>\d\d:\d\d GMT<\/time> Council votes<\/a>/,
    )
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page2.body)![1]!)
    assert.equal(ld['@type'], 'LiveBlogPosting')
    assert.ok(ld.coverageStartTime)
    assert.equal(ld.coverageEndTime, undefined)
    assert.equal(ld.liveBlogUpdate.length, 2)
    assert.equal(ld.liveBlogUpdate[0].headline, 'Council votes')
    assert.match(ld.liveBlogUpdate[1].url, /#entry-\d+$/)
    const firstId = first.json().id
    const perma = await t.app.inject({ url: `/live-blog/entries/${firstId}` })
    assert.equal(perma.statusCode, 302)
    assert.equal(perma.headers.location, `${SEED_PATH}#entry-${firstId}`)
    const feed = await t.app.inject({ url: `/live-blog/${articleId}/feed.xml` })
    assert.equal(feed.statusCode, 200)
    // read back by the XML parser: the entry's HTML is text, escaped once
    const parsed = create(feed.body).end({ format: 'object' }) as unknown as { feed: { entry: { title: string; content: { '#': string } }[] } }
    assert.equal(parsed.feed.entry.length, 2)
    assert.equal(parsed.feed.entry[0]!.title, 'Council votes')
    assert.match(parsed.feed.entry[1]!.content['#'], /First &lt;b&gt;update/)
  })

  test('edits keep a history and refuse a stale revision; pins need a label; deletion leaves the page', async () => {
    const e = (await post(reporter, `/newsroom/articles/${articleId}/live/entries`, { text: 'Casualty figure: 12' })).json()
    const edited = await post(editor, `/newsroom/live-entries/${e.id}`, { text: 'Casualty figure: 14 (corrected)', expectRevision: 1 })
    assert.equal(edited.statusCode, 200)
    assert.equal(edited.json().revision, 2)
    const stale = await post(reporter, `/newsroom/live-entries/${e.id}`, { text: 'Casualty figure: 13', expectRevision: 1 })
    assert.equal(stale.statusCode, 409)
    assert.match(stale.json().error.message, /Someone else changed this entry/)
    const unlabelled = await post(reporter, `/newsroom/live-entries/${e.id}/pin`, { pinned: 'true' })
    assert.equal(unlabelled.statusCode, 400)
    assert.equal((await post(reporter, `/newsroom/live-entries/${e.id}/pin`, { pinned: 'true', title: 'Toll rises' })).json().pinned, true)
    const history = await t.app.inject({ url: `/newsroom/live-entries/${e.id}/history`, headers: { cookie: editor.cookie } })
    assert.match(history.body, /posted<\/strong> by Rory Reporter/)
    assert.match(history.body, /edited<\/strong> by Eda Editor/)
    assert.match(history.body, /Casualty figure: 12/)
    assert.equal((await post(reporter, `/newsroom/live-entries/${e.id}/delete`, {})).json().deleted, true)
    const page = await t.app.inject({ url: SEED_PATH })
    assert.doesNotMatch(page.body, /Casualty figure/)
    assert.doesNotMatch(page.body, /Toll rises/)
    assert.equal((await t.app.inject({ url: `/live-blog/entries/${e.id}` })).statusCode, 404)
  })

  test('bad input changes nothing: empty text, NUL, huge numbers, no CSRF, readers', async () => {
    const before = (await t.app.inject({ url: SEED_PATH })).body.match(/class="lb-entry[ "]/g)?.length
    assert.equal((await post(reporter, `/newsroom/articles/${articleId}/live/entries`, { text: '   ' })).statusCode, 400)
    assert.equal((await post(reporter, `/newsroom/articles/${articleId}/live/entries`, { text: 'x', pinned: 'maybe' })).statusCode, 400)
    assert.equal((await post(reporter, `/newsroom/articles/1e309/live/entries`, { text: 'x' })).statusCode, 400)
    assert.equal((await post(reporter, `/newsroom/live-entries/99999999999/pin`, { pinned: 'true' })).statusCode, 400)
    assert.equal((await t.app.inject({ url: `/live-blog/${articleId}/events?after=Infinity` })).statusCode, 400)
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: `/newsroom/articles/${articleId}/live/entries`,
      headers: { cookie: reporter.cookie, ...json },
      payload: { text: 'x' },
    })
    assert.equal(noCsrf.statusCode, 403)
    const form = await t.app.inject({
      method: 'POST',
      url: `/newsroom/articles/${articleId}/live/entries`,
      headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ text: '![](/media/1)', _csrf: editor.csrf }).toString(),
    })
    assert.equal(form.statusCode, 400)
    assert.match(form.body, /needs alt text/)
    assert.match(form.body, /!\[\]\(\/media\/1\)<\/textarea>/, 'the draft is kept in the form')
    const after = (await t.app.inject({ url: SEED_PATH })).body.match(/class="lb-entry[ "]/g)?.length
    assert.equal(after, before)
  })

  test('a page that reconnects catches up from its change number; older entries page without JavaScript', async () => {
    const lastSeq = Number(/data-live-blog="\d+" data-events="[^"]+" data-seq="(\d+)"/.exec((await t.app.inject({ url: SEED_PATH })).body)![1])
    const e = (await post(reporter, `/newsroom/articles/${articleId}/live/entries`, { text: 'Posted while the reader was offline' })).json()
    const stream = await openSse(`${base}/live-blog/${articleId}/events?after=${lastSeq}`)
    const caught = JSON.parse((await stream.next('entry')).data)
    assert.equal(caught.id, e.id)
    assert.match(caught.html, /Posted while the reader was offline/)
    await stream.next('ready')
    const live = (await post(editor, `/newsroom/articles/${articleId}/live/entries`, { text: 'And one more, live' })).json()
    const arrived = JSON.parse((await stream.next('entry')).data)
    assert.equal(arrived.id, live.id)
    stream.close()
    for (let i = 0; i < 22; i++) await post(reporter, `/newsroom/articles/${articleId}/live/entries`, { text: `Filler update ${i}` })
    const page = (await t.app.inject({ url: SEED_PATH })).body
    const older = /href="(\/live-blog\/\d+\/older\?before=\d+)" rel="next"/.exec(page)![1]!
    const olderPage = await t.app.inject({ url: older })
    assert.equal(olderPage.statusCode, 200)
    assert.match(olderPage.body, /First &lt;b&gt;update/)
    assert.doesNotMatch(olderPage.body, /Filler update 21/)
    const perma = await t.app.inject({ url: `/live-blog/entries/${e.id}` })
    assert.match(perma.headers.location as string, new RegExp(`^/live-blog/${articleId}/older\\?before=${e.id + 1}#entry-${e.id}$`))
    assert.match((await t.app.inject({ url: (perma.headers.location as string).split('#')[0]! })).body, new RegExp(`id="entry-${e.id}"`))
  })

  test('ending coverage: the page says so, JSON-LD has coverageEndTime, posting is refused', async () => {
    assert.equal((await post(editor, `/newsroom/articles/${articleId}/live/end`, {})).statusCode, 200)
    const page = (await t.app.inject({ url: SEED_PATH })).body
    assert.match(page, /Live coverage ended at/)
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)![1]!)
    assert.ok(ld.coverageEndTime)
    assert.equal((await post(reporter, `/newsroom/articles/${articleId}/live/entries`, { text: 'late' })).statusCode, 409)
  })
})
