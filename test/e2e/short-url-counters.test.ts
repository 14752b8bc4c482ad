import assert from 'node:assert/strict'
import net from 'node:net'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { createTestApp, type TestApp } from '../support/app.ts'
import { browserSkipReason, launchBrowser, screenshotPath } from '../support/browser.ts'
import { closeTemplate } from '../support/databases.ts'
import { BROWSER_UA } from '../support/readers.ts'

const skip = browserSkipReason()
if (skip) console.log(`# skipping short-URL and counters browser tests: ${skip}`)

const SEED_PATH = '/world/asia-pacific/20200805/un-security-council-debate-on-north-korea-rights-record-leaves-china-worried'
const HEADLINE = 'UN Security Council Debate on North Korea Rights Record Leaves China Worried'

/** A port nobody listens on now, so SITE_URL (and so the short links) can name it before the app starts. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })
}

describe('Get short URL and the counters in a real browser', { skip }, () => {
  let t: TestApp
  let browser: Browser
  let base: string
  let seedId: number

  before(async () => {
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    t = await createTestApp({ env: { SITE_URL: base }, build: { counters: { flushMs: 200 } } })
    await t.app.listen({ port, host: '127.0.0.1' })
    seedId = (await t.database.db.selectFrom('articles').select('id').where('slug', 'like', 'un-security-council%').executeTakeFirstOrThrow()).id
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
    await t?.close()
    await closeTemplate()
  })

  // Headless Chromium says "HeadlessChrome", which is (rightly) a bot: this reader uses a normal browser's UA.
  const newReader = (options: Parameters<Browser['newContext']>[0] = {}) =>
    browser.newContext({ userAgent: BROWSER_UA, viewport: { width: 1280, height: 900 }, ...options })
  const apiViews = async () => JSON.parse((await t.app.inject(`/api/content/articles/${seedId}/counters`)).body).views as number
  const shownViews = (page: Page) => page.locator('[data-count="views"]').textContent()
  const watchErrors = (page: Page) => {
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    return errors
  }

  test('the view count rises by one after a visit, and not again on reload within the window', async () => {
    const context = await newReader()
    const page = await context.newPage()
    const errors = watchErrors(page)
    const before = await apiViews()
    assert.equal(before, 12, 'the seed import’s starting value')
    await page.goto(base + SEED_PATH)
    // the live counters replace the rendered ones once this visit is counted
    await page.waitForFunction((n) => document.querySelector('[data-count="views"]')?.textContent === String(n), before + 1, { timeout: 15_000 })
    assert.equal(await page.locator('[data-counters]').getAttribute('data-live'), 'true')
    assert.equal(await page.locator('[data-count-label="views"]').textContent(), ' views')
    // what a screen reader reads: the number and what it counts
    assert.equal((await page.locator('.counter--comments').textContent())?.trim(), '0 comments')
    assert.equal((await page.locator('.counter--views').textContent())?.trim(), `${before + 1} views`)
    await page.screenshot({ path: screenshotPath('article-toolbar') })

    await page.reload()
    await page.waitForFunction(() => document.querySelector('[data-counters]')?.getAttribute('data-view-sent') === 'yes')
    // let the reload's beacon arrive and be written, then look again
    await page.waitForTimeout(1500)
    await t.app.counters.flush()
    assert.equal(await apiViews(), before + 1)
    await page.reload()
    await page.waitForFunction(() => document.querySelector('[data-counters]')?.getAttribute('data-live') === 'true')
    assert.equal(await shownViews(page), String(before + 1))
    assert.deepEqual(errors, [])
    await context.close()
  })

  test('Get short URL copies the link in one keypress, says so, and the link leads back to the article', async () => {
    const context = await newReader({ permissions: ['clipboard-read', 'clipboard-write'] })
    const page = await context.newPage()
    const errors = watchErrors(page)
    await page.goto(base + SEED_PATH)
    const button = page.getByRole('button', { name: 'Get short URL' })
    await button.focus()
    await page.keyboard.press('Enter')
    const status = page.getByRole('status')
    await status.getByText('Short link copied').waitFor()
    assert.ok(await status.isVisible())
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    assert.match(copied, new RegExp(`^${base}/s/[0-9A-Za-z]{7}$`))
    assert.equal(await page.getByRole('textbox', { name: 'Short link to this article' }).inputValue(), copied)
    await page.screenshot({ path: screenshotPath('short-url-copied') })

    await page.goto(copied)
    assert.equal(page.url(), base + SEED_PATH)
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), HEADLINE)
    await t.app.counters.flush()
    const counts = JSON.parse((await t.app.inject(`/api/content/articles/${seedId}/counters`)).body)
    assert.equal(counts.sharesByKind.copy, 1, 'the copy was counted as a share')
    assert.deepEqual(errors, [])
    await context.close()
  })

  test('Get short URL also works with a mouse click', async () => {
    // another browser on this machine: another reader, so its copy is a share of its own
    const context = await newReader({ userAgent: `${BROWSER_UA} Edg/140.0.0.0`, permissions: ['clipboard-read', 'clipboard-write'] })
    const page = await context.newPage()
    const errors = watchErrors(page)
    await page.goto(base + SEED_PATH)
    // the clipboard is the browser's, shared with the previous test: start from something else
    await page.evaluate(() => navigator.clipboard.writeText('not a short link'))
    await t.app.counters.flush()
    const sharesBefore = JSON.parse((await t.app.inject(`/api/content/articles/${seedId}/counters`)).body).sharesByKind.copy ?? 0
    await page.getByRole('button', { name: 'Get short URL' }).click()
    const status = page.getByRole('status')
    await status.getByText('Short link copied').waitFor()
    assert.ok(await status.isVisible())
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    assert.match(copied, new RegExp(`^${base}/s/[0-9A-Za-z]{7}$`))
    assert.equal(await page.getByRole('textbox', { name: 'Short link to this article' }).inputValue(), copied)
    await page.goto(copied)
    assert.equal(page.url(), base + SEED_PATH)
    await t.app.counters.flush()
    assert.equal(
      JSON.parse((await t.app.inject(`/api/content/articles/${seedId}/counters`)).body).sharesByKind.copy,
      sharesBefore + 1,
      'the click’s copy was counted as a share',
    )
    assert.deepEqual(errors, [])
    await context.close()
  })

  test('the share menu opens and lists e-mail and the networks', async () => {
    const context = await newReader()
    const page = await context.newPage()
    await page.goto(base + SEED_PATH)
    await page.getByText('Share', { exact: true }).click()
    for (const name of ['E-mail', 'X', 'Facebook', 'LinkedIn', 'WhatsApp']) assert.ok(await page.getByRole('link', { name, exact: true }).isVisible(), name)
    await page.screenshot({ path: screenshotPath('share-menu') })
    await context.close()
  })

  test('without JavaScript, Get short URL is a link to a page showing the short link', async () => {
    const context = await newReader({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(base + SEED_PATH)
    assert.equal(await page.locator('[data-count="views"]').isVisible(), true)
    await page.getByRole('link', { name: 'Get short URL' }).click()
    await page.waitForURL(`${base}/share/${seedId}`)
    const value = await page.getByRole('textbox', { name: 'Short link' }).inputValue()
    assert.match(value, new RegExp(`^${base}/s/[0-9A-Za-z]{7}$`))
    await page.screenshot({ path: screenshotPath('share-page-nojs') })
    await page.goto(value)
    assert.equal(page.url(), base + SEED_PATH)
    await context.close()
  })

  test('on a phone the toolbar fits the screen', async () => {
    const context = await newReader({ viewport: { width: 375, height: 740 }, isMobile: true })
    const page = await context.newPage()
    await page.goto(base + SEED_PATH)
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`)
    await page.screenshot({ path: screenshotPath('article-toolbar-phone') })
    await context.close()
  })
})
