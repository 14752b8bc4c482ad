import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'

/** A browser without JavaScript: keeps cookies, reads the CSRF field from each form. */
function visitor(t: TestApp, ip: string) {
  const jar = new Map<string, string>()
  const headers = () => ({ cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), 'x-forwarded-for': ip })
  const keep = (res: { headers: Record<string, unknown> }) => {
    for (const c of ([] as string[]).concat((res.headers['set-cookie'] as string | string[] | undefined) ?? [])) {
      const [pair] = c.split(';')
      const [k, v] = pair!.split('=')
      if (v) jar.set(k!, v)
      else jar.delete(k!)
    }
  }
  let csrf = ''
  return {
    jar,
    async get(url: string) {
      const res = await t.app.inject({ url, headers: headers() })
      keep(res)
      csrf = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? csrf
      return res
    },
    async post(url: string, fields: Record<string, string>) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { ...headers(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
      })
      keep(res)
      return res
    },
  }
}

describe('reader accounts', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: 'true' } })
  })
  after(async () => {
    await t.close()
    await closeTemplate()
  })

  test('sign up, change the display name, sign out, sign in again', async () => {
    const v = visitor(t, '198.51.100.1')
    await v.get('/account/sign-up?next=/discussion/1')
    const res = await v.post('/account/sign-up', {
      email: 'Ada@Example.com',
      displayName: '  Ada   Lovelace ',
      password: 'analytical-engine',
      next: '/discussion/1',
    })
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/discussion/1')
    assert.ok(v.jar.get('dl_session'))
    const account = await t.database.db
      .selectFrom('accounts')
      .select(['kind', 'email', 'display_name', 'role'])
      .where('email', '=', 'ada@example.com')
      .executeTakeFirstOrThrow()
    assert.deepEqual(account, { kind: 'reader', email: 'ada@example.com', display_name: 'Ada Lovelace', role: null })
    const { password_hash: hash } = await t.database.db
      .selectFrom('accounts')
      .select('password_hash')
      .where('email', '=', 'ada@example.com')
      .executeTakeFirstOrThrow()
    assert.match(hash, /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/, 'the password is stored as an argon2id hash')
    assert.ok(!hash.includes('analytical-engine'))

    const page = await v.get('/account')
    assert.match(page.body, /Signed in as ada@example.com\./)
    assert.equal((await v.post('/account/name', { displayName: 'Countess Ada' })).headers.location, '/account?done=renamed')
    assert.match((await v.get('/account?done=renamed')).body, /value="Countess Ada"/)
    const bad = await v.post('/account/name', { displayName: '<script>' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /may not contain &lt; or &gt;/)

    assert.equal((await v.post('/account/sign-out', {})).statusCode, 303)
    assert.equal(v.jar.get('dl_session'), undefined)
    assert.equal((await v.get('/account')).statusCode, 303)
    await v.get('/account/sign-in')
    const wrong = await v.post('/account/sign-in', { email: 'ada@example.com', password: 'not-the-password' })
    assert.equal(wrong.statusCode, 401)
    assert.match(wrong.body, /do not match an account/)
    const right = await v.post('/account/sign-in', { email: 'ada@example.com', password: 'analytical-engine', next: '/account' })
    assert.equal(right.statusCode, 303)
    assert.equal(right.headers.location, '/account')
  })

  test('sign-up problems are named beside their fields; a taken e-mail is refused', async () => {
    const v = visitor(t, '198.51.100.2')
    await v.get('/account/sign-up')
    const res = await v.post('/account/sign-up', { email: 'not-an-email', displayName: '', password: 'short' })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /Give a valid e-mail address/)
    assert.match(res.body, /The name must be 1 to 80 characters/)
    assert.match(res.body, /at least 10 characters/)
    await v.post('/account/sign-up', { email: 'taken@example.com', displayName: 'First', password: 'first-password-1' })
    const w = visitor(t, '198.51.100.3')
    await w.get('/account/sign-up')
    const again = await w.post('/account/sign-up', { email: 'TAKEN@example.com', displayName: 'Second', password: 'second-password-2' })
    assert.equal(again.statusCode, 409)
    assert.match(again.body, /already exists/)
  })

  test('sign-ups and sign-in attempts from one address are limited', async () => {
    const v = visitor(t, '203.0.113.9')
    await v.get('/account/sign-up')
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) {
      const res = await v.post('/account/sign-up', { email: `flood${i}@example.com`, displayName: `Flood ${i}`, password: 'flooding-password' })
      statuses.push(res.statusCode)
      v.jar.delete('dl_session') // the same network, a fresh browser session
      await v.get('/account/sign-up')
    }
    assert.deepEqual(statuses, [303, 303, 303, 303, 303, 429])
    const w = visitor(t, '203.0.113.10')
    await w.get('/account/sign-in')
    let last = 0
    for (let i = 0; i < 31; i++) last = (await w.post('/account/sign-in', { email: `nobody${i}@example.com`, password: 'whatever-password' })).statusCode
    assert.equal(last, 429)
  })
})
