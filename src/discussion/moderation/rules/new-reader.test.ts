import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ruleContext } from '../test-context.ts'
import { newReader } from './new-reader.ts'

test('new-reader: a reader with fewer approved comments than the setting is held', async () => {
  const v = await newReader.check(ruleContext({ author: { approvedCount: 0 }, settings: { holdFirstComments: 1 } }))
  assert.equal(v?.action, 'hold')
  assert.equal(await newReader.check(ruleContext({ author: { approvedCount: 1 }, settings: { holdFirstComments: 1 } })), undefined)
  assert.equal((await newReader.check(ruleContext({ author: { approvedCount: 2 }, settings: { holdFirstComments: 3 } })))?.action, 'hold')
})

test('new-reader: 0 turns it off; staff are not held', async () => {
  assert.equal(await newReader.check(ruleContext({ author: { approvedCount: 0 }, settings: { holdFirstComments: 0 } })), undefined)
  assert.equal(await newReader.check(ruleContext({ author: { approvedCount: 0, isStaff: true } })), undefined)
})
