import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import pino from 'pino'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { staffSession, type TestSession } from '../../test/support/staff.ts'
import type { KeyStore } from './key-store.ts'
import type { WireDesk } from './wire-desk.ts'
import { pollWireUrl, scanWireFolder, startWireWatch } from './wire-watch.ts'

const item = (over: Record<string, unknown> = {}) => ({
  uri: 'urn:newsml:agency.test:20261130:quake-1',
  standard: { name: 'ninjs', version: '2.1', schema: 'http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json' },
  type: 'text',
  version: '1',
  versioncreated: '2026-11-30T07:45:00Z',
  pubstatus: 'usable',
  urgency: 2,
  located: 'Lima, Peru',
  headlines: [{ role: 'main', value: 'Strong quake shakes southern Peru — «زلزال»' }],
  descriptions: [{ role: 'summary', value: 'A magnitude 6.8 earthquake struck southern Peru on Monday.' }],
  bodies: [
    {
      contenttype: 'text/html',
      value: '<p>The quake struck at dawn.</p><p>No damage was reported &amp; no tsunami warning was issued.</p><script>alert(1)</script>',
    },
  ],
  infosources: [{ name: 'Agencia Prueba', role: 'originator' }],
  subjects: [{ name: 'Earthquakes' }],
  ...over,
})

