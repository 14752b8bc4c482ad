import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { Redis } from 'ioredis'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate, openTestDatabase } from '../../test/support/databases.ts'
import { reader } from '../../test/support/readers.ts'
import { deleteRedisKeys, redisSkipReason, TEST_REDIS_URL, testRedisPrefix } from '../../test/support/redis.ts'

const skip = await redisSkipReason()
if (skip) console.log(`# skipping Redis counter tests: ${skip}`)

describe('counters through Redis, two app nodes', { skip }, () => {
  const prefix = testRedisPrefix()
  const build = { counters: { flushMs: 3_600_000, redisPrefix: prefix } }
  let a: TestApp
  let b: TestApp
  let articleId: number

  before(async () => {
    const database = await openTestDatabase('pglite')
    // Two nodes: two apps sharing one database and one Redis, as behind a load balancer.
    a = await createTestApp({ database, env: { REDIS_URL: TEST_REDIS_URL }, build })
    b = await createTestApp({ database, demo: false, env: { REDIS_URL: TEST_REDIS_URL }, build })
    articleId = (await database.db.selectFrom('articles').select('id').where('slug', 'like', 'un-security-council%').executeTakeFirstOrThrow()).id
  })
  after(async () => {
    await b?.database.close()
    await deleteRedisKeys(prefix)
    await closeTemplate()
  })

  const view = (t: TestApp, n: number) => t.app.inject({ method: 'POST', url: '/api/counters/views', payload: { article: articleId }, headers: reader(n) })
  const views = async (t: TestApp) => JSON.parse((await t.app.inject(`/api/content/articles/${articleId}/counters`)).body).views as number

  test('views sent to either node add up, and a reader seen by one node is not counted again by the other', async () => {
    for (let i = 0; i < 20; i++) assert.equal((await view(a, i)).statusCode, 204)
    for (let i = 20; i < 45; i++) assert.equal((await view(b, i)).statusCode, 204)
    // readers 0..9 move to node b: already counted
    for (let i = 0; i < 10; i++) await view(b, i)
    assert.equal(a.app.counters.pending() + b.app.counters.pending(), 45)
    await a.app.counters.flush()
    await b.app.counters.flush()
    assert.equal(await views(a), 12 + 45)
    assert.equal(await views(b), 12 + 45)
  })

  test('closing both nodes gracefully writes everything still held', async () => {
    for (let i = 100; i < 130; i++) await view(i % 2 ? a : b, i)
    await a.app.close()
    // b is still up: its counts are in its memory, a's went through Redis to the database
    await b.app.close()
    const row = await b.database.db.selectFrom('article_counters').select('views').where('article_id', '=', articleId).executeTakeFirstOrThrow()
    assert.equal(Number(row.views), 45 + 30)
  })

  test('a batch a crashed node left in Redis is applied by the next node, exactly once', async () => {
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000
    const raw = new Redis(TEST_REDIS_URL, { keyPrefix: prefix })
    // one node died after taking a batch out of "pending"; another after also writing its batch to the database
    await raw.hset('batch:crashed-1', `v:${articleId}:${hour}`, '5')
    await raw.hset('batch:crashed-2', `v:${articleId}:${hour}`, '7')
    await raw.sadd('batches', 'crashed-1', 'crashed-2')
    raw.disconnect()
    await b.database.db.insertInto('counter_batches').values({ id: 'crashed-2' }).execute()
    const c = await createTestApp({ database: b.database, demo: false, env: { REDIS_URL: TEST_REDIS_URL }, build })
    await c.app.counters.flush()
    assert.equal(await views(c), 12 + 75 + 5)
    await c.app.counters.flush()
    assert.equal(await views(c), 12 + 75 + 5)
    await c.app.close()
  })
})
