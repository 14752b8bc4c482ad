import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Browser } from 'playwright-core'
import { runCommand } from '../../src/cli/commands.ts'
import { createTestApp, type TestApp } from '../support/app.ts'
import { browserSkipReason, launchBrowser } from '../support/browser.ts'
import { closeTemplate } from '../support/databases.ts'

const skip = browserSkipReason()
if (skip) console.log(`# skipping the imported-redirects browser test: ${skip}`)

describe('a post imported from WordPress, opened by its old address', { skip }, () => {
  let t: TestApp
  let browser: Browser
  let base = ''
  before(async () => {
    t = await createTestApp({ demo: false })
    const code = await runCommand(
      { db: t.database.db, events: t.deps.events, io: { out: () => {}, err: () => {} }, now: () => new Date() },
      'import wordpress',
      {
        file: path.resolve('test/fixtures/import/wordpress.xml'),
        uploadsDir: path.resolve('test/fixtures/import/uploads'),
        fetch: false,
        allowPrivate: false,
      },
    )
    assert.equal(code, 2, 'one post (in the trash) is skipped')
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const address = t.app.server.address()
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
    await t?.close()
  })

  test('the old permalink and ?p= land on the article, with its picture, quote and comments', async () => {
    const page = await browser.newPage()
    for (const old of ['/2020/05/04/harbour-reopens/', '/?p=11']) {
      const response = await page.goto(`${base}${old}`)
      assert.equal(response?.status(), 200)
      assert.equal(new URL(page.url()).pathname, '/world/asia/harbours/20200504/harbour-reopens', `${old} was redirected`)
      assert.equal(await page.locator('h1').first().innerText(), 'Harbour reopens after storm')
    }
    assert.match(await page.locator('blockquote').first().innerText(), /We are open for business/)
    const picture = page.locator('img[alt="Fishing boats leaving the harbour at dawn"]').first()
    assert.ok(await picture.isVisible(), 'the picture, from the media library, with the attachment’s alt text')
    assert.match(String(await picture.getAttribute('src')), /^\/media\//)
    assert.match(await page.content(), /Great news for the town\./)
    await page.close()
  })
})

after(closeTemplate)
