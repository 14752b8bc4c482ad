import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { CommentRecord } from './comment-store.ts'
import { commentCountLabel, toCommentView } from './view-models.ts'

const record = (over: Partial<CommentRecord> = {}): CommentRecord => ({
  id: 5,
  articleId: 1,
  parentId: null,
  authorId: 9,
  authorName: 'Ada',
  body: 'Hello <b>',
  status: 'approved',
  rule: null,
  reason: null,
  section: null,
  likeCount: 2,
  replyCount: 3,
  openReports: 0,
  createdAt: new Date('2026-11-29T12:00:00Z'),
  editedAt: null,
  statusChangedAt: new Date('2026-11-29T12:00:00Z'),
  ...over,
})
const now = new Date('2026-11-29T12:10:00Z')

test('comment view: escaped text, own comments editable only within the window', () => {
  const v = toCommentView(record(), { viewer: { id: 9, name: 'Ada', csrf: 't' }, now, editWindowMinutes: 15 })
  assert.equal(v.html.value, '<p>Hello &lt;b&gt;</p>')
  assert.ok(v.mine && v.editable)
  assert.equal(toCommentView(record(), { viewer: { id: 9, name: 'Ada', csrf: 't' }, now, editWindowMinutes: 5 }).editable, false)
  assert.equal(toCommentView(record(), { viewer: null, now, editWindowMinutes: 15 }).mine, false)
  assert.equal(toCommentView(record(), { viewer: null, now, editWindowMinutes: 15 }).moreReplies, 3)
})

test('comment view: a deleted comment shows neither its text nor its author', () => {
  const v = toCommentView(record({ status: 'deleted', body: 'secret' }), { viewer: null, now, editWindowMinutes: 15 })
  assert.equal(v.authorName, '')
  assert.equal(v.html.value, '')
  assert.equal(v.status, 'deleted')
})

test('count labels', () => {
  assert.equal(commentCountLabel(1), '1 comment')
  assert.equal(commentCountLabel(10000), '10,000 comments')
})
