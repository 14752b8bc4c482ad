import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import pino from 'pino'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { staffSession, type TestSession } from '../../test/support/staff.ts'
import { isAllowedAddress, parseAddressList, safeFetch, UnsafeAddressError } from '../http/safe-fetch.ts'
import { backoffMs, createWebhooks, type Webhooks } from './webhooks.ts'

interface Received {
  headers: http.IncomingHttpHeaders
  body: string
}

/** A webhook receiver on loopback: answers each request with the next status in `statuses` (then 200). */
async function startReceiver(statuses: number[]) {
  const received: Received[] = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (body += c))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.writeHead(statuses.shift() ?? 200, { 'content-type': 'text/plain' }).end('ok')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/dateline`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

/** What a receiver does: checks the signature header against the body with the shared secret. */
function verify(secret: string, r: Received): { ok: boolean; t: number } {
  const header = String(r.headers['dateline-signature'] ?? '')
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header)
  if (!m) return { ok: false, t: 0 }
  const expected = createHmac('sha256', secret).update(`${m[1]}.${r.body}`).digest('hex')
  return { ok: expected === m[2], t: Number(m[1]) }
}

describe('safe fetch (SSRF)', () => {
  test('private, loopback, link-local and mapped addresses are refused unless allowed', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
    ])
      assert.equal(isAllowedAddress(a), false, a)
    for (const a of ['93.184.216.34', '2606:4700:4700::1111']) assert.equal(isAllowedAddress(a), true, a)
    const allowed = parseAddressList('127.0.0.1, 10.0.0.0/8')
    assert.equal(isAllowedAddress('127.0.0.1', allowed), true)
    assert.equal(isAllowedAddress('10.9.9.9', allowed), true)
    assert.equal(isAllowedAddress('192.168.1.1', allowed), false)
    assert.throws(() => parseAddressList('example.com'))
    assert.throws(() => parseAddressList('10.0.0.0/99'))
  })

  test('a host name that resolves to loopback is refused after DNS, and so is a literal address', async () => {
    await assert.rejects(safeFetch('http://localhost:9/'), UnsafeAddressError)
    await assert.rejects(safeFetch('http://127.0.0.1:9/'), UnsafeAddressError)
    await assert.rejects(safeFetch('http://[::1]:9/'), UnsafeAddressError)
    await assert.rejects(safeFetch('file:///etc/passwd'), /only http and https/)
    await assert.rejects(safeFetch('http://user:pw@example.com/'), /user name or password/)
  })
})

describe('webhooks', () => {
  let t: TestApp
  let admin: TestSession
  let receiver: Awaited<ReturnType<typeof startReceiver>>
  let webhooks: Webhooks
  let now = new Date('2026-11-30T09:00:00Z')
  before(async () => {
    receiver = await startReceiver([500])
    t = await createTestApp({ env: { FETCH_ALLOWED_ADDRESSES: '127.0.0.1' }, clock: { now: () => now }, build: { syndication: { workers: false } } })
    admin = await staffSession(t, 'admin', 'Ada Admin')
    webhooks = (t.app as unknown as { syndication: { webhooks: Webhooks } }).syndication.webhooks
  })
  after(async () => {
    await t.close()
    await receiver.close()
  })
  const form = (url: string, payload: string) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `${payload}&_csrf=${admin.csrf}`,
    })

  test('an admin adds an endpoint; a publication is delivered signed, retried after a 500 with backoff, and logged', async () => {
    assert.equal((await form('/newsroom/syndication/webhooks', 'url=ftp%3A%2F%2Fx.test%2F&events=article.published')).statusCode, 400)
    const added = await form(
      '/newsroom/syndication/webhooks',
      `url=${encodeURIComponent(receiver.url)}&description=${encodeURIComponent('Apps team «تطبيق»')}&events=article.published&events=article.unpublished&events=comment.approved`,
    )
    assert.equal(added.statusCode, 201, added.body)
    const secret = /<code class="nr-secret">(whsec_[\w-]+)<\/code>/.exec(added.body)![1]!
    const [endpoint] = await webhooks.listEndpoints()

    const world = (await t.database.db.selectFrom('sections').select('id').where('slug', '=', 'world').executeTakeFirstOrThrow()).id
    const a = (
      await t.app.inject({
        method: 'POST',
        url: '/api/admin/articles',
        headers: admin.headers,
        payload: { headline: 'Ferry service resumes', sectionId: world, lead: 'A lead.', body: [{ type: 'paragraph', content: [{ text: 'Boats sail.' }] }] },
      })
    ).json()
    assert.equal(
      (await t.app.inject({ method: 'POST', url: `/api/admin/articles/${a.id}/workflow`, headers: admin.headers, payload: { action: 'publish' } })).statusCode,
      200,
    )

    assert.equal(await webhooks.deliverDue(), 1)
    assert.equal(receiver.received.length, 1, 'the first attempt reached the receiver (which answered 500)')
    assert.equal(await webhooks.deliverDue(), 0, 'not due again until its backoff has passed')
    now = new Date(now.getTime() + backoffMs(1) + 1000)
    assert.equal(await webhooks.deliverDue(), 1)
    assert.equal(receiver.received.length, 2)

    const second = receiver.received[1]!
    const check = verify(secret, second)
    assert.ok(check.ok, 'the receiver verifies the HMAC-SHA256 signature')
    assert.equal(check.t, Math.floor(now.getTime() / 1000), 'the signed timestamp is the time of sending')
    assert.equal(verify('whsec_wrong', second).ok, false)
    assert.equal(verify(secret, { ...second, body: second.body.replace('Ferry', 'Fairy') }).ok, false, 'a changed body fails')
    assert.equal(second.headers['dateline-event'], 'article.published')
    const payload = JSON.parse(second.body)
    assert.equal(payload.event, 'article.published')
    assert.equal(payload.data.articleId, a.id)
    assert.equal(payload.data.headline, 'Ferry service resumes')
    assert.match(payload.data.url, /^http:\/\/dateline\.test\/world\//)
    assert.equal(JSON.parse(receiver.received[0]!.body).id, payload.id, 'the retry sends the same event')

    const log = await t.app.inject({ method: 'GET', url: `/newsroom/syndication/webhooks/${endpoint!.id}`, headers: { cookie: admin.cookie } })
    assert.equal(log.statusCode, 200)
    assert.ok(log.body.includes('Apps team «تطبيق»'))
    assert.match(log.body, />delivered</)
    assert.match(log.body, /500 — the endpoint answered 500/)
    assert.match(log.body, /<td>2<\/td>/, 'two attempts')

    // unpublication and an approved comment reach it too; updates were not asked for
    assert.equal(
      (await t.app.inject({ method: 'POST', url: `/api/admin/articles/${a.id}/workflow`, headers: admin.headers, payload: { action: 'unpublish' } }))
        .statusCode,
      200,
    )
    await t.deps.events.emit('comment.approved', { articleId: a.id, commentId: 77 })
    assert.equal(await webhooks.deliverDue(), 2)
    assert.deepEqual(
      receiver.received
        .slice(2)
        .map((r) => JSON.parse(r.body).event)
        .sort(),
      ['article.unpublished', 'comment.approved'],
    )
    assert.ok(receiver.received.every((r) => verify(secret, r).ok))
  })

  test('without FETCH_ALLOWED_ADDRESSES, a delivery to loopback is refused and logged, never sent', async () => {
    const strict = createWebhooks({ db: t.database.db, now: () => now, log: pino({ level: 'silent' }) })
    const before = receiver.received.length
    await strict.enqueue('comment.approved', { articleId: 1, commentId: 2 })
    assert.ok((await strict.deliverDue()) >= 1)
    assert.equal(receiver.received.length, before)
    const [endpoint] = await strict.listEndpoints()
    const [latest] = await strict.deliveryLog(endpoint!.id, 1)
    assert.equal(latest!.status, 'pending')
    assert.match(latest!.lastError!, /not a public address/)
  })

  test('only admins see webhooks; forms need the CSRF token', async () => {
    const editor = await staffSession(t, 'editor')
    assert.equal((await t.app.inject({ method: 'GET', url: '/newsroom/syndication/webhooks', headers: { cookie: editor.cookie } })).statusCode, 403)
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: '/newsroom/syndication/webhooks',
      headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'url=https%3A%2F%2Fhooks.example%2F&events=article.published',
    })
    assert.equal(noCsrf.statusCode, 403)
    assert.equal((await t.app.inject({ method: 'GET', url: '/newsroom/syndication/webhooks/99999', headers: { cookie: admin.cookie } })).statusCode, 404)
  })
})

after(closeTemplate)
