import assert from 'node:assert/strict'
import { test } from 'node:test'
import { creditLine } from './picture.ts'

test('the credit line names photographer and copyright once, with one © and no doubled brackets', () => {
  assert.equal(creditLine('Photo: Jane Photographer', '(C) 2026 Jane Photographer'), 'Photo: Jane Photographer, © 2026')
  assert.equal(creditLine('Photo: Ana Ruiz / Dateline', 'Copyright © 2025 Dateline'), 'Photo: Ana Ruiz / Dateline, © 2025')
  assert.equal(creditLine('Photo: Ana Ruiz', '© Agence Exemple'), 'Photo: Ana Ruiz · © Agence Exemple')
  assert.equal(creditLine('Photo: Ana Ruiz', 'Ana Ruiz'), 'Photo: Ana Ruiz')
  assert.equal(creditLine('', '(c) 2024 Фото Агентство'), '© 2024 Фото Агентство')
  assert.equal(creditLine('Фото: Иван Петров', '© 2024 Иван Петров'), 'Фото: Иван Петров, © 2024')
  assert.equal(creditLine('Photo: X', ''), 'Photo: X')
  assert.equal(creditLine('', ''), '')
  assert.doesNotMatch(creditLine('Photo: A', '(C) B'), /\(\(|\)\)/)
})
