import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import * as OTPAuth from 'otpauth'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { formClient } from '../../test/support/form-client.ts'
import { staffSession } from '../../test/support/staff.ts'

// What a browser is told about every kind of response (pages, the newsroom, the API, feeds), the
// cookies under https, security.txt, and how sessions rotate and end.

const SEED = '/world/asia-pacific/20200805/un-security-council-debate-on-north-korea-rights-record-leaves-china-worried'
let nowMs = Date.now()
const clock = { now: () => new Date(nowMs) }
const DAY = 86_400_000
let ip = 0
const browser = (t: TestApp) => formClient(t.app, { 'x-forwarded-for': `10.77.0.${++ip}` })

function setCookies(res: { headers: Record<string, unknown> }): string[] {
  return ([] as string[]).concat((res.headers['set-cookie'] as string | string[] | undefined) ?? [])
}

describe('security headers on every kind of response (site under https)', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp({ clock, env: { SITE_URL: 'https://dateline.test', SECURITY_CONTACT: 'security@dateline.test' } })
  })
  after(async () => {
    await t.close()
  })

  test('home, an article, the newsroom sign-in, an API route and a feed carry CSP without unsafe-*, and the other policies', async () => {
    const s = await staffSession(t, 'editor')
    const pages = {
      home: await t.app.inject({ method: 'GET', url: '/' }),
      article: await t.app.inject({ method: 'GET', url: SEED }),
      'newsroom sign-in': await t.app.inject({ method: 'GET', url: '/newsroom/sign-in' }),
      'admin API': await t.app.inject({ method: 'GET', url: '/api/admin/articles', headers: { cookie: `__Host-${s.cookie}` } }),
      'API error': await t.app.inject({ method: 'GET', url: '/api/admin/articles' }),
      feed: await t.app.inject({ method: 'GET', url: '/feeds/rss.xml' }),
      'not found': await t.app.inject({ method: 'GET', url: '/no/such/page' }),
    }
    assert.equal(pages['admin API'].statusCode, 200, 'the session cookie under its __Host- name is accepted')
    for (const [name, res] of Object.entries(pages)) {
      if (!['API error', 'not found'].includes(name)) assert.equal(res.statusCode, 200, `${name}: ${res.statusCode}`)
      const h = res.headers
      const csp = String(h['content-security-policy'] ?? '')
      assert.match(csp, /default-src 'self'/, `${name}: a Content-Security-Policy`)
      assert.doesNotMatch(csp, /unsafe-/, `${name}: no unsafe-* in the CSP`)
      assert.match(csp, /frame-ancestors 'none'/, `${name}: no framing`)
      assert.match(csp, /object-src 'none'/, `${name}: no plugins`)
      assert.match(csp, /base-uri 'self'/, `${name}: no <base> hijack`)
      assert.match(csp, /upgrade-insecure-requests/, `${name}: upgrade-insecure-requests under https`)
      for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb'])
        assert.match(String(h['permissions-policy'] ?? ''), new RegExp(`(^|, )${feature}=\\(\\)`), `${name}: Permissions-Policy refuses ${feature}`)
      assert.equal(h['referrer-policy'], 'no-referrer', `${name}: Referrer-Policy`)
      assert.equal(h['cross-origin-opener-policy'], 'same-origin', `${name}: Cross-Origin-Opener-Policy`)
      assert.equal(h['x-content-type-options'], 'nosniff', `${name}: nosniff`)
      assert.match(String(h['strict-transport-security'] ?? ''), /max-age=\d{7,}/, `${name}: HSTS under https`)
      assert.equal(h['x-powered-by'], undefined)
    }
  })

  test('under https the session, CSRF and sign-in cookies are __Host- cookies: Secure, Path=/, no Domain; an unprefixed one is ignored', async () => {
    const s = await staffSession(t, 'reporter')
    const c = browser(t)
    const page = await c.get('/newsroom/sign-in')
    const anon = setCookies(page)
    assert.ok(anon.length > 0)
    const signIn = await c.post('/newsroom/sign-in', { email: s.email, password: s.password, next: '/newsroom' })
    assert.equal(signIn.statusCode, 303, signIn.body)
    const all = [...anon, ...setCookies(signIn)]
    assert.ok(
      all.some((x) => x.startsWith('__Host-dl_session=')),
      all.join('\n'),
    )
    assert.ok(all.some((x) => x.startsWith('__Host-dl_csrf=')))
    for (const cookie of all) {
      assert.match(cookie, /^__Host-/, cookie)
      assert.match(cookie, /; Secure/i, cookie)
      assert.match(cookie, /; Path=\/(;|$)/i, cookie)
      assert.match(cookie, /; HttpOnly/i, cookie)
      assert.match(cookie, /; SameSite=Lax/i, cookie)
      assert.doesNotMatch(cookie, /; Domain=/i, cookie)
    }
    assert.equal((await c.get('/newsroom')).statusCode, 200)
    // a cookie without the prefix (set by a sibling host, or over plain http) is not a session here
    const session = c.jar.get('__Host-dl_session')!
    const plain = await t.app.inject({ method: 'GET', url: '/api/admin/articles', headers: { cookie: `dl_session=${session}` } })
    assert.equal(plain.statusCode, 401)
  })

  test('/.well-known/security.txt names the contact and an expiry (RFC 9116)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/.well-known/security.txt' })
    assert.equal(res.statusCode, 200)
    assert.match(String(res.headers['content-type']), /^text\/plain; charset=utf-8/)
    assert.match(res.body, /^Contact: mailto:security@dateline\.test$/m)
    const expires = /^Expires: (\S+)$/m.exec(res.body)?.[1]
    assert.ok(expires, res.body)
    const at = Date.parse(expires)
    assert.ok(at > nowMs && at <= nowMs + 366 * DAY, `Expires ${expires} is in the coming year`)
    assert.match(res.body, /^Canonical: https:\/\/dateline\.test\/\.well-known\/security\.txt$/m)
  })
})

