import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { createTestApp, type TestApp } from '../support/app.ts'
import { browserSkipReason, launchBrowser, screenshotPath } from '../support/browser.ts'
import { closeTemplate } from '../support/databases.ts'
import { staffSession, type TestSession } from '../support/staff.ts'

const skip = browserSkipReason()
if (skip) console.log(`# skipping published-record browser tests: ${skip}`)

describe('the published record in a real browser', { skip }, () => {
  let t: TestApp
  let browser: Browser
  let base: string
  let editor: TestSession

  before(async () => {
    t = await createTestApp()
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const address = t.app.server.address()
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    editor = await staffSession(t, 'editor', 'Eddie Editor')
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
    await t?.close()
    await closeTemplate()
  })

  async function signIn(page: Page, who: TestSession) {
    await page.goto(base + '/newsroom')
    await page.waitForURL(/\/newsroom\/sign-in/)
    await page.getByLabel('E-mail').fill(who.email)
    await page.getByLabel('Password').fill(who.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(base + '/newsroom')
  }
  const text = async (path: string) => (await fetch(base + path)).text()

  test('an editor edits a published article: autosaves stay off the public page and feeds until Update live; then the Versions page lists both and the diff shows the change', async (tc) => {
    const errors: string[] = []
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 1000 } })
    const page = await ctx.newPage()
    page.on('pageerror', (e) => errors.push(e.message))
    tc.after(async () => {
      await page.screenshot({ path: screenshotPath('published-record-last'), fullPage: true }).catch(() => {})
      await ctx.close()
    })

    // a published article, as the newsroom made it
    const world = (await t.database.db.selectFrom('sections').select('id').where('slug', '=', 'world').executeTakeFirstOrThrow()).id
    const api = (method: string, url: string, payload?: object) =>
      t.app.inject({ method: method as 'POST', url, headers: editor.headers, ...(payload ? { payload } : {}) })
    const created = (
      await api('POST', '/api/admin/articles', {
        headline: 'City council approves the winter budget',
        sectionId: world,
        lead: 'The council approved spending for the winter months.',
        body: [{ type: 'paragraph', content: [{ text: 'The vote was nine to four.' }] }],
      })
    ).json()
    await api('POST', `/api/admin/articles/${created.id}/workflow`, { action: 'publish' })
    const url = (await api('GET', `/api/admin/articles/${created.id}`)).json().url as string

    await signIn(page, editor)
    await page.goto(`${base}/newsroom/articles/${created.id}`)
    await assert.doesNotReject(page.getByText('Live.', { exact: false }).first().waitFor())
    await page.waitForSelector('.nr-prose[contenteditable=true]')
    await page.locator('.nr-prose p').first().click()
    await page.keyboard.press('End')
    await page.keyboard.type(' The mayor was unavail')
    // past the autosave interval: saved, to the working copy, and said so
    await page.getByText(/Saved to the working copy at .* not live/).waitFor({ timeout: 10_000 })
    await page.screenshot({ path: screenshotPath('published-record-working-copy'), fullPage: true })
    for (const path of [url, '/feeds/rss.xml', '/feeds/feed.json']) {
      const body = await text(path)
      assert.match(body, /The vote was nine to four\./, path)
      assert.doesNotMatch(body, /unavail/, `${path} still shows the live version`)
    }

    await page.keyboard.type('able for comment.')
    await page.getByText(/Saved to the working copy at/).waitFor()
    await page.reload()
    await page.getByText('The working copy differs from the live version.').waitFor()
    await page.getByLabel(/^Change note/).fill('Adds that the mayor was unavailable')
    await page.getByRole('button', { name: 'Update live' }).click()
    await page.getByText(/Updated live — readers now see version 2/).waitFor()
    const updatedAt = Date.now()
    // within a second, every public view has the new text
    for (;;) {
      const bodies = await Promise.all([url, '/feeds/rss.xml', '/feeds/feed.json'].map(text))
      if (bodies.every((b) => b.includes('The mayor was unavailable for comment.'))) break
      assert.ok(Date.now() - updatedAt < 1000, 'the update reached the page and feeds within a second')
      await new Promise((r) => setTimeout(r, 50))
    }

    // readers see the record
    await page.goto(base + url)
    await page.getByRole('link', { name: 'Versions' }).click()
    await page.getByRole('heading', { name: /Versions of/ }).waitFor()
    assert.equal(await page.locator('.versions__list > li').count(), 2)
    await page.getByText('Adds that the mayor was unavailable').waitFor()
    await page.screenshot({ path: screenshotPath('published-record-versions'), fullPage: true })
    await page.getByRole('link', { name: 'What changed from version 1' }).click()
    await page.getByRole('heading', { name: /What changed in/ }).waitFor()
    const added = await page.locator('.diff ins').allTextContents()
    assert.ok(
      added.some((s) => s.includes('unavailable')),
      added.join(' | '),
    )
    await page.screenshot({ path: screenshotPath('published-record-diff'), fullPage: true })
    assert.deepEqual(errors, [])
  })
})
