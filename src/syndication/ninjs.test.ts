import assert from 'node:assert/strict'
import fs from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { assertNinjs, ninjsValidator } from '../../test/support/ninjs.ts'
import { staffSession, type TestSession } from '../../test/support/staff.ts'
import type { KeyStore } from './key-store.ts'

const validate = ninjsValidator()
const para = (text: string) => ({ type: 'paragraph', content: [{ text }] })

describe('the IPTC ninjs 2.1 schema (the judge)', () => {
  test('requires uri, refuses unknown properties and checks types: it can fail', () => {
    assert.equal(validate({ uri: 'http://dateline.test/api/ninjs/items/1' }), true)
    assert.equal(validate({ headlines: [{ value: 'No uri' }] }), false)
    assert.equal(validate({ uri: 'http://x.test/1', headline: 'a 1.x property' }), false)
    assert.equal(validate({ uri: 'http://x.test/1', urgency: 0 }), false)
    assert.equal(validate({ uri: 'http://x.test/1', pubstatus: 'killed' }), false)
    assert.equal(validate({ uri: 'http://x.test/1', versioncreated: 'yesterday' }), false)
  })

  test('the wire desk checks incoming items against the same file', () => {
    const fixture = fs.readFileSync(new URL('../../test/fixtures/ninjs/ninjs-schema_2.1.json', import.meta.url), 'utf8')
    assert.deepEqual(JSON.parse(fs.readFileSync(new URL('./ninjs-schema_2.1.json', import.meta.url), 'utf8')), JSON.parse(fixture))
  })
})

