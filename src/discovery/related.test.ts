import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestApp, TEST_NOW, type TestApp } from '../../test/support/app.ts'
import { closeTemplate, databaseKinds } from '../../test/support/databases.ts'
import { createArticleStore } from '../content/article-store.ts'
import { SEED_HEADLINE } from '../demo/demo-articles.ts'
import { createRelatedService } from './related-service.ts'
import { loadEditionContext } from '../content/edition-context.ts'

after(closeTemplate)

const SEED_PATH = '/world/asia-pacific/20200805/un-security-council-debate-on-north-korea-rights-record-leaves-china-worried'
const SNUBS = "North Korea Snubs UN Meeting, Slams Security Council's 'Double Standards'"
const CAMPS = 'UN Official Urges to Dismantle North Korea Camp System, Release Prisoners'
const DEBATE = 'Security Council Schedules Debate on Humanitarian Access in Conflict Zones'
const CYCLONES = 'Pacific Island States Agree Joint Early-Warning Network for Cyclones'

/** The lines of the article page's "Related" list: [headline, href or undefined]. */
function relatedList(body: string): [string, string | undefined][] {
  const start = body.indexOf('id="related-h"')
  if (start === -1) return []
  const section = body.slice(start, body.indexOf('</section>', start))
  return [...section.matchAll(/<li>(?:<a href="([^"]+)">)?([^<]+)/g)].map((m) => [m[2]!.replace(/&#39;/g, "'"), m[1]])
}

for (const kind of databaseKinds()) {
  describe(`related articles on ${kind}`, () => {
    let t: TestApp
    before(async () => {
      t = await createTestApp({ kind, clock: { now: () => TEST_NOW } })
    })
    after(async () => {
      await t.close()
    })
    const store = () => createArticleStore(t.database.db)
    const seed = async () =>
      (await store().getArticleBySourceKey(
        (await t.database.db.selectFrom('articles').select('source_key').where('headline', '=', SEED_HEADLINE).executeTakeFirstOrThrow()).source_key!,
      ))!

    test('automatic related articles for the seed are the same story first, then the same region; never itself', async () => {
      const related = createRelatedService({ db: t.database.db })
      const ctx = await loadEditionContext(t.database.db)
      const found = (await related.automatic(await seed(), ctx, 6)).map((a) => a.headline)
      assert.deepEqual(found.slice(0, 2), [SNUBS, CAMPS], found.join('\n'))
      assert.equal(found[2], DEBATE, 'the other Security Council story comes next')
      assert.ok(found.includes(CYCLONES), 'then the same region')
      assert.ok(!found.includes(SEED_HEADLINE))
      assert.ok(found.indexOf(CYCLONES) > found.indexOf(DEBATE))
    })

    test('the page shows the editor’s pins first, then automatic ones, without duplicates', async () => {
      const res = await t.app.inject({ method: 'GET', url: SEED_PATH })
      const list = relatedList(res.body)
      assert.deepEqual(
        list.slice(0, 5).map(([h]) => h),
        [
          'North Korea Can Build Up to 79 Nuclear Weapons by 2020: Report',
          'Majority of US Think Sony Overreacted to Alleged North Korea Hack Attack',
          'Suspected Hacker Leaks New Data on South Korea Nuclear Reactors',
          CAMPS,
          SNUBS,
        ],
      )
      assert.equal(list[0]![1], undefined, 'a headline-only pin with no article is plain text')
      assert.deepEqual(list[5], [DEBATE, '/world/20261128/security-council-schedules-debate-on-humanitarian-access-in-conflict-zones'])
      assert.equal(new Set(list.map(([h]) => h)).size, list.length)
      assert.ok(!list.some(([h]) => h === SEED_HEADLINE))
    })

    test('publishing clears the cache: an unpublished article leaves, a pinned headline becomes a link', async () => {
      const s = store()
      const debate = await t.database.db.selectFrom('articles').select(['id', 'section_id']).where('headline', '=', DEBATE).executeTakeFirstOrThrow()
      await s.updateArticle(debate.id, { status: 'unpublished' })
      await t.deps.events.emit('article.changed', { articleId: debate.id, sectionId: debate.section_id, reason: 'unpublished' })
      let list = relatedList((await t.app.inject({ method: 'GET', url: SEED_PATH })).body)
      assert.ok(!list.some(([h]) => h === DEBATE), 'never unpublished copy')

      const pinned = 'Suspected Hacker Leaks New Data on South Korea Nuclear Reactors'
      const seedArticle = await seed()
      const created = await s.createArticle({
        editionId: 1,
        sectionId: seedArticle.sectionId,
        slug: 'suspected-hacker-leaks',
        headline: pinned,
        status: 'published',
        firstPublishedAt: TEST_NOW,
        publishedAt: TEST_NOW,
      })
      await t.deps.events.emit('article.published', { articleId: created.id, sectionId: created.sectionId, firstTime: true })
      list = relatedList((await t.app.inject({ method: 'GET', url: SEED_PATH })).body)
      assert.deepEqual(list[2], [pinned, '/world/asia-pacific/20261129/suspected-hacker-leaks'])
    })

    test('an article with nothing in common gets no weak matches', async () => {
      const s = store()
      const sport = await t.database.db.selectFrom('sections').select('id').where('slug', '=', 'sport').executeTakeFirstOrThrow()
      const lonely = await s.createArticle({
        editionId: 1,
        sectionId: sport.id,
        slug: 'xylophone',
        headline: 'Xylophone Quartet Tours Fjords',
        status: 'published',
        firstPublishedAt: TEST_NOW,
        publishedAt: TEST_NOW,
      })
      const related = createRelatedService({ db: t.database.db })
      const found = await related.automatic(lonely, await loadEditionContext(t.database.db), 6)
      assert.ok(found.length > 0, 'the same section still offers something')
      assert.ok(found.every((a) => a.id !== lonely.id))
      const sections = new Set((await s.getSummaries(found.map((a) => a.id))).map((a) => a.sectionId))
      assert.deepEqual([...sections], [sport.id], 'only the same section, nothing merely recent')
    })
  })
}
