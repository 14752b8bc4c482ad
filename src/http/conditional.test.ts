import assert from 'node:assert/strict'
import { test } from 'node:test'
import { etagMatches, isNotModified } from './conditional.ts'

test('If-None-Match: the tag, its weak form, a list, "*"; not another tag', () => {
  const etag = '"abc"'
  for (const inm of ['"abc"', 'W/"abc"', '"x", "abc"', '"x",W/"abc"', ' "x" , "abc" ', '*']) assert.ok(etagMatches(inm, etag), inm)
  assert.ok(etagMatches('"abc"', 'W/"abc"'), 'a weak ETag of ours matches too')
  for (const inm of ['"abcd"', '"x", "y"', 'abc', '', 'W/"ab"']) assert.ok(!etagMatches(inm, etag), inm)
  assert.ok(!etagMatches(undefined, etag))
})

test('If-Modified-Since counts whole seconds, and If-None-Match wins when both are sent', () => {
  const modified = new Date('2020-08-05T03:38:00.500Z')
  assert.ok(isNotModified({ 'if-modified-since': 'Wed, 05 Aug 2020 03:38:00 GMT' }, '"a"', modified))
  assert.ok(isNotModified({ 'if-modified-since': 'Wed, 05 Aug 2020 03:38:00 GMT' }, '"a"', modified.toUTCString()))
  assert.ok(!isNotModified({ 'if-modified-since': 'Wed, 05 Aug 2020 03:37:59 GMT' }, '"a"', modified))
  assert.ok(!isNotModified({ 'if-modified-since': 'yesterday' }, '"a"', modified))
  assert.ok(!isNotModified({ 'if-modified-since': 'Wed, 05 Aug 2020 03:38:00 GMT' }, '"a"', undefined), 'no date of ours: no 304 by date')
  assert.ok(!isNotModified({ 'if-none-match': '"b"', 'if-modified-since': 'Thu, 06 Aug 2020 00:00:00 GMT' }, '"a"', modified))
  assert.ok(isNotModified({ 'if-none-match': 'W/"a"', 'if-modified-since': 'Tue, 04 Aug 2020 00:00:00 GMT' }, '"a"', modified))
})
