import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, test } from 'node:test'
import pino from 'pino'
import { TEST_NOW } from '../../test/support/app.ts'
import { closeTemplate, useTestDatabase } from '../../test/support/databases.ts'
import { BOT_UAS, BROWSER_UA } from '../../test/support/readers.ts'
import { loadConfig } from '../config.ts'
import { loadDemoContent } from '../demo/load-demo.ts'
import { createCounterService, DEFAULT_COUNTER_OPTIONS, type CounterService } from './counter-service.ts'
import { createCounterStore } from './counter-store.ts'
import { createMemorySeenStore } from './seen-store.ts'
import { toBatch } from './tally.ts'

after(closeTemplate)

describe('counting views', () => {
  const database = useTestDatabase('pglite', { before, after })
  let now = TEST_NOW.getTime()
  const clock = { now: () => new Date(now) }
  let counters: CounterService
  let articleId: number
  before(async () => {
    await loadDemoContent(database().db, TEST_NOW)
    articleId = (await database().db.selectFrom('articles').select('id').where('slug', 'like', 'un-security-council%').executeTakeFirstOrThrow()).id
  })
  beforeEach(() => {
    counters = createCounterService(
      { config: loadConfig({}), database: database(), log: pino({ level: 'silent' }), clock },
      { flushMs: 60_000, viewWindowMs: 30 * 60_000, addressLimit: 5, mostReadCacheMs: 0 },
    )
  })
  const views = async () => {
    await counters.flush()
    return (await counters.getCounts(articleId))!.views
  }

  test('a reader counts once per article within the window, and again after it', async () => {
    const start = await views()
    const me = { ip: '192.0.2.1', userAgent: BROWSER_UA }
    assert.equal(await counters.recordView(articleId, me), 'counted')
    now += 60_000
    assert.equal(await counters.recordView(articleId, me), 'repeat')
    now += 28 * 60_000
    assert.equal(await counters.recordView(articleId, me), 'repeat')
    assert.equal(await views(), start + 1)
    now += 2 * 60_000 // 31 minutes after the first view
    assert.equal(await counters.recordView(articleId, me), 'counted')
    // another browser on the same address is another reader
    assert.equal(await counters.recordView(articleId, { ip: '192.0.2.1', userAgent: `${BROWSER_UA} Edg/140` }), 'counted')
    assert.equal(await views(), start + 3)
    await counters.close()
  })

  test('bots and requests without a user agent are never counted', async () => {
    const start = await views()
    for (const [i, ua] of [...BOT_UAS, undefined, '', 'x'.repeat(1001)].entries()) {
      assert.equal(await counters.recordView(articleId, { ip: `198.51.100.${i}`, userAgent: ua }), 'bot', String(ua))
    }
    assert.equal(await views(), start)
    await counters.close()
  })

  test('one address cannot make the count jump by rotating user agents', async () => {
    now += 3_600_000
    const start = await views()
    const results = []
    for (let i = 0; i < 50; i++) results.push(await counters.recordView(articleId, { ip: '203.0.113.9', userAgent: `${BROWSER_UA} r${i}` }))
    assert.equal(results.filter((r) => r === 'counted').length, 5)
    assert.equal(await views(), start + 5)
    await counters.close()
  })

  test('320 beacons from one address with rotating user agents count a handful, views and shares alike (issue 14)', async () => {
    now += 3_600_000
    // the default limits: the per-address cap across articles (300) is not what stops this
    const service = createCounterService(
      { config: loadConfig({}), database: database(), log: pino({ level: 'silent' }), clock },
      { flushMs: 60_000, mostReadCacheMs: 0 },
    )
    const before = (await service.getCounts(articleId))!
    const views = []
    const shares = []
    for (let i = 0; i < 320; i++) views.push(await service.recordView(articleId, { ip: '203.0.113.77', userAgent: `${BROWSER_UA} r${i}` }))
    for (let i = 0; i < 40; i++)
      shares.push(await service.recordShare(articleId, i % 2 ? 'x' : 'facebook', { ip: '203.0.113.77', userAgent: `${BROWSER_UA} s${i}` }))
    assert.equal(views.filter((r) => r === 'counted').length, DEFAULT_COUNTER_OPTIONS.articleAddressLimit)
    assert.equal(shares.filter((r) => r === 'counted').length, DEFAULT_COUNTER_OPTIONS.articleAddressLimit)
    await service.flush()
    const after = (await service.getCounts(articleId))!
    assert.equal(after.views - before.views, 5)
    // another address is other readers
    assert.equal(await service.recordView(articleId, { ip: '203.0.113.78', userAgent: BROWSER_UA }), 'counted')
    await service.close()
  })

  test('a batch that cannot be written is kept and written with the next one', async () => {
    const start = await views()
    await counters.recordView(articleId, { ip: '192.0.2.77', userAgent: BROWSER_UA })
    const db = database().db as unknown as { transaction: () => unknown }
    const real = db.transaction
    db.transaction = () => {
      throw Object.assign(new Error('Connection terminated'), { code: 'ECONNRESET' })
    }
    await assert.rejects(counters.flush())
    assert.equal(counters.pending(), 1)
    db.transaction = real
    assert.equal(await views(), start + 1)
    assert.equal(counters.pending(), 0)
    await counters.close()
  })

  test('views older than 24 hours leave "most read"; the daily history keeps them', async () => {
    const other = (
      await database().db.selectFrom('articles').select('id').where('id', '<>', articleId).where('status', '=', 'published').executeTakeFirstOrThrow()
    ).id
    for (let i = 0; i < 3; i++) await counters.recordView(other, { ip: `192.0.2.${100 + i}`, userAgent: BROWSER_UA })
    await counters.flush()
    const top = await counters.mostRead({ editionId: 1, limit: 5 })
    assert.equal(top.find((e) => e.articleId === other)?.views, 3)
    now += 25 * 3_600_000
    const later = await counters.mostRead({ editionId: 1, limit: 5 })
    assert.ok(!later.some((e) => e.articleId === other), 'yesterday’s views no longer count')
    const days = await counters.dailyViews(other, 7)
    assert.equal(
      days.reduce((s, d) => s + d.views, 0),
      3,
    )
    await counters.close()
  })
})

