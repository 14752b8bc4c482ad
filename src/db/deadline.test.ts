import assert from 'node:assert/strict'
import net from 'node:net'
import { describe, test } from 'node:test'
import type pg from 'pg'
import { isAppError } from '../errors.ts'
import { deadlinePool } from './deadline.ts'

// The deadline and the breaker against a pretend pool whose server can hang (no PostgreSQL needed;
// src/db/database-hang.test.ts does the same against a real server behind a frozen proxy).

function pretendPool() {
  let hung = false
  const waiting: (() => void)[] = []
  const released: unknown[] = []
  let cut = 0
  const client = {
    connection: { stream: { destroy: () => cut++ } },
    query: () =>
      new Promise((resolve) => {
        const answer = () => resolve({ command: 'SELECT', rowCount: 1, rows: [{ one: 1 }] })
        if (hung) waiting.push(answer)
        else setTimeout(answer, 5)
      }),
    release: (err?: unknown) => released.push(err),
  }
  const pool = { connect: async () => client, end: async () => {} } as unknown as pg.Pool
  return {
    pool,
    released,
    cuts: () => cut,
    hang: () => (hung = true),
    answer: () => {
      hung = false
      for (const w of waiting.splice(0)) w()
    },
  }
}

const ms = (since: number) => performance.now() - since

describe('the database deadline', () => {
  test('a query that gets no answer fails as DATABASE_UNAVAILABLE at the deadline; its connection is cut and not reused', async () => {
    const p = pretendPool()
    const d = deadlinePool(p.pool, { deadlineMs: 200, probeMs: 50 })
    const c = await d.pool.connect()
    assert.deepEqual((await c.query('select 1')).rows, [{ one: 1 }])
    p.hang()
    const started = performance.now()
    await assert.rejects(c.query('select 1'), (e) => isAppError(e) && e.code === 'DATABASE_UNAVAILABLE')
    assert.ok(ms(started) >= 195 && ms(started) < 600, `failed after ${ms(started)} ms`)
    assert.equal(p.cuts(), 1)
    c.release()
    assert.ok(p.released.at(-1) instanceof Error, 'released with an error: the pool removes it')
    d.close()
  })

  test('once a deadline passed, queries fail at once until the server answers a probe again', async () => {
    const p = pretendPool()
    const d = deadlinePool(p.pool, { deadlineMs: 100, probeMs: 20 })
    const told: boolean[] = []
    d.state.onChange((v) => told.push(v))
    p.hang()
    const c = await d.pool.connect()
    await assert.rejects(c.query('select 1'))
    c.release()
    assert.equal(d.state.unresponsive, true)
    const started = performance.now()
    await assert.rejects(d.pool.connect(), (e) => isAppError(e) && e.code === 'DATABASE_UNAVAILABLE')
    assert.ok(ms(started) < 20, 'refused at once while the breaker is open')
    p.answer()
    const until = performance.now() + 2000
    while (d.state.unresponsive && performance.now() < until) await new Promise((r) => setTimeout(r, 10))
    assert.equal(d.state.unresponsive, false, 'a probe closed the breaker')
    assert.deepEqual(told, [true, false], 'opening and closing are told (the app logs them)')
    const again = await d.pool.connect()
    assert.deepEqual((await again.query('select 1')).rows, [{ one: 1 }])
    again.release()
    d.close()
  })

  test('a busy event loop is not a dead server: an answer read only after the loop was blocked counts', async () => {
    // the answer comes over a loopback socket, so it is read in the poll phase, after the timers
    const server = net.createServer((s) => s.on('data', (b) => s.write(b)).on('error', () => {}))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const socket = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1')
    await new Promise((r) => socket.once('connect', r))
    const client = {
      query: () => new Promise((resolve) => socket.once('data', () => resolve({ rows: [{ one: 1 }] })).write('?')),
      release: () => {},
    }
    const d = deadlinePool({ connect: async () => client, end: async () => {} } as unknown as pg.Pool, { deadlineMs: 50 })
    try {
      const c = await d.pool.connect()
      const q = c.query('select 1')
      const end = performance.now() + 200 // 200 ms of work: the deadline's timer is due long before the answer is read
      while (performance.now() < end);
      assert.deepEqual((await q).rows, [{ one: 1 }])
      assert.equal(d.state.timeouts, 0)
    } finally {
      d.close()
      socket.destroy()
      server.close()
    }
  })
})
