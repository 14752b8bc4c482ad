import assert from 'node:assert/strict'
import { test } from 'node:test'
import { htmlContentToBlocks, wordpressContentToBlocks } from './html-blocks.ts'

const texts = (blocks: { type: string; content?: { text: string }[] }[]) => blocks.map((b) => (b.content ?? []).map((r) => r.text).join(''))

test('imported HTML keeps its no-break spaces (&nbsp;, U+00A0), in any script', () => {
  assert.deepEqual(texts(htmlContentToBlocks('<p>MOSCOW (Sputnik)&nbsp;— Talks on&nbsp;Monday.</p><p>Переговоры в\u00a0понедельник.</p>').blocks), [
    'MOSCOW (Sputnik)\u00a0— Talks on\u00a0Monday.',
    'Переговоры в\u00a0понедельник.',
  ])
  assert.deepEqual(texts(wordpressContentToBlocks('Talks on&nbsp;Monday\n\nSecond&nbsp;paragraph').blocks), ['Talks on\u00a0Monday', 'Second\u00a0paragraph'])
})
