import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate, databaseKinds } from '../../test/support/databases.ts'
import { formClient } from '../../test/support/form-client.ts'
import { staffSession, type TestSession } from '../../test/support/staff.ts'

const kind = databaseKinds()[0]!

/** Words of an English interface; the data made here is Russian, so any of them left is the newsroom's own. */
const ENGLISH =
  /\b(the|and|your|with|this|from|for|to|of|is|are|no|not|yet|new|save|edit|delete|publish|published|draft|article|articles|section|sections|sign|review|status|headline|filter|any|author|revisions?|compare|people|role|tokens?|name|add|change|password|account|never|newer|older|none|nothing|mail|audit|log|editions?|language|workflow|schedule|update|live|view|back)\b/i

/** What a person sees of a page: no scripts or styles, no tags, no machine codes; labels read aloud are kept. */
function visibleText(body: string): string {
  const spoken = [...body.matchAll(/\s(?:aria-label|title)="([^"]*)"/g)].map((m) => m[1])
  const text = body
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<code[\s\S]*?<\/code>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z#0-9]+;/gi, ' ')
  return `${text} ${spoken.join(' ')}`.replace(/\s+/g, ' ')
}

function assertRussian(url: string, body: string) {
  const text = visibleText(body)
  const m = ENGLISH.exec(text)
  assert.equal(m, null, `${url}: English "${m?.[0]}" in …${text.slice(Math.max(0, (m?.index ?? 0) - 80), (m?.index ?? 0) + 80)}…`)
}

