import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { loadDemoContent } from '../demo/load-demo.ts'
import { TEST_NOW } from '../../test/support/app.ts'
import { closeTemplate, databaseKinds, useTestDatabase } from '../../test/support/databases.ts'
import { createReader, seedArticleId } from '../../test/support/discussion.ts'
import { createCommentStore, cursorOf, type CommentSort } from './comment-store.ts'

after(closeTemplate)

for (const kind of databaseKinds()) {
  describe(`an article with 10,000 comments (${kind})`, () => {
    const database = useTestDatabase(kind, { before, after })
    let articleId: number

    before(async () => {
      const db = database().db
      await loadDemoContent(db, TEST_NOW)
      articleId = await seedArticleId(db)
      const author = await createReader(db)
      // 10,000 top-level comments a second apart, 30,000 replies, and other articles' comments
      await sql`insert into comments (article_id, parent_id, author_id, body, status, like_count, created_at)
        select ${articleId}, null, ${author.id}, 'comment ' || g, case when g % 50 = 0 then 'pending' else 'approved' end, g % 97, timestamptz '2026-01-01' + g * interval '1 second'
        from generate_series(1, 10000) g`.execute(db)
      await sql`insert into comments (article_id, parent_id, author_id, body, status, created_at)
        select ${articleId}, c.id, ${author.id}, 'reply', 'approved', c.created_at + interval '1 minute'
        from comments c cross join generate_series(1, 3) where c.article_id = ${articleId} and c.parent_id is null`.execute(db)
      await sql`analyze comments`.execute(db)
    })

    test('each page is read through an index, never by scanning or sorting the whole discussion', async () => {
      const store = createCommentStore(database().db)
      for (const [sort, index] of [
        ['newest', 'comments_article_time_idx'],
        ['oldest', 'comments_article_time_idx'],
        ['liked', 'comments_article_likes_idx'],
      ] as [CommentSort, string][]) {
        const page = await store.findTopLevel({ articleId, sort, limit: 21 })
        const deep = await store.findTopLevel({ articleId, sort, after: cursorOf(page.at(-1)!, sort), limit: 21 })
        const plan = (await store.topLevelQuery({ articleId, sort, after: cursorOf(deep.at(-1)!, sort), limit: 21 }).explain())
          .map((r) => String(Object.values(r)[0]))
          .join('\n')
        assert.match(plan, new RegExp(`Index Scan( Backward)? using ${index}`), `${sort}:\n${plan}`)
        assert.doesNotMatch(plan, /Seq Scan on comments|Sort Key/, `${sort}:\n${plan}`)
      }
    })

    test('pages follow each other without gaps; pending comments are not listed', async () => {
      const store = createCommentStore(database().db)
      const first = await store.findTopLevel({ articleId, sort: 'newest', limit: 20 })
      assert.equal(first[0]!.body, 'comment 9999') // 10000 is pending
      const next = await store.findTopLevel({ articleId, sort: 'newest', after: cursorOf(first.at(-1)!, 'newest'), limit: 20 })
      assert.equal(next[0]!.body, 'comment 9979')
      const third = await store.findTopLevel({ articleId, sort: 'newest', after: cursorOf(next.at(-1)!, 'newest'), limit: 20 })
      assert.ok(!third.some((c) => c.body === 'comment 9950'))
      assert.equal(third.at(-1)!.body, 'comment 9939')
      const replies = await store.findReplies(
        first.map((c) => c.id),
        2,
      )
      assert.equal(replies.length, 40)
    })
  })
}
