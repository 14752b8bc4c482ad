import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { createTestApp, type TestApp } from '../../../test/support/app.ts'
import { startAppNode, type AppNode } from '../../../test/support/app-process.ts'
import { closeTemplate } from '../../../test/support/databases.ts'
import { readerSession, seedArticleId, setDiscussionSettings } from '../../../test/support/discussion.ts'
import { deleteRedisKeys, redisSkipReason, TEST_REDIS_URL, testRedisPrefix } from '../../../test/support/redis.ts'
import { nowMs, openSse } from '../../../test/support/sse.ts'
import { staffSession } from '../../../test/support/staff.ts'

after(closeTemplate)

async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  const address = t.app.server.address()
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
}

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** The bound: a comment approved on one node reaches a reader on another within one second. */
const DELIVERY_BOUND_MS = 1000

/**
 * Posts `rounds` held comments through `writer`, approves each there, and waits for it at
 * `readerBase`'s stream; every approval must reach the reader within DELIVERY_BOUND_MS (measured
 * from sending the approval to reading the event, both in this process).
 */
async function approvalReaches(writer: TestApp, readerBase: string, label: string, rounds = 3): Promise<void> {
  const articleId = await seedArticleId(writer.database.db)
  await setDiscussionSettings(writer.database.db, { holdFirstComments: 1 })
  const stream = await openSse(`${readerBase}/discussion/${articleId}/events`)
  try {
    const first = JSON.parse((await stream.next('count')).data) as { count: number }
    const moderator = await staffSession(writer, 'moderator')
    for (let i = 0; i < rounds; i++) {
      // a new reader each round, so the comment is held (first comments of a new reader)
      const author = await readerSession(writer, `Writer ${label} ${i}`)
      const body = `Across the nodes (${label}, round ${i})`
      const posted = await writer.app.inject({
        method: 'POST',
        url: `/discussion/${articleId}/comments`,
        headers: { ...author.headers, accept: 'application/json' },
        payload: { body },
      })
      assert.equal(posted.json().status, 'pending')
      const approvedAt = nowMs()
      const approved = await writer.app.inject({
        method: 'POST',
        url: `/newsroom/moderation/comments/${posted.json().id}`,
        headers: { ...moderator.headers, accept: 'application/json' },
        payload: { op: 'approve' },
      })
      assert.equal(approved.statusCode, 200)
      // wait longer than the bound so a slow delivery fails on the bound, with its time, not on a timeout
      const e = await stream.next('comment', 10_000)
      const took = e.at - approvedAt
      const data = JSON.parse(e.data) as { id: number; html: string; count: number }
      assert.equal(data.id, posted.json().id)
      assert.ok(data.html.includes(body), data.html)
      assert.equal(data.count, first.count + i + 1)
      console.log(`# ${label}, round ${i}: approval to delivery on the other node took ${took.toFixed(1)} ms`)
      assert.ok(took < DELIVERY_BOUND_MS, `${label}, round ${i}: approval to delivery took ${took.toFixed(1)} ms (bound ${DELIVERY_BOUND_MS} ms)`)
    }
  } finally {
    stream.close()
  }
}

describe('live discussion on one node', () => {
  test('a reader connected over SSE gets new comments, likes, removals and the count; leaving cleans up', async () => {
    const t = await createTestApp()
    try {
      const base = await listen(t)
      const articleId = await seedArticleId(t.database.db)
      await setDiscussionSettings(t.database.db, { holdFirstComments: 0 })
      const stream = await openSse(`${base}/discussion/${articleId}/events`)
      assert.deepEqual(JSON.parse((await stream.next('count')).data), { count: 0, label: '0 comments' })
      await until(() => t.app.discussionHub.clientCount === 1)
      const a = await readerSession(t)
      const b = await readerSession(t)
      const c = (
        await t.app.inject({
          method: 'POST',
          url: `/discussion/${articleId}/comments`,
          headers: { ...a.headers, accept: 'application/json' },
          payload: { body: 'Live <b>now</b>' },
        })
      ).json()
      const comment = JSON.parse((await stream.next('comment')).data)
      assert.equal(comment.id, c.id)
      assert.equal(comment.count, 1)
      assert.match(comment.html, /Live &lt;b&gt;now&lt;\/b&gt;/)
      await t.app.inject({ method: 'POST', url: `/discussion/comments/${c.id}/like`, headers: { ...b.headers, accept: 'application/json' } })
      assert.deepEqual(JSON.parse((await stream.next('likes')).data), { id: c.id, likes: 1 })
      await t.app.inject({ method: 'POST', url: `/discussion/comments/${c.id}/delete`, headers: { ...a.headers, accept: 'application/json' } })
      assert.deepEqual(JSON.parse((await stream.next('removed')).data), { id: c.id, count: 0 })
      stream.close()
      await until(() => t.app.discussionHub.clientCount === 0)
      // an unknown article has no stream
      const missing = await t.app.inject({ url: '/discussion/999999/events' })
      assert.equal(missing.statusCode, 404)
    } finally {
      await t.close()
    }
  })
})

