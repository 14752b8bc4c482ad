import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import * as OTPAuth from 'otpauth'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { formClient } from '../../test/support/form-client.ts'
import { staffSession } from '../../test/support/staff.ts'
import { createStaffService } from './staff-service.ts'

// Codes are computed here with an independent TOTP implementation (otpauth), from the secret the
// account page shows, at the app's clock (moved on 30 s at a time: a code is good once).

let nowMs = Date.parse('2026-11-30T12:00:00Z')
const clock = { now: () => new Date(nowMs) }
const tick = () => (nowMs += 30_000)
let ip = 0
const browser = (t: TestApp) => formClient(t.app, { 'x-forwarded-for': `10.88.0.${++ip}` })

function codeFor(secret: string): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret.replace(/\s/g, '')), digits: 6, period: 30 }).generate({ timestamp: nowMs })
}

async function turnOn(c: ReturnType<typeof formClient>): Promise<{ secret: string; codes: string[] }> {
  const page = await c.get('/newsroom/account')
  const secret = /data-totp-secret>([A-Z2-7 ]+)</.exec(page.body)![1]!
  assert.match(page.body, /otpauth:\/\/totp\/Dateline%20\(dateline\.test\)%3A/)
  const done = await c.post('/newsroom/account/two-factor', { code: codeFor(secret) })
  assert.equal(done.statusCode, 200, done.body)
  const codes = [...done.body.matchAll(/<li><code>([a-z2-7-]+)<\/code><\/li>/g)].map((m) => m[1]!)
  assert.equal(codes.length, 10)
  return { secret, codes }
}

describe('two-factor sign-in (TOTP) for staff', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp({ demo: false, clock })
  })
  after(async () => {
    await t.close()
  })

  test('setting it up takes a code from the app; a wrong one is refused and changes nothing', async () => {
    const s = await staffSession(t, 'editor')
    const c = browser(t)
    c.jar.set('dl_session', s.cookie.split('=')[1]!)
    await c.get('/newsroom/account')
    const wrong = await c.post('/newsroom/account/two-factor', { code: '000000' })
    assert.equal(wrong.statusCode, 400)
    assert.match(wrong.body, /That code does not match/)
    const row = await t.database.db.selectFrom('accounts').select(['totp_enabled_at', 'totp_secret']).where('id', '=', s.principal.id).executeTakeFirstOrThrow()
    assert.equal(row.totp_enabled_at, null)
    await turnOn(c)
    assert.match((await c.get('/newsroom/account')).body, /Two-factor sign-in is <strong>on<\/strong>. 10 unused recovery codes left/)
  })

  test('signing in then takes password and code; a code works once; recovery codes work once each; wrong codes end the attempt', async () => {
    const s = await staffSession(t, 'editor')
    const setup = browser(t)
    setup.jar.set('dl_session', s.cookie.split('=')[1]!)
    const { secret, codes } = await turnOn(setup)
    tick()

    const signIn = async (c: ReturnType<typeof formClient>) => {
      const res = await c.submit('/newsroom/sign-in', '/newsroom/sign-in', { email: s.email, password: s.password, next: '/newsroom?status=review' })
      assert.equal(res.statusCode, 303)
      assert.equal(res.headers.location, '/newsroom/sign-in/code?next=%2Fnewsroom%3Fstatus%3Dreview')
      assert.equal(c.jar.has('dl_session'), false, 'no session before the code')
      assert.equal((await c.get('/newsroom')).statusCode, 303, 'the password alone opens nothing')
      return c.get(String(res.headers.location))
    }

    const a = browser(t)
    await signIn(a)
    const wrong = await a.post('/newsroom/sign-in/code', { code: '123456', next: '/newsroom?status=review' })
    assert.equal(wrong.statusCode, 401)
    assert.match(wrong.body, /That code is not right/)
    const code = codeFor(secret)
    const ok = await a.post('/newsroom/sign-in/code', { code, next: '/newsroom?status=review' })
    assert.equal(ok.statusCode, 303)
    assert.equal(ok.headers.location, '/newsroom?status=review')
    assert.equal((await a.get('/newsroom')).statusCode, 200)

    // the same code, in the same 30 seconds, from another browser: refused
    const b = browser(t)
    await signIn(b)
    assert.equal((await b.post('/newsroom/sign-in/code', { code, next: '/newsroom' })).statusCode, 401)
    // a recovery code (typed in capitals without dashes) works, once
    const recovery = codes[0]!
    assert.equal((await b.post('/newsroom/sign-in/code', { code: recovery.replace(/-/g, '').toUpperCase(), next: '/newsroom' })).statusCode, 303)
    assert.equal((await b.get('/newsroom')).statusCode, 200)
    const c = browser(t)
    await signIn(c)
    assert.equal((await c.post('/newsroom/sign-in/code', { code: recovery, next: '/newsroom' })).statusCode, 401, 'a recovery code works once')
    assert.match((await setup.get('/newsroom/account')).body, /9 unused recovery codes left/)

    // five wrong codes end the attempt: the right one no longer helps
    const d = browser(t)
    await signIn(d)
    for (let i = 0; i < 5; i++) await d.post('/newsroom/sign-in/code', { code: String(100000 + i), next: '/newsroom' })
    tick()
    const late = await d.post('/newsroom/sign-in/code', { code: codeFor(secret), next: '/newsroom' })
    assert.equal(late.statusCode, 401)
    assert.match(late.body, /Sign in again with your password/)
    // and the reader sign-in form is no way round it
    const e = browser(t)
    const viaReader = await e.submit('/account/sign-in', '/account/sign-in', { email: s.email, password: s.password, next: '/account' })
    assert.match(String(viaReader.headers.location), /^\/newsroom\/sign-in\/code/)
    assert.equal(e.jar.has('dl_session'), false)
  })

  test('turning it off takes the password and a code', async () => {
    const s = await staffSession(t, 'reporter')
    const c = browser(t)
    c.jar.set('dl_session', s.cookie.split('=')[1]!)
    const { secret } = await turnOn(c)
    tick()
    const bad = await c.post('/newsroom/account/two-factor/disable', { password: 'wrong password!', code: codeFor(secret) })
    assert.equal(bad.statusCode, 400)
    const ok = await c.post('/newsroom/account/two-factor/disable', { password: s.password, code: codeFor(secret) })
    assert.equal(ok.statusCode, 303)
    assert.match((await c.get('/newsroom/account')).body, /Two-factor sign-in is <strong>off<\/strong>/)
  })
})