describe('ninjs out', () => {
  let t: TestApp
  let editor: TestSession
  let keys: KeyStore
  let world: number
  before(async () => {
    t = await createTestApp()
    editor = await staffSession(t, 'editor', 'Eddie Editor')
    keys = (t.app as unknown as { syndication: { keys: KeyStore } }).syndication.keys
    world = (await t.database.db.selectFrom('sections').select('id').where('slug', '=', 'world').executeTakeFirstOrThrow()).id
  })
  after(() => t.close())
  const api = (method: string, url: string, payload?: object) =>
    t.app.inject({ method: method as 'POST', url, headers: editor.headers, ...(payload ? { payload } : {}) })

  async function publish(headline: string, extra: object = {}) {
    const body = [para('The council met on Monday.'), para('It voted on the budget — 12 to 3.')]
    const a = (await api('POST', '/api/admin/articles', { headline, sectionId: world, lead: 'A lead.', body, ...extra })).json()
    const p = await api('POST', `/api/admin/articles/${a.id}/workflow`, { action: 'publish' })
    assert.equal(p.statusCode, 200, p.body)
    const full = (await api('GET', `/api/admin/articles/${a.id}`)).json()
    return { id: a.id as number, path: new URL(full.url as string, 'http://dateline.test').pathname }
  }

  test('every published article answers as ninjs on its URL (Accept) and at .ninjs, valid against the schema', async () => {
    const a = await publish('Harbour reopens — «ترحيب» 🚢', {
      dateline: { place: 'LISBON', dateText: 'December 3', agency: 'Reuters' },
      tags: ['Transport', 'Погода'],
    })
    // the HTML page first, so the page cache holds it: Accept must not get the HTML back
    const page = await t.app.inject({ method: 'GET', url: a.path })
    assert.match(page.headers['content-type'] as string, /text\/html/)
    assert.match(page.headers.vary as string, /accept\b/)
    const viaAccept = await t.app.inject({ method: 'GET', url: a.path, headers: { accept: 'application/ninjs+json' } })
    assert.equal(viaAccept.statusCode, 200)
    assert.match(viaAccept.headers['content-type'] as string, /^application\/ninjs\+json/)
    const item = viaAccept.json()
    assertNinjs(validate, item)
    assert.equal(item.headlines[0].value, 'Harbour reopens — «ترحيب» 🚢')
    assert.equal(item.located, 'LISBON')
    assert.equal(item.pubstatus, 'usable')
    assert.equal(item.standard.version, '2.1')
    assert.deepEqual(
      item.subjects.map((s: { name: string }) => s.name),
      ['Transport', 'Погода'],
    )
    assert.ok(item.infosources.some((s: { name: string; role: string }) => s.name === 'Reuters' && s.role === 'originator'))
    assert.match(item.bodies[0].value, /<span class="dateline">LISBON, December 3 \(Reuters\)<\/span>/)
    assert.equal(item.bodies[1].contenttype, 'text/plain')
    assert.equal(item.bodies[1].wordcount, 13)
    assert.ok(item.altids.some((x: { value: string }) => x.value === `http://dateline.test${a.path}`))

    // both are cached apart: the HTML again is HTML, the ninjs again is ninjs
    const again = await t.app.inject({ method: 'GET', url: a.path })
    assert.match(again.headers['content-type'] as string, /text\/html/)
    const suffix = await t.app.inject({ method: 'GET', url: `${a.path}.ninjs` })
    assert.equal(suffix.statusCode, 200)
    assert.deepEqual(suffix.json(), item)
    const suffixAgain = await t.app.inject({ method: 'GET', url: `${a.path}.ninjs` })
    assert.equal(suffixAgain.headers['x-cache'], 'HIT')
  })

  test('demo articles validate too (quotes, lists, images) and an unknown .ninjs is a 404', async () => {
    const feed = (await t.app.inject({ method: 'GET', url: '/feeds/feed.json' })).json()
    assert.ok(feed.items.length >= 5)
    for (const entry of feed.items.slice(0, 10)) {
      const res = await t.app.inject({ method: 'GET', url: `${new URL(entry.url).pathname}.ninjs` })
      assert.equal(res.statusCode, 200, entry.url)
      assertNinjs(validate, res.json())
    }
    assert.equal((await t.app.inject({ method: 'GET', url: '/world/20200101/no-such-story.ninjs' })).statusCode, 404)
    assert.equal((await t.app.inject({ method: 'GET', url: '/world/.ninjs' })).statusCode, 404)
  })

  test('the subscriber feed needs a key with the feed scope, pages with since, and carries corrections and cancels', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/ninjs/items' })).statusCode, 401)
    const contentOnly = await keys.createKey({ name: 'App', scopes: ['content'], createdBy: null })
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/ninjs/items', headers: { authorization: `Bearer ${contentOnly.secret}` } })).statusCode, 401)
    const { secret, key } = await keys.createKey({ name: 'Partner', scopes: ['feed'], createdBy: null })
    const auth = { authorization: `Bearer ${secret}` }
    const pageOf = async (since: string, limit = 100) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/ninjs/items?since=${since}&limit=${limit}`, headers: auth })
      assert.equal(res.statusCode, 200, res.body)
      return res.json() as {
        items: { uri: string; version: string; pubstatus: string; descriptions?: { role: string; value: string }[] }[]
        next: string
        more: boolean
      }
    }
    // the whole archive, two at a time
    let since = '0'
    let seen = 0
    for (let guard = 0; guard < 100; guard++) {
      const p = await pageOf(since, 2)
      for (const item of p.items) assertNinjs(validate, item)
      seen += p.items.length
      since = p.next
      if (!p.more) break
    }
    assert.ok(seen >= 6, `the demo archive and the published test story are in the feed (${seen})`)
    assert.deepEqual((await pageOf(since)).items, [], 'nothing new after the last page')

    const a = await publish('Bridge closes for repairs')
    const corrected = await api('POST', `/api/admin/articles/${a.id}/corrections`, { text: 'An earlier version gave the wrong date.' })
    assert.equal(corrected.statusCode, 201, corrected.body)
    assert.equal((await api('POST', `/api/admin/articles/${a.id}/workflow`, { action: 'unpublish' })).statusCode, 200)
    const news = await pageOf(since)
    const uri = `http://dateline.test/api/ninjs/items/${a.id}`
    const mine = news.items.filter((i) => i.uri === uri)
    assert.deepEqual(
      mine.map((i) => [i.version, i.pubstatus]),
      [
        ['1', 'usable'],
        ['2', 'usable'],
        ['2', 'canceled'],
      ],
    )
    assert.ok(mine[1]!.descriptions!.some((d) => d.role === 'correction' && d.value.includes('wrong date')))
    for (const item of news.items) assertNinjs(validate, item)
    // the item itself is gone for readers and the feed's item address alike
    assert.equal((await t.app.inject({ method: 'GET', url: `${a.path}.ninjs` })).statusCode, 404)
    assert.equal((await t.app.inject({ method: 'GET', url: `/api/ninjs/items/${a.id}`, headers: auth })).statusCode, 404)

    // bad cursors are refused, revoked keys too
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/ninjs/items?since=-1', headers: auth })).statusCode, 400)
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/ninjs/items?since=1e309', headers: auth })).statusCode, 400)
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/ninjs/items/1e309', headers: auth })).statusCode, 400)
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/ninjs/items?limit=Infinity', headers: auth })).statusCode, 400)
    await keys.revokeKey(key.id)
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/ninjs/items', headers: auth })).statusCode, 401)
  })
})

after(closeTemplate)
