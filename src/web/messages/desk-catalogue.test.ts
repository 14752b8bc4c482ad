import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser'
import { staffTranslator } from '../i18n.ts'
import { deskEn } from './desk.en.ts'
import { deskRu } from './desk.ru.ts'

/** Every placeholder a message names, with plural and select branches searched too. */
function placeholders(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) into.add(e.value)
    if (e.type === TYPE.plural || e.type === TYPE.select) {
      into.add(e.value)
      for (const o of Object.values(e.options)) placeholders(o.value, into)
    }
    if (e.type === TYPE.tag) placeholders(e.children, into)
  }
  return into
}

const keys = Object.keys(deskEn) as (keyof typeof deskEn)[]

test('every desk message has a Russian translation, and no Russian key is unknown to English', () => {
  const missing = keys.filter((k) => typeof deskRu[k] !== 'string' || deskRu[k]!.trim() === '')
  assert.deepEqual(missing, [])
  const extra = Object.keys(deskRu).filter((k) => !(k in deskEn))
  assert.deepEqual(extra, [])
  assert.ok(keys.every((k) => k.startsWith('desk.')))
  assert.ok(keys.length > 300, `${keys.length} keys`)
})

test('each desk message parses as ICU MessageFormat, with the same placeholders in Russian as in English', () => {
  for (const k of keys) {
    const en = parse(deskEn[k], { ignoreTag: true })
    const ru = parse(deskRu[k]!, { ignoreTag: true })
    assert.deepEqual([...placeholders(ru)].sort(), [...placeholders(en)].sort(), k)
  }
})

test('Russian plurals take their one, few and many forms; English its one and other', () => {
  const ru = staffTranslator({ language: 'ru' })
  const en = staffTranslator({ language: 'en' })
  assert.equal(ru.t('desk.discussion.count', { n: 1 }), '1 одобренный комментарий')
  assert.equal(ru.t('desk.discussion.count', { n: 3 }), '3 одобренных комментария')
  assert.equal(ru.t('desk.discussion.count', { n: 5 }), '5 одобренных комментариев')
  assert.equal(ru.t('desk.discussion.count', { n: 21 }), '21 одобренный комментарий')
  assert.equal(ru.t('desk.alerts.queued', { n: 2 }), 'Оповещение поставлено в очередь для 2 подписчиков.')
  assert.equal(ru.t('desk.views.days', { n: 90 }), '90 дней')
  assert.equal(en.t('desk.discussion.count', { n: 1 }), '1 approved comment')
  assert.equal(en.t('desk.discussion.count', { n: 5 }), '5 approved comments')
  assert.equal(en.t('desk.alerts.queued', { n: 1 }), 'Alert queued for 1 subscriber.')
  // big numbers in the locale's grouping
  assert.equal(ru.t('desk.problem.atMost', { n: 1000 }), 'Не больше 1\u00a0000 символов.')
})
