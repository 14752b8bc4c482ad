/** The Listen Live player's retry pauses (client/site/live-player.ts): they grow, then stop growing. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { backoff } from '../../client/site/live-player.ts'

const LOW = () => 0
const MID = () => 0.5
const HIGH = () => 0.999999

test('without jitter the pauses are 1, 2, 4, 8, 16 seconds, then 30 seconds for good', () => {
  assert.deepEqual(
    Array.from({ length: 9 }, (_, n) => backoff(n, MID)),
    [1, 2, 4, 8, 16, 30, 30, 30, 30],
  )
})

test('each pause is longer than the one before until the cap, whatever the jitter', () => {
  for (let n = 0; n < 5; n++) {
    // the longest pause of attempt n is still shorter than the shortest of attempt n + 1
    assert.ok(backoff(n, HIGH) < backoff(n + 1, LOW), `attempt ${n}: ${backoff(n, HIGH)} < ${backoff(n + 1, LOW)}`)
  }
  for (let n = 0; n < 200; n++) assert.ok(backoff(n + 1, MID) >= backoff(n, MID), `never shrinks at attempt ${n}`)
})

test('the pauses stop growing at 30 seconds ±20%, even after very many retries', () => {
  for (const n of [5, 6, 10, 31, 64, 1024, 100_000]) {
    for (const random of [LOW, MID, HIGH, Math.random]) {
      const s = backoff(n, random)
      assert.ok(Number.isFinite(s), `attempt ${n}: ${s}`)
      assert.ok(s >= 24 && s <= 36, `attempt ${n}: ${s} s`)
    }
  }
})

test('the jitter stays within ±20% and is random by default', () => {
  const seen = new Set<number>()
  for (let i = 0; i < 200; i++) {
    const s = backoff(3)
    assert.ok(s >= 8 * 0.8 && s <= 8 * 1.2, `${s}`)
    seen.add(s)
  }
  assert.ok(seen.size > 1, 'players retrying together do not all come back at the same moment')
  assert.equal(backoff(0, LOW), 0.8)
  assert.ok(Math.abs(backoff(0, HIGH) - 1.2) < 1e-5)
})
