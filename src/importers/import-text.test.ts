import assert from 'node:assert/strict'
import fs from 'node:fs'
import { after, before, describe, test } from 'node:test'
import type { Kysely } from 'kysely'
import { closeTemplate, databaseKinds, useTestDatabase } from '../../test/support/databases.ts'
import { failingAfterInsert, InjectedFailure } from '../../test/support/failing-db.ts'
import { createArticleStore } from '../content/article-store.ts'
import type { DB } from '../db/schema.ts'
import { SEED_CAPTURE_PATH } from '../demo/load-demo.ts'
import { deriveHeadline, importTextCapture, importTextFile } from './import-text.ts'
import { CaptureError } from './text-capture.ts'

const seed = fs.readFileSync(SEED_CAPTURE_PATH, 'utf8')

/** Every row of the tables an import writes, in a stable order. */
async function contents(db: Kysely<DB>) {
  return {
    sections: await db.selectFrom('sections').selectAll().orderBy('id').execute(),
    articles: await db.selectFrom('articles').selectAll().orderBy('id').execute(),
    related: await db.selectFrom('article_related').selectAll().orderBy('article_id').orderBy('position').execute(),
  }
}

for (const kind of databaseKinds()) {
  describe(`importing the seed capture on ${kind}`, () => {
    const database = useTestDatabase(kind, { before, after })

    test('without --headline: a derived headline flagged for an editor, a new section, published at the page time', async () => {
      const { db } = database()
      const r = await importTextCapture(db, seed)
      assert.equal(r.created, true)
      const a = r.article
      assert.equal(a.headline, "UN Security Council's discussion of North Korea's human rights record")
      assert.equal(a.headlineNeedsReview, true)
      assert.equal(a.status, 'published')
      assert.equal(a.publishedAt?.toISOString(), '2020-08-05T03:38:00.000Z')
      assert.equal(a.firstPublishedAt?.toISOString(), '2020-08-05T03:38:00.000Z')
      assert.deepEqual(a.dateline, { place: 'MOSCOW', dateText: 'December 24', agency: 'Sputnik' })
      assert.equal(a.baseCommentCount, 0)
      assert.equal(a.baseViewCount, 12)
      assert.equal(a.body.length, 12)
      const section = await db.selectFrom('sections').selectAll().where('id', '=', a.sectionId).executeTakeFirstOrThrow()
      assert.equal(section.name, 'Asia & Pacific')
      assert.equal(section.slug, 'asia-pacific')
      const related = await createArticleStore(db).getRelated(a.id)
      assert.equal(related.length, 5)
      assert.ok(related.every((p) => p.targetArticleId === null && p.headline))
    })

    test('importing again updates the same article, never duplicates; --headline clears the flag', async () => {
      const { db } = database()
      const r = await importTextCapture(db, seed, { headline: 'An Editor’s Headline' })
      assert.equal(r.created, false)
      assert.equal(r.article.headline, 'An Editor’s Headline')
      assert.equal(r.article.headlineNeedsReview, false)
      const again = await importTextCapture(db, seed)
      assert.equal(again.article.id, r.article.id)
      assert.equal(again.article.headline, 'An Editor’s Headline', 'a re-import without --headline keeps the headline')
      assert.equal(await createArticleStore(db).countArticles(), 1)
      assert.equal((await createArticleStore(db).getRelated(r.article.id)).length, 5)
    })

    test('--section puts it in the named section', async () => {
      const { db } = database()
      const r = await importTextCapture(db, seed, { section: 'World' })
      const section = await db.selectFrom('sections').select('name').where('id', '=', r.article.sectionId).executeTakeFirstOrThrow()
      assert.equal(section.name, 'World')
    })

    test('a broken capture names the line and writes nothing', async () => {
      const { db } = database()
      const before = await db.selectFrom('articles').select(['id', 'headline', 'modified_at']).execute()
      const broken = seed.replace('03:38 GMT05 August 2020', 'not a timestamp')
      await assert.rejects(importTextCapture(db, broken), (e: unknown) => e instanceof CaptureError && e.line === 1)
      const sectionsBefore = await db.selectFrom('sections').select('id').execute()
      // a capture whose section is new but that has no body: refused while parsing, nothing written
      const noBody = '10:00 GMT 01 January 2021\nBrand New Section\n\nLead only.\n'
      await assert.rejects(importTextCapture(db, noBody), CaptureError)
      assert.deepEqual(await db.selectFrom('articles').select(['id', 'headline', 'modified_at']).execute(), before)
      assert.deepEqual(await db.selectFrom('sections').select('id').execute(), sectionsBefore)
    })

    test('a failure inside the import transaction leaves the database exactly as before', async () => {
      const { db } = database()
      const before = await contents(db)
      assert.ok(before.articles.length > 0, 'the seed was imported by the tests above')
      // A new capture (new lead, so a new article) in a section that does not exist yet. The
      // import creates the section, then the article, then its related pins; the insert of the
      // pins fails after the database ran it, so section, article and pins were all written in the
      // transaction before it failed.
      const text = seed
        .replace('Asia & Pacific', 'Half Written Section')
        .replace("The UN Security Council's discussion", "A different lead about the UN Security Council's discussion")
      await assert.rejects(importTextCapture(failingAfterInsert(db, 'article_related'), text, { headline: 'Half Written Headline' }), InjectedFailure)
      const after = await contents(db)
      assert.equal(after.sections.length, before.sections.length, 'no new section')
      assert.equal(after.articles.length, before.articles.length, 'no new article')
      assert.equal(after.related.length, before.related.length, 'no new related pins')
      assert.ok(!after.sections.some((s) => s.name === 'Half Written Section'))
      assert.ok(!after.articles.some((a) => a.headline === 'Half Written Headline'))
      assert.deepEqual(after, before)

      // Re-importing the existing article into a new section: the update is undone too.
      await assert.rejects(
        importTextCapture(failingAfterInsert(db, 'article_related'), seed, { section: 'Another New Section', headline: 'Changed Then Undone' }),
        InjectedFailure,
      )
      assert.deepEqual(await contents(db), before)
      // and the same imports without the failure do write (so the failure was what stopped them)
      await importTextCapture(db, text, { headline: 'Half Written Headline' })
      assert.equal((await contents(db)).articles.length, before.articles.length + 1)
    })

    test('a missing file gets a clear error', async () => {
      await assert.rejects(importTextFile(database().db, '/nonexistent/capture.txt'), /no such file/)
    })
  })
}

test('derived headlines read like headlines', () => {
  assert.equal(
    deriveHeadline('Heavy snow closed several mountain passes in the Alps and forced motorists onto long detours.'),
    'Heavy snow closed several mountain passes',
  )
  assert.equal(deriveHeadline('A short lead.'), 'Short lead')
  assert.ok(deriveHeadline('word '.repeat(100)).length <= 90)
})

after(closeTemplate)