describe('the default flush interval', () => {
  const database = useTestDatabase('pglite', { before, after })
  before(async () => loadDemoContent(database().db, TEST_NOW))

  test('with default options a view reaches the database within about a second, without an explicit flush', async () => {
    const counters = createCounterService({ config: loadConfig({}), database: database(), log: pino({ level: 'silent' }), clock: { now: () => new Date() } })
    try {
      const articleId = (await database().db.selectFrom('articles').select('id').where('slug', 'like', 'un-security-council%').executeTakeFirstOrThrow()).id
      const stored = async () => (await createCounterStore(database().db).getCounts([articleId])).get(articleId)!.views
      const start = await stored()
      const sent = performance.now()
      assert.equal(await counters.recordView(articleId, { ip: '192.0.2.200', userAgent: BROWSER_UA }), 'counted')
      let elapsed = 0
      while ((await stored()) !== start + 1) {
        elapsed = performance.now() - sent
        assert.ok(elapsed < 1500, `the view was not stored ${Math.round(elapsed)} ms after it was counted (flushMs ${counters.options.flushMs})`)
        await new Promise((r) => setTimeout(r, 25))
      }
      assert.equal(await stored(), start + 1)
    } finally {
      await counters.close()
    }
  })
})

test('the salt changes every day and yesterday’s is forgotten', async () => {
  const store = createMemorySeenStore()
  const a = await store.salt('20261129')
  assert.equal(await store.salt('20261129'), a)
  const b = await store.salt('20261130')
  assert.notEqual(a, b)
  assert.notEqual(await store.salt('20261129'), a, 'a past day gets no old salt back')
})

test('tampered batch entries are dropped, never written', () => {
  const batch = toBatch([
    ['v:12:1796040000000', 3],
    ['v:12:1796040000001', 1], // not on the hour
    ['v:0:1796040000000', 1],
    ['v:12:1796040000000:x', 1],
    ['s:12:copy', 2],
    ['s:12:COPY;drop', 1],
    ['c:5', 4],
    ['c:5', -4],
    ['c:6', '1e3'],
    ['v:99999999999:1796040000000', 1],
    ['x:1', 1],
  ])
  assert.deepEqual(batch.views, [{ articleId: 12, hour: new Date(1796040000000), n: 3 }])
  assert.deepEqual(batch.shares, [{ articleId: 12, kind: 'copy', n: 2 }])
  assert.deepEqual(batch.clicks, [{ linkId: 5, n: 4 }])
})
