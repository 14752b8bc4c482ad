import assert from 'node:assert/strict'
import https from 'node:https'
import { after, describe, test } from 'node:test'
import { createTestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { seedArticleId } from '../../test/support/discussion.ts'
import { pushServiceSkipReason, startPushService, type TestSubscriber } from '../../test/support/push-service.ts'
import { staffSession } from '../../test/support/staff.ts'

after(closeTemplate)

const skip = pushServiceSkipReason()
if (skip) console.log(`# skipping the push alert test: ${skip}`)

describe('breaking-news alerts over Web Push', { skip }, () => {
  test('readers subscribe per section; an alert sent from the newsroom arrives encrypted and decrypts with the subscription keys; a 410 removes the subscription', async () => {
    const push = await startPushService()
    const t = await createTestApp({
      env: { VAPID_SUBJECT: 'mailto:desk@dateline.test' },
      build: { alerts: { agent: new https.Agent({ ca: push.ca }), allowPrivateEndpoints: true, pollMs: 0 } },
    })
    try {
      const db = t.database.db
      const articleId = await seedArticleId(db)
      // the opt-in page carries the site's VAPID public key, made once and stored
      const page = await t.app.inject({ url: '/alerts' })
      assert.equal(page.statusCode, 200)
      const vapidKey = /data-vapid-key="([A-Za-z0-9_-]+)"/.exec(page.body)![1]!
      assert.equal(Buffer.from(vapidKey, 'base64url').length, 65)
      assert.equal((await db.selectFrom('push_keys').selectAll().execute()).length, 1)
      assert.equal(/data-vapid-key="([A-Za-z0-9_-]+)"/.exec((await t.app.inject({ url: '/alerts' })).body)![1], vapidKey, 'the same key every time')
      const csrf = /data-csrf="([^"]+)"/.exec(page.body)![1]!
      const reader = { cookie: `dl_csrf=${csrf}`, 'x-csrf-token': csrf, accept: 'application/json' }

      const sections = await db.selectFrom('sections').select(['id', 'slug']).execute()
      const world = sections.find((s) => s.slug === 'world')!.id
      const business = sections.find((s) => s.slug === 'business')!.id
      const subscribe = (s: TestSubscriber, sectionIds: number[]) =>
        t.app.inject({ method: 'POST', url: '/alerts/subscriptions', headers: reader, payload: { ...s.json, expirationTime: null, sectionIds } })
      const ana = push.subscribe() // World (the seed article is in World › Asia & Pacific)
      const bob = push.subscribe() // Business only: not told
      const cat = push.subscribe() // every section, but her browser's subscription has expired
      for (const [s, ids] of [
        [ana, [world]],
        [bob, [business]],
        [cat, []],
      ] as const)
        assert.equal((await subscribe(s, [...ids])).statusCode, 201)
      push.expire(cat)

      // bad subscriptions change nothing
      const count = async () => (await db.selectFrom('push_subscriptions').select('id').execute()).length
      const bad = push.subscribe()
      assert.equal((await subscribe({ ...bad, json: { ...bad.json, endpoint: bad.endpoint.replace('https:', 'http:') } }, [])).statusCode, 400)
      assert.equal((await subscribe({ ...bad, json: { ...bad.json, keys: { ...bad.json.keys, p256dh: 'A'.repeat(87) } } }, [])).statusCode, 400)
      assert.equal((await subscribe(bad, [99999999])).statusCode, 400)
      assert.equal(
        (await t.app.inject({ method: 'POST', url: '/alerts/subscriptions', headers: { accept: 'application/json' }, payload: bad.json })).statusCode,
        403,
        'no CSRF token',
      )
      assert.equal(await count(), 3)

      // a reporter may not send alerts; an editor sends one from the article
      const reporter = await staffSession(t, 'reporter')
      const editor = await staffSession(t, 'editor', 'Eda Editor')
      const form = (who: typeof editor, fields: Record<string, string>) =>
        t.app.inject({
          method: 'POST',
          url: '/newsroom/alerts',
          headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ ...fields, _csrf: who.csrf }).toString(),
        })
      assert.equal((await form(reporter, { articleId: String(articleId), title: 'x' })).statusCode, 403)
      assert.equal((await form(editor, { articleId: String(articleId), title: '' })).statusCode, 400)
      const title = 'Security Council: vote on North Korea — «срочно» 🚨'
      const sent = await form(editor, { articleId: String(articleId), title, body: 'China objects to the debate.' })
      assert.equal(sent.statusCode, 200)
      assert.match(sent.body, /Alert queued for 2 subscribers/)

      const message = await push.next(ana)
      const payload = JSON.parse(ana.decrypt(message.body)) as { title: string; body: string; url: string }
      assert.equal(payload.title, title)
      assert.equal(payload.body, 'China objects to the debate.')
      assert.match(payload.url, /^\/world\/asia-pacific\/20200805\/un-security-council/)
      assert.equal(message.vapid.sub, 'mailto:desk@dateline.test')
      assert.equal(message.vapid.aud, push.origin)
      assert.equal(message.vapid.publicKey, vapidKey)
      assert.equal(message.headers.urgency, 'high')
      assert.ok(Number(message.headers.ttl) > 0)
      assert.throws(() => bob.decrypt(message.body), 'only the subscriber can read it')

      // the expired subscription: 410 from the push service, removed; Bob heard nothing
      const until = Date.now() + 10_000
      while ((await count()) !== 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
      const left = await db.selectFrom('push_subscriptions').select('endpoint').execute()
      assert.deepEqual(left.map((s) => s.endpoint).sort(), [ana.endpoint, bob.endpoint].sort())
      const deliveries = await db.selectFrom('push_deliveries').select(['status', 'last_status']).execute()
      assert.deepEqual(deliveries.map((d) => `${d.status} ${d.last_status}`).sort(), ['gone 410', 'sent 201'])
      assert.equal(push.received.filter((m) => m.subscription === bob.id).length, 0)
      assert.deepEqual(push.rejected, [])

      // an alert from a live update opens the update's permalink
      await t.app.inject({
        method: 'POST',
        url: `/newsroom/articles/${articleId}/live/start`,
        headers: { ...editor.headers, accept: 'application/json' },
        payload: {},
      })
      const entry = (
        await t.app.inject({
          method: 'POST',
          url: `/newsroom/articles/${articleId}/live/entries`,
          headers: { ...editor.headers, accept: 'application/json' },
          payload: { text: 'The vote is 13 to 2' },
        })
      ).json()
      const fromEntry = await t.app.inject({
        method: 'POST',
        url: '/newsroom/alerts',
        headers: { ...editor.headers, accept: 'application/json' },
        payload: { articleId, entryId: entry.id, title: 'The vote is 13 to 2' },
      })
      assert.equal(fromEntry.statusCode, 201)
      const second = await new Promise<string>((resolve, reject) => {
        const end = Date.now() + 10_000
        const look = () => {
          const m = push.received.filter((x) => x.subscription === ana.id)[1]
          if (m) resolve(ana.decrypt(m.body))
          else if (Date.now() > end) reject(new Error('the second alert did not arrive'))
          else setTimeout(look, 50)
        }
        look()
      })
      assert.equal(JSON.parse(second).url, `/live-blog/entries/${entry.id}`)
    } finally {
      await t.close()
      await push.close()
    }
  })
})
