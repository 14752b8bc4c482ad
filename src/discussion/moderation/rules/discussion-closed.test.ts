import assert from 'node:assert/strict'
import { test } from 'node:test'
import { RULE_TEST_NOW, ruleContext } from '../test-context.ts'
import { discussionClosed } from './discussion-closed.ts'

const daysAgo = (n: number) => new Date(RULE_TEST_NOW.getTime() - n * 86_400_000)

test('discussion-closed: open within N days of publication, closed after', async () => {
  assert.equal(await discussionClosed.check(ruleContext({ article: { firstPublishedAt: daysAgo(13) }, settings: { closeAfterDays: 14 } })), undefined)
  const v = await discussionClosed.check(ruleContext({ article: { firstPublishedAt: daysAgo(15) }, settings: { closeAfterDays: 14 } }))
  assert.ok(v?.action === 'reject' && v.code === 'DISCUSSION_CLOSED')
})

test('discussion-closed: 0 days means never closes automatically', async () => {
  assert.equal(await discussionClosed.check(ruleContext({ article: { firstPublishedAt: daysAgo(5000) }, settings: { closeAfterDays: 0 } })), undefined)
})

test('discussion-closed: a moderator closing or opening an article overrides the age', async () => {
  // closed by a moderator although the article is new enough to be open by age
  const young = { firstPublishedAt: daysAgo(1) }
  assert.equal(await discussionClosed.check(ruleContext({ article: young, settings: { closeAfterDays: 14 } })), undefined)
  const closed = await discussionClosed.check(ruleContext({ article: { ...young, closed: true }, settings: { closeAfterDays: 14 } }))
  assert.ok(closed?.action === 'reject' && closed.code === 'DISCUSSION_CLOSED')
  // reopened by a moderator although it is old enough to be closed by age
  const old = { firstPublishedAt: daysAgo(100) }
  assert.equal((await discussionClosed.check(ruleContext({ article: old, settings: { closeAfterDays: 14 } })))?.action, 'reject')
  assert.equal(await discussionClosed.check(ruleContext({ article: { ...old, closed: false }, settings: { closeAfterDays: 14 } })), undefined)
})
