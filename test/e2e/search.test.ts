import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser } from 'playwright-core'
import { createTestApp, TEST_NOW, type TestApp } from '../support/app.ts'
import { browserSkipReason, launchBrowser, screenshotPath } from '../support/browser.ts'
import { closeTemplate } from '../support/databases.ts'

const skip = browserSkipReason()
if (skip) console.log(`# skipping search browser tests: ${skip}`)

describe('a reader searching in a real browser', { skip }, () => {
  let t: TestApp
  let browser: Browser
  let base: string

  before(async () => {
    t = await createTestApp({ clock: { now: () => TEST_NOW } })
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const address = t.app.server.address()
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
    await t?.close()
    await closeTemplate()
  })

  test('the header search box leads to highlighted results, and a filter narrows them (no JavaScript needed)', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(base + '/')
    await page.getByRole('searchbox', { name: 'Search Dateline' }).fill('"human rights"')
    await page.getByRole('button', { name: 'Search' }).click()
    await page.waitForURL(/\/search\?q=/)
    const results = page.locator('.search-results > li')
    assert.equal(await results.count(), 3)
    assert.equal(await page.locator('.search-results mark').first().textContent(), 'human')
    await page.screenshot({ path: screenshotPath('search-results'), fullPage: true })

    await page.getByLabel('Section', { exact: true }).selectOption('world/asia-pacific')
    await page.locator('.search-form').getByRole('button', { name: 'Search' }).click()
    await page.waitForURL(/section=world%2Fasia-pacific/)
    assert.ok((await page.locator('.search-results .section-label').allTextContents()).every((s) => s === 'Asia & Pacific'))
    await context.close()
  })

  test('on a phone the search page fits the screen', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true })
    const page = await context.newPage()
    await page.goto(base + '/search?q=council')
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`)
    await page.screenshot({ path: screenshotPath('search-phone') })
    await context.close()
  })
})
