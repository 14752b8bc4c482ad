import assert from 'node:assert/strict'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import { after, before, describe, test } from 'node:test'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { createTestApp, type TestApp } from '../support/app.ts'
import { browserSkipReason, launchBrowser, screenshotPath } from '../support/browser.ts'
import { closeTemplate } from '../support/databases.ts'
import { staffSession, type TestSession } from '../support/staff.ts'

const skip = browserSkipReason()
if (skip) console.log(`# skipping editor field browser tests: ${skip}`)

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

interface AxeViolation {
  id: string
  help: string
  nodes: { target: string[] }[]
}

/** axe-core's WCAG A/AA rules on the page; the violations, described. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE)
  const { violations, passes } = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: AxeViolation[]; passes: unknown[] }> } }).axe
    const r = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
    return { violations: r.violations, passes: r.passes.length }
  })
  // not blind: axe checked the page's labels, names, contrast and ARIA
  assert.ok(passes > 20, `axe ran ${passes} passing rules`)
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`)
}

describe('the editor’s fields and the editor page’s accessibility, in a real browser', { skip }, () => {
  let t: TestApp
  let browser: Browser
  let context: BrowserContext
  let base: string
  let reporter: TestSession
  let editor: TestSession
  let moderator: TestSession

  before(async () => {
    t = await createTestApp()
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const address = t.app.server.address()
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    reporter = await staffSession(t, 'reporter', 'Rita Reporter')
    editor = await staffSession(t, 'editor', 'Eddie Editor')
    moderator = await staffSession(t, 'moderator', 'Mo Moderator')
    browser = await launchBrowser()
    // axe is injected by evaluate(), which the page's CSP does not govern
    context = await browser.newContext({ viewport: { width: 1280, height: 1000 } })
    await context.addCookies([{ name: 'dl_session', value: reporter.cookie.split('=')[1]!, url: base }])
  })
  after(async () => {
    await browser?.close()
    await t?.close()
    await closeTemplate()
  })

  async function open(url: string): Promise<{ page: Page; errors: string[] }> {
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(base + url)
    await page.waitForSelector('#article-form[data-ready=true]')
    return { page, errors }
  }

  test('a new article’s author is the signed-in reporter, and only people who write are offered', async () => {
    const { page, errors } = await open('/newsroom/articles/new')
    const authors = page.getByLabel('Authors')
    assert.deepEqual(await authors.evaluate((s) => [...(s as HTMLSelectElement).selectedOptions].map((o) => o.textContent)), ['Rita Reporter'])
    const offered = await authors.evaluate((s) => [...(s as HTMLSelectElement).options].map((o) => o.textContent))
    assert.ok(offered.includes('Eddie Editor'))
    assert.ok(!offered.includes('Mo Moderator'), 'moderators do not write')
    // saving keeps it
    await page.getByLabel('Headline').fill('Ferry fares frozen for a year')
    await page.getByLabel('Section').selectOption({ index: 1 })
    await page.getByRole('button', { name: 'Create draft' }).click()
    await page.waitForURL(/\/newsroom\/articles\/\d+\?saved=1/)
    const id = Number(/articles\/(\d+)/.exec(page.url())![1])
    const saved = await t.app.inject({ method: 'GET', url: `/api/admin/articles/${id}`, headers: reporter.headers })
    assert.deepEqual(saved.json().authorIds, [reporter.principal.personId])
    assert.ok(moderator.principal.personId)
    assert.deepEqual(errors, [])
    await page.close()
  })

  test('related articles are found by headline with the keyboard (combobox), pinned, listed and removed', async () => {
    const target = await t.database.db
      .selectFrom('articles')
      .select(['id', 'headline'])
      .where('status', '=', 'published')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/articles',
      headers: reporter.headers,
      payload: { headline: 'Related picking', sectionId: (await t.database.db.selectFrom('sections').select('id').executeTakeFirstOrThrow()).id },
    })
    const { page, errors } = await open(`/newsroom/articles/${created.json().id}`)
    assert.ok(await page.locator('#f-related').isHidden(), 'no #id typing: the textarea is the form’s, hidden')
    const box = page.getByRole('combobox', { name: 'Find a published article to pin' })
    await box.focus()
    const words = target.headline.split(' ').slice(0, 3).join(' ')
    await page.keyboard.type(words)
    const listbox = page.getByRole('listbox', { name: 'Matching articles' })
    await listbox.waitFor()
    assert.equal(await box.getAttribute('aria-expanded'), 'true')
    const option = page.getByRole('option', { name: new RegExp(`^${target.headline.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`) })
    await option.waitFor()
    // arrow down to the target, Enter pins it
    const index = await page.getByRole('option').evaluateAll((os, h) => os.findIndex((o) => o.textContent!.startsWith(`${h} (`)), target.headline)
    for (let i = 0; i <= index; i++) await page.keyboard.press('ArrowDown')
    assert.equal(await option.getAttribute('aria-selected'), 'true')
    assert.equal(await box.getAttribute('aria-activedescendant'), await option.getAttribute('id'))
    await page.screenshot({ path: screenshotPath('editor-related-combobox') })
    await page.keyboard.press('Enter')
    assert.equal(await box.getAttribute('aria-expanded'), 'false')
    assert.ok(page.url().includes(`/newsroom/articles/${created.json().id}`), 'Enter did not submit the form')
    const pins = page.getByRole('list', { name: 'Related' })
    assert.match((await pins.textContent()) ?? '', new RegExp(target.headline.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    assert.equal(await page.locator('#f-related').inputValue(), `#${target.id}`)
    // saved with the form
    await page.getByRole('button', { name: 'Save' }).click()
    await page.waitForURL(/saved=1/)
    const saved = await t.app.inject({ method: 'GET', url: `/api/admin/articles/${created.json().id}`, headers: reporter.headers })
    assert.deepEqual(saved.json().related, [{ articleId: target.id }])
    // after reloading, the pin shows its headline, and Remove takes it away
    const remove = page.getByRole('button', { name: `Remove “${target.headline}”` })
    await remove.waitFor()
    await remove.press('Enter')
    assert.equal(await page.locator('#f-related').inputValue(), '')
    assert.ok(await box.evaluate((el) => el === document.activeElement), 'focus goes back to the search box')
    // Escape closes the list
    await page.keyboard.type(words)
    await listbox.waitFor()
    await page.keyboard.press('Escape')
    assert.ok(await listbox.isHidden())
    assert.deepEqual(errors, [])
    await page.close()
  })

  test('axe finds no violations on the editor page, with a popover open and a table in the body', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/articles',
      headers: reporter.headers,
      payload: {
        headline: 'Accessible editor',
        sectionId: (await t.database.db.selectFrom('sections').select('id').executeTakeFirstOrThrow()).id,
        body: [
          {
            type: 'paragraph',
            content: [{ text: 'The director said ' }, { text: 'we are open', marks: [{ type: 'quote', speaker: 'Ana Ruiz' }] }, { text: ' on Tuesday.' }],
          },
          {
            type: 'table',
            header: true,
            rows: [
              [[{ text: 'Route' }], [{ text: 'Time' }]],
              [[{ text: 'A–B' }], [{ text: '06:00' }]],
            ],
          },
        ],
        related: [{ articleId: (await t.database.db.selectFrom('articles').select('id').where('status', '=', 'published').executeTakeFirstOrThrow()).id }],
      },
    })
    assert.equal(created.statusCode, 201, created.body)
    const { page, errors } = await open(`/newsroom/articles/${created.json().id}`)
    await page.locator('.nr-pins li span').first().waitFor()
    assert.deepEqual(await axeViolations(page), [])
    await page.locator('.nr-prose').click()
    await page.keyboard.press('Control+k')
    await page.getByLabel('Link URL').waitFor()
    assert.deepEqual(await axeViolations(page), [], 'with the link popover open')
    await page.keyboard.press('Escape')
    await page.getByRole('combobox', { name: 'Find a published article to pin' }).fill('the')
    await page.getByRole('listbox').waitFor()
    await page.keyboard.press('ArrowDown')
    assert.deepEqual(await axeViolations(page), [], 'with the related list open')
    await page.screenshot({ path: screenshotPath('editor-page-axe'), fullPage: true })
    assert.deepEqual(errors, [])
    await page.close()
  })

  test('the published page: typed quotation marks not doubled, typographic apostrophes, the table with its header', async () => {
    const sectionId = (await t.database.db.selectFrom('sections').select('id').executeTakeFirstOrThrow()).id
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/articles',
      headers: editor.headers,
      payload: {
        headline: 'Quotes on the page',
        sectionId,
        lead: 'A lead.',
        body: [
          {
            type: 'paragraph',
            content: [
              { text: `The Council's director said ` },
              { text: '“We are open for business”', marks: [{ type: 'quote', speaker: 'Ana Ruiz', source: 'Port of Lisbon' }] },
              { text: ` and called it "a relief".` },
            ],
          },
          {
            type: 'table',
            header: true,
            rows: [
              [[{ text: 'Route' }], [{ text: 'Area (m' }, { text: '2', marks: [{ type: 'sup' }] }, { text: ')' }]],
              [[{ text: 'Lisbon–Barreiro' }], [{ text: '4,000' }]],
            ],
          },
        ],
      },
    })
    assert.equal(created.statusCode, 201, created.body)
    const id = created.json().id
    const published = await t.app.inject({ method: 'POST', url: `/api/admin/articles/${id}/workflow`, headers: editor.headers, payload: { action: 'publish' } })
    assert.equal(published.statusCode, 200, published.body)
    const url = (await t.app.inject({ method: 'GET', url: `/api/admin/articles/${id}`, headers: editor.headers })).json().url
    const page = await (await browser.newContext()).newPage()
    await page.goto(base + url)
    const q = page.locator('.article__body q')
    assert.equal(await q.textContent(), 'We are open for business', 'the typed marks are gone; <q> draws its own')
    assert.match(
      (await page.locator('.article__body p').first().textContent()) ?? '',
      /The Council’s director said We are open for business and called it “a relief”\./,
    )
    assert.deepEqual(await page.locator('.article__body table thead th').allTextContents(), ['Route', 'Area (m2)'])
    assert.equal(await page.locator('.article__body table th[scope=col] sup').textContent(), '2')
    assert.deepEqual(await page.locator('.article__body table tbody td').allTextContents(), ['Lisbon–Barreiro', '4,000'])
    await page.screenshot({ path: screenshotPath('article-quotes-table'), fullPage: true })
    await page.context().close()
  })
})
