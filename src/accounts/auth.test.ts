import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { staffSession, type TestSession } from '../../test/support/staff.ts'
import { SIGN_IN_LIMIT } from './auth-service.ts'
import { signInForm as signInWithCookie } from '../../test/support/sign-in.ts'

function cookiesOf(res: { headers: Record<string, unknown> }): Record<string, string> {
  const set = ([] as string[]).concat((res.headers['set-cookie'] as string | string[] | undefined) ?? [])
  return Object.fromEntries(set.map((c) => c.split(';')[0]!.split('=') as [string, string]))
}

describe('staff sign-in, sessions and CSRF', () => {
  let t: TestApp
  let editor: TestSession
  before(async () => {
    t = await createTestApp({ demo: true })
    editor = await staffSession(t, 'editor')
  })
  after(async () => {
    await t.close()
    await closeTemplate()
  })

  async function signInForm(email: string, password: string, extraCookie = '', o: { ip?: string; app?: TestApp } = {}) {
    const app = (o.app ?? t).app
    // the app trusts X-Forwarded-For from loopback (inject), so a test can sign in from any address
    const from = o.ip ? { 'x-forwarded-for': o.ip } : {}
    // signed in already: the form carries the session's token (the newsroom pages have it in a meta tag)
    const page = await app.inject({
      method: 'GET',
      url: extraCookie ? '/newsroom' : '/newsroom/sign-in',
      headers: { ...from, ...(extraCookie ? { cookie: extraCookie } : {}) },
    })
    const csrf = (/name="_csrf" value="([^"]+)"/.exec(page.body) ?? /name="csrf-token" content="([^"]+)"/.exec(page.body))![1]!
    const anon = cookiesOf(page).dl_csrf ?? /dl_csrf=([^;]+)/.exec(extraCookie)?.[1]
    return app.inject({
      method: 'POST',
      url: '/newsroom/sign-in',
      headers: {
        ...from,
        'content-type': 'application/x-www-form-urlencoded',
        cookie: [extraCookie, anon ? `dl_csrf=${anon}` : ''].filter(Boolean).join('; '),
      },
      payload: new URLSearchParams({ _csrf: csrf, email, password, next: '/newsroom?status=review' }).toString(),
    })
  }

  test('signing in sets an httpOnly, SameSite session cookie and goes to the page asked for', async () => {
    const res = await signInForm(editor.email.toUpperCase(), editor.password)
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/newsroom?status=review')
    const set = ([] as string[]).concat(res.headers['set-cookie'] as string[]).find((c) => c.startsWith('dl_session='))!
    assert.match(set, /HttpOnly/)
    assert.match(set, /SameSite=Lax/)
    assert.doesNotMatch(set, /Secure/, 'not Secure on http')
    const token = cookiesOf(res).dl_session!
    const list = await t.app.inject({ method: 'GET', url: '/newsroom', headers: { cookie: `dl_session=${token}` } })
    assert.equal(list.statusCode, 200)
    assert.match(list.body, /Sign out/)
  })

  test('the session rotates on sign-in: the old token stops working', async () => {
    const first = cookiesOf(await signInForm(editor.email, editor.password)).dl_session!
    const second = cookiesOf(await signInForm(editor.email, editor.password, `dl_session=${first}`)).dl_session!
    assert.notEqual(first, second)
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/admin/me', headers: { cookie: `dl_session=${first}` } })).statusCode, 401)
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/admin/me', headers: { cookie: `dl_session=${second}` } })).statusCode, 200)
  })

  test('a stranger cannot lock an account: failures slow their own address down, the owner still signs in', async () => {
    const victim = await staffSession(t, 'reporter')
    const home = '198.51.100.5'
    // the owner signed in once before from this browser: it holds the known-device cookie
    const first = await signInForm(victim.email, victim.password, '', { ip: home })
    assert.equal(first.statusCode, 303)
    const device = cookiesOf(first).dl_device!
    assert.ok(device && device.length > 20, 'a known-device cookie is set at sign-in')
    const stranger = '203.0.113.50'
    const wrong = await signInForm(victim.email, 'not the password', '', { ip: stranger })
    assert.equal(wrong.statusCode, 401)
    assert.match(wrong.body, /That e-mail and password do not match an account/)
    for (let i = 0; i < 4; i++) assert.equal((await signInForm(victim.email, `wrong ${i}`, '', { ip: stranger })).statusCode, 401)
    // the stranger's address is slowed down for this account (a 429 with Retry-After), the right password included
    const slowed = await signInForm(victim.email, victim.password, '', { ip: stranger })
    assert.equal(slowed.statusCode, 429)
    const retry = Number(slowed.headers['retry-after'])
    assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`)
    assert.match(slowed.body, /Too many failed sign-in attempts. Try again in \d+ seconds?/)
    // the owner, elsewhere, is not locked out — nor from the stranger's own address with the known device
    assert.equal((await signInForm(victim.email, victim.password, '', { ip: '198.51.100.9' })).statusCode, 303)
    assert.equal((await signInWithCookie(t, { email: victim.email, password: victim.password, cookie: `dl_device=${device}`, ip: stranger })).statusCode, 303)
    // a guess spread over many addresses slows down new devices for the account, never the known one
    for (let batch = 0; batch < SIGN_IN_LIMIT.perAccount / 10; batch++) {
      await Promise.all(Array.from({ length: 10 }, (_, i) => signInForm(victim.email, 'guess', '', { ip: `192.0.2.${batch * 10 + i + 1}` })))
    }
    const newDevice = await signInForm(victim.email, victim.password, '', { ip: '198.51.100.77' })
    assert.equal(newDevice.statusCode, 429)
    assert.match(newDevice.body, /for this account from new devices/)
    const known = await signInWithCookie(t, { email: victim.email, password: victim.password, cookie: `dl_device=${device}`, ip: '198.51.100.77' })
    assert.equal(known.statusCode, 303, 'the right password from a known device gets through')
    // a forged or another account's device cookie is no pass
    assert.equal(
      (await signInWithCookie(t, { email: victim.email, password: victim.password, cookie: 'dl_device=forged-device-token-000000000000', ip: '198.51.100.78' }))
        .statusCode,
      429,
    )
    // other accounts are not affected
    assert.equal((await signInForm(editor.email, editor.password)).statusCode, 303)
  })

  test('fifty failed sign-ins from one address, across accounts, rate-limit that address with a clear message', async () => {
    const ip = '203.0.113.7'
    const accounts = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(() => staffSession(t, 'reporter')))
    // five wrong passwords per account stays under the account-and-address limit: only the address adds up
    let failures = 0
    for (const a of accounts) {
      for (let i = 0; i < SIGN_IN_LIMIT.perAccountAndIp[0][0] && failures < SIGN_IN_LIMIT.perIp; i++, failures++) {
        const res = await signInForm(a.email, `wrong ${i}`, '', { ip })
        assert.equal(res.statusCode, 401, `failure ${failures + 1} is still just a wrong password`)
      }
    }
    assert.equal(failures, 50)
    const fresh = await staffSession(t, 'editor')
    const limited = await signInForm(fresh.email, fresh.password, '', { ip })
    assert.equal(limited.statusCode, 429, 'the right password of an untouched account, from that address')
    assert.match(limited.body, /Too many failed sign-in attempts from your network. Try again in \d+ minutes?/)
    assert.equal(cookiesOf(limited).dl_session, undefined, 'no session')
    // another address is not affected
    assert.equal((await signInForm(fresh.email, fresh.password, '', { ip: '198.51.100.20' })).statusCode, 303)
  })

  test('the cookies are Secure __Host- cookies when SITE_URL is https', async () => {
    const https = await createTestApp({ demo: false, env: { SITE_URL: 'https://news.example' } })
    try {
      const s = await staffSession(https, 'editor')
      const page = await https.app.inject({ method: 'GET', url: '/newsroom/sign-in' })
      const anon = ([] as string[]).concat(page.headers['set-cookie'] as string[]).find((c) => c.startsWith('__Host-dl_csrf='))!
      assert.match(anon, /; Secure/)
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!
      const res = await https.app.inject({
        method: 'POST',
        url: '/newsroom/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: anon.split(';')[0]! },
        payload: new URLSearchParams({ _csrf: csrf, email: s.email, password: s.password, next: '/newsroom' }).toString(),
      })
      assert.equal(res.statusCode, 303)
      const session = ([] as string[]).concat(res.headers['set-cookie'] as string[]).find((c) => c.startsWith('__Host-dl_session='))!
      assert.match(session, /; Secure/)
      assert.match(session, /HttpOnly/)
      assert.match(session, /SameSite=Lax/)
    } finally {
      await https.close()
    }
  })

  test('CSRF: a state-changing request without a valid token is refused (403) and changes nothing', async () => {
    const before = await t.database.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const payload = { headline: 'Should not exist', sectionId: 1 }
    const noToken = await t.app.inject({ method: 'POST', url: '/api/admin/articles', headers: { cookie: editor.cookie }, payload })
    assert.equal(noToken.statusCode, 403)
    assert.equal(noToken.json().error.code, 'CSRF_INVALID')
    const badToken = await t.app.inject({ method: 'POST', url: '/api/admin/articles', headers: { cookie: editor.cookie, 'x-csrf-token': 'forged' }, payload })
    assert.equal(badToken.statusCode, 403)
    // checked before the body's schema: a forged request learns nothing about what a valid one looks like
    const forgedInvalid = await t.app.inject({ method: 'POST', url: '/api/admin/articles', headers: { cookie: editor.cookie }, payload: { headline: 42 } })
    assert.equal(forgedInvalid.statusCode, 403)
    assert.equal(forgedInvalid.json().error.code, 'CSRF_INVALID')
    const form = await t.app.inject({
      method: 'POST',
      url: '/newsroom/articles',
      headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'headline=Should+not+exist&sectionId=1&body=%5B%5D',
    })
    assert.equal(form.statusCode, 403)
    const after = await t.database.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    assert.equal(Number(after.n), Number(before.n))
    const ok = await t.app.inject({ method: 'POST', url: '/api/admin/articles', headers: editor.headers, payload })
    assert.equal(ok.statusCode, 201)
  })

  test('API tokens: work without CSRF, are stored hashed, stop working when revoked', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/admin/tokens', headers: editor.headers, payload: { name: 'ci script' } })
    assert.equal(created.statusCode, 201)
    const { token, id } = created.json()
    const stored = await t.database.db.selectFrom('api_tokens').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow()
    assert.notEqual(stored.token_hash, token)
    assert.ok(!JSON.stringify(await t.database.db.selectFrom('api_tokens').selectAll().execute()).includes(token))
    const auth = { authorization: `Bearer ${token}` }
    assert.equal(
      (await t.app.inject({ method: 'POST', url: '/api/admin/articles', headers: auth, payload: { headline: 'By token', sectionId: 1 } })).statusCode,
      201,
    )
    assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/admin/tokens/${id}`, headers: editor.headers })).statusCode, 204)
    const revoked = await t.app.inject({ method: 'GET', url: '/api/admin/me', headers: auth })
    assert.equal(revoked.statusCode, 401)
    assert.match(revoked.json().error.message, /revoked/)
  })

  test('signing out ends the session; disabling an account ends all its sessions', async () => {
    const s = await staffSession(t, 'reporter')
    const out = await t.app.inject({
      method: 'POST',
      url: '/newsroom/sign-out',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${s.csrf}`,
    })
    assert.equal(out.statusCode, 303)
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/admin/me', headers: { cookie: s.cookie } })).statusCode, 401)
    const admin = await staffSession(t, 'admin')
    const victim = await staffSession(t, 'reporter')
    assert.equal(
      (await t.app.inject({ method: 'PATCH', url: `/api/admin/people/${victim.principal.id}`, headers: admin.headers, payload: { disabled: true } }))
        .statusCode,
      200,
    )
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/admin/me', headers: { cookie: victim.cookie } })).statusCode, 401)
    const again = await signInForm(victim.email, victim.password)
    assert.equal(again.statusCode, 403)
    assert.match(again.body, /disabled/)
  })

  test('passwords and session tokens never reach the log', async () => {
    const lines: string[] = []
    const { default: pino } = await import('pino')
    const { buildApp } = await import('../app.ts')
    const log = pino({ level: 'trace' }, { write: (l: string) => void lines.push(l) })
    const app = await buildApp({ ...t.deps, log }, { scheduler: false })
    const page = await app.inject({ method: 'GET', url: '/newsroom/sign-in' })
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!
    const anon = cookiesOf(page).dl_csrf!
    const res = await app.inject({
      method: 'POST',
      url: '/newsroom/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `dl_csrf=${anon}` },
      payload: new URLSearchParams({ _csrf: csrf, email: editor.email, password: editor.password }).toString(),
    })
    const token = cookiesOf(res).dl_session!
    await app.inject({ method: 'GET', url: '/api/admin/me', headers: { cookie: `dl_session=${token}` } })
    await app.inject({ method: 'GET', url: '/api/admin/me', headers: { authorization: 'Bearer dl_not_a_real_token_but_secret' } })
    await app.close()
    const all = lines.join('')
    assert.ok(lines.length > 4, 'requests were logged')
    for (const secret of [editor.password, token, anon, 'dl_not_a_real_token_but_secret']) assert.ok(!all.includes(secret), 'a secret reached the log')
  })

  test('the next parameter cannot send people off-site', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/newsroom/sign-in?next=//evil.example/x' })
    assert.match(page.body, /name="next" value="\/newsroom"/)
  })
})
