import assert from 'node:assert/strict'
import { test } from 'node:test'
import { cutAtWord } from './text-cut.ts'

const codePoints = (s: string) => [...s].length
/** No lone surrogate (String.prototype.isWellFormed, spelled out for the compiler's library). */
const wellFormed = (s: string) => !/\p{Surrogate}/u.test(s)

test('a short text is left as it is', () => {
  assert.equal(cutAtWord('UN Security Council Debate', 110), 'UN Security Council Debate')
  const exactly = 'x'.repeat(110)
  assert.equal(cutAtWord(exactly, 110), exactly)
})

test('a long headline is cut after a whole word, with …, within the limit', () => {
  const h = 'UN Security Council Debate on North Korea Rights Record Leaves China Worried That the Fallout May Lead to an Escalation of Tensions'
  const cut = cutAtWord(h, 110)
  assert.ok(codePoints(cut) <= 110)
  assert.equal(cut, 'UN Security Council Debate on North Korea Rights Record Leaves China Worried That the Fallout May Lead to an…')
  assert.ok(h.startsWith(cut.slice(0, -1)))
})

test('punctuation before the cut is dropped', () => {
  assert.equal(cutAtWord('Alpha beta, gamma delta', 13), 'Alpha beta…')
})

test('any script: Cyrillic, Arabic, Chinese and Japanese (no spaces) cut at a word, never inside a character', () => {
  const ru = 'Совет Безопасности ООН обсудил положение с правами человека в Северной Корее, и Китай выразил обеспокоенность'
  const r = cutAtWord(ru, 60, 'ru')
  assert.ok(codePoints(r) <= 60 && r.endsWith('…'))
  assert.ok(ru.startsWith(r.slice(0, -1)) && /[\p{L}]…$/u.test(r))
  assert.ok(ru[r.length - 1] === ' ' || ru[r.length - 1] === ',', 'the cut falls after a whole word')
  const ar = 'مجلس الأمن الدولي يناقش سجل حقوق الإنسان في كوريا الشمالية والصين تبدي قلقها من التصعيد'
  const a = cutAtWord(ar, 40, 'ar')
  assert.ok(codePoints(a) <= 40 && ar.startsWith(a.slice(0, -1)) && ar[a.length - 1] === ' ')
  const zh = '联合国安理会讨论朝鲜人权记录中国担心局势升级联合国安理会讨论朝鲜人权记录中国担心局势升级'
  const z = cutAtWord(zh, 20, 'zh')
  assert.ok(codePoints(z) <= 20 && zh.startsWith(z.slice(0, -1)))
})

test('emoji, flags and combining accents are never split; no lone surrogate is left', () => {
  const family = '👩‍👩‍👧‍👦'
  const text = `${family.repeat(40)}`
  const cut = cutAtWord(text, 30)
  assert.ok(codePoints(cut) <= 30)
  assert.equal(cut.slice(0, -1), family.repeat(Math.floor(29 / codePoints(family))))
  assert.ok(wellFormed(cut))
  const flags = '🇺🇳🇰🇵'.repeat(20)
  const f = cutAtWord(flags, 11)
  assert.ok(wellFormed(f) && codePoints(f) <= 11)
  assert.equal(codePoints(f.slice(0, -1)) % 2, 0, 'whole flags only')
  const accents = 'e\u0301'.repeat(30)
  const e = cutAtWord(accents, 10)
  assert.equal(e, `${'e\u0301'.repeat(4)}…`)
})
