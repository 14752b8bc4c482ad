import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ruleContext } from '../test-context.ts'
import { premoderation } from './premoderation.ts'

test('premoderation: every reader comment on a pre-moderated article is held; staff and other articles pass', async () => {
  assert.deepEqual(await premoderation.check(ruleContext({ article: { premoderated: true } })), {
    action: 'hold',
    rule: 'premoderation',
    reason: 'This article is pre-moderated.',
  })
  assert.equal(await premoderation.check(ruleContext({ article: { premoderated: true }, author: { isStaff: true } })), undefined)
  assert.equal(await premoderation.check(ruleContext()), undefined)
})
