import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { cookiesOf, signInForm } from '../../test/support/sign-in.ts'
import { staffSession, type TestSession } from '../../test/support/staff.ts'

after(closeTemplate)

describe('API tokens: revoked by a password reset or disabling, scoped, expiring', () => {
  let t: TestApp
  let admin: TestSession
  let sectionId: number
  before(async () => {
    t = await createTestApp()
    admin = await staffSession(t, 'admin')
    sectionId = (await t.database.db.selectFrom('sections').select('id').where('slug', '=', 'science').executeTakeFirstOrThrow()).id
  })
  after(async () => {
    await t.close()
  })

  async function makeToken(s: TestSession, body: Record<string, unknown> = {}): Promise<string> {
    const res = await t.app.inject({ method: 'POST', url: '/api/admin/tokens', headers: s.headers, payload: { name: 'script', ...body } })
    assert.equal(res.statusCode, 201, res.body)
    return res.json().token as string
  }
  const asToken = (token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload: payload as object } : {}) })

  test('an admin resetting a password revokes that person’s tokens, with a note on their token page', async () => {
    const reporter = await staffSession(t, 'reporter')
    const token = await makeToken(reporter)
    assert.equal((await asToken(token, 'GET', '/api/admin/me')).statusCode, 200)
    const reset = await t.app.inject({ method: 'POST', url: `/api/admin/people/${reporter.principal.id}/reset-password`, headers: admin.headers })
    assert.equal(reset.statusCode, 200, reset.body)
    const after = await asToken(token, 'GET', '/api/admin/me')
    assert.equal(after.statusCode, 401)
    // the reporter signs in with the new password and reads why
    const signedIn = await signInForm(t, { email: reporter.email, password: reset.json().password as string })
    assert.equal(signedIn.statusCode, 303)
    // the password an admin reset is a one-time one: the reporter replaces it first
    const first = `dl_session=${cookiesOf(signedIn).dl_session}`
    const account = await t.app.inject({ url: '/newsroom/account', headers: { cookie: first } })
    const csrf = /name="csrf-token" content="([^"]+)"/.exec(account.body)![1]!
    const changed = await t.app.inject({
      method: 'POST',
      url: '/newsroom/account/password',
      headers: { cookie: first },
      payload: { _csrf: csrf, current: reset.json().password as string, next: 'A-new-password-of-my-own-42' },
    })
    assert.equal(changed.statusCode, 303, changed.body)
    const page = await t.app.inject({ url: '/newsroom/tokens', headers: { cookie: `dl_session=${cookiesOf(changed).dl_session}` } })
    assert.match(page.body, /Some of your tokens were revoked for you: <q>script<\/q> because its owner’s password was reset/)
    assert.match(page.body, /revoked because its owner’s password was reset/)
  })

  test('disabling an account revokes its tokens for good: re-enabling does not bring them back', async () => {
    const reporter = await staffSession(t, 'reporter')
    const token = await makeToken(reporter)
    const patch = (disabled: boolean) =>
      t.app.inject({ method: 'PATCH', url: `/api/admin/people/${reporter.principal.id}`, headers: admin.headers, payload: { disabled } })
    assert.equal((await patch(true)).statusCode, 200)
    assert.equal((await asToken(token, 'GET', '/api/admin/me')).statusCode, 401)
    assert.equal((await patch(false)).statusCode, 200)
    assert.equal((await asToken(token, 'GET', '/api/admin/me')).statusCode, 401)
  })

  test('scopes: read only reads, write changes drafts, publish puts live, admin reaches admin routes', async () => {
    const editor = await staffSession(t, 'editor')
    const readOnly = await makeToken(editor, { scopes: ['read'] })
    assert.equal((await asToken(readOnly, 'GET', '/api/admin/articles')).statusCode, 200)
    const refused = await asToken(readOnly, 'POST', '/api/admin/articles', { headline: 'Scoped', sectionId })
    assert.equal(refused.statusCode, 403)
    assert.match(refused.json().error.message, /lacks the "write" scope/)

    const writer = await makeToken(editor) // default: read and write
    const created = await asToken(writer, 'POST', '/api/admin/articles', { headline: 'Scoped draft', sectionId })
    assert.equal(created.statusCode, 201, created.body)
    const id = created.json().id as number
    const publish = await asToken(writer, 'POST', `/api/admin/articles/${id}/workflow`, { action: 'publish' })
    assert.equal(publish.statusCode, 403, 'publishing needs the publish scope')
    const publisher = await makeToken(editor, { scopes: ['read', 'write', 'publish'] })
    assert.equal((await asToken(publisher, 'POST', `/api/admin/articles/${id}/workflow`, { action: 'publish' })).statusCode, 200)

    const adminNoScope = await makeToken(admin, { scopes: ['read', 'write', 'publish'] })
    assert.equal((await asToken(adminNoScope, 'GET', '/api/admin/people')).statusCode, 403)
    const adminToken = await makeToken(admin, { scopes: ['read', 'admin'] })
    assert.equal((await asToken(adminToken, 'GET', '/api/admin/people')).statusCode, 200)
    // a scope never lifts a role: a reporter's admin-scoped token is still a reporter's
    const reporter = await staffSession(t, 'reporter')
    assert.equal((await asToken(await makeToken(reporter, { scopes: ['admin'] }), 'GET', '/api/admin/people')).statusCode, 403)
  })

  test('a token with an expiry stops working when it passes', async () => {
    const editor = await staffSession(t, 'editor')
    const res = await t.app.inject({ method: 'POST', url: '/api/admin/tokens', headers: editor.headers, payload: { name: 'a day', expiresInDays: 1 } })
    assert.equal(res.statusCode, 201)
    const token = res.json().token as string
    assert.ok(res.json().expiresAt)
    assert.equal((await asToken(token, 'GET', '/api/admin/me')).statusCode, 200)
    await t.database.db
      .updateTable('api_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', res.json().id)
      .execute()
    const expired = await asToken(token, 'GET', '/api/admin/me')
    assert.equal(expired.statusCode, 401)
    assert.match(expired.json().error.message, /expired/)
  })
})