describe(`every core page of the newsroom in Russian (${kind})`, () => {
  let t: TestApp
  let admin: TestSession
  const ids: number[] = []
  let sectionId = 0

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers: { ...admin.headers, ...headers } })
  const post = (url: string, fields: Record<string, string | string[]>) => {
    const form = new URLSearchParams()
    for (const [k, v] of Object.entries({ ...fields, _csrf: admin.csrf })) for (const x of [v].flat()) form.append(k, x)
    return t.app.inject({
      method: 'POST',
      url,
      headers: { ...admin.headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.toString(),
    })
  }

  before(async () => {
    t = await createTestApp({ kind, demo: false })
    admin = await staffSession(t, 'admin', 'Анна Петрова')
    assert.equal((await post('/newsroom/account/language', { language: 'ru' })).statusCode, 303)
    assert.equal((await post('/newsroom/sections', { name: 'Политика', slug: 'politika', description: 'Новости политики' })).statusCode, 200)
    const section = await t.database.db.selectFrom('sections').select('id').where('slug', '=', 'politika').executeTakeFirstOrThrow()
    sectionId = section.id
    const headlines = ['Выборы в Москве', 'Дума приняла закон', 'Встреча министров', 'Новый бюджет', 'Реформа образования']
    for (const [i, headline] of headlines.entries()) {
      const res = await post('/newsroom/articles', {
        headline,
        slug: `statya-${i + 1}`,
        sectionId: String(sectionId),
        lead: 'Короткий лид статьи.',
        body: JSON.stringify([{ type: 'paragraph', content: [{ text: 'Первый абзац.' }] }]),
        authorIds: String(admin.principal.personId ?? ''),
      })
      assert.equal(res.statusCode, 303, res.body)
      ids.push(Number(/\/newsroom\/articles\/(\d+)/.exec(res.headers.location as string)![1]))
    }
    // three wait for review, one is published and then changed in its working copy
    for (const id of ids.slice(0, 3)) assert.equal((await post(`/newsroom/articles/${id}/workflow`, { action: 'submit' })).statusCode, 303)
    assert.equal((await post(`/newsroom/articles/${ids[4]}/workflow`, { action: 'publish' })).statusCode, 303)
    const editor = await get(`/newsroom/articles/${ids[4]}`)
    const version = /name="version" value="(\d+)"/.exec(editor.body)![1]!
    const saved = await post(`/newsroom/articles/${ids[4]}`, {
      version,
      headline: 'Реформа образования: подробности',
      slug: 'statya-5',
      sectionId: String(sectionId),
      lead: 'Короткий лид статьи, дополненный.',
      body: JSON.stringify([{ type: 'paragraph', content: [{ text: 'Первый абзац, исправленный.' }] }]),
      authorIds: String(admin.principal.personId ?? ''),
    })
    assert.equal(saved.statusCode, 303, saved.body)
    assert.equal((await post('/newsroom/tokens', { name: 'Сборщик новостей', scopes: ['read', 'write'] })).statusCode, 200)
  })
  after(() => t?.close())

  test('every page the staff member opens speaks Russian, with no English word of the interface left', async () => {
    const pages = [
      '/newsroom',
      '/newsroom?status=review',
      '/newsroom/articles/new',
      `/newsroom/articles/${ids[0]}`,
      `/newsroom/articles/${ids[4]}`,
      `/newsroom/articles/${ids[4]}?saved=1`,
      `/newsroom/articles/${ids[4]}?done=publish`,
      '/newsroom/review',
      `/newsroom/articles/${ids[4]}/revisions`,
      `/newsroom/articles/${ids[4]}/revisions?from=1&to=2`,
      `/newsroom/articles/${ids[4]}/compare-live`,
      '/newsroom/editions',
      '/newsroom/sections',
      '/newsroom/people',
      '/newsroom/account',
      '/newsroom/tokens',
      '/newsroom/audit',
      '/newsroom/mail',
      '/newsroom/notifications',
    ]
    for (const url of pages) {
      const res = await get(url)
      assert.equal(res.statusCode, 200, `${url}: ${res.statusCode}`)
      assert.match(res.body, /<html lang="ru-RU"/, url)
      assertRussian(url, res.body)
    }
    // before anyone is known: the browser's language
    for (const url of ['/newsroom/sign-in', '/newsroom/forgot-password', '/newsroom/reset-password?token=nonsense']) {
      const res = await t.app.inject({ url, headers: { 'accept-language': 'ru-RU,ru;q=0.9' } })
      assert.match(res.body, /<html lang="ru-RU"/, url)
      assertRussian(url, res.body)
    }
  })

  test('counts take the Russian plural forms, and dates come from Intl', async () => {
    assert.match((await get('/newsroom')).body, /На странице 5 статей/)
    assert.match((await get('/newsroom?status=review')).body, /На странице 3 статьи/)
    assert.match((await get(`/newsroom/articles/${ids[4]}`)).body, /Рабочая копия\./)
    const invalid = await post('/newsroom/articles', { headline: '', sectionId: '', body: '[]' })
    assert.equal(invalid.statusCode, 400)
    assert.match(invalid.body, /Статья не сохранена: 2 поля требуют внимания\./)
    assert.match(invalid.body, /Напишите заголовок\./)
    assertRussian('invalid article', invalid.body)
  })

  test("the scripts' words come with the page, in Russian, safe inside their script element", async () => {
    const page = await get(`/newsroom/articles/${ids[0]}`)
    const m = /<script type="application\/json" id="nr-messages">([^<]*)<\/script>/.exec(page.body)
    assert.ok(m, 'the words are embedded')
    const { messages, problems } = JSON.parse(m[1]!) as { messages: Record<string, unknown>; problems: Record<string, string> }
    assert.equal(messages['nr.client.saving'], 'Сохранение…')
    assert.equal(messages['nr.client.draftSaved'], 'Черновик сохранён в {time}')
    assert.deepEqual(Object.keys(messages['nr.client.relatedMatches'] as object).sort(), ['few', 'many', 'one'])
    assert.equal((messages['nr.client.relatedMatches'] as Record<string, string>).many, 'Подходят {n} статей.')
    assert.equal(problems['Write a headline.'], 'Напишите заголовок.')
    // an English page carries English words and no problem table
    const en = await t.app.inject({ url: '/newsroom/sign-in', headers: { 'accept-language': 'en' } })
    const enWords = JSON.parse(/id="nr-messages">([^<]*)</.exec(en.body)![1]!) as { messages: Record<string, unknown>; problems: object }
    assert.equal(enWords.messages['nr.client.saving'], 'Saving…')
    assert.deepEqual(enWords.problems, {})
  })

  test('a refused sign-in and a bad form say why in Russian', async () => {
    const browser = formClient(t.app, { 'accept-language': 'ru' })
    const res = await browser.submit('/newsroom/sign-in', '/newsroom/sign-in', { email: 'nobody@newsroom.test', password: 'неверный-пароль' })
    assert.equal(res.statusCode, 401)
    assert.match(res.body, /Такой пары адреса и пароля нет\./)
    assertRussian('sign-in refused', res.body)
    const token = await post('/newsroom/tokens', { name: '' })
    assert.equal(token.statusCode, 400)
    assert.match(token.body, /Дайте токену название/)
  })

  test('English stays the default, word for word', async () => {
    assert.equal((await post('/newsroom/account/language', { language: 'en' })).statusCode, 303)
    const list = await get('/newsroom')
    assert.match(list.body, /<h1>Articles<\/h1>/)
    assert.match(list.body, /5 articles on this page/)
    const editor = await get(`/newsroom/articles/${ids[4]}`)
    assert.match(editor.body, /<strong>Working copy\.<\/strong> You are editing changes to a published article\. Readers see version 1, published/)
    assert.match(editor.body, /Update live/)
  })
})

after(closeTemplate)
