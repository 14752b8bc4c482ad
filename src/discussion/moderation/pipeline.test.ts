import assert from 'node:assert/strict'
import { test } from 'node:test'
import { moderate, type ModerationRule } from './pipeline.ts'
import { MODERATION_RULES } from './rules/index.ts'
import { ruleContext } from './test-context.ts'

test('pipeline: approved when no rule objects', async () => {
  assert.deepEqual(await moderate(MODERATION_RULES, ruleContext()), { status: 'approved' })
})

test('pipeline: a hold records its rule, but a later rejection still wins', async () => {
  const held = await moderate(MODERATION_RULES, ruleContext({ text: 'buy crypto', settings: { suspectWords: ['crypto'] } }))
  assert.deepEqual(held, { status: 'pending', rule: 'suspect-words', reason: 'Contains the suspect word “crypto”.' })
  const both = await moderate(
    MODERATION_RULES,
    ruleContext({ text: 'buy crypto, scoundrel', settings: { suspectWords: ['crypto'], bannedWords: ['scoundrel'] } }),
  )
  assert.ok(both.status === 'rejected' && both.rejection.rule === 'banned-words')
})

test('pipeline: the first hold is the one recorded (new reader before pre-moderation)', async () => {
  const d = await moderate(MODERATION_RULES, ruleContext({ author: { approvedCount: 0 }, article: { premoderated: true } }))
  assert.ok(d.status === 'pending' && d.rule === 'new-reader')
})

test('pipeline: rules limited to posting are skipped for edits', async () => {
  let ran = false
  const rule: ModerationRule = { name: 'post-only', modes: ['post'], check: () => ((ran = true), undefined) }
  await moderate([rule], ruleContext({ mode: 'edit' }))
  assert.equal(ran, false)
})

test('pipeline: every rule has its own name, and the order puts refusals before anything stored', () => {
  const names = MODERATION_RULES.map((r) => r.name)
  assert.equal(new Set(names).size, names.length)
  assert.ok(names.indexOf('reader-rate') < names.indexOf('banned-words'))
  assert.ok(names.indexOf('ip-rate') < names.indexOf('banned-words'))
})
