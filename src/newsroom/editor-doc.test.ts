import assert from 'node:assert/strict'
import fs from 'node:fs'
import { test } from 'node:test'
import { validateBody, type Block } from '../content/blocks.ts'
import { SEED_CAPTURE_PATH } from '../demo/load-demo.ts'
import { parseTextCapture } from '../importers/text-capture.ts'
import { blocksToDoc, docToBlocks } from './editor-doc.ts'

test('the seed body survives a trip through the editor document unchanged', () => {
  const body = parseTextCapture(fs.readFileSync(SEED_CAPTURE_PATH, 'utf8')).body
  assert.deepEqual(docToBlocks(blocksToDoc(body)), body)
})

test('every block type and mark maps one to one', () => {
  const body: Block[] = [
    {
      type: 'paragraph',
      content: [
        { text: 'Plain, ' },
        { text: 'bold', marks: [{ type: 'bold' }] },
        { text: ' and ' },
        { text: 'a link', marks: [{ type: 'italic' }, { type: 'link', href: 'https://example.com' }] },
      ],
    },
    { type: 'subheading', text: 'A subheading' },
    { type: 'quote', content: [{ text: 'Quoted words' }], speaker: 'Ana Ruiz', source: 'Reuters' },
    { type: 'list', ordered: true, items: [[{ text: 'one' }], [{ text: 'two', marks: [{ type: 'bold' }] }]] },
    { type: 'list', ordered: false, items: [[{ text: 'bullet' }]] },
    { type: 'image', src: 'https://example.com/a.jpg', alt: 'A harbour', caption: 'The harbour at dawn', credit: 'Photo: Dateline' },
    { type: 'embed', url: 'https://example.com/video', title: 'Video' },
    {
      type: 'paragraph',
      content: [{ text: 'm' }, { text: '2', marks: [{ type: 'sup' }] }, { text: ' of CO' }, { text: '2', marks: [{ type: 'sub' }] }],
    },
    {
      type: 'table',
      header: true,
      caption: 'Sailings',
      rows: [
        [[{ text: 'Route' }], [{ text: 'Time' }]],
        [[{ text: 'A–B' }], [{ text: '06:00', marks: [{ type: 'bold' }] }]],
      ],
    },
    { type: 'table', rows: [[[{ text: 'no header' }], []]] },
  ]
  assert.deepEqual(validateBody(body), [])
  assert.deepEqual(docToBlocks(blocksToDoc(body)), body)
})

test('empty paragraphs and unknown nodes are dropped; neighbouring runs with equal marks merge', () => {
  const doc = {
    type: 'doc',
    content: [
      { type: 'paragraph' },
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      },
      { type: 'horizontalRule' },
      { type: 'heading', attrs: { level: 2 }, content: [] },
    ],
  }
  assert.deepEqual(docToBlocks(doc), [{ type: 'paragraph', content: [{ text: 'ab' }] }])
})

test('a pasted table: cell paragraphs joined, a cell spanning columns padded, empty rows dropped, a header only when the first row is all headers', () => {
  const cell = (type: string, ...texts: string[]) => ({
    type,
    content: texts.map((t) => ({ type: 'paragraph', content: t ? [{ type: 'text', text: t }] : [] })),
  })
  const doc = {
    type: 'doc',
    content: [
      {
        type: 'table',
        content: [
          { type: 'tableRow', content: [cell('tableHeader', 'Name'), cell('tableCell', 'Votes')] },
          { type: 'tableRow', content: [{ ...cell('tableCell', 'Total'), attrs: { colspan: 2 } }] },
          { type: 'tableRow', content: [cell('tableCell', ''), cell('tableCell', '')] },
          { type: 'tableRow', content: [cell('tableCell', 'Ana', 'Ruiz'), cell('tableCell', '12')] },
        ],
      },
    ],
  }
  assert.deepEqual(docToBlocks(doc), [
    {
      type: 'table',
      rows: [
        [[{ text: 'Name' }], [{ text: 'Votes' }]],
        [[{ text: 'Total' }], []],
        [[{ text: 'Ana Ruiz' }], [{ text: '12' }]],
      ],
    },
  ])
})