describe('security.txt without SECURITY_CONTACT', () => {
  test('is served with the administrator’s address', async () => {
    const t = await createTestApp({ demo: false, env: { ADMIN_EMAIL: 'chief@dateline.test' } })
    try {
      const res = await t.app.inject({ method: 'GET', url: '/.well-known/security.txt' })
      assert.equal(res.statusCode, 200)
      assert.match(res.body, /^Contact: mailto:chief@dateline\.test$/m)
    } finally {
      await t.close()
    }
  })
})

describe('sessions rotate and expire', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp({ demo: false, clock })
  })
  after(async () => {
    await t.close()
    await closeTemplate()
  })
  const works = async (cookie: string) =>
    (await t.app.inject({ method: 'GET', url: '/api/admin/articles', headers: { cookie: `dl_session=${cookie}` } })).statusCode === 200

  test('signing in never keeps a session id the browser had (fixation): the planted session ends, a new id is issued', async () => {
    // someone signs up as a reader and plants their own session cookie in a newsroom browser
    const attacker = browser(t)
    await attacker.get('/account/sign-up')
    const up = await attacker.post('/account/sign-up', { email: `planter${process.pid}@example.test`, displayName: 'Planter', password: 'a-planted-session-1' })
    assert.equal(up.statusCode, 303, up.body)
    const planted = attacker.jar.get('dl_session')!
    const accountPage = (cookie: string) => t.app.inject({ method: 'GET', url: '/account', headers: { cookie: `dl_session=${cookie}` } })
    assert.equal((await accountPage(planted)).statusCode, 200)

    const s = await staffSession(t, 'editor')
    const victim = browser(t)
    victim.jar.set('dl_session', planted)
    await victim.get('/newsroom/sign-in')
    const signIn = await victim.post('/newsroom/sign-in', { email: s.email, password: s.password, next: '/newsroom' })
    assert.equal(signIn.statusCode, 303, signIn.body)
    const issued = victim.jar.get('dl_session')!
    assert.notEqual(issued, planted)
    assert.equal(await works(issued), true)
    assert.equal((await accountPage(planted)).statusCode, 303, 'the planted session was ended at sign-in')
  })

  test('a password change and turning two-factor on or off each give the browser a new session id', async () => {
    const s = await staffSession(t, 'editor')
    const c = browser(t)
    await c.get('/newsroom/sign-in')
    await c.post('/newsroom/sign-in', { email: s.email, password: s.password, next: '/newsroom' })
    const ids = [c.jar.get('dl_session')!]
    await c.get('/newsroom/account')
    const changed = await c.post('/newsroom/account/password', { current: s.password, next: 'An-even-longer-password-42' })
    assert.equal(changed.statusCode, 303, changed.body)
    ids.push(c.jar.get('dl_session')!)

    const page = await c.get('/newsroom/account')
    const secret = /data-totp-secret>([A-Z2-7 ]+)</.exec(page.body)![1]!
    const code = () => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret.replace(/\s/g, '')), digits: 6, period: 30 }).generate({ timestamp: nowMs })
    const on = await c.post('/newsroom/account/two-factor', { code: code() })
    assert.equal(on.statusCode, 200, on.body)
    ids.push(c.jar.get('dl_session')!)
    nowMs += 30_000
    await c.get('/newsroom/account')
    const off = await c.post('/newsroom/account/two-factor/disable', { password: 'An-even-longer-password-42', code: code() })
    assert.equal(off.statusCode, 303, off.body)
    ids.push(c.jar.get('dl_session')!)

    assert.equal(new Set(ids).size, 4, 'four different session ids')
    for (const old of ids.slice(0, 3)) assert.equal(await works(old), false, 'an id from before a change no longer works')
    assert.equal(await works(ids[3]!), true)
    assert.equal((await c.get('/newsroom/account')).statusCode, 200, 'the browser stays signed in')
  })

  test('a session unused for 14 days ends; one in use ends 30 days after sign-in all the same', async () => {
    const idle = await staffSession(t, 'editor')
    const busy = await staffSession(t, 'editor')
    const token = (cookie: string) => cookie.replace(/^dl_session=/, '')
    const start = nowMs
    nowMs = start + 13 * DAY
    assert.equal(await works(token(idle.cookie)), true, 'still good after 13 idle days')
    nowMs = start + 13 * DAY + 14 * DAY + 60_000
    assert.equal(await works(token(idle.cookie)), false, '14 idle days end it')
    nowMs = start
    for (let day = 0; day < 30; day += 5) {
      nowMs = start + day * DAY
      assert.equal(await works(token(busy.cookie)), true, `in use on day ${day}`)
    }
    nowMs = start + 30 * DAY + 60_000
    assert.equal(await works(token(busy.cookie)), false, 'ended 30 days after sign-in, used or not')
    nowMs = start + 31 * DAY
  })
})
