import assert from 'node:assert/strict'
import { test } from 'node:test'
import { RULE_TEST_NOW, ruleContext } from '../test-context.ts'
import { repeatPost } from './repeat-post.ts'

test('repeat-post: the same text again (ignoring case and punctuation) is refused', async () => {
  let since: Date | undefined
  const v = await repeatPost.check(
    ruleContext({
      text: 'Great article!!',
      settings: { repeatWindowMinutes: 60 },
      recentTexts: async (s) => {
        since = s
        return ['something else', 'great  article']
      },
    }),
  )
  assert.ok(v?.action === 'reject' && v.code === 'COMMENT_REJECTED' && !v.store)
  assert.equal(since?.getTime(), RULE_TEST_NOW.getTime() - 3_600_000)
})

test('repeat-post: new text passes; edits and a zero window are not checked', async () => {
  assert.equal(await repeatPost.check(ruleContext({ text: 'new thought', recentTexts: async () => ['old thought'] })), undefined)
  assert.equal(await repeatPost.check(ruleContext({ text: 'same', settings: { repeatWindowMinutes: 0 }, recentTexts: async () => ['same'] })), undefined)
  assert.deepEqual(repeatPost.modes, ['post'])
})