describe('live connections per address', () => {
  test('one address holds at most EVENT_STREAMS_PER_ADDRESS streams, discussion and radio together; a closed one frees its place', async () => {
    const t = await createTestApp({ env: { EVENT_STREAMS_PER_ADDRESS: '3' } })
    try {
      const base = await listen(t)
      const articleId = await seedArticleId(t.database.db)
      const streams = [
        await openSse(`${base}/discussion/${articleId}/events`),
        await openSse(`${base}/discussion/${articleId}/events`),
        await openSse(`${base}/discussion/${articleId}/events`),
      ]
      await until(() => t.app.discussionHub.clientCount === 3)
      const refused = await fetch(`${base}/discussion/${articleId}/events`, { headers: { accept: 'application/json' } })
      assert.equal(refused.status, 429)
      const body = (await refused.json()) as { error: { code: string; message: string } }
      assert.equal(body.error.code, 'RATE_LIMITED')
      assert.match(body.error.message, /Too many live connections from your network \(at most 3\)/)
      assert.equal(t.app.discussionHub.clientCount, 3, 'the refused request opened nothing')
      // the radio's now-playing stream counts against the same share (refused before the station is even looked up)
      const radio = await fetch(`${base}/live/events?station=no-such-station`, { headers: { accept: 'application/json' } })
      assert.equal(radio.status, 429)
      streams.pop()!.close()
      await until(() => t.app.streamQuota.count('127.0.0.1') === 2)
      const again = await openSse(`${base}/discussion/${articleId}/events`)
      assert.equal(typeof JSON.parse((await again.next('count')).data).count, 'number')
      again.close()
      await until(() => t.app.streamQuota.count('127.0.0.1') === 2)
      // a failed request gives its place back: an unknown article is a 404, not a leak
      assert.equal((await fetch(`${base}/discussion/999999/events`)).status, 404)
      assert.equal(t.app.streamQuota.count('127.0.0.1'), 2)
      for (const s of streams) s.close()
      await until(() => t.app.streamQuota.count('127.0.0.1') === 0)
    } finally {
      await t.close()
    }
  })
})

const pgSkip = process.env.DATABASE_URL ? undefined : 'DATABASE_URL is not set (two app nodes need one PostgreSQL server)'
if (pgSkip) console.log(`# skipping the two-node PostgreSQL test: ${pgSkip}`)

describe('two app nodes on one PostgreSQL', { skip: pgSkip }, () => {
  test('a comment approved through node 1 reaches a reader connected to node 2, a separate process, within one second (LISTEN/NOTIFY)', async () => {
    // node 1 is this process; node 2 is another process on the same schema, so only PostgreSQL carries the event
    const node1 = await createTestApp({ kind: 'postgres' })
    const schema = (await node1.database.db.selectNoFrom((eb) => eb.fn<string>('current_schema').as('s')).executeTakeFirstOrThrow()).s
    let node2: AppNode | undefined
    try {
      node2 = await startAppNode({ url: process.env.DATABASE_URL!, schema })
      assert.notEqual(node2.pid, process.pid)
      await approvalReaches(node1, node2.base, 'postgres')
    } finally {
      await node2?.stop()
      await node1.close()
    }
  })
})

const redisSkip = await redisSkipReason()
if (redisSkip) console.log(`# skipping the Redis fan-out test: ${redisSkip}`)

describe('two app nodes with Redis pub/sub', { skip: redisSkip }, () => {
  test('a comment approved through node 1 reaches a reader connected to node 2 (Redis)', async () => {
    const prefix = testRedisPrefix()
    const env = { REDIS_URL: TEST_REDIS_URL }
    const node1 = await createTestApp({ env, build: { discussion: { redisPrefix: prefix }, counters: { redisPrefix: prefix } } })
    // the second node shares the first's database; only Redis carries the event across
    const node2 = await createTestApp({
      env,
      database: node1.database,
      demo: false,
      build: { discussion: { redisPrefix: prefix }, counters: { redisPrefix: prefix } },
    })
    try {
      await approvalReaches(node1, await listen(node2), 'redis')
    } finally {
      await node2.app.close()
      await node1.close()
      await deleteRedisKeys(prefix)
    }
  })
})
