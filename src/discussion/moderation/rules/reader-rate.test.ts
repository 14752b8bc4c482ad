import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createMemoryRateLimiter } from '../../../http/rate-limit.ts'
import { RULE_TEST_NOW, ruleContext } from '../test-context.ts'
import { readerRate } from './reader-rate.ts'

test('reader-rate: the limit per window, then refused with a wait; other readers unaffected', async () => {
  const limiter = createMemoryRateLimiter()
  const settings = { readerRate: { limit: 3, windowMinutes: 5 } }
  for (let i = 0; i < 3; i++) assert.equal(await readerRate.check(ruleContext({ limiter, settings })), undefined)
  const v = await readerRate.check(ruleContext({ limiter, settings }))
  assert.ok(v?.action === 'reject' && v.code === 'RATE_LIMITED')
  assert.match(v.message, /Try again in 5 minutes/)
  assert.equal(await readerRate.check(ruleContext({ limiter, settings, author: { id: 8 } })), undefined)
  // the window passes
  assert.equal(await readerRate.check(ruleContext({ limiter, settings, now: new Date(RULE_TEST_NOW.getTime() + 5 * 60_000) })), undefined)
})
