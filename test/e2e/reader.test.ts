import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser } from 'playwright-core'
import { createTestApp, type TestApp } from '../support/app.ts'
import { browserSkipReason, launchBrowser, screenshotPath } from '../support/browser.ts'
import { closeTemplate } from '../support/databases.ts'

const skip = browserSkipReason()
if (skip) console.log(`# skipping reader browser tests: ${skip}`)

describe('a reader in a real browser', { skip }, () => {
  let t: TestApp
  let browser: Browser
  let base: string

  before(async () => {
    t = await createTestApp()
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

  test('home → the seed article: headline, dateline, subheading, quotes and related list are visible', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))

    await page.goto(base + '/')
    await page.screenshot({ path: screenshotPath('home'), fullPage: true })
    await page.getByRole('link', { name: 'UN Security Council Debate on North Korea Rights Record Leaves China Worried' }).first().click()
    await page.waitForURL(/\/world\/asia-pacific\/20200805\//)

    const h1 = page.getByRole('heading', { level: 1 })
    assert.equal(await h1.textContent(), 'UN Security Council Debate on North Korea Rights Record Leaves China Worried')
    assert.ok(await h1.isVisible())
    const dateline = page.locator('.dateline')
    assert.equal(await dateline.textContent(), 'MOSCOW, December 24 (Sputnik)')
    assert.ok(await dateline.isVisible())
    const sub = page.getByRole('heading', { level: 2, name: 'North Korea Denies Veracity of Report, Attacks US Double Standards' })
    assert.ok(await sub.isVisible())
    const quote = page.locator('q[data-speaker="Samantha Power"]').first()
    assert.ok(await quote.isVisible())
    // the browser draws the quotation marks around <q>
    const before = await quote.evaluate((el) => getComputedStyle(el, '::before').content)
    assert.notEqual(before, 'none')
    const related = page.getByRole('region', { name: 'Related' }).getByRole('listitem')
    assert.equal(await related.count(), 6) // five pins, then an automatic match
    assert.ok(await related.first().isVisible())
    const time = page.locator('.article__meta time')
    assert.equal(await time.textContent(), '03:38 GMT 05.08.2020')
    assert.ok(await page.getByRole('link', { name: 'Community standards' }).first().isVisible())
    await page.screenshot({ path: screenshotPath('seed-article'), fullPage: true })

    // a related headline that matches a published article links to it
    await page
      .getByRole('region', { name: 'Related' })
      .getByRole('link', { name: /North Korea Snubs UN Meeting/ })
      .click()
    await page.waitForURL(/north-korea-snubs-un-meeting/)
    assert.match((await page.getByRole('heading', { level: 1 }).textContent()) ?? '', /North Korea Snubs UN Meeting/)
    assert.deepEqual(errors, [])
    await context.close()
  })

  test('on a phone: one column, nothing wider than the screen', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true })
    const page = await context.newPage()
    await page.goto(base + '/world/asia-pacific/20200805/un-security-council-debate-on-north-korea-rights-record-leaves-china-worried')
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`)
    await page.screenshot({ path: screenshotPath('seed-article-phone'), fullPage: false })
    await context.close()
  })

  test('with JavaScript off, the article reads the same', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(base + '/')
    await page.getByRole('link', { name: 'UN Security Council Debate on North Korea Rights Record Leaves China Worried' }).first().click()
    assert.ok(await page.getByRole('heading', { level: 2, name: 'North Korea Denies Veracity of Report, Attacks US Double Standards' }).isVisible())
    assert.equal(await page.getByRole('region', { name: 'Related' }).getByRole('listitem').count(), 6)
    await context.close()
  })

  test('a missing article shows the 404 page', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const res = await page.goto(base + '/world/asia-pacific/20200805/no-such-story')
    assert.equal(res?.status(), 404)
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Article not found')
    assert.match((await page.locator('.error-page__asked').textContent()) ?? '', /no-such-story/)
    assert.ok(await page.getByRole('link', { name: 'Go to the front page' }).isVisible())
    await page.screenshot({ path: screenshotPath('not-found') })
    await context.close()
  })
})
