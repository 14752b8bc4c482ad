import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate, databaseKinds } from '../../test/support/databases.ts'
import { staffSession, type TestSession } from '../../test/support/staff.ts'

const kind = databaseKinds()[0]!

describe(`the newsroom in a staff member's language (${kind})`, () => {
  let t: TestApp
  let editor: TestSession
  before(async () => {
    t = await createTestApp({ kind, demo: true })
    editor = await staffSession(t, 'editor')
  })
  after(() => t?.close())

  const page = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers: { ...editor.headers, ...headers } })
  const choose = (language: string) =>
    t.app.inject({
      method: 'POST',
      url: '/newsroom/account/language',
      headers: { ...editor.headers, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ language, _csrf: editor.csrf }).toString(),
    })

  test('with no language chosen the newsroom follows the browser: Russian for ru-RU, Arabic right to left, English otherwise', async () => {
    const ru = await page('/newsroom', { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.8' })
    assert.equal(ru.statusCode, 200)
    assert.match(ru.body, /<html lang="ru-RU" dir="ltr">/)
    assert.match(ru.body, />Новая статья</)
    assert.match(ru.body, />Выйти</)
    const ar = await page('/newsroom', { 'accept-language': 'ar' })
    assert.match(ar.body, /<html lang="ar" dir="rtl">/)
    const de = await page('/newsroom', { 'accept-language': 'de-DE,fr;q=0.5' })
    assert.match(de.body, /<html lang="en-GB" dir="ltr">/)
    assert.match(de.body, />New article</)
    // the sign-in page too, before anyone is known
    const signIn = await t.app.inject({ url: '/newsroom/sign-in', headers: { 'accept-language': 'ru' } })
    assert.match(signIn.body, /<html lang="ru-RU"/)
  })

  test('a language chosen on the account page wins over the browser, is audited, and a language the newsroom lacks is refused', async () => {
    const res = await choose('ru')
    assert.equal(res.statusCode, 303, res.body)
    const after = await page('/newsroom', { 'accept-language': 'en-GB' })
    assert.match(after.body, /<html lang="ru-RU" dir="ltr">/)
    assert.match(after.body, /редактор/, 'the role in the header in Russian')
    const account = await page('/newsroom/account')
    assert.match(account.body, /<option value="ru" lang="ru" selected>Русский<\/option>/)

    for (const bad of ['xx', 'ru-RU', 'r\u0000u', '<script>']) {
      const refused = await choose(bad)
      assert.equal(refused.statusCode, 400, bad)
      assert.doesNotMatch(refused.body, /<script>/)
    }
    assert.match((await page('/newsroom')).body, /<html lang="ru-RU"/, 'a refused choice changes nothing')

    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'account.language').execute()
    assert.equal(audit.length, 1)

    assert.equal((await choose('')).statusCode, 303, 'back to following the browser')
    assert.match((await page('/newsroom', { 'accept-language': 'en' })).body, /<html lang="en-GB"/)
  })
})

after(closeTemplate)
