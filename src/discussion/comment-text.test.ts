import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { findLinks, findWord, normalizeCommentText, renderCommentText } from './comment-text.ts'

describe('comment text', () => {
  test('keeps line breaks and paragraphs, escapes everything else', () => {
    const out = renderCommentText(normalizeCommentText('First line\nsecond <b>line</b>\r\n\r\n\r\n\r\nNew & "quoted"'))
    assert.equal(out.value, '<p>First line<br>second &lt;b&gt;line&lt;/b&gt;</p><p>New &amp; &quot;quoted&quot;</p>')
  })

  test('links web addresses with rel="nofollow ugc noopener", and nothing else', () => {
    const out = renderCommentText('See example.com/a?b=1&c=2 or https://dateline.test/x. Mail me@example.com; javascript:alert(1)')
    assert.match(out.value, /<a href="https:\/\/example\.com\/a\?b=1&amp;c=2" rel="nofollow ugc noopener">example\.com\/a\?b=1&amp;c=2<\/a>/)
    assert.match(out.value, /<a href="https:\/\/dateline\.test\/x" rel="nofollow ugc noopener">https:\/\/dateline\.test\/x<\/a>\./)
    assert.equal((out.value.match(/<a /g) ?? []).length, 2)
    assert.doesNotMatch(out.value, /href="javascript/)
  })

  test('a quote inside a link cannot break out of the attribute', () => {
    const out = renderCommentText('http://x.test/"onmouseover="alert(1)')
    assert.doesNotMatch(out.value, /" onmouseover|"onmouseover="alert/)
  })

  test('removes invisible controls and bidirectional overrides', () => {
    assert.equal(normalizeCommentText('  a\u202eb\u200bc\u0007  \n\n\n\nd  '), 'abc\n\nd')
  })

  test('counts links', () => {
    assert.equal(findLinks('a.com b.org http://c.net ftp://d.net').length, 3)
  })

  test('finds whole words and phrases regardless of case and accents', () => {
    assert.equal(findWord('You are a Crétin!', ['cretin']), 'cretin')
    assert.equal(findWord('concretin', ['cretin']), undefined)
    assert.equal(findWord('buy cheap, pills now', ['cheap pills']), 'cheap pills')
    assert.equal(findWord('what idiots', ['idiot*']), 'idiot*')
    assert.equal(findWord('nothing here', []), undefined)
  })
})
