import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { readerSession, seedArticleId, setDiscussionSettings } from '../../test/support/discussion.ts'
import type { TestSession } from '../../test/support/staff.ts'

after(closeTemplate)

describe('a retried comment does not post twice (idempotency key from the form and the API)', () => {
  let t: TestApp
  let r: TestSession
  let articleId: number
  before(async () => {
    t = await createTestApp()
    articleId = await seedArticleId(t.database.db)
    // no repeat-post rule: what stops the duplicate here is the key alone
    await setDiscussionSettings(t.database.db, { repeatWindowMinutes: 0 })
    r = await readerSession(t)
  })
  after(async () => {
    await t.close()
  })
  const count = async (body: string) =>
    (await t.database.db.selectFrom('comments').select('id').where('article_id', '=', articleId).where('body', '=', body).execute()).length

  test('the form carries a fresh key per render; posting it twice stores one comment', async () => {
    const page = await t.app.inject({ url: `/discussion/${articleId}`, headers: { cookie: r.cookie } })
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(page.body)?.[1]
    assert.ok(key, 'the form has an idempotency key')
    const again = await t.app.inject({ url: `/discussion/${articleId}`, headers: { cookie: r.cookie } })
    assert.notEqual(/name="idempotencyKey" value="([^"]+)"/.exec(again.body)?.[1], key, 'a new key for each form')
    const post = () =>
      t.app.inject({
        method: 'POST',
        url: `/discussion/${articleId}/comments`,
        headers: { cookie: r.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: r.csrf, body: 'Posted during an outage, retried.', idempotencyKey: key }).toString(),
      })
    const first = await post()
    assert.equal(first.statusCode, 303, first.body.slice(0, 300))
    const second = await post()
    assert.equal(second.statusCode, 303)
    assert.equal(second.headers.location, first.headers.location, 'the retry lands on the same comment')
    assert.equal(await count('Posted during an outage, retried.'), 1)
    // the same key with other words is another comment (a form reused after posting)
    const other = await t.app.inject({
      method: 'POST',
      url: `/discussion/${articleId}/comments`,
      headers: { cookie: r.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: r.csrf, body: 'A second, different thought.', idempotencyKey: key }).toString(),
    })
    assert.equal(other.statusCode, 303)
    assert.equal(await count('A second, different thought.'), 1)
  })

  test('the API: the Idempotency-Key header returns the stored comment on a retry, even two at once', async () => {
    const send = (key: string) =>
      t.app.inject({
        method: 'POST',
        url: `/discussion/${articleId}/comments`,
        headers: { ...r.headers, accept: 'application/json', 'idempotency-key': key },
        payload: { body: 'Sent by a client that retries.' },
      })
    const [a, b] = await Promise.all([send('client-key-1'), send('client-key-1')])
    assert.equal(a.statusCode, 201, a.body)
    assert.equal(b.statusCode, 201, b.body)
    assert.equal(a.json().id, b.json().id)
    const c = await send('client-key-1')
    assert.equal(c.json().id, a.json().id)
    assert.equal(await count('Sent by a client that retries.'), 1)
    const bad = await send('bad key with spaces')
    assert.equal(bad.statusCode, 400)
  })
})
