import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { Redis } from 'ioredis'
import { sql } from 'kysely'
import { createAuthService } from '../accounts/auth-service.ts'
import { createStaffService } from '../accounts/staff-service.ts'
import { createMemoryRateLimiter } from '../http/rate-limit.ts'
import { quoteIdent } from '../db/database.ts'
import { createTestApp, type TestApp } from '../../test/support/app.ts'
import { closeTemplate, databaseKinds } from '../../test/support/databases.ts'
import { deleteRedisKeys, redisSkipReason, TEST_REDIS_URL, testRedisPrefix } from '../../test/support/redis.ts'

/**
 * Issue 5: the reader's IP and user agent are only ever hashed with the day's salt, never stored
 * raw. After views, shares and short-link clicks from a distinctive address and browser, no text
 * column of any table (and, in Redis mode, no Redis key or value) contains either.
 */

const SEED_PATH = '/world/asia-pacific/20200805/un-security-council-debate-on-north-korea-rights-record-leaves-china-worried'
const PROBE_IP = '198.18.213.47'
const PROBE_UA_MARK = 'DatelinePrivacyProbe/7.3'
const PROBE_UA = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 ${PROBE_UA_MARK}`
const NEEDLES = [PROBE_IP, PROBE_UA_MARK]
const headers = { 'user-agent': PROBE_UA, 'x-forwarded-for': PROBE_IP }

after(closeTemplate)

/** Every `table.column` of a text-like type (text, varchar, char, json, jsonb, inet, arrays) whose value contains a needle. */
async function findInDatabase(t: TestApp): Promise<string[]> {
  const db = t.database.db
  const columns = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select c.table_name, c.column_name, c.data_type
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'inet', 'cidr', 'ARRAY', 'USER-DEFINED', 'bytea')
    order by c.table_name, c.column_name`.execute(db)
  assert.ok(columns.rows.length > 20, `text columns found: ${columns.rows.length}`)
  const found: string[] = []
  for (const { table_name, column_name, data_type } of columns.rows) {
    const col = sql.raw(data_type === 'bytea' ? quoteIdent(column_name) : `${quoteIdent(column_name)}::text`)
    for (const needle of NEEDLES) {
      // bytes (pictures, hashes) are searched as bytes: they may hold any byte, NUL included
      const where = data_type === 'bytea' ? sql`position(convert_to(${needle}, 'UTF8') in ${col}) > 0` : sql`strpos(${col}, ${needle}) > 0`
      const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.raw(quoteIdent(table_name))} where ${where}`.execute(db)
      if (r.rows[0]!.n > 0) found.push(`${table_name}.${column_name} contains ${needle}`)
    }
  }
  return found
}

/** Every Redis key under `prefix` whose name or value contains a needle. */
async function findInRedis(prefix: string): Promise<{ keys: number; found: string[] }> {
  const redis = new Redis(TEST_REDIS_URL)
  const found: string[] = []
  let keys = 0
  try {
    let cursor = '0'
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
      cursor = next
      for (const key of batch) {
        keys++
        const type = await redis.type(key)
        const values: string[] =
          type === 'string'
            ? [(await redis.get(key)) ?? '']
            : type === 'hash'
              ? Object.entries(await redis.hgetall(key)).flat()
              : type === 'set'
                ? await redis.smembers(key)
                : type === 'zset'
                  ? await redis.zrange(key, '0', '-1')
                  : type === 'list'
                    ? await redis.lrange(key, 0, -1)
                    : [`<unread type ${type}>`]
        for (const needle of NEEDLES) {
          if (key.includes(needle) || values.some((v) => v.includes(needle))) found.push(`${key} (${type}) contains ${needle}`)
        }
      }
    } while (cursor !== '0')
  } finally {
    redis.disconnect()
  }
  return { keys, found }
}

/** Views (beacon and pixel), shares (beacon and share page), a short-link click, and a page visit. */
async function actAsReader(t: TestApp): Promise<number> {
  const articleId = (await t.database.db.selectFrom('articles').select('id').where('slug', 'like', 'un-security-council%').executeTakeFirstOrThrow()).id
  const page = await t.app.inject({ url: SEED_PATH, headers })
  assert.equal(page.statusCode, 200)
  const code = /data-short-url="http:\/\/dateline\.test\/s\/([0-9A-Za-z]+)"/.exec(page.body)![1]!
  const ok = (status: number, expected: number, what: string) => assert.equal(status, expected, what)
  ok((await t.app.inject({ method: 'POST', url: '/api/counters/views', payload: { article: articleId }, headers })).statusCode, 204, 'view beacon')
  ok((await t.app.inject({ url: `/api/counters/views/${articleId}/pixel.gif`, headers })).statusCode, 200, 'view pixel')
  ok(
    (await t.app.inject({ method: 'POST', url: '/api/counters/shares', payload: { article: articleId, kind: 'copy' }, headers })).statusCode,
    204,
    'share beacon',
  )
  ok((await t.app.inject({ url: `/share/${articleId}/linkedin`, headers })).statusCode, 302, 'share link')
  ok((await t.app.inject({ url: `/s/${code}`, headers })).statusCode, 301, 'short link click')
  return articleId
}

/** Counted, so the test is not vacuous: the reader's events did reach the counters. */
async function assertCounted(t: TestApp, articleId: number) {
  await t.app.counters.flush()
  const counts = JSON.parse((await t.app.inject(`/api/content/articles/${articleId}/counters`)).body)
  assert.equal(counts.views, 12 + 1)
  assert.equal(counts.sharesByKind.copy, 1)
  assert.equal(counts.sharesByKind.linkedin, 1)
}

/** The scan does find a raw user agent where one is stored on purpose (a staff session keeps it). */
async function assertScanFindsAPlantedValue(t: TestApp) {
  const db = t.database.db
  const now = () => new Date()
  const { account } = await createStaffService({ db, now }).createStaff({
    email: `probe-${process.pid}@newsroom.test`,
    displayName: 'Probe',
    role: 'editor',
    password: 'Correct-Horse-Probe-Battery',
  })
  await createAuthService({ db, limiter: createMemoryRateLimiter(), now }).startSession(account, PROBE_UA)
  const found = await findInDatabase(t)
  assert.ok(
    found.some((f) => f.includes(PROBE_UA_MARK)),
    `the scan finds a planted user agent: ${found.join('; ')}`,
  )
}

for (const kind of databaseKinds()) {
  test(`IP and user agent are never stored raw in the database (${kind}, in memory)`, async () => {
    const t = await createTestApp({ kind, build: { counters: { flushMs: 3_600_000 } } })
    try {
      const articleId = await actAsReader(t)
      await assertCounted(t, articleId)
      assert.deepEqual(await findInDatabase(t), [])
      await assertScanFindsAPlantedValue(t)
    } finally {
      await t.close()
    }
  })
}

const skip = await redisSkipReason()
if (skip) console.log(`# skipping the Redis privacy test: ${skip}`)

describe('IP and user agent are never stored raw, Redis mode', { skip }, () => {
  test('no Redis key or value and no database column holds them', async () => {
    const prefix = testRedisPrefix()
    const t = await createTestApp({ env: { REDIS_URL: TEST_REDIS_URL }, build: { counters: { flushMs: 3_600_000, redisPrefix: prefix } } })
    try {
      const articleId = await actAsReader(t)
      // before the flush: salts, seen keys, address hits in Redis; counts still held
      const early = await findInRedis(prefix)
      assert.ok(early.keys >= 3, `Redis keys: ${early.keys}`)
      assert.deepEqual(early.found, [])
      // counts handed through Redis ("pending", batches) and on to the database
      await assertCounted(t, articleId)
      const late = await findInRedis(prefix)
      assert.deepEqual(late.found, [])
      assert.deepEqual(await findInDatabase(t), [])
      // and the Redis scan does see a planted value
      const raw = new Redis(TEST_REDIS_URL, { keyPrefix: prefix })
      await raw.hset('planted', 'x', PROBE_IP)
      raw.disconnect()
      assert.deepEqual((await findInRedis(prefix)).found, [`${prefix}planted (hash) contains ${PROBE_IP}`])
    } finally {
      await t.close()
      await deleteRedisKeys(prefix)
    }
  })
})
