import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createEventBus } from './events.ts'

test('handlers receive events; a failing one does not stop the others; off() unsubscribes', async () => {
  const errors: unknown[] = []
  const bus = createEventBus((e) => errors.push(e))
  const got: number[] = []
  const off = bus.on('article.published', ({ articleId }) => {
    got.push(articleId)
  })
  bus.on('article.published', () => {
    throw new Error('boom')
  })
  await bus.emit('article.published', { articleId: 7, sectionId: 1, firstTime: true })
  off()
  await bus.emit('article.published', { articleId: 8, sectionId: 1, firstTime: false })
  assert.deepEqual(got, [7])
  assert.equal(errors.length, 2)
})
