import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate, databaseKinds } from '../../test/support/databases.ts'
import { staffSession, type TestSession } from '../../test/support/staff.ts'

for (const kind of databaseKinds()) {
  describe(`editions on ${kind}`, () => {
    let t: TestApp
    let admin: TestSession
    before(async () => {
      t = await createTestApp({ kind, demo: true })
      admin = await staffSession(t, 'admin')
    })
    after(() => t?.close())

    const api = (method: 'POST' | 'PATCH' | 'PUT' | 'GET' | 'DELETE', url: string, payload?: unknown, who: TestSession = admin) =>
      t.app.inject({ method, url, headers: who.headers, ...(payload === undefined ? {} : { payload: payload as object }) })

    test('an admin adds an edition: its defaults come from the locale, its home answers under its prefix in its language and direction', async () => {
      const res = await api('POST', '/api/admin/editions', { code: 'fa', name: 'فارسی', locale: 'fa-IR', timeZone: 'Asia/Tehran' })
      assert.equal(res.statusCode, 201, res.body)
      const e = res.json()
      assert.equal(e.language, 'fa')
      assert.equal(e.direction, 'rtl')
      assert.equal(e.numberingSystem, 'arabext', 'Persian digits')
      assert.equal(e.searchConfig, 'simple', 'no Snowball configuration for Persian')
      assert.equal(e.region, 'IR')
      assert.equal(e.prefix, '/fa')

      const home = await t.app.inject({ url: '/fa/' })
      assert.equal(home.statusCode, 200)
      assert.match(home.body, /<html[^>]* lang="fa-IR"[^>]* dir="rtl"|<html[^>]* dir="rtl"[^>]* lang="fa-IR"/)
      // every other edition's pages now offer it
      const en = await t.app.inject({ url: '/' })
      assert.match(en.body, /hreflang="fa-IR"/)

      const ru = await api('POST', '/api/admin/editions', { code: 'uk', name: 'Українська', locale: 'uk', slugStyle: 'ascii' })
      assert.equal(ru.statusCode, 201, ru.body)
      assert.equal(ru.json().direction, 'ltr')
      assert.equal(ru.json().slugStyle, 'ascii')
    })

    test('a code that is taken, reserved, a top-level section, or malformed; a bad locale, zone or digits: 4xx naming the field, nothing added', async () => {
      const count = async () => (await t.database.db.selectFrom('editions').select('id').execute()).length
      const before = await count()
      const cases: [Record<string, unknown>, number, string][] = [
        [{ code: 'api', name: 'X', locale: 'en' }, 400, 'code'],
        [{ code: 'en', name: 'Again', locale: 'en' }, 409, 'code'],
        [{ code: 'Ru', name: 'X', locale: 'ru' }, 400, 'code'],
        [{ code: 'sport', name: 'X', locale: 'en' }, 400, 'code'],
        [{ code: 'de', name: 'Deutsch', locale: 'not a locale!' }, 400, 'locale'],
        [{ code: 'de', name: 'Deutsch', locale: 'de', timeZone: 'Mars/Olympus' }, 400, 'timeZone'],
        [{ code: 'de', name: 'Deutsch', locale: 'de', numberingSystem: 'klingon' }, 400, 'numberingSystem'],
        [{ code: 'de', name: '   ', locale: 'de' }, 400, 'name'],
        [{ code: 'de', name: 'Deutsch', locale: 'de', searchConfig: 'klingon' }, 400, 'searchConfig'],
      ]
      // a top-level section of the default edition whose slug is two letters would be hidden by a prefix
      const sec = await api('POST', '/api/admin/sections', { name: 'Tech', slug: 'tk' })
      assert.equal(sec.statusCode, 201, sec.body)
      cases.push([{ code: 'tk', name: 'X', locale: 'tk' }, 400, 'code'])
      for (const [body, status, fieldName] of cases) {
        const res = await api('POST', '/api/admin/editions', body)
        assert.equal(res.statusCode, status, `${JSON.stringify(body)}: ${res.body}`)
        const err = res.json().error
        assert.ok(
          err.fields?.some((f: { field: string }) => f.field === fieldName),
          `${JSON.stringify(body)} names ${fieldName}: ${res.body}`,
        )
      }
      assert.equal(await count(), before)
      // the form says the same on the page, and keeps what was typed
      const page = await t.app.inject({
        method: 'POST',
        url: '/newsroom/editions',
        headers: { cookie: admin.cookie },
        payload: { _csrf: admin.csrf, code: 'newsroom', name: 'Ελληνικά', locale: 'el' },
      })
      assert.equal(page.statusCode, 400)
      assert.match(page.body, /2 or 3 lowercase letters/)
      assert.match(page.body, /value="Ελληνικά"/)
      // without the CSRF field the form changes nothing
      const forged = await t.app.inject({
        method: 'POST',
        url: '/newsroom/editions',
        headers: { cookie: admin.cookie },
        payload: { code: 'el', name: 'Ελληνικά', locale: 'el' },
      })
      assert.equal(forged.statusCode, 403)
      assert.equal(await count(), before)
    })

    test('the code stays; other fields change; a reporter may not add editions', async () => {
      const list = (await api('GET', '/api/admin/editions')).json().editions as { id: number; code: string }[]
      const fa = list.find((e) => e.code === 'fa')!
      const renamed = await api('PATCH', `/api/admin/editions/${fa.id}`, { name: 'Persian', dateStyle: 'long' })
      assert.equal(renamed.statusCode, 200, renamed.body)
      assert.equal(renamed.json().name, 'Persian')
      assert.equal(renamed.json().dateStyle, 'long')
      assert.equal((await api('PATCH', `/api/admin/editions/${fa.id}`, { code: 'pe' })).statusCode, 400)
      assert.equal((await api('PATCH', '/api/admin/editions/999999', { name: 'Nobody' })).statusCode, 404)
      const reporter = await staffSession(t, 'reporter')
      assert.equal((await api('POST', '/api/admin/editions', { code: 'it', name: 'Italiano', locale: 'it' }, reporter)).statusCode, 403)
    })

    test('staff limited to an edition write and edit only there', async () => {
      const editions = (await api('GET', '/api/admin/editions')).json().editions as { id: number; code: string }[]
      const en = editions.find((e) => e.code === 'en')!
      const uk = editions.find((e) => e.code === 'uk')!
      const ukSection = await t.app.inject({ method: 'POST', url: '/uk/api/admin/sections', headers: admin.headers, payload: { name: 'Новини' } })
      assert.equal(ukSection.statusCode, 201, ukSection.body)
      assert.equal(ukSection.json().slug, 'novini', 'the edition transliterates its slugs')
      const enSection = (await t.database.db.selectFrom('sections').select('id').where('edition_id', '=', en.id).executeTakeFirstOrThrow()).id

      const editor = await staffSession(t, 'editor', 'Олена Редакторка')
      const limit = await api('PUT', `/api/admin/staff/${editor.principal.id}/editions`, { editionIds: [uk.id] })
      assert.equal(limit.statusCode, 200, limit.body)

      const inUk = await api('POST', '/api/admin/articles', { headline: 'Новини дня', sectionId: ukSection.json().id }, editor)
      assert.equal(inUk.statusCode, 201, inUk.body)
      const inEn = await api('POST', '/api/admin/articles', { headline: 'Not my edition', sectionId: enSection }, editor)
      assert.equal(inEn.statusCode, 400, inEn.body)
      assert.match(inEn.body, /other editions/)

      const enArticle = await t.database.db.selectFrom('articles').select('id').where('edition_id', '=', en.id).executeTakeFirstOrThrow()
      const edit = await api(
        'PUT',
        `/api/admin/articles/${enArticle.id}`,
        { headline: 'Changed by someone from another edition', sectionId: enSection },
        editor,
      )
      assert.equal(edit.statusCode, 403, edit.body)

      // the editor's section list offers the Ukrainian sections only
      const page = await t.app.inject({ url: '/newsroom/articles/new', headers: { cookie: editor.cookie } })
      assert.match(page.body, /Новини/)
      assert.doesNotMatch(page.body, />World</)
      // an admin sees every edition's sections, grouped by edition
      const adminPage = await t.app.inject({ url: '/newsroom/articles/new', headers: { cookie: admin.cookie } })
      assert.match(adminPage.body, /<optgroup label="Українська">/)

      // the limit is lifted with an empty list
      assert.equal((await api('PUT', `/api/admin/staff/${editor.principal.id}/editions`, { editionIds: [] })).statusCode, 200)
      assert.equal((await api('PUT', `/api/admin/articles/${enArticle.id}`, { headline: 'Now allowed', sectionId: enSection }, editor)).statusCode, 200)
      assert.equal((await api('PUT', `/api/admin/staff/${editor.principal.id}/editions`, { editionIds: [999999] })).statusCode, 400)
    })

    test('an editor links a story to its translation and unlinks it; pages say Read in and hreflang both ways', async () => {
      const unlinked = async (code: string) =>
        t.database.db
          .selectFrom('articles as a')
          .innerJoin('editions as e', 'e.id', 'a.edition_id')
          .select(['a.id'])
          .where('e.code', '=', code)
          .where('a.status', '=', 'published')
          .where('a.translation_group_id', 'is', null)
          .orderBy('a.id')
          .executeTakeFirstOrThrow()
      const en = (await unlinked('en')).id
      const ru = (await unlinked('ru')).id
      const editor = await staffSession(t, 'editor')
      const reporter = await staffSession(t, 'reporter')
      assert.equal((await api('PUT', `/api/admin/articles/${en}/translations/${ru}`, undefined, reporter)).statusCode, 403)
      const linked = await api('PUT', `/api/admin/articles/${en}/translations/${ru}`, undefined, editor)
      assert.equal(linked.statusCode, 200, linked.body)
      const group = linked.json().translations as { articleId: number; path: string | null; locale: string; original: boolean }[]
      assert.deepEqual(
        group.map((x) => [x.articleId, x.original]),
        [
          [en, true],
          [ru, false],
        ],
      )
      const enPath = group[0]!.path!
      const ruPath = group[1]!.path!
      const enPage = (await t.app.inject({ url: enPath })).body
      assert.ok(enPage.includes(`hreflang="${group[1]!.locale}" href="http://dateline.test${ruPath}"`), 'the English page names its Russian version')
      assert.match(enPage, /class="read-in"[^]*Русский/)
      assert.ok((await t.app.inject({ url: ruPath })).body.includes(`href="http://dateline.test${enPath}"`), 'and the Russian page links back')
      assert.deepEqual((await api('GET', `/api/admin/articles/${ru}/translations`)).json().translations.length, 2)

      // one version per edition; not the same edition; not itself
      const otherRu = await t.database.db
        .selectFrom('articles as a')
        .innerJoin('editions as e', 'e.id', 'a.edition_id')
        .select('a.id')
        .where('e.code', '=', 'ru')
        .where('a.translation_group_id', 'is', null)
        .where('a.id', '!=', ru)
        .executeTakeFirstOrThrow()
      assert.equal((await api('PUT', `/api/admin/articles/${en}/translations/${otherRu.id}`, undefined, editor)).statusCode, 409)
      const otherEn = (await unlinked('en')).id
      assert.equal((await api('PUT', `/api/admin/articles/${en}/translations/${otherEn}`, undefined, editor)).statusCode, 400)
      assert.equal((await api('PUT', `/api/admin/articles/${en}/translations/${en}`, undefined, editor)).statusCode, 400)
      assert.equal((await api('PUT', `/api/admin/articles/${en}/translations/99999999`, undefined, editor)).statusCode, 404)
      assert.equal((await api('PUT', `/api/admin/articles/${en}/translations/1e309`, undefined, editor)).statusCode, 400)

      const gone = await api('DELETE', `/api/admin/articles/${ru}/translations`, undefined, editor)
      assert.equal(gone.statusCode, 204, gone.body)
      assert.deepEqual((await api('GET', `/api/admin/articles/${ru}/translations`)).json().translations, [])
      const after = (await t.app.inject({ url: enPath })).body
      assert.ok(!after.includes(`href="http://dateline.test${ruPath}"`), (after.match(/<link rel="alternate" hreflang[^>]*>/g) ?? []).join('\n'))
    })

    test("the newsroom's Translations page: find a version by headline, link it, a second one in the same edition refused on the page, unlink", async () => {
      const editor = await staffSession(t, 'editor')
      const sectionOf = async (code: string) =>
        (
          await t.database.db
            .selectFrom('sections as s')
            .innerJoin('editions as e', 'e.id', 's.edition_id')
            .select('s.id')
            .where('e.code', '=', code)
            .executeTakeFirstOrThrow()
        ).id
      const make = async (headline: string, code: string) => {
        const res = await api('POST', '/api/admin/articles', { headline, sectionId: await sectionOf(code) }, editor)
        assert.equal(res.statusCode, 201, res.body)
        return res.json().id as number
      }
      const en = await make('Harbour ferries sail again', 'en')
      const ru = await make('Паромы снова выходят в море', 'ru')
      const ru2 = await make('Паромы: второй вариант', 'ru')
      const form = (url: string, fields: Record<string, string>, who: TestSession = editor) =>
        t.app.inject({
          method: 'POST',
          url,
          headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ ...fields, _csrf: who.csrf }).toString(),
        })
      const page = (url: string, who: TestSession = editor) => t.app.inject({ url, headers: { cookie: who.cookie } })

      // the editor's page leads there
      assert.ok((await page(`/newsroom/articles/${en}`)).body.includes(`href="/newsroom/articles/${en}/translations"`))
      const empty = await page(`/newsroom/articles/${en}/translations?q=${encodeURIComponent('Паромы')}`)
      assert.equal(empty.statusCode, 200, empty.body)
      assert.match(empty.body, /id="translations-none"/)
      assert.ok(
        empty.body.includes(`name="translationId" value="${ru}"`) && empty.body.includes(`name="translationId" value="${ru2}"`),
        'both Russian candidates found by a headline word',
      )
      assert.ok(!empty.body.includes(`name="translationId" value="${en}"`), 'not itself, not its own edition')

      assert.equal((await form(`/newsroom/articles/${en}/translations`, {})).statusCode, 400, 'nothing chosen')
      const reporter = await staffSession(t, 'reporter')
      assert.equal((await form(`/newsroom/articles/${en}/translations`, { translationId: String(ru) }, reporter)).statusCode, 403)
      assert.equal((await form(`/newsroom/articles/${en}/translations`, { translationId: '1e309' })).statusCode, 400)

      const linked = await form(`/newsroom/articles/${en}/translations`, { translationId: String(ru) })
      assert.equal(linked.statusCode, 303, linked.body)
      const shown = await page(linked.headers.location as string)
      assert.match(shown.body, /role="status">Linked/)
      assert.match(shown.body, /id="translations"[^]*Паромы снова выходят в море/)
      assert.deepEqual(
        ((await api('GET', `/api/admin/articles/${ru}/translations`)).json().translations as { articleId: number }[]).map((x) => x.articleId),
        [en, ru],
      )

      // a second Russian version: refused on the page with the reason, nothing changed
      const twice = await form(`/newsroom/articles/${en}/translations`, { translationId: String(ru2) })
      assert.equal(twice.statusCode, 409)
      assert.match(twice.body, /class="flash flash--error"/)
      assert.equal((await api('GET', `/api/admin/articles/${en}/translations`)).json().translations.length, 2)

      const unlinked = await form(`/newsroom/articles/${ru}/translations/unlink`, {})
      assert.equal(unlinked.statusCode, 303)
      assert.deepEqual((await api('GET', `/api/admin/articles/${en}/translations`)).json().translations, [])
      assert.equal((await page('/newsroom/articles/99999999/translations')).statusCode, 404)
    })
  })
}

after(closeTemplate)
