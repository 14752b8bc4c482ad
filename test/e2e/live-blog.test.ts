import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import os from 'node:os'
import pg from 'pg'
import { sql } from 'kysely'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { createTestApp, type TestApp } from '../support/app.ts'
import { startAppNode, type AppNode } from '../support/app-process.ts'
import { browserSkipReason, launchBrowser, screenshotPath } from '../support/browser.ts'
import { closeTemplate } from '../support/databases.ts'
import { seedArticleId } from '../support/discussion.ts'
import { deleteRedisKeys, redisSkipReason, TEST_REDIS_URL, testRedisPrefix } from '../support/redis.ts'
import { nowMs, openSse } from '../support/sse.ts'
import { staffSession, type TestSession } from '../support/staff.ts'

/**
 * Two readers on two app nodes (two processes on one PostgreSQL schema and one Redis) watch a
 * live blog while two editors, one on each node, post, pin and edit from the composer. Every
 * change must reach both readers within a second, in order, once; a reader without JavaScript
 * sees the same entries.
 */

const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dateline_h18'
const SEED_PATH = '/world/asia-pacific/20200805/un-security-council-debate-on-north-korea-rights-record-leaves-china-worried'
const BOUND_MS = 1000

async function pgSkipReason(): Promise<string | undefined> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 })
  try {
    await c.connect()
    await c.query('select 1')
    return undefined
  } catch (e) {
    return `PostgreSQL does not answer at ${PG_URL} (${(e as Error).message})`
  } finally {
    await c.end().catch(() => {})
  }
}

const skip = browserSkipReason() ?? (await pgSkipReason()) ?? (await redisSkipReason())
if (skip) console.log(`# skipping the two-node live blog browser test: ${skip}`)

