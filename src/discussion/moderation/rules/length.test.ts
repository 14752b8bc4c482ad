import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ruleContext } from '../test-context.ts'
import { length } from './length.ts'

test('length: empty, too short and too long are refused with a message on the body field', async () => {
  for (const [text, expected] of [
    ['', /Write something/],
    ['a', /at least 2 characters/],
    ['x'.repeat(2001), /at most 2,000 characters long; yours has 2,001/],
  ] as const) {
    const v = await length.check(ruleContext({ text }))
    assert.ok(v?.action === 'reject' && v.code === 'VALIDATION_FAILED' && !v.store, text.slice(0, 10))
    assert.match(v.message, expected)
    assert.equal(v.fields?.[0]?.field, 'body')
  }
})

test('length: counts characters, not UTF-16 units, and respects the settings', async () => {
  assert.equal(await length.check(ruleContext({ text: '😀'.repeat(2000) })), undefined)
  assert.equal(await length.check(ruleContext({ text: 'ok' })), undefined)
  assert.equal((await length.check(ruleContext({ text: 'x'.repeat(11), settings: { maxLength: 10 } })))?.action, 'reject')
})
