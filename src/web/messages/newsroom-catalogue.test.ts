import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser'
import { newsroomEn } from './newsroom.en.ts'
import { newsroomRu } from './newsroom.ru.ts'

/** The placeholder names of a message, plural and select arguments included, with those nested in their branches. */
function placeholders(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) out.add(e.value)
    if (e.type === TYPE.plural || e.type === TYPE.select) {
      out.add(e.value)
      for (const o of Object.values(e.options)) placeholders(o.value, out)
    }
    if (e.type === TYPE.tag) placeholders(e.children, out)
  }
  return out
}

const keys = Object.keys(newsroomEn) as (keyof typeof newsroomEn)[]

test('every newsroom message has its Russian translation, and nothing Russian is left without an English source', () => {
  const missing = keys.filter((k) => !newsroomRu[k])
  assert.deepEqual(missing, [])
  const extra = Object.keys(newsroomRu).filter((k) => k.startsWith('nr.') && !(k in newsroomEn))
  assert.deepEqual(extra, [])
})

test('every newsroom message parses as ICU MessageFormat, in English and Russian', () => {
  for (const k of keys) {
    assert.doesNotThrow(() => parse(newsroomEn[k]), `en ${k}`)
    assert.doesNotThrow(() => parse(newsroomRu[k]!), `ru ${k}`)
  }
})

test('the Russian message uses the same placeholders as the English one', () => {
  for (const k of keys) {
    const en = [...placeholders(parse(newsroomEn[k]))].sort()
    const ru = [...placeholders(parse(newsroomRu[k]!))].sort()
    assert.deepEqual(ru, en, k)
  }
})

test('Russian plurals give every form Russian needs (one, few, many) where English counts', () => {
  for (const k of keys) {
    const plurals = (els: MessageFormatElement[]): { value: string; options: string[] }[] =>
      els.flatMap((e) =>
        e.type === TYPE.plural ? [{ value: e.value, options: Object.keys(e.options) }, ...Object.values(e.options).flatMap((o) => plurals(o.value))] : [],
      )
    for (const p of plurals(parse(newsroomRu[k]!))) {
      // "=0 {…} other {…}" picks out a case rather than counting
      if (p.options.includes('one')) for (const form of ['one', 'few', 'many', 'other']) assert.ok(p.options.includes(form), `${k}: ${form}`)
    }
  }
})

test('every nr.client.* key the newsroom scripts use is in the catalogue', async () => {
  const { readdir, readFile } = await import('node:fs/promises')
  const dir = new URL('../../../client/newsroom/', import.meta.url)
  for (const name of (await readdir(dir)).filter((f) => f.endsWith('.ts'))) {
    const text = await readFile(new URL(name, dir), 'utf8')
    for (const [, key] of text.matchAll(/'(nr\.client\.[A-Za-z0-9_.]+)'/g)) assert.ok(key! in newsroomEn, `${name}: ${key}`)
  }
})

test("a service's problem with values in it (a picture without alt text) reads in Russian with its numbers and caption kept", async () => {
  const { publishProblems } = await import('../../content/blocks.ts')
  const { problemText } = await import('../newsroom-layout.ts')
  const { staffTranslator } = await import('../i18n.ts')
  const body = [
    { type: 'paragraph', content: [{ text: 'Text.' }] },
    { type: 'image', src: '/media/1/a.jpg', alt: ' ' },
    { type: 'image', src: '/media/2/b.jpg', alt: '', caption: 'Harbour at dawn' },
  ] as unknown as Parameters<typeof publishProblems>[0]
  const [first, second] = publishProblems(body).map((p) => p.message)
  const ru = staffTranslator({ language: 'ru' })
  assert.equal(
    problemText(ru, first!),
    'Изображению 1 (блок 2) нужен альтернативный текст, прежде чем статью можно будет опубликовать: опишите его для тех, кто не видит.',
  )
  assert.match(problemText(ru, second!), /^Изображению 2 \(блок 3, «Harbour at dawn»\) нужен альтернативный текст/)
  // English reads exactly what the service said
  assert.equal(problemText(staffTranslator({ language: 'en' }), second!), second)
})
