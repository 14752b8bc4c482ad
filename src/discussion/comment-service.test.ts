import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createMemoryRateLimiter } from '../http/rate-limit.ts'
import { loadDemoContent } from '../demo/load-demo.ts'
import { closeTemplate, databaseKinds, useTestDatabase } from '../../test/support/databases.ts'
import { createReader, seedArticleId, setDiscussionSettings } from '../../test/support/discussion.ts'
import { TEST_NOW } from '../../test/support/app.ts'
import type { Principal } from '../http/permissions.ts'
import { createCommentService } from './comment-service.ts'
import { createCommentStore, cursorOf, type CommentSort } from './comment-store.ts'
import { createDiscussionStore } from './discussion-store.ts'
import type { DiscussionEvent } from './live/events.ts'
import { createModerationService } from './moderation-service.ts'
import { toCommentView } from './view-models.ts'

after(closeTemplate)

for (const kind of databaseKinds()) {
  describe(`comments and moderation (${kind})`, () => {
    const database = useTestDatabase(kind, { before, after })
    const events: DiscussionEvent[] = []
    let clock = new Date('2026-11-29T12:00:00Z')
    const hub = { publish: async (e: DiscussionEvent) => void events.push(e) }
    const services = () => {
      const db = database().db
      const now = () => clock
      return { comments: createCommentService({ db, limiter: createMemoryRateLimiter(), now, hub }), moderation: createModerationService({ db, now, hub }) }
    }
    let articleId: number
    let moderator: Principal

    before(async () => {
      const db = database().db
      await loadDemoContent(db, TEST_NOW)
      articleId = await seedArticleId(db)
      const staff = await createReader(db, 'Mo Derator')
      moderator = { ...staff, kind: 'staff', role: 'moderator' }
      await setDiscussionSettings(db, {
        holdFirstComments: 1,
        readerRate: { limit: 1000, windowMinutes: 1 },
        ipRate: { limit: 1000, windowMinutes: 1 },
        bannedWords: ['scoundrel'],
      })
    })

    test('a new reader is held; once a moderator approves, the count goes up and the next comment publishes at once', async () => {
      const { comments, moderation } = services()
      const a = await createReader(database().db, 'Ada')
      const first = await comments.post({ articleId, text: 'My first comment', who: a, ip: '192.0.2.1' })
      assert.equal(first.status, 'pending')
      assert.equal(first.comment.rule, 'new-reader')
      assert.equal((await createDiscussionStore(database().db).getDiscussion(articleId)).count, 0)
      events.length = 0
      await moderation.approve(first.comment.id, moderator)
      assert.deepEqual(events, [{ type: 'comment', articleId, commentId: first.comment.id, count: 1 }])
      const second = await comments.post({ articleId, text: 'My second comment', who: a, ip: '192.0.2.1' })
      assert.equal(second.status, 'approved')
      assert.equal((await createDiscussionStore(database().db).getDiscussion(articleId)).count, 2)
    })

    test('a banned word is refused with a message and kept as rejected, naming the rule', async () => {
      const { comments } = services()
      const a = await createReader(database().db)
      await assert.rejects(
        comments.post({ articleId, text: 'You scoundrel', who: a, ip: '192.0.2.2' }),
        (e: { code: string; publicMessage: string }) => e.code === 'COMMENT_REJECTED' && /community standards/.test(e.publicMessage),
      )
      const stored = await database()
        .db.selectFrom('comments')
        .select(['status', 'moderation_rule', 'standards_section'])
        .where('author_id', '=', a.id)
        .execute()
      assert.deepEqual(stored, [{ status: 'rejected', moderation_rule: 'banned-words', standards_section: 1 }])
    })

    test('replies: one level (a reply to a reply joins the thread); counts kept on the parent', async () => {
      const { comments, moderation } = services()
      const a = await createReader(database().db)
      const b = await createReader(database().db)
      const top = await comments.post({ articleId, text: 'Top-level', who: a, ip: '192.0.2.3' })
      await moderation.approve(top.comment.id, moderator)
      const r1 = await comments.post({ articleId, parentId: top.comment.id, text: 'A reply', who: b, ip: '192.0.2.4' })
      await moderation.approve(r1.comment.id, moderator)
      const r2 = await comments.post({ articleId, parentId: r1.comment.id, text: 'A reply to the reply', who: a, ip: '192.0.2.3' })
      assert.equal(r2.comment.parentId, top.comment.id)
      assert.equal((await createCommentStore(database().db).getComment(top.comment.id))!.replyCount, 2)
      // deleting the parent keeps a placeholder while it has replies
      await comments.remove(top.comment.id, a)
      const page = await createCommentStore(database().db).findTopLevel({ articleId, sort: 'newest', limit: 100 })
      assert.equal(page.find((c) => c.id === top.comment.id)?.status, 'deleted')
      await assert.rejects(comments.post({ articleId, parentId: top.comment.id, text: 'late reply', who: b, ip: '192.0.2.4' }), { code: 'COMMENT_NOT_FOUND' })
    })

    test('a rejected comment with replies keeps its place as a placeholder; its text is not shown', async () => {
      const { comments, moderation } = services()
      const a = await createReader(database().db)
      const b = await createReader(database().db)
      await setDiscussionSettings(database().db, { holdFirstComments: 0 })
      const top = await comments.post({ articleId, text: 'Rude remark', who: a, ip: '192.0.2.7' })
      await comments.post({ articleId, parentId: top.comment.id, text: 'A calm answer', who: b, ip: '192.0.2.8' })
      await moderation.reject(top.comment.id, moderator, { section: 1, reason: 'Insult' })
      const page = await createCommentStore(database().db).findTopLevel({ articleId, sort: 'newest', limit: 100 })
      const placeholder = page.find((c) => c.id === top.comment.id)!
      const view = toCommentView(placeholder, { viewer: null, now: clock, editWindowMinutes: 15 })
      assert.equal(view.status, 'removed')
      assert.equal(view.html.value, '')
      assert.equal(view.authorName, '')
      await setDiscussionSettings(database().db, {
        holdFirstComments: 1,
        readerRate: { limit: 1000, windowMinutes: 1 },
        ipRate: { limit: 1000, windowMinutes: 1 },
        bannedWords: ['scoundrel'],
      })
    })

    test('edit within the window only; an edit with a suspect word goes back to the queue', async () => {
      const { comments } = services()
      await setDiscussionSettings(database().db, { holdFirstComments: 0, suspectWords: ['crypto'], editWindowMinutes: 15 })
      const a = await createReader(database().db)
      const c = await comments.post({ articleId, text: 'Fine words', who: a, ip: '192.0.2.5' })
      assert.equal(c.status, 'approved')
      events.length = 0
      const edited = await comments.edit({ commentId: c.comment.id, text: 'Buy crypto', who: a, ip: '192.0.2.5' })
      assert.equal(edited.status, 'pending')
      assert.equal(events[0]?.type, 'removed')
      clock = new Date(clock.getTime() + 16 * 60_000)
      await assert.rejects(comments.edit({ commentId: c.comment.id, text: 'Later', who: a, ip: '192.0.2.5' }), { code: 'EDIT_WINDOW_CLOSED' })
      const other = await createReader(database().db)
      await assert.rejects(comments.edit({ commentId: c.comment.id, text: 'Not mine', who: other, ip: '192.0.2.5' }), { code: 'COMMENT_NOT_FOUND' })
    })

    test('likes once per reader; reports cite a section; not your own', async () => {
      const { comments } = services()
      const a = await createReader(database().db)
      const b = await createReader(database().db)
      const c = await comments.post({ articleId, text: 'Likeable', who: a, ip: '192.0.2.6' })
      assert.equal(await comments.like(c.comment.id, b), 1)
      await assert.rejects(comments.like(c.comment.id, b), { code: 'CONFLICT' })
      await assert.rejects(comments.like(c.comment.id, a), { code: 'FORBIDDEN' })
      assert.equal(await comments.unlike(c.comment.id, b), 0)
      await assert.rejects(comments.report({ commentId: c.comment.id, who: a, section: 1, note: '' }), { code: 'FORBIDDEN' })
      await assert.rejects(comments.report({ commentId: c.comment.id, who: b, section: 99, note: '' }), { code: 'VALIDATION_FAILED' })
      await comments.report({ commentId: c.comment.id, who: b, section: 3, note: 'Off topic' })
      await assert.rejects(comments.report({ commentId: c.comment.id, who: b, section: 3, note: '' }), { code: 'CONFLICT' })
      assert.equal((await createCommentStore(database().db).getComment(c.comment.id))!.openReports, 1)
    })

    test('keyset pages in every order cover each comment exactly once', async () => {
      const db = database().db
      const article = (await db.selectFrom('articles').select('id').where('status', '=', 'published').where('id', '<>', articleId).executeTakeFirstOrThrow()).id
      const author = await createReader(db)
      const at = Date.parse('2026-11-01T00:00:00Z')
      // same timestamps in pairs, to exercise the id tie-break
      await db
        .insertInto('comments')
        .values(
          Array.from({ length: 45 }, (_, i) => ({
            article_id: article,
            parent_id: null,
            author_id: author.id,
            body: `c${i}`,
            status: 'approved' as const,
            like_count: i % 7,
            created_at: new Date(at + Math.floor(i / 2) * 1000),
          })),
        )
        .execute()
      const store = createCommentStore(db)
      for (const sort of ['newest', 'oldest', 'liked'] as CommentSort[]) {
        const seen: number[] = []
        let after
        for (let i = 0; i < 10; i++) {
          const page = await store.findTopLevel({ articleId: article, sort, after, limit: 20 })
          seen.push(...page.map((c) => c.id))
          if (page.length < 20) break
          after = cursorOf(page.at(-1)!, sort)
        }
        assert.equal(seen.length, 45, sort)
        assert.equal(new Set(seen).size, 45, sort)
      }
    })
  })
}
