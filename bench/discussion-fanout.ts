/**
 * Live discussion fan-out: 1,000 readers hold server-sent-event connections to one article (in a
 * worker thread); a moderator approves a held comment again and again; for every reader, the time
 * from sending the approval to receiving the comment. Runs on one node with PGlite; with
 * DATABASE_URL, across two app nodes on PostgreSQL (LISTEN/NOTIFY); with Redis at 127.0.0.1:6379,
 * across two nodes through Redis pub/sub. Prints p50/p95/p99 and writes bench/results/.
 */
import os from 'node:os'
import { Worker } from 'node:worker_threads'
import { openDatabase, type Database } from '../src/db/database.ts'
import { createTestApp, type TestApp } from '../test/support/app.ts'
import { closeTemplate } from '../test/support/databases.ts'
import { createReader, seedArticleId } from '../test/support/discussion.ts'
import { deleteRedisKeys, redisSkipReason, TEST_REDIS_URL, testRedisPrefix } from '../test/support/redis.ts'
import { staffSession } from '../test/support/staff.ts'
import { quantile, writeResult } from './support.ts'

const READERS = Number(process.env.BENCH_READERS ?? 1000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30)
const nowMs = () => Number(process.hrtime.bigint()) / 1e6

async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  const a = t.app.server.address()
  return `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`
}

const summary = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b)
  const r = (v: number) => Math.round(v * 10) / 10
  return { p50: r(quantile(s, 0.5)), p95: r(quantile(s, 0.95)), p99: r(quantile(s, 0.99)), max: r(s.at(-1) ?? NaN), samples: s.length }
}

/** Connects the readers to `readerNode`, approves ROUNDS held comments through `writer`, measures. */
async function measure(label: string, writer: TestApp, readerNode: TestApp) {
  const articleId = await seedArticleId(writer.database.db)
  const base = await listen(readerNode)
  const worker = new Worker(new URL('./discussion-fanout-readers.mjs', import.meta.url), {
    workerData: { url: `${base}/discussion/${articleId}/events`, readers: READERS },
  })
  const waiting = new Map<number, (times: number[]) => void>()
  let onReady: () => void = () => {}
  const ready = new Promise<void>((r) => (onReady = r))
  worker.on('message', (m: { type: string; id?: number; times?: number[] }) => {
    if (m.type === 'ready') onReady()
    else if (m.type === 'delivered') waiting.get(m.id!)?.(m.times!)
  })
  worker.on('error', (e) => console.error(e))
  const connectStart = nowMs()
  await ready
  const connectMs = nowMs() - connectStart
  console.log(`${label}: ${readerNode.app.discussionHub.clientCount} readers connected in ${Math.round(connectMs)} ms`)

  const moderator = await staffSession(writer, 'moderator')
  const author = await createReader(writer.database.db, 'Bench Author')
  const perReader: number[] = []
  const lastReader: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    const { id } = await writer.database.db
      .insertInto('comments')
      .values({
        article_id: articleId,
        parent_id: null,
        author_id: author.id,
        body: `Fan-out round ${i}`,
        status: 'pending',
        moderation_rule: 'new-reader',
        created_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const delivered = new Promise<number[]>((resolve, reject) => {
      waiting.set(id, resolve)
      setTimeout(() => reject(new Error(`round ${i}: not every reader got comment ${id} within 30 s`)), 30_000).unref()
    })
    const t0 = nowMs()
    const res = await writer.app.inject({
      method: 'POST',
      url: `/newsroom/moderation/comments/${id}`,
      headers: { ...moderator.headers, accept: 'application/json' },
      payload: { op: 'approve' },
    })
    if (res.statusCode !== 200) throw new Error(`approve answered ${res.statusCode}: ${res.body}`)
    const times = await delivered
    waiting.delete(id)
    for (const t of times) perReader.push(t - t0)
    lastReader.push(Math.max(...times) - t0)
    await new Promise((r) => setTimeout(r, 50))
  }
  worker.postMessage('close')
  await worker.terminate()
  const result = {
    readers: READERS,
    rounds: ROUNDS,
    connectMs: Math.round(connectMs),
    approvalToDeliveryMs: summary(perReader),
    approvalToLastReaderMs: summary(lastReader),
  }
  const d = result.approvalToDeliveryMs
  console.log(
    `${label}: approval → delivery over ${d.samples} deliveries: p50 ${d.p50} ms, p95 ${d.p95} ms, p99 ${d.p99} ms, max ${d.max} ms; all ${READERS} readers served: p50 ${result.approvalToLastReaderMs.p50} ms, p95 ${result.approvalToLastReaderMs.p95} ms`,
  )
  return result
}

// the 1,000 readers all connect from 127.0.0.1
const NO_STREAM_LIMIT = { EVENT_STREAMS_PER_ADDRESS: '0' }

const machine = () => ({ cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version })

export async function run(): Promise<void> {
  {
    const t = await createTestApp({ env: NO_STREAM_LIMIT })
    try {
      const r = await measure('one node, PGlite', t, t)
      console.log(
        `wrote ${await writeResult('discussion-fanout-pglite', { when: new Date().toISOString(), machine: machine(), setup: 'one node, embedded PGlite, LISTEN/NOTIFY in process', ...r })}`,
      )
    } finally {
      await t.close()
    }
  }

  if (process.env.DATABASE_URL) {
    const node1 = await createTestApp({ kind: 'postgres', env: NO_STREAM_LIMIT })
    const schema = (await node1.database.db.selectNoFrom((eb) => eb.fn<string>('current_schema').as('s')).executeTakeFirstOrThrow()).s
    let second: Database | undefined
    let node2: TestApp | undefined
    try {
      second = await openDatabase({ url: process.env.DATABASE_URL, schema, poolSize: 4 })
      node2 = await createTestApp({ database: second, demo: false, env: NO_STREAM_LIMIT })
      const r = await measure('two nodes, PostgreSQL', node1, node2)
      console.log(
        `wrote ${await writeResult('discussion-fanout-postgres', { when: new Date().toISOString(), machine: machine(), setup: 'approve on node 1, readers on node 2, one PostgreSQL, LISTEN/NOTIFY', ...r })}`,
      )
    } finally {
      await node2?.app.close()
      await second?.close()
      await node1.close()
    }
  } else console.log('two nodes on PostgreSQL: skipped (DATABASE_URL is not set)')

  const redisSkip = await redisSkipReason()
  if (!redisSkip) {
    const prefix = testRedisPrefix()
    const build = { discussion: { redisPrefix: prefix }, counters: { redisPrefix: prefix } }
    const node1 = await createTestApp({ env: { REDIS_URL: TEST_REDIS_URL, ...NO_STREAM_LIMIT }, build })
    const node2 = await createTestApp({ env: { REDIS_URL: TEST_REDIS_URL, ...NO_STREAM_LIMIT }, database: node1.database, demo: false, build })
    try {
      const r = await measure('two nodes, Redis', node1, node2)
      console.log(
        `wrote ${await writeResult('discussion-fanout-redis', { when: new Date().toISOString(), machine: machine(), setup: 'approve on node 1, readers on node 2, Redis pub/sub (one PGlite database shared in process)', ...r })}`,
      )
    } finally {
      await node2.app.close()
      await node1.close()
      await deleteRedisKeys(prefix)
    }
  } else console.log(`two nodes through Redis: skipped (${redisSkip})`)
  await closeTemplate()
}