describe('the wire desk', () => {
  let t: TestApp
  let editor: TestSession
  let auth: Record<string, string>
  let desk: WireDesk
  let now = new Date('2026-11-30T08:00:00Z')
  before(async () => {
    t = await createTestApp({ clock: { now: () => now }, build: { syndication: { workers: false } } })
    editor = await staffSession(t, 'editor', 'Wendy Wire')
    const s = (t.app as unknown as { syndication: { keys: KeyStore; wire: WireDesk } }).syndication
    desk = s.wire
    auth = { authorization: `Bearer ${(await s.keys.createKey({ name: 'Agencia Prueba', scopes: ['wire'], createdBy: null })).secret}` }
  })
  after(() => t.close())
  const push = (body: unknown, headers: Record<string, string> = auth) =>
    t.app.inject({ method: 'POST', url: '/api/wire/items', headers: { 'content-type': 'application/ninjs+json', ...headers }, payload: JSON.stringify(body) })
  const page = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: editor.cookie } })
  const form = (url: string, payload: string) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `${payload}&_csrf=${editor.csrf}`,
    })

  test('push needs a wire key; an item failing the schema is refused with the path that failed', async () => {
    assert.equal((await push(item(), {})).statusCode, 401)
    const bad = await push(item({ urgency: 12, headlines: [{ role: 'main' }] }))
    assert.equal(bad.statusCode, 400)
    const err = bad.json().error
    assert.equal(err.code, 'NINJS_INVALID')
    const fields = err.fields.map((f: { field: string }) => f.field)
    assert.ok(fields.includes('/urgency'), JSON.stringify(err.fields))
    assert.ok(fields.includes('/headlines/0'), JSON.stringify(err.fields))
    assert.equal((await push({ headlines: [{ value: 'no uri' }] })).json().error.fields[0].message, "must have required property 'uri'")
    assert.equal((await push('just a string')).statusCode, 400)
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/api/wire/items',
      headers: { ...auth, 'content-type': 'application/ninjs+json' },
      payload: '{"uri": ',
    })
    assert.equal(notJson.statusCode, 400)
    assert.equal((await desk.list({ limit: 10 })).length, 0, 'nothing was stored')
  })

  test('end to end: pushed, queued, searched, opened as a draft credited to the agency, updated, killed', async () => {
    const first = await push(item())
    assert.equal(first.statusCode, 202, first.body)
    assert.equal(first.json().status, 'new')
    assert.equal((await push(item())).json().status, 'unchanged', 'a repeat changes nothing')

    const queue = await page('/newsroom/wire')
    assert.equal(queue.statusCode, 200)
    assert.ok(queue.body.includes('Strong quake shakes southern Peru — «زلزال»'))
    assert.ok(queue.body.includes('Agencia Prueba'))
    assert.ok(!(await page('/newsroom/wire?q=volcano')).body.includes('Strong quake'))
    assert.ok((await page('/newsroom/wire?q=tsunami')).body.includes('Strong quake'), 'the body is searched')
    const reporter = await staffSession(t, 'reporter')
    assert.equal((await t.app.inject({ method: 'GET', url: '/newsroom/wire', headers: { cookie: reporter.cookie } })).statusCode, 403)

    const id = first.json().id as number
    const itemPage = await page(`/newsroom/wire/${id}`)
    assert.ok(!itemPage.body.includes('<script>alert(1)'), 'agency markup never reaches the page')
    const world = (await t.database.db.selectFrom('sections').select('id').where('slug', '=', 'world').executeTakeFirstOrThrow()).id
    const opened = await form(`/newsroom/wire/${id}/draft`, `sectionId=${world}`)
    assert.equal(opened.statusCode, 303, opened.body)
    const articleId = Number(/\/newsroom\/articles\/(\d+)/.exec(opened.headers.location as string)![1])
    const draft = (await t.app.inject({ method: 'GET', url: `/api/admin/articles/${articleId}`, headers: editor.headers })).json()
    assert.equal(draft.status, 'draft')
    assert.equal(draft.headline, 'Strong quake shakes southern Peru — «زلزال»')
    assert.deepEqual(draft.dateline, { place: 'LIMA', dateText: 'November 30', agency: 'Agencia Prueba' })
    assert.deepEqual(
      draft.body.map((b: { content: { text: string }[] }) => b.content[0]!.text),
      ['The quake struck at dawn.', 'No damage was reported & no tsunami warning was issued.'],
    )
    assert.equal((await form(`/newsroom/wire/${id}/publish`, `sectionId=${world}`)).statusCode, 409, 'an item is used once')

    // the agency sends version 2: the newsroom hears of it
    const other = await staffSession(t, 'editor', 'Other Editor')
    now = new Date(now.getTime() + 60_000)
    const v2 = await push(item({ version: '2', headlines: [{ value: 'Strong quake shakes southern Peru, two hurt' }] }))
    assert.equal(v2.json().status, 'updated')
    const notes = await t.app.inject({ method: 'GET', url: '/newsroom/notifications', headers: { cookie: other.cookie } })
    assert.match(notes.body, /The wire sent a new version of a story taken from it/)
    assert.ok((await page(`/newsroom/wire/${id}`)).body.includes('The agency has sent version 2 since'))

    // and then kills it
    now = new Date(now.getTime() + 60_000)
    const kill = await push(item({ version: '3', pubstatus: 'canceled' }))
    assert.equal(kill.statusCode, 202)
    assert.deepEqual([kill.json().status, kill.json().pubstatus], ['updated', 'canceled'])
    const killedNotes = await t.app.inject({ method: 'GET', url: '/newsroom/notifications', headers: { cookie: other.cookie } })
    assert.match(killedNotes.body, /The wire KILLED a story taken from it/)
    assert.match(killedNotes.body, new RegExp(`/newsroom/articles/${articleId}`))
    const killedPage = await page(`/newsroom/wire/${id}`)
    assert.match(killedPage.body, /The agency has KILLED this item/)
    assert.match((await page('/newsroom/wire')).body, /KILLED/)
    assert.deepEqual(
      (await desk.versions(id)).map((v) => [v.version, v.pubstatus]),
      [
        ['1', 'usable'],
        ['2', 'usable'],
        ['3', 'canceled'],
      ],
    )
  })

  test('publish as is respects the embargo; once it has passed, the story is live', async () => {
    const embargoed = await push(item({ uri: 'urn:newsml:agency.test:20261130:budget', version: '1', embargoed: '2026-11-30T12:00:00Z', located: 'Quito' }))
    const id = embargoed.json().id
    const world = (await t.database.db.selectFrom('sections').select('id').where('slug', '=', 'world').executeTakeFirstOrThrow()).id
    const early = await form(`/newsroom/wire/${id}/publish`, `sectionId=${world}`)
    assert.equal(early.statusCode, 409)
    assert.match(early.body, /embargoed until 2026-11-30T12:00:00.000Z/)
    now = new Date('2026-11-30T12:00:01Z')
    const published = await form(`/newsroom/wire/${id}/publish`, `sectionId=${world}`)
    assert.equal(published.statusCode, 303, published.body)
    const articleId = Number(/(\d+)$/.exec(published.headers.location as string)![1])
    const a = (await t.app.inject({ method: 'GET', url: `/api/admin/articles/${articleId}`, headers: editor.headers })).json()
    assert.equal(a.status, 'published')
    assert.equal((await t.app.inject({ method: 'GET', url: new URL(a.url, 'http://dateline.test').pathname })).statusCode, 200)
  })

  test('ninjs 1.x is taken where cheap; the watched folder takes files and sets bad ones aside', async () => {
    const v1 = await push({
      uri: 'urn:agency.test:old-1',
      version: '1',
      headline: 'An older agency format',
      body_text: 'First.\n\nSecond.',
      located: 'Oslo',
      urgency: 5,
    })
    assert.equal(v1.statusCode, 202, v1.body)
    const old = await desk.get(v1.json().id)
    assert.equal(old!.headline, 'An older agency format')
    assert.equal(old!.bodyText, 'First.\n\nSecond.')

    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dateline-wire-'))
    try {
      await fs.writeFile(
        path.join(dir, 'a.json'),
        JSON.stringify({ items: [item({ uri: 'urn:agency.test:folder-1' }), item({ uri: 'urn:agency.test:folder-2' })] }),
      )
      await fs.writeFile(path.join(dir, 'b.json'), JSON.stringify(item({ uri: 'not a uri', pubstatus: 'gone' })))
      const r = await scanWireFolder(desk, dir, pino({ level: 'silent' }))
      assert.deepEqual(r, { taken: 2, failed: 1 })
      assert.deepEqual((await fs.readdir(path.join(dir, 'done'))).sort(), ['a.json'])
      assert.match(await fs.readFile(path.join(dir, 'failed', 'b.json.error.txt'), 'utf8'), /\/pubstatus/)
      assert.ok((await desk.list({ search: '', limit: 100 })).some((i) => i.uri === 'urn:agency.test:folder-2' && i.source === 'folder'))
    } finally {
      await fs.rm(dir, { recursive: true, force: true })
    }
  })

  test('a polled URL: items taken with its bearer token, repeats change nothing, an update and a kill arrive on the next poll, internal addresses need allowing', async () => {
    // an agency's feed on a real HTTP server: what it lists changes between polls
    let listing: unknown = { items: [item({ uri: 'urn:agency.test:poll-1' }), item({ uri: 'urn:agency.test:poll-2', urgency: 1 })] }
    const seen: string[] = []
    const server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'} ${req.headers.accept ?? '-'}`)
      if (req.headers.authorization !== 'Bearer feed-secret') return void res.writeHead(401).end()
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(listing))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const url = new URL(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}/ninjs/latest`)
    const allowed = new net.BlockList()
    allowed.addAddress('127.0.0.1')
    const log = pino({ level: 'silent' })
    try {
      // loopback is an internal address: refused unless the operator allows it (WIRE_ALLOWED / OUTGOING_ALLOW)
      await assert.rejects(pollWireUrl(desk, { url, token: 'feed-secret', log }))
      await assert.rejects(pollWireUrl(desk, { url, token: 'wrong', allowed, log }), /401/)

      assert.equal(await pollWireUrl(desk, { url, token: 'feed-secret', allowed, log }), 2)
      const polled = (await desk.list({ search: '', limit: 100 })).filter((i) => i.uri.startsWith('urn:agency.test:poll-'))
      assert.equal(polled.length, 2)
      assert.deepEqual(
        polled.map((i) => [i.source, i.agency]),
        [
          ['poll', 'Agencia Prueba'],
          ['poll', 'Agencia Prueba'],
        ],
        'the agency named in the item',
      )
      assert.match(seen.at(-1)!, /^GET \/ninjs\/latest Bearer feed-secret application\/ninjs\+json/)

      // the same listing again: nothing new in the queue
      await pollWireUrl(desk, { url, token: 'feed-secret', allowed, log })
      assert.equal((await desk.list({ search: '', limit: 100 })).filter((i) => i.uri.startsWith('urn:agency.test:poll-')).length, 2)

      // an editor opens poll-1 as a draft; the agency then updates it and kills poll-2, seen by the watch's next round
      const one = polled.find((i) => i.uri === 'urn:agency.test:poll-1')!
      const opened = await form(`/newsroom/wire/${one.id}/draft`, '')
      assert.equal(opened.statusCode, 303, opened.body)
      listing = [
        item({ uri: 'urn:agency.test:poll-1', version: '2', headlines: [{ role: 'main', value: 'Strong quake: death toll rises' }] }),
        item({ uri: 'urn:agency.test:poll-2', version: '2', pubstatus: 'canceled' }),
        { uri: 'not a uri', pubstatus: 'gone' },
      ]
      const stop = startWireWatch(desk, { url, token: 'feed-secret', allowed, intervalMs: 60_000, log })
      await stop()
      const after1 = (await desk.list({ search: '', limit: 100 })).find((i) => i.uri === 'urn:agency.test:poll-1')!
      assert.equal(after1.headline, 'Strong quake: death toll rises')
      assert.equal(after1.version, '2')
      const after2 = (await desk.list({ search: '', limit: 100 })).find((i) => i.uri === 'urn:agency.test:poll-2')!
      assert.equal(after2.pubstatus, 'canceled')
      // the item the draft was opened from tells the editor that the agency has sent more since
      assert.ok((await page(`/newsroom/wire/${one.id}`)).body.includes('The agency has sent version 2 since'))
      assert.match((await page(`/newsroom/wire/${after2.id}`)).body, /The agency has KILLED this item/)
    } finally {
      await new Promise((r) => server.close(r))
    }
  })
})

after(closeTemplate)
