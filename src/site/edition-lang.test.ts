/**
 * Every kind of public page carries its edition's language and direction on <html>: home, a
 * section, an article, search, the article's discussion page (whose URL has no prefix), community
 * standards and a page that is not found under the edition's prefix; the search page's own form
 * searches the same edition.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { DomUtils, parseDocument } from 'htmlparser2'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate } from '../../test/support/databases.ts'
import { createTranslationStore } from '../content/translations.ts'

describe('html lang and dir on every page of every edition', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp()
  })
  after(async () => {
    await t?.close()
    await closeTemplate()
  })

  test('home, section, article, search, discussion, standards and 404 of en, ru, ar and zh', async () => {
    const editions = await t.database.db.selectFrom('editions').select(['id', 'code', 'locale', 'direction', 'is_default']).orderBy('position').execute()
    assert.deepEqual(
      editions.map((e) => e.code),
      ['en', 'ru', 'ar', 'zh'],
    )
    let checked = 0
    for (const e of editions) {
      const prefix = e.is_default ? '' : `/${e.code}`
      // an article of this edition: its translation of the seed story, as the group says
      const seed = await t.database.db
        .selectFrom('articles')
        .select('id')
        .where('translation_group_id', 'is not', null)
        .where('status', '=', 'published')
        .execute()
      const own = (await createTranslationStore(t.database.db).findTranslations(seed[0]!.id)).find((x) => x.editionId === e.id)
      assert.ok(own?.path, `${e.code}: the seed story in this edition`)
      const section =
        own.path
          .split('/')
          .slice(0, e.is_default ? 2 : 3)
          .join('/') + '/'
      const pages: [string, number][] = [
        [`${prefix}/`, 200],
        [section, 200],
        [own.path, 200],
        [`${prefix}/search?q=${encodeURIComponent('UN')}`, 200],
        [`/discussion/${own.articleId}`, 200],
        [`${prefix}/community-standards`, 200],
        [`${prefix}/no-such-page/at-all`, 404],
      ]
      for (const [url, status] of pages) {
        const res = await t.app.inject({ url })
        assert.equal(res.statusCode, status, `${e.code} ${url}`)
        const html = DomUtils.findOne((x) => x.name === 'html', parseDocument(res.body).children)
        assert.equal(html?.attribs.lang, e.locale, `${e.code} ${url}: lang`)
        assert.equal(html?.attribs.dir, e.direction, `${e.code} ${url}: dir`)
        checked++
        if (url.includes('/search?')) {
          // the search page's own form and pager stay in the edition
          const searchForm = DomUtils.findOne((x) => x.name === 'form' && x.attribs.class === 'search-form', parseDocument(res.body).children)
          assert.equal(searchForm?.attribs.action, `${prefix}/search`, `${e.code}: the search form stays in the edition`)
        }
      }
    }
    assert.equal(checked, 28)
  })
})
