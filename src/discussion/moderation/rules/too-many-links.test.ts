import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ruleContext } from '../test-context.ts'
import { tooManyLinks } from './too-many-links.ts'

test('too-many-links: up to the limit passes', async () => {
  assert.equal(await tooManyLinks.check(ruleContext({ text: 'see a.com and https://b.org/x', settings: { maxLinks: 2 } })), undefined)
})

test('too-many-links: one more is refused, saying how many are allowed', async () => {
  const v = await tooManyLinks.check(ruleContext({ text: 'a.com b.com c.com', settings: { maxLinks: 2 } }))
  assert.ok(v?.action === 'reject' && !v.store)
  assert.equal(v.message, 'A comment may contain at most 2 links; yours has 3.')
  const none = await tooManyLinks.check(ruleContext({ text: 'a.com', settings: { maxLinks: 0 } }))
  assert.ok(none?.action === 'reject' && none.message.startsWith('Comments may not contain links'))
})
