import assert from 'node:assert/strict'
import { test } from 'node:test'
import { escapeHtml, html, join, jsonForScript, raw } from './html.ts'

test('interpolations are escaped, SafeHtml is not', () => {
  const evil = `<script>alert("x")</script>&'`
  assert.equal(
    html`<p title="${evil}">${evil}</p>`.value,
    '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</p>',
  )
  assert.equal(html`<div>${html`<b>${evil}</b>`}</div>`.value, '<div><b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</b></div>')
  assert.equal(html`${raw('<br>')}`.value, '<br>')
})

test('arrays, numbers and empty values', () => {
  assert.equal(html`<ul>${['<a>', html`<li>b</li>`]}</ul>`.value, '<ul>&lt;a&gt;<li>b</li></ul>')
  assert.equal(html`${0}${null}${undefined}${false}${true}`.value, '0')
  assert.equal(join(['a', '<b>'], html`<br>`).value, 'a<br>&lt;b&gt;')
  assert.equal(escapeHtml('plain'), 'plain')
})

test('JSON for a script element cannot close it', () => {
  const out = jsonForScript({ x: '</script><script>alert(1)</script>', y: '\u2028' }).value
  assert.ok(!out.includes('</script>'))
  assert.deepEqual(JSON.parse(out), { x: '</script><script>alert(1)</script>', y: '\u2028' })
})
