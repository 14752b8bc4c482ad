import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ruleContext } from '../test-context.ts'
import { suspectWords } from './suspect-words.ts'

test('suspect-words: a suspect word holds the comment, naming the word for moderators', async () => {
  const v = await suspectWords.check(ruleContext({ text: 'Get rich with CRYPTO today', settings: { suspectWords: ['crypto*'] } }))
  assert.deepEqual(v, { action: 'hold', rule: 'suspect-words', reason: 'Contains the suspect word “crypto*”.' })
  assert.equal(await suspectWords.check(ruleContext({ text: 'a plain comment', settings: { suspectWords: ['crypto*'] } })), undefined)
})
