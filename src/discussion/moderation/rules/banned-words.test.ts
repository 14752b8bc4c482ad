import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ruleContext } from '../test-context.ts'
import { bannedWords } from './banned-words.ts'

test('banned-words: a banned word rejects the comment with a message citing the standards, and keeps it', async () => {
  const v = await bannedWords.check(ruleContext({ text: 'You are a Scoundrel.', settings: { bannedWords: ['scoundrel'] } }))
  assert.ok(v?.action === 'reject' && v.code === 'COMMENT_REJECTED' && v.store)
  assert.equal(v.section, 1)
  assert.match(v.message, /community standards/)
})

test('banned-words: whole words only, and no list means no check', async () => {
  assert.equal(await bannedWords.check(ruleContext({ text: 'Scoundrelly weather', settings: { bannedWords: ['scoundrel'] } })), undefined)
  assert.equal(await bannedWords.check(ruleContext({ text: 'anything' })), undefined)
})
