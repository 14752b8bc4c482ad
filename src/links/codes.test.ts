import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CODE_LENGTH, isCode, newCode } from './codes.ts'

test('codes are base-62, of the set length, and do not repeat or run in order', () => {
  const codes = Array.from({ length: 20_000 }, () => newCode())
  for (const c of codes) assert.match(c, /^[0-9A-Za-z]+$/)
  assert.ok(codes.every((c) => c.length === CODE_LENGTH))
  assert.equal(new Set(codes).size, codes.length, 'no two codes alike in 20,000')
  // Unguessable order: consecutive codes share no prefix more often than chance would.
  const sharedFirst = codes.slice(1).filter((c, i) => c[0] === codes[i]![0]).length
  assert.ok(sharedFirst < codes.length / 20, `${sharedFirst} neighbours share a first character`)
})

test('malformed codes are told apart without asking the database', () => {
  for (const ok of ['Ab3xYz9', '0000', 'abcdefghijklmnop']) assert.ok(isCode(ok), ok)
  for (const bad of ['', 'abc', 'abc-def', 'abc def', 'ab%2F', '../etc', 'ÄbcDefg', 'abcdefghijklmnopq', "Ab3'--"]) assert.ok(!isCode(bad), bad)
})
