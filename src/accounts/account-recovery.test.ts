import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { formClient } from '../../test/support/form-client.ts'
import { linkIn, startSmtp, type TestSmtp } from '../../test/support/smtp.ts'
import { staffSession } from '../../test/support/staff.ts'

// Mail goes to a real SMTP server started here (smtp-server) and is read back with mailparser;
// the tests follow the links in the messages received, as a person would.

let n = 0
const uniqueIp = () => `10.77.${Math.floor(++n / 250)}.${n % 250}`

describe('account mail over SMTP: verification, password reset, new-device notices', () => {
  let smtp: TestSmtp
  let t: TestApp
  before(async () => {
    smtp = await startSmtp()
    t = await createTestApp({ demo: false, env: { SMTP_URL: smtp.url, MAIL_FROM: 'Dateline Desk <desk@dateline.test>' }, build: { mail: { pollMs: 200 } } })
  })
  after(async () => {
    await t.close()
    await smtp.close()
  })

  async function signUp(email: string, name: string, password = 'Reader-Password-1') {
    const c = formClient(t.app, { 'x-forwarded-for': uniqueIp() })
    const res = await c.submit('/account/sign-up', '/account/sign-up', { email, displayName: name, password, next: '/account' })
    assert.equal(res.statusCode, 303, res.body)
    return c
  }

  test('sign-up → a verification mail arrives over SMTP → its link verifies the address, once', async () => {
    const reader = await signUp('zoe@readers.test', 'Zoë "Z" & Co')
    const before = await reader.get('/account')
    assert.match(before.body, /not verified yet/)
    const mail = await smtp.waitFor((m) => m.to.includes('zoe@readers.test'))
    assert.equal(mail.parsed.from?.value[0]?.address, 'desk@dateline.test')
    assert.match(mail.subject, /^Confirm your e-mail address for /)
    // both bodies: the name as text in the plain part, escaped once in the HTML part
    assert.match(mail.text, /Hello Zoë "Z" & Co,/)
    assert.match(mail.html, /Hello Zoë &quot;Z&quot; &amp; Co,/)
    const link = linkIn(mail, 'http://dateline.test/account/verify?token=')
    assert.ok(mail.html.includes(link.replace(/&/g, '&amp;')), 'the HTML part has the same link')

    const verified = await formClient(t.app, { 'x-forwarded-for': uniqueIp() }).get(link)
    assert.equal(verified.statusCode, 200)
    assert.match(verified.body, /zoe@readers\.test is verified/)
    assert.match((await reader.get('/account')).body, /Your e-mail address is verified/)
    const again = await formClient(t.app, { 'x-forwarded-for': uniqueIp() }).get(link)
    assert.equal(again.statusCode, 404, 'a link works once')
    assert.match(again.body, /expired or has been used/)
    const row = await t.database.db.selectFrom('account_tokens').select(['id_hash']).where('purpose', '=', 'verify_email').execute()
    assert.ok(
      row.every((r) => !link.includes(r.id_hash)),
      'only a hash of the token is stored',
    )
  })

  test('forgotten password → mail → new password works, the old one and every old session do not; the link works once', async () => {
    const first = await signUp('ravi@readers.test', 'Ravi', 'Old-Password-123')
    const second = formClient(t.app, { 'x-forwarded-for': uniqueIp() })
    assert.equal((await second.submit('/account/sign-in', '/account/sign-in', { email: 'ravi@readers.test', password: 'Old-Password-123' })).statusCode, 303)
    assert.equal((await second.get('/account')).statusCode, 200)

    const stranger = formClient(t.app, { 'x-forwarded-for': uniqueIp() })
    const asked = await stranger.submit('/account/forgot-password', '/account/forgot-password', { email: 'RAVI@readers.test' })
    const unknown = await stranger.submit('/account/forgot-password', '/account/forgot-password', { email: 'nobody@readers.test' })
    // the same answer whether or not the address has an account
    assert.equal(asked.statusCode, 200)
    assert.equal(unknown.statusCode, asked.statusCode)
    const strip = (body: string) => body.replace(/RAVI@readers\.test|nobody@readers\.test/g, 'ADDRESS').replace(/value="[^"]+"/g, '')
    assert.equal(strip(unknown.body), strip(asked.body))
    assert.match(asked.body, /If an account uses RAVI@readers\.test, we have sent it a link/)

    const mail = await smtp.waitFor((m) => m.to.includes('ravi@readers.test') && /Reset your/.test(m.subject))
    const link = linkIn(mail, 'http://dateline.test/account/reset-password?token=')
    const page = await stranger.get(link)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Choose a new password/)
    const short = await stranger.post('/account/reset-password', { token: new URL(link).searchParams.get('token')!, password: 'short' })
    assert.equal(short.statusCode, 400, 'a bad password is refused without using the link up')
    const done = await stranger.post('/account/reset-password', { token: new URL(link).searchParams.get('token')!, password: 'New-Password-456' })
    assert.equal(done.statusCode, 303)
    assert.equal(done.headers.location, '/account/sign-in?done=reset')

    for (const old of [first, second]) {
      const res = await old.get('/account')
      assert.equal(res.statusCode, 303, 'every old session has ended')
      assert.match(String(res.headers.location), /^\/account\/sign-in/)
    }
    const withOld = await formClient(t.app, { 'x-forwarded-for': uniqueIp() }).submit('/account/sign-in', '/account/sign-in', {
      email: 'ravi@readers.test',
      password: 'Old-Password-123',
    })
    assert.equal(withOld.statusCode, 401)
    const withNew = formClient(t.app, { 'x-forwarded-for': uniqueIp() })
    assert.equal((await withNew.submit('/account/sign-in', '/account/sign-in', { email: 'ravi@readers.test', password: 'New-Password-456' })).statusCode, 303)
    assert.equal((await withNew.get('/account')).statusCode, 200)

    const reused = await stranger.get(link)
    assert.equal(reused.statusCode, 404)
    assert.match(reused.body, /This link no longer works/)
    const reusedPost = await stranger.post('/account/reset-password', { token: new URL(link).searchParams.get('token')!, password: 'Third-Password-789' })
    assert.equal(reusedPost.statusCode, 404)

    // nothing was ever sent to the address without an account
    await new Promise((r) => setTimeout(r, 300))
    assert.equal(smtp.messages.filter((m) => m.to.includes('nobody@readers.test')).length, 0)
    assert.equal((await t.database.db.selectFrom('mail_queue').select('id').where('to_address', '=', 'nobody@readers.test').execute()).length, 0)
  })

  test('staff reset theirs the same way: the link goes to the newsroom, and the sign-in page says what happened', async () => {
    const editor = await staffSession(t, 'editor')
    const c = formClient(t.app, { 'x-forwarded-for': uniqueIp() })
    assert.equal((await c.submit('/newsroom/forgot-password', '/newsroom/forgot-password', { email: editor.email })).statusCode, 200)
    const mail = await smtp.waitFor((m) => m.to.includes(editor.email))
    const link = linkIn(mail, 'http://dateline.test/newsroom/reset-password?token=')
    await c.get(link)
    const done = await c.post('/newsroom/reset-password', { token: new URL(link).searchParams.get('token')!, password: 'Editor-New-Password-1' })
    assert.equal(done.headers.location, '/newsroom/sign-in?done=reset')
    assert.match((await c.get('/newsroom/sign-in?done=reset')).body, /Your password is changed/)
    assert.equal((await t.app.inject({ method: 'GET', url: '/newsroom', headers: { cookie: editor.cookie } })).statusCode, 303, 'the old session ended')
    const signedIn = await c.submit('/newsroom/sign-in', '/newsroom/sign-in', { email: editor.email, password: 'Editor-New-Password-1', next: '/newsroom' })
    assert.equal(signedIn.statusCode, 303)
    assert.equal((await c.get('/newsroom')).statusCode, 200)
  })

  test('a sign-in from a browser the account has not used before is mailed; the same browser again is not; the setting turns it off', async () => {
    const reporter = await staffSession(t, 'reporter')
    const signIn = (c: ReturnType<typeof formClient>) =>
      c.submit('/newsroom/sign-in', '/newsroom/sign-in', { email: reporter.email, password: reporter.password, next: '/newsroom' })
    const notices = async () =>
      (await t.database.db.selectFrom('mail_queue').select('id').where('to_address', '=', reporter.email).where('kind', '=', 'new_device').execute()).length

    const laptop = formClient(t.app, { 'x-forwarded-for': uniqueIp(), 'user-agent': 'Laptop Browser/1.0' })
    assert.equal((await signIn(laptop)).statusCode, 303)
    assert.equal(await notices(), 0, 'the first sign-in ever is not news')
    const phone = formClient(t.app, { 'x-forwarded-for': '203.0.113.9', 'user-agent': 'Phone Browser/2.0' })
    assert.equal((await signIn(phone)).statusCode, 303)
    const mail = await smtp.waitFor((m) => m.to.includes(reporter.email) && /New sign-in/.test(m.subject))
    assert.match(mail.text, /Phone Browser\/2\.0/)
    assert.match(mail.text, /203\.0\.113\.9/)
    assert.equal(await notices(), 1)
    await signIn(phone)
    await signIn(laptop)
    assert.equal(await notices(), 1, 'browsers seen before are not news')

    await phone.get('/newsroom/account')
    assert.equal((await phone.post('/newsroom/account/notifications', {})).statusCode, 303)
    await signIn(formClient(t.app, { 'x-forwarded-for': uniqueIp(), 'user-agent': 'Tablet/3' }))
    assert.equal(await notices(), 1, 'turned off: no notice')
  })
})

