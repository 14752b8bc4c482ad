import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { signInForm } from '../../test/support/sign-in.ts'
import { staffSession, type TestSession } from '../../test/support/staff.ts'
import { safeNext } from '../web/responses.ts'

after(closeTemplate)

describe('strict input: Infinity, 1e309, NaN, NUL and non-ASCII get a 4xx, never a 500', () => {
  let t: TestApp
  let editor: TestSession
  before(async () => {
    t = await createTestApp()
    editor = await staffSession(t, 'editor')
  })
  after(async () => {
    await t.close()
  })

  test('numbers that are not whole, finite ids in paths and queries are 400s', async () => {
    const paths = [
      '/share/Infinity',
      '/share/1e309',
      '/share/Infinity/x',
      '/share/1e309/facebook',
      '/share/-Infinity/x',
      '/discussion/1e309',
      '/discussion/Infinity',
      '/discussion/NaN',
      '/discussion/1e309/comments',
      '/discussion/Infinity/events',
      '/api/content/articles/Infinity/counters',
      '/api/counters/views/1e309/pixel.gif',
      '/newsroom/articles/Infinity',
      '/api/admin/articles/1e309',
    ]
    for (const url of paths) {
      const res = await t.app.inject({ url, headers: { accept: 'application/json', ...editor.headers } })
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${url}: ${res.statusCode} ${res.body.slice(0, 200)}`)
    }
    for (const body of ['{"articleId":1e309}', '{"articleId":-1e309}', '{"articleId":"Infinity"}']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/counters/views', headers: { 'content-type': 'application/json' }, payload: body })
      assert.equal(res.statusCode, 400, body)
    }
  })

  test("an address with a broken percent-escape is a 400 in the site's own shape: JSON for APIs, a page for people", async () => {
    const api = await t.app.inject({ method: 'DELETE', url: '/api/admin/media/%', headers: { accept: 'application/json', ...editor.headers } })
    assert.equal(api.statusCode, 400)
    assert.equal(api.json().error.code, 'BAD_REQUEST')
    assert.match(api.json().error.message, /hexadecimal/)
    const page = await t.app.inject({ url: '/world/%E0%A4%A', headers: { accept: 'text/html' } })
    assert.equal(page.statusCode, 400)
    assert.match(String(page.headers['content-type']), /text\/html/)
    assert.match(page.body, /<html/)
  })

  test('a redirect to a Unicode path sends its Location percent-encoded (never a 500)', async () => {
    const { createSectionStore } = await import('../content/section-store.ts')
    const editionId = (await t.database.db.selectFrom('editions').select('id').orderBy('id').executeTakeFirstOrThrow()).id
    await createSectionStore(t.database.db).createSection({
      editionId,
      slug: '日本語のニュース',
      name: '日本語のニュース',
      description: '',
      position: 99,
      parentId: null,
    })
    const res = await t.app.inject({ url: '/' + encodeURIComponent('日本語のニュース') })
    assert.equal(res.statusCode, 301, res.body.slice(0, 300))
    assert.equal(res.headers.location, `/${encodeURIComponent('日本語のニュース')}/`)
    assert.equal((await t.app.inject({ url: String(res.headers.location) })).statusCode, 200)
  })

  test('HEAD on an event stream answers its headers and ends (it is not held open like the stream)', async () => {
    const articleId = (await t.database.db.selectFrom('articles').select('id').executeTakeFirstOrThrow()).id
    for (const url of [`/discussion/${articleId}/events`, `/live-blog/${articleId}/events`]) {
      const res = await Promise.race([
        t.app.inject({ method: 'HEAD', url }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`HEAD ${url} was held open`)), 5000)),
      ])
      assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`)
      assert.equal(res.body, '')
    }
  })

  test('a NUL character in a text field is a 400 naming the field, and nothing is stored', async () => {
    const before = await t.database.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/articles',
      headers: editor.headers,
      payload: { headline: 'Nul\u0000byte', sectionId: 1, body: [] },
    })
    assert.equal(res.statusCode, 400, res.body)
    assert.match(res.json().error.message, /headline.*NUL/)
    const after = await t.database.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    assert.equal(Number(after.n), Number(before.n))
    const search = await t.app.inject({ url: '/search?q=a%00b' })
    assert.ok([200, 400].includes(search.statusCode), `search: ${search.statusCode}`) // the search strips control characters itself
    assert.equal((await t.app.inject({ url: '/newsroom/sign-in?next=%2F%00' })).statusCode, 400)
  })

  test('a non-ASCII "next" after signing in is followed, percent-encoded', async () => {
    const res = await signInForm(t, { email: editor.email, password: editor.password, next: '/newsroom?q=wörld €' })
    assert.equal(res.statusCode, 303, res.body.slice(0, 300))
    assert.equal(res.headers.location, '/newsroom')
    const ok = await signInForm(t, { email: editor.email, password: editor.password, next: '/newsroom?q=wörld' })
    assert.equal(ok.statusCode, 303)
    assert.equal(ok.headers.location, '/newsroom?q=w%C3%B6rld')
  })

  test('safeNext keeps same-site paths and refuses the rest', () => {
    assert.equal(safeNext('/мир/'), '/%D0%BC%D0%B8%D1%80/')
    assert.equal(safeNext('/a\ud800'), '/newsroom', 'a lone surrogate')
    assert.equal(safeNext('//evil.example'), '/newsroom')
    assert.equal(safeNext('/\\evil.example'), '/newsroom')
    assert.equal(safeNext('/a\u0001b'), '/newsroom')
    assert.equal(safeNext('https://evil.example/'), '/newsroom')
  })
})
