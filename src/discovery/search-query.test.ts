import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isJunk, MAX_QUERY_CHARS, MAX_TERMS, parseSearchQuery } from './search-query.ts'

test('words, phrases, prefixes, exclusions and OR are understood', () => {
  const q = parseSearchQuery('"security council" nucl* -china korea OR japan')
  assert.deepEqual(q.groups, [
    [
      { kind: 'phrase', text: 'security council', negated: false },
      { kind: 'prefix', text: 'nucl', negated: false },
      { kind: 'word', text: 'china', negated: true },
      { kind: 'word', text: 'korea', negated: false },
    ],
    [{ kind: 'word', text: 'japan', negated: false }],
  ])
  assert.equal(q.normalized, '"security council" nucl* -china korea OR japan')
})

test('an unbalanced quote runs to the end instead of failing', () => {
  const q = parseSearchQuery('"human rights council')
  assert.deepEqual(q.groups, [[{ kind: 'phrase', text: 'human rights council', negated: false }]])
})

test('tsquery and SQL syntax become plain words', () => {
  const q = parseSearchQuery("korea & !china | (x <-> y):* '; drop table articles; --")
  const texts = q.groups.flat().map((t) => t.text)
  for (const t of texts) assert.match(t, /^[\p{L}\p{N} ]+$/u, t)
  assert.ok(texts.includes('korea') && texts.includes('drop') && texts.includes('articles'))
})

test('hyphenated and dotted tokens are phrases; a one-letter prefix is a word', () => {
  const q = parseSearchQuery('cross-border U.N. a*')
  assert.deepEqual(q.groups[0], [
    { kind: 'phrase', text: 'cross border', negated: false },
    { kind: 'phrase', text: 'U N', negated: false },
    { kind: 'word', text: 'a', negated: false },
  ])
})

test('very long input is cut, and so is a query of many words', () => {
  const long = parseSearchQuery('korea '.repeat(2000))
  assert.ok(long.truncated)
  assert.equal(long.groups.flat().length, MAX_TERMS)
  const chars = parseSearchQuery('x'.repeat(10_000))
  assert.ok(chars.truncated)
  assert.equal(chars.groups[0]![0]!.text.length, MAX_QUERY_CHARS)
})

test('junk and negation-only queries have nothing to search for', () => {
  assert.ok(isJunk('!!! *** ---'))
  assert.ok(!isJunk('korea'))
  assert.deepEqual(parseSearchQuery('-china -russia').groups, [])
  assert.deepEqual(parseSearchQuery('"" * OR OR').groups, [])
  assert.deepEqual(parseSearchQuery('\u0000\ue000korea').groups, [[{ kind: 'word', text: 'korea', negated: false }]])
})

test('snippets starting or stopping mid-sentence say so with "…"; whole sentences and the lead do not', async () => {
  const { snippetHtml } = await import('./search-service.ts')
  const S = '\ue000'
  const E = '\ue001'
  const lead = 'Ferries are running again three days after the storm.'
  assert.equal(
    snippetHtml(`Ferries are running again three days after the ${S}storm${E}.`, lead),
    `Ferries are running again three days after the <mark>storm</mark>.`,
  )
  assert.equal(
    snippetHtml(`the harbour master said the ${S}port${E} would reopen by`, lead),
    `… the harbour master said the <mark>port</mark> would reopen by …`,
  )
  assert.equal(snippetHtml(`Officials said the ${S}port${E} reopened.`, lead), `Officials said the <mark>port</mark> reopened.`)
  assert.equal(snippetHtml(`и ${S}паромы${E} снова ходят`, ''), `… и <mark>паромы</mark> снова ходят …`)
  assert.equal(snippetHtml(lead, lead), lead)
  assert.equal(snippetHtml('', ''), '')
})