describe('an admin turns off two-factor for someone who lost their phone and codes', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp({ demo: false, clock })
  })
  after(async () => {
    await t.close()
  })

  test('the person can sign in with the password alone again, and the audit log says who did it', async () => {
    const s = await staffSession(t, 'reporter')
    const own = browser(t)
    own.jar.set('dl_session', s.cookie.split('=')[1]!)
    await turnOn(own)
    tick()
    const admin = await staffSession(t, 'admin')
    const c = browser(t)
    c.jar.set('dl_session', admin.cookie.split('=')[1]!)
    const people = await c.get('/newsroom/people')
    assert.match(people.body, /Turn off two-factor/)
    const res = await c.post(`/newsroom/people/${s.principal.id}`, { op: 'two-factor-off' })
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /Two-factor sign-in is off for/)
    const entry = await t.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'detail'])
      .where('action', '=', 'account.two_factor.disable')
      .where('subject_id', '=', String(s.principal.id))
      .executeTakeFirstOrThrow()
    assert.equal(entry.actor_id, admin.principal.id)
    const again = browser(t)
    const signedIn = await again.submit('/newsroom/sign-in', '/newsroom/sign-in', { email: s.email, password: s.password, next: '/newsroom' })
    assert.equal(signedIn.headers.location, '/newsroom')
    const audit = await c.get('/newsroom/audit?action=account.two_factor')
    assert.match(audit.body, /account\.two_factor\.disable/)
    assert.match(audit.body, /account\.two_factor\.enable/)
  })
})

describe('one-time passwords and required two-factor for admins', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp({ demo: false, clock, env: { ADMIN_TWO_FACTOR: 'required' } })
  })
  after(async () => {
    await t.close()
    await closeTemplate()
  })

  test('an account made by an admin signs in with its one-time password and must choose a new one before anything else', async () => {
    const admin = await staffSession(t, 'admin')
    // (this admin has no two-factor: under ADMIN_TWO_FACTOR=required it is sent to set it up first)
    const adminBrowser = browser(t)
    adminBrowser.jar.set('dl_session', admin.cookie.split('=')[1]!)
    const blocked = await adminBrowser.get('/newsroom/people')
    assert.equal(blocked.statusCode, 303)
    assert.equal(blocked.headers.location, '/newsroom/account')
    assert.match((await adminBrowser.get('/newsroom/account')).body, /Administrators on this site must use two-factor sign-in/)
    await turnOn(adminBrowser)
    tick()

    const made = await adminBrowser.submit('/newsroom/people', '/newsroom/people', {
      email: 'new.writer@newsroom.test',
      displayName: 'New Writer',
      role: 'reporter',
    })
    assert.equal(made.statusCode, 200, made.body)
    const password = /<code[^>]*>([A-Za-z0-9]{20})<\/code>/.exec(made.body)?.[1]
    assert.ok(password, 'the one-time password is shown once')

    const writer = browser(t)
    const signedIn = await writer.submit('/newsroom/sign-in', '/newsroom/sign-in', {
      email: 'new.writer@newsroom.test',
      password,
      next: '/newsroom/articles/new',
    })
    assert.equal(signedIn.statusCode, 303)
    const sent = await writer.get('/newsroom/articles/new')
    assert.equal(sent.statusCode, 303, 'nothing else opens')
    assert.equal(sent.headers.location, '/newsroom/account')
    const api = await t.app.inject({
      method: 'GET',
      url: '/api/admin/me',
      headers: { cookie: `dl_session=${writer.jar.get('dl_session')}`, accept: 'application/json' },
    })
    assert.equal(api.statusCode, 403)
    assert.equal(api.json().error.code, 'ACCOUNT_ACTION_REQUIRED')
    const page = await writer.get('/newsroom/account')
    assert.match(page.body, /You signed in with a one-time password. Choose a new password before doing anything else/)
    const same = await writer.post('/newsroom/account/password', { current: password, next: password })
    assert.equal(same.statusCode, 400, 'the one-time password cannot be kept')
    const changed = await writer.post('/newsroom/account/password', { current: password, next: 'My-Own-Password-1' })
    assert.equal(changed.statusCode, 303)
    assert.equal((await writer.get('/newsroom/articles/new')).statusCode, 200, 'now everything opens')
  })

  test('the first administrator printed at start must change its password too', async () => {
    const database = t.database
    await database.db.deleteFrom('accounts').execute()
    const first = await createStaffService({ db: database.db, now: clock.now }).ensureFirstAdmin('chief@newsroom.test')
    const row = await database.db.selectFrom('accounts').select('must_change_password').where('email', '=', first!.email).executeTakeFirstOrThrow()
    assert.equal(row.must_change_password, true)
    const c = browser(t)
    await c.submit('/newsroom/sign-in', '/newsroom/sign-in', { email: first!.email, password: first!.password, next: '/newsroom' })
    assert.equal((await c.get('/newsroom')).headers.location, '/newsroom/account')
  })
})
