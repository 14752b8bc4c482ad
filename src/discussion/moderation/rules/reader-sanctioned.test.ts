import assert from 'node:assert/strict'
import { test } from 'node:test'
import { RULE_TEST_NOW, ruleContext } from '../test-context.ts'
import { readerSanctioned } from './reader-sanctioned.ts'

test('reader-sanctioned: a reader in good standing passes', async () => {
  assert.equal(await readerSanctioned.check(ruleContext()), undefined)
})

test('reader-sanctioned: a banned reader is refused', async () => {
  const v = await readerSanctioned.check(ruleContext({ author: { banned: true } }))
  assert.equal(v?.action, 'reject')
  assert.ok(v?.action === 'reject' && v.code === 'READER_SUSPENDED' && !v.store)
})

test('reader-sanctioned: a suspended reader is refused until the date, then passes', async () => {
  const until = new Date(RULE_TEST_NOW.getTime() + 3 * 86_400_000)
  const v = await readerSanctioned.check(ruleContext({ author: { suspendedUntil: until } }))
  assert.ok(v?.action === 'reject' && v.message.includes('2026-12-02'), JSON.stringify(v))
  assert.equal(await readerSanctioned.check(ruleContext({ author: { suspendedUntil: until }, now: new Date(until.getTime() + 1) })), undefined)
})