describe('a live blog on two nodes, in a real browser', { skip }, () => {
  let node1: TestApp
  let node2: AppNode
  let base1: string
  let browser: Browser
  let articleId: number
  let eda: TestSession
  let ben: TestSession
  const prefix = testRedisPrefix()

  before(async () => {
    process.env.DATABASE_URL = PG_URL
    const build = { liveBlog: { redisPrefix: prefix }, discussion: { redisPrefix: prefix }, counters: { redisPrefix: prefix } }
    node1 = await createTestApp({ kind: 'postgres', env: { REDIS_URL: TEST_REDIS_URL }, build })
    await node1.app.listen({ port: 0, host: '127.0.0.1' })
    const address = node1.app.server.address()
    base1 = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    const schema = (await node1.database.db.selectNoFrom((eb) => eb.fn<string>('current_schema').as('s')).executeTakeFirstOrThrow()).s
    node2 = await startAppNode({ url: PG_URL, schema, timeoutMs: 240_000, env: { APP_NODE_REDIS_URL: TEST_REDIS_URL, APP_NODE_REDIS_PREFIX: prefix } })
    articleId = await seedArticleId(node1.database.db)
    eda = await staffSession(node1, 'editor', 'Eda Editor')
    ben = await staffSession(node1, 'editor', 'Ben Editor')
    const started = await node1.app.inject({
      method: 'POST',
      url: `/newsroom/articles/${articleId}/live/start`,
      headers: { ...eda.headers, accept: 'application/json' },
      payload: {},
    })
    assert.equal(started.statusCode, 200)
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
    await node2?.stop()
    await node1?.close()
    await deleteRedisKeys(prefix)
    await closeTemplate()
  })

  const context = async (o: { session?: TestSession; base: string; width?: number; js?: boolean }): Promise<BrowserContext> => {
    const ctx = await browser.newContext({ viewport: { width: o.width ?? 1280, height: 900 }, javaScriptEnabled: o.js !== false })
    if (o.session) await ctx.addCookies([{ name: 'dl_session', value: o.session.cookie.split('=')[1]!, url: o.base }])
    return ctx
  }

  /** Waits until `check` holds on both readers' pages; returns the wall-clock moment each saw it. */
  const arrival = async (readers: Page[], check: (arg: string) => boolean, arg: string): Promise<number[]> =>
    Promise.all(
      readers.map(async (p) => {
        await p.waitForFunction(check, arg, { timeout: 10_000, polling: 10 })
        return Date.now()
      }),
    )

  /**
   * When the server saved a change: the entry's revision time (taken by the node that made it,
   * on this machine's clock). `match` finds the entry by its text or id.
   */
  const savedAt = async (match: { text?: string; id?: number }, action: string): Promise<number> => {
    const r = await sql<{ at: Date }>`
      select r.at from live_entry_revisions r join live_entries e on e.id = r.entry_id
       where r.action = ${action} and ${match.id !== undefined ? sql`e.id = ${match.id}` : sql`e.body::text like ${`%${match.text}%`}`}
       order by r.at desc limit 1`.execute(node1.database.db)
    return r.rows[0]!.at.getTime()
  }

  test('two editors post, pin and edit; both readers get every change within a second, in order, once; the no-JavaScript page agrees', async (tc) => {
    const errors: string[] = []
    tc.after(async () => {
      for (const [i, ctx] of browser.contexts().entries())
        for (const [j, p] of ctx.pages().entries()) await p.screenshot({ path: screenshotPath(`live-blog-last-${i}-${j}`) }).catch(() => {})
    })
    // the readers: one on each node, JavaScript on
    const readers: Page[] = []
    for (const base of [base1, node2.base]) {
      const p = await (await context({ base })).newPage()
      p.on('pageerror', (e) => errors.push(`reader: ${e.message}`))
      await p.goto(base + SEED_PATH)
      await p.waitForSelector('[data-live-blog][data-live-connected="true"]')
      readers.push(p)
    }
    // the editors: Eda on node 1, Ben on node 2, each in the composer
    const composer = async (s: TestSession, base: string) => {
      const p = await (await context({ session: s, base })).newPage()
      p.on('pageerror', (e) => errors.push(`editor: ${e.message}`))
      p.on('dialog', (d) => void d.accept())
      await p.goto(`${base}/newsroom/articles/${articleId}/live`)
      return p
    }
    const edaPage = await composer(eda, base1)
    const benPage = await composer(ben, node2.base)

    // a plain event-stream client on node 2 as well: what the server delivers, apart from the browser's own work
    const wire = await openSse(`${node2.base}/live-blog/${articleId}/events`)
    type Wire = { id: number; seq: number; html?: string; pinned?: boolean }
    const timings: { what: string; ms: number[]; saved: number; match: (m: Wire) => boolean }[] = []
    const hasText = (text: string) => [...document.querySelectorAll('[data-live-blog] [data-entry-id]')].some((li) => (li.textContent ?? '').includes(text))
    const post = async (p: Page, text: string) => {
      await p.getByLabel('Update', { exact: true }).fill(text)
      await p.getByLabel('Update', { exact: true }).press('Control+Enter')
    }
    const record = async (what: string, seen: number[], saved: number, match: (m: Wire) => boolean) =>
      timings.push({ what, ms: seen.map((t) => t - saved), saved, match })

    // one after the other, then both at the same moment
    for (const [p, text] of [
      [edaPage, 'Eda: the Council meets at 10:00 — مجلس الأمن يجتمع 🌍'],
      [benPage, 'Ben: China asks for a procedural vote'],
    ] as const) {
      await post(p, text)
      const seen = await arrival(readers, hasText, text)
      await record(`post "${text.slice(0, 24)}…"`, seen, await savedAt({ text: text.slice(0, 20) }, 'posted'), (m) =>
        (m.html ?? '').includes(text.slice(0, 20)),
      )
    }
    await Promise.all([post(edaPage, 'Eda: procedural vote passes, 10 to 4'), post(benPage, 'Ben: the debate opens')])
    const seenBoth = await arrival(
      readers,
      (t) => t.split('|').every((x) => [...document.querySelectorAll('[data-live-blog] [data-entry-id]')].some((li) => (li.textContent ?? '').includes(x))),
      'procedural vote passes|the debate opens',
    )
    const [savedA, savedB] = [await savedAt({ text: 'procedural vote passes' }, 'posted'), await savedAt({ text: 'the debate opens' }, 'posted')]
    const later = savedA > savedB ? 'procedural vote passes' : 'the debate opens'
    await record('two posts at once (the later)', seenBoth, Math.max(savedA, savedB), (m) => (m.html ?? '').includes(later))

    const ids = async () => (await node1.app.inject({ url: `/newsroom/articles/${articleId}/live`, headers: { cookie: eda.cookie } })).body
    const entryId = async (text: string) => {
      const page = await ids()
      const at = page.indexOf(text)
      return Number([...page.slice(0, at).matchAll(/id="nr-entry-(\d+)"/g)].at(-1)![1])
    }
    const firstId = await entryId('the Council meets at 10:00')
    const benId = await entryId('China asks for a procedural vote')

    // Ben pins Eda's first update as a key event, from his composer on node 2
    const row = benPage.locator(`#nr-entry-${firstId}`)
    await row.getByLabel('Key event label').fill('Council meets')
    await row.getByRole('button', { name: 'Pin as key event' }).click()
    const seenPin = await arrival(readers, (id) => document.querySelector(`[data-key-events] [data-key-id="${id}"]`) !== null, String(firstId))
    await record('pin', seenPin, await savedAt({ id: firstId }, 'pinned'), (m) => m.id === firstId && m.pinned === true)

    // Eda edits Ben's update, from hers on node 1 (the row arrived there live)
    const benRow = edaPage.locator(`#nr-entry-${benId}`)
    await benRow.getByText('Edit', { exact: true }).click()
    await benRow.getByLabel('Text of this update').fill('Ben: China asks for a procedural vote (corrected: Russia too)')
    await benRow.getByRole('button', { name: 'Save changes' }).click()
    const seenEdit = await arrival(readers, (id) => (document.getElementById(`entry-${id}`)?.textContent ?? '').includes('Russia too'), String(benId))
    await record('edit', seenEdit, await savedAt({ id: benId }, 'edited'), (m) => m.id === benId && (m.html ?? '').includes('Russia too'))

    const events: (Wire & { wall: number })[] = []
    for (;;) {
      const e = await wire.next('entry', 300).catch(() => undefined)
      if (!e) break
      events.push({ ...(JSON.parse(e.data) as Wire), wall: Date.now() - (nowMs() - e.at) })
    }
    wire.close()
    const load = os.loadavg()[0]! / os.cpus().length
    for (const t of timings) {
      const onWire = events.find((e) => t.match(e))
      assert.ok(onWire, `${t.what}: the event stream carried it`)
      const wireMs = Math.round(onWire.wall - t.saved)
      console.log(`# ${t.what}: saved → event stream on node 2 ${wireMs} ms; saved → on the page: reader on node 1 ${t.ms[0]} ms, on node 2 ${t.ms[1]} ms`)
      assert.ok(wireMs < BOUND_MS, `${t.what}: ${wireMs} ms from saved to node 2's event stream (bound ${BOUND_MS} ms)`)
      for (const ms of t.ms) {
        if (ms < BOUND_MS) continue
        // the browser's share is the machine's to give: say so rather than blame the fan-out
        if (load > 2)
          console.log(
            `# NOT WITHIN THE BOUND on the page (${ms} ms) with the machine overloaded: load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`,
          )
        else assert.fail(`${t.what} took ${ms} ms to reach a reader's page (bound ${BOUND_MS} ms)`)
      }
    }
    console.log(`# load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`)

    // order and uniqueness: the server's newest-first order on both pages
    const expected = [...(await ids()).matchAll(/id="nr-entry-(\d+)"/g)].map((m) => Number(m[1]))
    assert.equal(expected.length, 4)
    for (const p of readers) {
      const shown = await p.$$eval('[data-live-blog] [data-entry-id]', (els) => els.map((e) => Number((e as HTMLElement).dataset.entryId)))
      assert.deepEqual(shown, expected, 'every entry once, newest first')
      // nothing moved under the reader: new entries wait behind the button
      assert.equal(await p.locator('[data-live-blog] [data-entry-id]:visible').count(), 0)
      assert.equal(await p.getByRole('button', { name: '4 new updates' }).count(), 1)
      assert.equal(await p.locator('[data-live-count]').textContent(), '4 updates')
      if (p === readers[0]) await p.screenshot({ path: screenshotPath('live-blog-new-updates-1280') })
      await p.getByRole('button', { name: '4 new updates' }).click()
      assert.equal(await p.locator('[data-live-blog] [data-entry-id]:visible').count(), 4)
      const keys = await p.$$eval('[data-key-events] a', (els) => els.map((e) => e.textContent!.replace(/\s+/g, ' ').trim()))
      assert.equal(keys.length, 1)
      assert.match(keys[0]!, /^\d\d:\d\d GMT Council meets$/)
    }

    // a reader without JavaScript, on node 2: the same entries in the same order, the same words
    const plain = await (await context({ base: node2.base, js: false })).newPage()
    await plain.goto(node2.base + SEED_PATH)
    const entryTexts = (p: Page) =>
      p.$$eval('[data-live-blog] [data-entry-id]', (els) =>
        els.map((e) => `${(e as HTMLElement).dataset.entryId}: ${(e.textContent ?? '').replace(/\s+/g, ' ').trim()}`),
      )
    const jsTexts = await entryTexts(readers[1]!)
    assert.deepEqual(await entryTexts(plain), jsTexts)
    assert.ok(jsTexts[expected.indexOf(benId)]!.includes('Russia too'))
    assert.equal(await plain.locator('[data-key-events] li').count(), 1)

    // the live page at 1280 and 390 px, scrolled to the updates
    for (const width of [1280, 390]) {
      await readers[0]!.setViewportSize({ width, height: width === 390 ? 844 : 900 })
      await readers[0]!.locator('[data-live-blog]').scrollIntoViewIfNeeded()
      await readers[0]!.evaluate(() => document.querySelector('[data-live-blog]')!.scrollIntoView())
      await readers[0]!.screenshot({ path: screenshotPath(`live-blog-${width}`) })
    }
    assert.deepEqual(errors, [])
  })
})