describe('without SMTP_URL', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp({ demo: false })
  })
  after(async () => {
    await t.close()
    await closeTemplate()
  })

  test('mail is logged as not sent, and the pages that need it say so instead of pretending', async () => {
    const c = formClient(t.app, { 'x-forwarded-for': uniqueIp() })
    await c.submit('/account/sign-up', '/account/sign-up', { email: 'quiet@readers.test', displayName: 'Quiet', password: 'Reader-Password-1' })
    const account = await c.get('/account')
    assert.match(account.body, /cannot send e-mail at the moment \(no mail server is configured\)/)
    const forgot = await c.get('/account/forgot-password')
    assert.match(forgot.body, /no mail server is configured\), so a password cannot be reset by e-mail/)
    assert.doesNotMatch(forgot.body, /Send me a link/)
    const logged = await t.database.db
      .selectFrom('mail_queue')
      .select(['status', 'last_error', 'kind'])
      .where('to_address', '=', 'quiet@readers.test')
      .execute()
    assert.deepEqual(logged, [{ status: 'not_sent', last_error: 'not sent: no SMTP configured', kind: 'verify_email' }])
    await c.get('/account') // a page with a form, for its CSRF token
    const post = await c.post('/newsroom/forgot-password', { email: 'quiet@readers.test' })
    assert.equal(post.statusCode, 503)
  })
})
