import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { DB } from '../db/schema.ts'
import { createCounterStore } from './counter-store.ts'
import { batchIsEmpty, toBatch, type Tally } from './tally.ts'

/**
 * Moves counts from a node's memory to the database. `flush()` writes one batch; it never runs
 * twice at once, and a batch that cannot be written goes back into the tally for the next try.
 */
export interface Pipeline {
  flush(): Promise<void>
  /** Writes everything still held, waiting (a bounded time) for other nodes when needed. */
  drain(): Promise<void>
}

/** Single node: the tally goes straight to the database in one transaction per batch. */
export function createMemoryPipeline(deps: { db: Kysely<DB>; tally: Tally; log: Logger }): Pipeline {
  const { db, tally, log } = deps
  const flush = async () => {
    const drained = tally.drain()
    if (drained.size === 0) return
    const batch = toBatch(drained)
    try {
      await db.transaction().execute((trx) => createCounterStore(trx).applyBatch(batch))
    } catch (err) {
      tally.merge(drained)
      log.warn({ err, pending: tally.total() }, 'counters: batch not written, will retry')
      throw err
    }
  }
  return { flush, drain: flush }
}

const MOVE_BATCH = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[2])
  redis.call('SADD', KEYS[3], ARGV[1])
  return 1
end
return 0`

const UNLOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`

/**
 * Several nodes: each adds its tally into one Redis hash (HINCRBY), so counts from every node add
 * up. Whoever holds a short lock then renames that hash to a numbered batch and applies it to the
 * database together with the batch id (counter_batches), and only then deletes it: a node dying
 * half-way leaves the batch in Redis for the next flusher, and it is still applied exactly once.
 */
export function createRedisPipeline(deps: { db: Kysely<DB>; tally: Tally; log: Logger; redis: Redis }): Pipeline {
  const { db, tally, log, redis } = deps

  const push = async () => {
    const drained = tally.drain()
    if (drained.size === 0) return
    try {
      const p = redis.pipeline()
      for (const [k, n] of drained) p.hincrby('pending', k, n)
      const results = await p.exec()
      const failed = results?.find(([e]) => e)
      if (failed) throw failed[0]
    } catch (err) {
      tally.merge(drained)
      log.warn({ err, pending: tally.total() }, 'counters: could not reach Redis, will retry')
      throw err
    }
  }

  /** Applies every batch waiting in Redis; false when another node holds the lock. */
  const moveToDatabase = async (): Promise<boolean> => {
    const token = randomBytes(9).toString('base64url')
    if ((await redis.set('flush-lock', token, 'PX', 15_000, 'NX')) !== 'OK') return false
    try {
      const id = `${Date.now().toString(36)}-${token}`
      await redis.eval(MOVE_BATCH, 3, 'pending', `batch:${id}`, 'batches', id)
      for (const batchId of await redis.smembers('batches')) {
        const fields = await redis.hgetall(`batch:${batchId}`)
        const batch = toBatch(Object.entries(fields))
        if (!batchIsEmpty(batch)) {
          await db.transaction().execute((trx) => createCounterStore(trx).applyBatch(batch, batchId))
        }
        await redis.multi().del(`batch:${batchId}`).srem('batches', batchId).exec()
      }
      return true
    } finally {
      await redis.eval(UNLOCK, 1, 'flush-lock', token).catch(() => {})
    }
  }

  return {
    async flush() {
      await push()
      await moveToDatabase()
    },
    async drain() {
      await push()
      // Another node may be moving batches right now: wait for it, then move ours.
      for (let attempt = 0; attempt < 50; attempt++) {
        if (await moveToDatabase()) return
        await new Promise((r) => setTimeout(r, 100))
      }
      log.warn('counters: another node kept the flush lock; our counts wait in Redis for its next flush')
    },
  }
}
