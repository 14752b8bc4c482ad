import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { closeTemplate, databaseKinds } from '../../../test/support/databases.ts'
import { readerSession } from '../../../test/support/discussion.ts'
import { multipart, solidPng } from '../../../test/support/media.ts'
import { staffSession, type TestSession } from '../../../test/support/staff.ts'

after(closeTemplate)

const kind = databaseKinds()[0]!

/** The words a person reads: no scripts, styles or tags, entities decoded. */
function visibleText(body: string): string {
  return body
    .replace(/<script[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
}

const ENGLISH = /\b(the|and|your|with|this|from|for|to|of|is|are|no|not|yet|new|save|edit|delete|add|upload|queue|key|keys|send)\b/i

describe(`the newsroom's desks in Russian (${kind})`, () => {
  let t: TestApp
  let admin: TestSession
  const ids = { article: 0, picture: 0, station: 0, webhook: 0, wire: 0, reader: 0 }

  const form = (url: string, fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams()
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x)
    body.append('_csrf', admin.csrf)
    return t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    })
  }
  const api = (method: 'POST' | 'PUT', url: string, payload: unknown, who: TestSession = admin) =>
    t.app.inject({ method, url, headers: { ...who.headers, accept: 'application/json' }, payload: payload as Record<string, unknown> })
  const page = async (url: string) => {
    const res = await t.app.inject({ url, headers: { cookie: admin.cookie, 'accept-language': 'en-GB,en' } })
    assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 500)}`)
    assert.match(res.body, /<html lang="ru-RU"/, url)
    return res.body
  }

  before(async () => {
    t = await createTestApp({ kind, demo: false, env: { MEDIA_CACHE_DIR: 'off' }, build: { syndication: { workers: false } } })
    admin = await staffSession(t, 'admin', 'Анна Иванова')
    const chosen = await form('/newsroom/account/language', { language: 'ru' })
    assert.equal(chosen.statusCode, 303, chosen.body)
    const db = t.database.db

    // the data the pages show, in Russian: standards, a section, a published article, a picture…
    await db.updateTable('community_standards').set({ intro: 'Обсуждение — для читателей.' }).execute()
    await db.updateTable('standards_sections').set({ title: 'Будьте вежливы', body: 'Спорьте с идеями, а не с людьми.' }).execute()
    const section = await api('POST', '/api/admin/sections', { name: 'Город', slug: 'gorod' })
    assert.equal(section.statusCode, 201, section.body)
    const sectionId = section.json().id as number

    const hook = await form('/newsroom/syndication/webhooks', { url: 'https://partner.example/hook', description: 'Партнёр', events: 'article.published' })
    assert.equal(hook.statusCode, 201, hook.body)
    ids.webhook = (await db.selectFrom('webhook_endpoints').select('id').executeTakeFirstOrThrow()).id

    const a = await api('POST', '/api/admin/articles', { headline: 'Выборы в городской совет', sectionId, lead: 'Горожане выбирают депутатов.' })
    assert.equal(a.statusCode, 201, a.body)
    ids.article = a.json().id
    const published = await api('POST', `/api/admin/articles/${ids.article}/workflow`, { action: 'publish' })
    assert.equal(published.statusCode, 200, published.body)

    const picture = multipart(
      { alt: 'Закат над рекой', caption: 'Закат над Волгой', credit: 'Иван Петров' },
      { bytes: await solidPng(900, 600), filename: 'zakat.png' },
    )
    const up = await t.app.inject({ method: 'POST', url: '/api/admin/media', headers: { ...admin.headers, ...picture.headers }, payload: picture.payload })
    assert.equal(up.statusCode, 201, up.body)
    ids.picture = up.json().id

    // a reader's first comment waits for a moderator; approving it fills the log
    const reader = await readerSession(t, 'Пётр Читатель')
    ids.reader = reader.principal.id
    const comment = await t.app.inject({
      method: 'POST',
      url: `/discussion/${ids.article}/comments`,
      headers: { ...reader.headers, accept: 'application/json' },
      payload: { body: 'Хорошая статья, спасибо.' },
    })
    assert.ok([200, 201, 202].includes(comment.statusCode), comment.body)

    // live coverage with one update
    assert.equal((await form(`/newsroom/articles/${ids.article}/live/start`, {})).statusCode, 303)
    const entry = await api('POST', `/newsroom/articles/${ids.article}/live/entries`, { text: 'Участки открылись в восемь утра.' })
    assert.equal(entry.statusCode, 201, entry.body)

    assert.equal((await form('/newsroom/links', { url: 'https://example.org/vybory' })).statusCode, 303)
    const station = await form('/newsroom/stations', {
      name: 'Радио Город',
      timeZone: 'Europe/Moscow',
      streams: 'https://radio.example/live.mp3',
      schedule: 'Mon-Fri 06:00-09:00 | Утренний эфир | Анна Рейес',
    })
    assert.equal(station.statusCode, 303, station.body)
    ids.station = Number(/\/newsroom\/stations\/(\d+)/.exec(station.headers.location as string)![1])

    const key = await form('/newsroom/syndication/keys', { name: 'Агентство Новости', scopes: ['content', 'wire'] })
    assert.equal(key.statusCode, 201, key.body)
    const secret = /<code class="nr-secret">([^<]+)<\/code>/.exec(key.body)![1]!
    const pushed = await t.app.inject({
      method: 'POST',
      url: '/api/wire/items',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/ninjs+json' },
      payload: JSON.stringify({
        uri: 'urn:newsml:agentstvo:2026:1',
        version: '1',
        type: 'text',
        pubstatus: 'usable',
        urgency: 2,
        located: 'Москва',
        headlines: [{ role: 'main', value: 'Землетрясение в Перу' }],
        bodies: [{ contenttype: 'text/html', value: '<p>Толчки ощущались утром.</p>' }],
      }),
    })
    assert.equal(pushed.statusCode, 202, pushed.body)
    ids.wire = pushed.json().id
  })
  after(() => t?.close())

  test('every desk page reads Russian, with no English interface words', async () => {
    // approve the held comment first, so the queue, the log and the reader's record have something
    const queue = await page('/newsroom/moderation')
    const commentId = Number(/data-mod-item="(\d+)"/.exec(queue)![1])
    const held = visibleText(queue)
    assert.equal(ENGLISH.exec(held), null, held)
    assert.match(held, /Задержан правилом новый комментатор: Новый комментатор: одобрено 0 из 1 комментария\./)
    assert.equal((await form(`/newsroom/moderation/comments/${commentId}`, { op: 'approve', queue: 'pending' })).statusCode, 303)
    const readerId = (await t.database.db.selectFrom('comments').select('author_id').where('id', '=', commentId).executeTakeFirstOrThrow()).author_id

    const urls = [
      '/newsroom/media',
      `/newsroom/media/${ids.picture}`,
      '/newsroom/moderation',
      '/newsroom/moderation?queue=reported',
      '/newsroom/moderation/log',
      `/newsroom/moderation/readers/${readerId}`,
      `/newsroom/moderation/articles/${ids.article}`,
      '/newsroom/moderation/settings',
      '/newsroom/community-standards',
      `/newsroom/articles/${ids.article}/live`,
      '/newsroom/links',
      '/newsroom/stations',
      '/newsroom/stations/new',
      `/newsroom/stations/${ids.station}`,
      '/newsroom/alerts',
      `/newsroom/alerts?articleId=${ids.article}`,
      `/newsroom/articles/${ids.article}/views`,
      '/newsroom/syndication',
      '/newsroom/syndication/webhooks',
      `/newsroom/syndication/webhooks/${ids.webhook}`,
      '/newsroom/wire',
      `/newsroom/wire/${ids.wire}`,
    ]
    const entryId = (await t.database.db.selectFrom('live_entries').select('id').executeTakeFirstOrThrow()).id
    urls.push(`/newsroom/live-entries/${entryId}/history`)
    for (const url of urls) {
      const text = visibleText(await page(url))
      if (process.env.DESK_DUMP) console.log(`@@ ${url}\n${text}`)
      const english = ENGLISH.exec(text)
      assert.equal(english, null, `${url}: “${english?.[0]}” in …${text.slice(Math.max(0, (english?.index ?? 0) - 80), (english?.index ?? 0) + 80)}…`)
      assert.match(text, /[а-яё]{3}/i, url)
    }
  })

  test('Russian plurals, dates and flashes on the desks', async () => {
    const discussion = visibleText(await page(`/newsroom/moderation/articles/${ids.article}`))
    assert.match(discussion, /1 одобренный комментарий/)
    const views = visibleText(await page(`/newsroom/articles/${ids.article}/views`))
    assert.match(views, /30 дней/)
    assert.match(views, /7 дней/)
    const media = visibleText(await page(`/newsroom/media/${ids.picture}`))
    assert.match(media, /Загружен \d{1,2} [а-я]+ \d{4} г?\.?/)
    const saved = await form('/newsroom/moderation/settings', { minLength: 'много' })
    assert.equal(saved.statusCode, 400)
    assert.match(visibleText(saved.body), /Правила не сохранены\./)
    assert.match(visibleText(saved.body), /Введите целое число от \d+ до \d+\./)
    for (const [url, fields] of [
      ['/newsroom/stations', { name: '', timeZone: 'Европа/Лондон', streams: '', position: 'первая' }],
      ['/newsroom/links', { url: 'пример' }],
      ['/newsroom/syndication/keys', { name: '' }],
      ['/newsroom/syndication/webhooks', { url: 'ftp://example.org', events: 'article.published' }],
      [`/newsroom/media/${ids.picture}`, { alt: 'ж'.repeat(400), focalX: '2', focalY: '2' }],
      [`/newsroom/moderation/readers/${ids.reader}`, { action: 'suspend', until: '2001-01-01' }],
      ['/newsroom/alerts', { articleId: String(ids.article), title: '' }],
      [`/newsroom/articles/${ids.article}/live/entries`, { text: '![](/media/1)' }],
    ] as const) {
      const refused = await form(url, fields as Record<string, string>)
      assert.equal(refused.statusCode >= 400 && refused.statusCode < 500, true, `${url}: ${refused.statusCode}`)
      const text = visibleText(refused.body)
      if (process.env.DESK_DUMP) console.log(`@@ POST ${url}\n${text}`)
      assert.doesNotMatch(text, /Часть отправленных данных неверна/, `${url}: the problem itself, not only its kind`)
      const english = ENGLISH.exec(text)
      assert.equal(english, null, `${url}: “${english?.[0]}” in …${text.slice(Math.max(0, (english?.index ?? 0) - 120), (english?.index ?? 0) + 80)}…`)
    }
  })
})
