import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createMemoryRateLimiter } from '../../../http/rate-limit.ts'
import { ruleContext } from '../test-context.ts'
import { ipRate } from './ip-rate.ts'

test('ip-rate: many readers from one address share its limit', async () => {
  const limiter = createMemoryRateLimiter()
  const settings = { ipRate: { limit: 2, windowMinutes: 10 } }
  assert.equal(await ipRate.check(ruleContext({ limiter, settings, author: { id: 1 } })), undefined)
  assert.equal(await ipRate.check(ruleContext({ limiter, settings, author: { id: 2 } })), undefined)
  const v = await ipRate.check(ruleContext({ limiter, settings, author: { id: 3 } }))
  assert.ok(v?.action === 'reject' && v.code === 'RATE_LIMITED' && v.message.includes('your network'))
  assert.equal(await ipRate.check(ruleContext({ limiter, settings, ip: '198.51.100.9' })), undefined)
})
