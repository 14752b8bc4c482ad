import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Block, TextRun } from '../content/blocks.ts'
import { inline, renderBody } from './body.ts'

const q = { type: 'quote' as const, speaker: 'Ana Ruiz' }
const para = (...content: TextRun[]): Block => ({ type: 'paragraph', content })

describe('inline quotes: the page’s own quotation marks, never doubled', () => {
  test('marks typed inside the quote are dropped; <q> adds its own', () => {
    for (const typed of ['“We are open”', '"We are open"', '«We are open»', '„We are open“', "'We are open'"]) {
      assert.equal(inline([{ text: typed, marks: [q] }]).value, '<q data-speaker="Ana Ruiz" title="Ana Ruiz"><span dir="auto">We are open</span></q>', typed)
    }
  })

  test('marks typed just outside the quote are dropped too', () => {
    const html = inline([{ text: 'She said “' }, { text: 'we are open', marks: [q] }, { text: '”, and left.' }]).value
    assert.equal(html, 'She said <q data-speaker="Ana Ruiz" title="Ana Ruiz"><span dir="auto">we are open</span></q>, and left.')
  })

  test('a quote with bold words inside is one <q>, not one per run', () => {
    const html = inline([
      { text: '“We are ', marks: [q] },
      { text: 'open', marks: [q, { type: 'bold' }] },
      { text: '”', marks: [q] },
    ]).value
    assert.equal(html, '<q data-speaker="Ana Ruiz" title="Ana Ruiz"><span dir="auto">We are <strong>open</strong></span></q>')
  })

  test('two quotes by different speakers side by side stay two', () => {
    const html = inline([
      { text: 'yes', marks: [q] },
      { text: 'no', marks: [{ type: 'quote', speaker: 'Kim Song' }] },
    ]).value
    assert.equal((html.match(/<q /g) ?? []).length, 2)
  })

  test('quotes the reporter typed without the quote mark just become typographic', () => {
    assert.equal(inline([{ text: `The Council's answer: "no".` }]).value, 'The Council’s answer: “no”.')
  })

  test('an apostrophe ending a quote stays', () => {
    assert.equal(inline([{ text: 'the workers’', marks: [q] }]).value, '<q data-speaker="Ana Ruiz" title="Ana Ruiz"><span dir="auto">the workers’</span></q>')
  })
})

describe('renderBody in the page’s locale', () => {
  const body: Block[] = [
    para({ text: `He said "yes" and it's done.` }),
    { type: 'subheading', text: `The "plan"` },
    { type: 'list', ordered: false, items: [[{ text: `"one"` }]] },
    { type: 'image', src: '/i.jpg', alt: `a "quoted" alt`, caption: `The "harbour"` },
    para({ text: 'link', marks: [{ type: 'link', href: `https://example.org/?q="x"` }] }),
  ]
  test('English by default', () => {
    const html = renderBody(body).value
    assert.match(html, /<p>He said “yes” and it’s done\.<\/p>/)
    assert.match(html, /<h2 class="subheading">The “plan”<\/h2>/)
    assert.match(html, /<li>“one”<\/li>/)
    assert.match(html, /<figcaption>The “harbour”<\/figcaption>/)
  })
  test('Russian, German, French, Japanese', () => {
    assert.match(renderBody(body, undefined, 'ru-RU').value, /He said «yes» and it’s done/)
    assert.match(renderBody(body, undefined, 'de').value, /He said „yes“ and it’s done/)
    assert.match(renderBody(body, undefined, 'fr-FR').value, /He said «\u202fyes\u202f» and it’s done/)
    assert.match(renderBody(body, undefined, 'ja').value, /He said 「yes」 and it’s done/)
  })
  test('attributes (alt text, link addresses) are not touched', () => {
    const html = renderBody(body).value
    assert.match(html, /alt="a &quot;quoted&quot; alt"/)
    assert.match(html, /href="https:\/\/example\.org\/\?q=&quot;x&quot;"/)
  })
})

describe('tables, superscript and subscript', () => {
  test('a table with a header row: <thead> with <th scope="col">, cells with their marks', () => {
    const html = renderBody([
      {
        type: 'table',
        header: true,
        caption: 'Sailings',
        rows: [
          [[{ text: 'Route' }], [{ text: 'Time' }]],
          [[{ text: 'A–B' }], [{ text: '06:00', marks: [{ type: 'bold' }] }]],
        ],
      },
    ]).value
    assert.equal(
      html,
      '<div class="table-wrap"><table class="body-table"><caption>Sailings</caption><thead><tr><th scope="col">Route</th><th scope="col">Time</th></tr></thead><tbody><tr><td>A–B</td><td><strong>06:00</strong></td></tr></tbody></table></div>',
    )
  })
  test('a table without a header row has only <td> cells', () => {
    const html = renderBody([{ type: 'table', rows: [[[{ text: 'a' }], [{ text: '<b>' }]]] }]).value
    assert.equal(html, '<div class="table-wrap"><table class="body-table"><tbody><tr><td>a</td><td>&lt;b&gt;</td></tr></tbody></table></div>')
  })
  test('superscript and subscript', () => {
    assert.equal(
      inline([{ text: 'm' }, { text: '2', marks: [{ type: 'sup' }] }, { text: ' CO' }, { text: '2', marks: [{ type: 'sub' }] }]).value,
      'm<sup>2</sup> CO<sub>2</sub>',
    )
  })
})
