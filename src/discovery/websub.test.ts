import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import pino from 'pino'
import { createTestApp, TEST_NOW, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { staffSession } from '../../test/support/staff.ts'
import { createEventBus } from '../events.ts'
import { startWebSubPings } from './websub.ts'

after(closeTemplate)

/** A local hub that records publish pings; `respond` false leaves requests hanging. */
async function startHub(respond = true) {
  const pings: string[] = []
  const waiters: { n: number; resolve: () => void }[] = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      const form = new URLSearchParams(body)
      if (req.method === 'POST' && form.get('hub.mode') === 'publish') pings.push(form.get('hub.url')!)
      for (const w of waiters.filter((w) => pings.length >= w.n)) w.resolve()
      if (respond) res.writeHead(204).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hub`,
    pings,
    received: (n: number) => new Promise<void>((resolve) => (pings.length >= n ? resolve() : waiters.push({ n, resolve }))),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}

describe('WebSub', () => {
  let hub: Awaited<ReturnType<typeof startHub>>
  let t: TestApp
  before(async () => {
    hub = await startHub()
    t = await createTestApp({ env: { WEBSUB_HUB: hub.url }, clock: { now: () => TEST_NOW } })
  })
  after(async () => {
    await t.close()
    await hub.close()
  })

  test('feeds advertise the hub in the document and in Link headers', async () => {
    const rss = await t.app.inject({ method: 'GET', url: '/feeds/rss.xml' })
    assert.ok(rss.body.includes(`<atom:link href="${hub.url}" rel="hub"/>`))
    assert.match(rss.headers.link as string, new RegExp(`<${hub.url}>; rel="hub"`))
    assert.match(rss.headers.link as string, /<http:\/\/dateline.test\/feeds\/rss.xml>; rel="self"/)
    assert.ok((await t.app.inject({ method: 'GET', url: '/feeds/atom.xml' })).body.includes(`<link rel="hub" href="${hub.url}"/>`))
    assert.deepEqual((await t.app.inject({ method: 'GET', url: '/feeds/tag/rail/feed.json' })).json().hubs, [{ type: 'WebSub', url: hub.url }])
  })

  test('publishing and correcting ping the hub for every feed that carries the article', async () => {
    const a = await t.database.db
      .selectFrom('articles')
      .select(['id', 'section_id'])
      .where('slug', '=', 'north-korea-snubs-un-meeting-slams-security-councils-double-standards')
      .executeTakeFirstOrThrow()
    await t.deps.events.emit('article.published', { articleId: a.id, sectionId: a.section_id, firstTime: true })
    // site, World, Asia & Pacific, five tags (with "Demo"), one author: 9 folders × 3 formats
    await hub.received(27)
    for (const url of [
      '/feeds/rss.xml',
      '/feeds/atom.xml',
      '/feeds/feed.json',
      '/feeds/section/world/rss.xml',
      '/feeds/section/world/asia-pacific/atom.xml',
      '/feeds/tag/north-korea/feed.json',
      '/feeds/author/mara-lindqvist/rss.xml',
    ]) {
      assert.ok(hub.pings.includes(`http://dateline.test${url}`), url)
    }
    assert.ok(!hub.pings.some((u) => u.includes('/section/business/')))
    const before = hub.pings.length
    await t.deps.events.emit('article.changed', { articleId: a.id, sectionId: a.section_id, reason: 'corrected' })
    await hub.received(before + 27)
    assert.equal(new Set(hub.pings).size, 27)
  })

  test('an editor’s correction through the newsroom API reaches the feeds and the hub', async () => {
    const editor = await staffSession(t, 'editor')
    const a = await t.database.db
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', 'solar-microgrids-reach-200-villages-in-northern-province')
      .executeTakeFirstOrThrow()
    const etag = (await t.app.inject({ method: 'GET', url: '/feeds/section/world/middle-east-africa/rss.xml' })).headers.etag as string
    const before = hub.pings.length
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/admin/articles/${a.id}/corrections`,
      headers: editor.headers,
      payload: { text: 'An earlier version gave the wrong province.' },
    })
    assert.equal(res.statusCode, 201, res.body)
    await hub.received(before + 24) // site, World, Middle East & Africa, four tags, the author: 8 × 3 formats
    assert.ok(hub.pings.slice(before).includes('http://dateline.test/feeds/section/world/middle-east-africa/rss.xml'))
    const feed = await t.app.inject({ method: 'GET', url: '/feeds/section/world/middle-east-africa/rss.xml', headers: { 'if-none-match': etag } })
    assert.equal(feed.statusCode, 200, 'the cached feed was replaced')
    assert.match(feed.body, /An earlier version gave the wrong province\./)
  })
})

describe('WebSub pings never hold up publishing', () => {
  const log = pino({ level: 'silent' })

  test('a hub that does not answer: the event returns while the ping is still waiting', async () => {
    const hub = await startHub(false)
    const events = createEventBus()
    const pings = startWebSubPings({ hub: hub.url, events, log, topicsFor: async () => ['http://dateline.test/feeds/rss.xml'], timeoutMs: 200 })
    await events.emit('article.published', { articleId: 1, sectionId: 1, firstTime: true })
    await hub.received(1)
    assert.equal(hub.pings.length, 1, 'the hub has the ping but has not answered, and publishing has already moved on')
    await pings.close()
    await hub.close()
  })

  test('a hub that is down, or topics that cannot be listed, cost a logged warning and nothing else', async () => {
    const hub = await startHub()
    const url = hub.url
    await hub.close() // nothing listens there now
    const warnings: string[] = []
    const events = createEventBus()
    const pings = startWebSubPings({
      hub: url,
      events,
      log: { warn: (_o: unknown, msg?: string) => void warnings.push(msg ?? ''), debug: () => {} } as never,
      topicsFor: async (id) => {
        if (id === 2) throw new Error('database down')
        return ['http://dateline.test/feeds/rss.xml']
      },
    })
    await events.emit('article.published', { articleId: 1, sectionId: 1, firstTime: true })
    await events.emit('article.changed', { articleId: 2, sectionId: 1, reason: 'corrected' })
    await pings.idle()
    assert.deepEqual(warnings.sort(), ['WebSub hub could not be pinged', 'WebSub topics could not be listed'])
    await pings.close()
  })

  test('without WEBSUB_HUB nothing is pinged and feeds name no hub', async () => {
    let asked = false
    const events = createEventBus()
    const pings = startWebSubPings({ hub: undefined, events, log, topicsFor: async () => ((asked = true), []) })
    await events.emit('article.published', { articleId: 1, sectionId: 1, firstTime: true })
    await pings.idle()
    assert.equal(asked, false)
    const t = await createTestApp({ demo: false })
    assert.ok(!(await t.app.inject({ method: 'GET', url: '/feeds/rss.xml' })).body.includes('rel="hub"'))
    await t.close()
  })
})
