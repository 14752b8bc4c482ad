import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { lintOpenapi, formatProblems } from '../../test/support/openapi.ts'
import { staffSession, type TestSession } from '../../test/support/staff.ts'
import { KEY_REQUESTS_PER_MINUTE } from './module.ts'

describe('the Content API', () => {
  let t: TestApp
  let admin: TestSession
  let key: string
  before(async () => {
    t = await createTestApp()
    admin = await staffSession(t, 'admin', 'Ada Admin')
  })
  after(() => t.close())
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}`, ...headers } })

  test('admins make keys in the newsroom (shown once, stored hashed); others may not', async () => {
    const reporter = await staffSession(t, 'reporter')
    const form = (s: TestSession, payload: string) =>
      t.app.inject({
        method: 'POST',
        url: '/newsroom/syndication/keys',
        headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload,
      })
    assert.equal((await form(reporter, `name=Mine&scopes=content&_csrf=${reporter.csrf}`)).statusCode, 403)
    assert.equal((await form(admin, 'name=No+csrf&scopes=content')).statusCode, 403)
    const empty = await form(admin, `name=+&scopes=content&_csrf=${admin.csrf}`)
    assert.equal(empty.statusCode, 400)
    assert.match(empty.body, /Say who the key is for/)
    const made = await form(admin, `name=${encodeURIComponent('Mobile app «عربي» <b>')}&scopes=content&scopes=feed&_csrf=${admin.csrf}`)
    assert.equal(made.statusCode, 201, made.body)
    key = /<code class="nr-secret">(dlk_[\w-]+)<\/code>/.exec(made.body)![1]!
    assert.ok(made.body.includes('Mobile app «عربي» &lt;b&gt;'), 'the name is escaped once')
    const stored = await t.database.db.selectFrom('syndication_keys').selectAll().execute()
    assert.ok(
      stored.every((k) => !JSON.stringify(k).includes(key)),
      'only a hash of the secret is stored',
    )
    const page = await t.app.inject({ method: 'GET', url: '/newsroom/syndication', headers: { cookie: admin.cookie } })
    assert.ok(!page.body.includes(key), 'the secret is never shown again')
    assert.ok(page.body.includes(key.slice(0, 10)))
  })

  test('articles: a key is needed; filters, fields, paging; bad parameters are 400s', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/content/articles' })).statusCode, 401)
    assert.equal((await get('/api/content/articles', { authorization: 'Bearer dlk_nope' })).statusCode, 401)
    const list = await get('/api/content/articles?limit=3')
    assert.equal(list.statusCode, 200, list.body)
    assert.equal(list.headers['access-control-allow-origin'], '*')
    const first = list.json()
    assert.equal(first.articles.length, 3)
    const a = first.articles[0]
    for (const f of ['url', 'headline', 'lead', 'section', 'tags', 'authors', 'publishedAt', 'ninjsUrl']) assert.ok(f in a, f)
    assert.ok(!('body' in a), 'lists leave the body out unless asked')
    // the next page starts after the last of this one, no overlap
    const second = (await get(`/api/content/articles?limit=3&before=${first.next}`)).json()
    assert.equal(second.articles.length, 3)
    assert.ok(second.articles.every((x: { id: number }) => !first.articles.some((y: { id: number }) => y.id === x.id)))
    assert.ok(new Date(second.articles[0].publishedAt) <= new Date(first.articles[2].publishedAt))

    const picked = (await get('/api/content/articles?limit=2&fields=headline,body')).json()
    assert.deepEqual(Object.keys(picked.articles[0]).sort(), ['body', 'headline', 'id'])
    assert.ok(Array.isArray(picked.articles[0].body))

    const world = (await get('/api/content/articles?section=world&limit=100&fields=section')).json()
    assert.ok(world.articles.length > 0)
    assert.ok(world.articles.every((x: { section: { path: string } }) => x.section.path.startsWith('world')))
    const tags = (await get('/api/content/tags')).json().tags as { slug: string; articles: number }[]
    const tagged = (await get(`/api/content/articles?tag=${encodeURIComponent(tags[0]!.slug)}&limit=100&fields=tags`)).json()
    assert.equal(tagged.articles.length, tags[0]!.articles)
    const authors = (await get('/api/content/authors')).json().authors as { slug: string; articles: number }[]
    const byAuthor = authors.find((x) => x.slug)!
    assert.equal((await get(`/api/content/articles?author=${encodeURIComponent(byAuthor.slug)}&limit=100`)).json().articles.length, byAuthor.articles)

    for (const bad of ['limit=0', 'limit=101', 'limit=1e309', 'limit=Infinity', 'fields=password', 'before=yesterday', 'section=%00', 'edition=NOPE']) {
      const res = await get(`/api/content/articles?${bad}`)
      assert.equal(res.statusCode, 400, `${bad}: ${res.body}`)
    }
    assert.equal((await get('/api/content/articles?section=no-such-section')).statusCode, 404)
    assert.equal((await get('/api/content/articles?edition=zz')).statusCode, 404)
  })

  test('one article with everything; sections, editions; a missing one is 404', async () => {
    const id = (await get('/api/content/articles?limit=1&fields=id')).json().articles[0].id
    const one = (await get(`/api/content/articles/${id}`)).json().article
    assert.ok(Array.isArray(one.body) && one.body.length > 0)
    assert.match(one.bodyHtml, /<p>/)
    assert.equal((await get('/api/content/articles/999999')).statusCode, 404)
    assert.equal((await get('/api/content/articles/1e309')).statusCode, 400)
    const sections = (await get('/api/content/sections')).json().sections
    assert.ok(sections.some((s: { path: string; url: string }) => s.path === 'world' && s.url === 'http://dateline.test/world/'))
    const editions = (await get('/api/content/editions')).json().editions
    assert.ok(editions.some((e: { isDefault: boolean }) => e.isDefault))
  })

  test('cached like pages: a hit, a 304 for the same ETag, and a correction shows at once', async () => {
    const id = (await get('/api/content/articles?limit=1&fields=id')).json().articles[0].id
    const url = `/api/content/articles/${id}?fields=corrections`
    const first = await get(url)
    // the key in the query: the same cached answer
    const again = await t.app.inject({ method: 'GET', url: `${url}&key=${key}` })
    assert.equal(again.statusCode, 200, again.body)
    assert.equal(again.headers['x-cache'], 'HIT')
    assert.equal((await get(url, { 'if-none-match': first.headers.etag as string })).statusCode, 304)
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/admin/articles/${id}/corrections`,
      headers: admin.headers,
      payload: { text: 'We misspelt a name.' },
    })
    assert.equal(res.statusCode, 201, res.body)
    const after = await get(url)
    assert.equal(after.headers['x-cache'], 'MISS')
    assert.ok(after.json().article.corrections.some((c: { text: string }) => c.text === 'We misspelt a name.'))
  })

  test('tags and authors in the alphabetical order of the language, not of code points ("Émile" before "Zoe")', async () => {
    const api = (method: 'POST' | 'GET', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: admin.headers, ...(payload ? { payload } : {}) })
    const names = ['Zoe Adams', 'Émile Zola', 'Ana Lopez']
    for (const [i, displayName] of names.entries())
      assert.equal((await api('POST', '/api/admin/people', { email: `order${i}@content.test`, displayName, role: 'reporter' })).statusCode, 201)
    const bylines = ((await api('GET', '/api/admin/bylines')).json() as { bylines: { id: number; name: string }[] }).bylines
    const sectionId = (await t.database.db.selectFrom('sections').select('id').where('slug', '=', 'world').executeTakeFirstOrThrow()).id
    const created = await api('POST', '/api/admin/articles', {
      headline: 'Ordering names in any language',
      lead: 'A story with three authors and three tags.',
      sectionId,
      tags: ['Zebra crossings', 'Éclairs', 'Apples'],
      authorIds: bylines.filter((b) => names.includes(b.name)).map((b) => b.id),
      body: [{ type: 'paragraph', content: [{ text: 'Text.' }] }],
    })
    assert.equal(created.statusCode, 201, created.body)
    assert.ok((await api('POST', `/api/admin/articles/${created.json().id}/workflow`, { action: 'publish' })).statusCode < 300)

    const authors = ((await get('/api/content/authors')).json().authors as { name: string }[]).map((a) => a.name).filter((n) => names.includes(n))
    assert.deepEqual(authors, ['Ana Lopez', 'Émile Zola', 'Zoe Adams'])
    const tags = ((await get('/api/content/tags')).json().tags as { name: string }[]).map((x) => x.name).filter((n) => /^(Zebra|Éclairs|Apples)/.test(n))
    assert.deepEqual(tags, ['Apples', 'Éclairs', 'Zebra crossings'])
  })

  test('CORS preflight, and the rate limit per key', async () => {
    const pre = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/content/articles',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    })
    assert.equal(pre.statusCode, 204)
    assert.equal(pre.headers['access-control-allow-origin'], '*')
    assert.match(pre.headers['access-control-allow-headers'] as string, /authorization/)
    let last = await get('/api/content/editions')
    const used = KEY_REQUESTS_PER_MINUTE - Number(last.headers['x-ratelimit-remaining'])
    for (let i = used; i < KEY_REQUESTS_PER_MINUTE && last.statusCode === 200; i++) last = await get('/api/content/editions')
    assert.equal(last.statusCode, 200)
    last = await get('/api/content/editions')
    assert.equal(last.statusCode, 429)
    assert.ok(Number(last.headers['retry-after']) >= 1)
  })

  test('its own OpenAPI document, public, lint-clean', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/content/openapi.json' })
    assert.equal(res.statusCode, 200)
    const doc = res.json()
    assert.deepEqual(Object.keys(doc.paths).sort(), [
      '/api/content/articles',
      '/api/content/articles/{id}',
      '/api/content/authors',
      '/api/content/editions',
      '/api/content/sections',
      '/api/content/tags',
    ])
    const lint = await lintOpenapi(doc)
    assert.equal(lint.errors + lint.warnings, 0, formatProblems(lint.problems))
    // the admin document does not describe the Content API
    const admin = (await t.app.inject({ method: 'GET', url: '/api/admin/openapi.json' })).json()
    assert.ok(!Object.keys(admin.paths).some((p) => p.startsWith('/api/content')))
  })
})

after(closeTemplate)
