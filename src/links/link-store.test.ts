import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { closeTemplate, databaseKinds, useTestDatabase } from '../../test/support/databases.ts'
import { TEST_NOW } from '../../test/support/app.ts'
import { createArticleStore } from '../content/article-store.ts'
import { loadDemoContent } from '../demo/load-demo.ts'
import { createLinkStore } from './link-store.ts'

after(closeTemplate)

for (const kind of databaseKinds()) {
  describe(`link store on ${kind}`, () => {
    const database = useTestDatabase(kind, { before, after })
    before(async () => {
      await loadDemoContent(database().db, TEST_NOW)
    })

    test('each article gets one code, the same on every call, different from every other article', async () => {
      const store = createLinkStore(database().db)
      const ids = (await database().db.selectFrom('articles').select('id').execute()).map((r) => r.id)
      const codes = await Promise.all(ids.map((id) => store.ensureArticleCode(id, TEST_NOW)))
      assert.equal(new Set(codes).size, ids.length)
      for (const [i, id] of ids.entries()) assert.equal(await store.ensureArticleCode(id, TEST_NOW), codes[i])
      assert.deepEqual(await store.findPublishedWithoutCode(10), [])
    })

    test('a code survives slug and section changes and cannot be changed in the database', async () => {
      const db = database().db
      const store = createLinkStore(db)
      const articles = createArticleStore(db)
      const article = await db.selectFrom('articles').select(['id', 'section_id']).where('slug', 'like', 'north-korea-snubs%').executeTakeFirstOrThrow()
      const code = await store.ensureArticleCode(article.id, TEST_NOW)
      const other = await db.selectFrom('sections').select('id').where('slug', '=', 'europe').executeTakeFirstOrThrow()
      await articles.updateArticle(article.id, { slug: 'a-new-slug', sectionId: other.id })
      assert.equal(await store.ensureArticleCode(article.id, TEST_NOW), code)
      const target = await store.getTargetByCode(code)
      assert.equal(target?.article?.slug, 'a-new-slug')
      assert.equal(target?.article?.sectionId, other.id)
      await assert.rejects(db.updateTable('short_links').set({ code: 'Changed1' }).where('code', '=', code).execute(), /immutable/)
      const someoneElse = (await db.selectFrom('articles').select('id').where('id', '<>', article.id).executeTakeFirstOrThrow()).id
      await assert.rejects(db.updateTable('short_links').set({ article_id: someoneElse }).where('code', '=', code).execute(), /immutable|duplicate|unique/)
    })

    test('a code that is taken is never handed out again: the store retries with a new one', async () => {
      const db = database().db
      const taken = (await db.selectFrom('short_links').select('code').executeTakeFirstOrThrow()).code
      const tries = [taken, taken, 'Fresh07']
      const store = createLinkStore(db, () => tries.shift()!)
      const link = await store.createLink({ targetUrl: 'https://example.org/a', expiresAt: null, createdBy: null, now: TEST_NOW })
      assert.equal(link.code, 'Fresh07')
      assert.equal(tries.length, 0)
    })

    test('deleted links keep their code reserved; deleted articles leave their code behind', async () => {
      const db = database().db
      const link = await createLinkStore(db, () => 'Retired1').createLink({
        targetUrl: 'https://example.org/b',
        expiresAt: null,
        createdBy: null,
        now: TEST_NOW,
      })
      assert.ok(await createLinkStore(db).deleteLink(link.id, TEST_NOW))
      assert.equal((await createLinkStore(db).getTargetByCode('Retired1'))?.link.deletedAt?.getTime(), TEST_NOW.getTime())
      await assert.rejects(
        createLinkStore(db, () => 'Retired1').createLink({ targetUrl: 'https://example.org/c', expiresAt: null, createdBy: null, now: TEST_NOW }),
        /unique short code/,
      )

      const doomed = await createArticleStore(db).createArticle({
        editionId: 1,
        sectionId: 1,
        slug: 'doomed',
        headline: 'Doomed',
        status: 'published',
        publishedAt: TEST_NOW,
        firstPublishedAt: TEST_NOW,
      })
      const code = await createLinkStore(db).ensureArticleCode(doomed.id, TEST_NOW)
      await db.deleteFrom('articles').where('id', '=', doomed.id).execute()
      const left = await createLinkStore(db).getTargetByCode(code)
      assert.equal(left?.link.articleId, null)
      assert.equal(left?.article, undefined)
    })
  })
}
