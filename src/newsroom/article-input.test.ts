import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkArticleInput } from './article-input.ts'

test('headline and lead keep the writer’s no-break spaces; other runs of spaces become one', () => {
  const r = checkArticleInput({
    headline: '  Talks\u00a0resume in\n\tGeneva  ',
    lead: 'Delegates met on\u00a0Monday.   Talks resume.',
    sectionId: 1,
    dateline: { place: 'GENEVA', dateText: 'December\u00a024', agency: 'AFP' },
    tags: ['North\u00a0Korea'],
  })
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems))
  assert.equal(r.value.headline, 'Talks\u00a0resume in Geneva')
  assert.equal(r.value.lead, 'Delegates met on\u00a0Monday. Talks resume.')
  // a dateline's parts and tags are matched as words: there every space is a space
  assert.deepEqual(r.value.dateline, { place: 'GENEVA', dateText: 'December 24', agency: 'AFP' })
  assert.deepEqual(r.value.tags, ['North Korea'])
})
