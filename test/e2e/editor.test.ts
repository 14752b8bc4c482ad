import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { Block } from '../../src/content/blocks.ts'
import { createTestApp, type TestApp } from '../support/app.ts'
import { browserSkipReason, launchBrowser, screenshotPath } from '../support/browser.ts'
import { closeTemplate } from '../support/databases.ts'
import { staffSession, type TestSession } from '../support/staff.ts'

const skip = browserSkipReason()
if (skip) console.log(`# skipping editor browser tests: ${skip}`)

const FIXTURES = path.resolve('test/fixtures/paste')

type EditorHandle = {
  state: { doc: { textContent: string; content: { size: number } }; selection: { from: number; to: number } }
  commands: { setTextSelection: (r: number | { from: number; to: number }) => boolean; focus: (p?: string) => boolean }
}

describe('the article editor in a real browser', { skip }, () => {
  let t: TestApp
  let browser: Browser
  let context: BrowserContext
  let base: string
  let reporter: TestSession

  before(async () => {
    t = await createTestApp()
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const address = t.app.server.address()
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    reporter = await staffSession(t, 'reporter', 'Rita Reporter')
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1280, height: 1000 } })
    await context.addCookies([{ name: 'dl_session', value: reporter.cookie.split('=')[1]!, url: base }])
  })
  after(async () => {
    await browser?.close()
    await t?.close()
    await closeTemplate()
  })

  /** A new draft opened in the editor, its body empty; page errors fail the test. */
  async function openDraft(headline: string): Promise<{ page: Page; errors: string[] }> {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/articles',
      headers: reporter.headers,
      payload: { headline, sectionId: await firstSectionId(), lead: '', body: [] },
    })
    assert.equal(res.statusCode, 201, res.body)
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${base}/newsroom/articles/${res.json().id}`)
    await page.waitForSelector('#article-form[data-ready=true] .nr-prose[contenteditable=true]')
    return { page, errors }
  }

  async function firstSectionId(): Promise<number> {
    const row = await t.database.db.selectFrom('sections').select('id').orderBy('id').executeTakeFirstOrThrow()
    return row.id
  }

  /** The body blocks the form would save (the hidden field the editor keeps in step). */
  const blocks = async (page: Page): Promise<Block[]> => JSON.parse(await page.locator('#f-body').inputValue())

  /** Selects the first occurrence of `text` in the editor. */
  async function select(page: Page, text: string, occurrence = 0) {
    await page.evaluate(
      ({ text, occurrence }) => {
        const ed = (window as unknown as { datelineEditor: EditorHandle }).datelineEditor
        const { doc } = ed.state as unknown as { doc: { descendants: (f: (n: { isText: boolean; text?: string }, pos: number) => void) => void } }
        const hits: number[] = []
        doc.descendants((n, pos) => {
          if (!n.isText || !n.text) return
          for (let i = n.text.indexOf(text); i >= 0; i = n.text.indexOf(text, i + 1)) hits.push(pos + i)
        })
        const from = hits[occurrence]
        if (from === undefined) throw new Error(`"${text}" is not in the editor`)
        ed.commands.focus()
        ed.commands.setTextSelection({ from, to: from + text.length })
      },
      { text, occurrence },
    )
  }

  const selection = (page: Page) =>
    page.evaluate(() => (window as unknown as { datelineEditor: EditorHandle }).datelineEditor.state.selection).then((s) => ({ from: s.from, to: s.to }))
  const focusInProse = (page: Page) => page.waitForFunction(() => Boolean(document.activeElement?.closest('.nr-prose')))

  /** Pastes clipboard HTML into the editor the way the browser does: a paste event with a DataTransfer. */
  async function paste(page: Page, html: string) {
    await page.locator('.nr-prose').click()
    await page.evaluate((html) => {
      const data = new DataTransfer()
      data.setData('text/html', html)
      data.setData('text/plain', new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '')
      const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
      document.querySelector('.nr-prose')!.dispatchEvent(event)
    }, html)
  }

  describe('inline quotes', () => {
    test('typing on after a quote, and Enter at its end, do not extend it; Remove acts on the selection only; the speaker shows', async () => {
      const { page, errors } = await openDraft('Inline quotes')
      await page.locator('.nr-prose').click()
      await page.keyboard.type('The director said we are open for business today')
      await select(page, 'we are open for business')
      await page.getByRole('button', { name: 'Quote (inline)' }).click()
      await page.getByLabel('Speaker').fill('Ana Ruiz')
      await page.getByLabel('Source').fill('Port of Lisbon')
      await page.keyboard.press('Enter')
      await focusInProse(page)
      const label = page.locator('.nr-q-label')
      await label.waitFor()
      assert.equal(await label.textContent(), '— Ana Ruiz, Port of Lisbon')
      assert.ok(await label.isVisible(), 'the speaker is visible in the editor')

      // typing right after the quoted words
      await select(page, 'we are open for business')
      await page.keyboard.press('ArrowRight')
      await page.keyboard.type(', she said,')
      // Enter at the end of the quote, then a new paragraph
      await select(page, 'we are open for business')
      await page.keyboard.press('ArrowRight')
      await page.keyboard.press('Enter')
      await page.keyboard.type('A new paragraph')
      const quote = { type: 'quote', speaker: 'Ana Ruiz', source: 'Port of Lisbon' }
      assert.deepEqual(await blocks(page), [
        { type: 'paragraph', content: [{ text: 'The director said ' }, { text: 'we are open for business', marks: [quote] }] },
        { type: 'paragraph', content: [{ text: 'A new paragraph, she said, today' }] },
      ])
      await page.screenshot({ path: screenshotPath('editor-inline-quote'), fullPage: false })

      // Remove on part of the quote: only "open" loses it
      await select(page, 'open')
      await page.getByRole('button', { name: 'Quote (inline)' }).click()
      await page.getByRole('button', { name: 'Remove' }).click()
      assert.deepEqual((await blocks(page))[0], {
        type: 'paragraph',
        content: [{ text: 'The director said ' }, { text: 'we are ', marks: [quote] }, { text: 'open' }, { text: ' for business', marks: [quote] }],
      })
      assert.equal(await page.locator('.nr-q-label').count(), 2, 'each part of the quote shows its speaker')
      // with nothing selected, Remove takes the whole quote under the cursor
      await select(page, 'for')
      await page.evaluate(() => {
        const ed = (window as unknown as { datelineEditor: EditorHandle }).datelineEditor
        ed.commands.setTextSelection(ed.state.selection.from + 1)
      })
      await page.getByRole('button', { name: 'Quote (inline)' }).click()
      await page.getByRole('button', { name: 'Remove' }).click()
      assert.deepEqual((await blocks(page))[0], {
        type: 'paragraph',
        content: [{ text: 'The director said ' }, { text: 'we are ', marks: [quote] }, { text: 'open for business' }],
      })
      assert.deepEqual(errors, [])
      await page.close()
    })
  })

  describe('keyboard', () => {
    test('the toolbar is one tab stop: arrows, Home and End move along it, Tab leaves it for the text', async () => {
      const { page, errors } = await openDraft('Toolbar keys')
      await page.getByLabel('Agency').focus()
      await page.keyboard.press('Tab')
      const focused = () => page.evaluate(() => document.activeElement?.textContent ?? document.activeElement?.tagName)
      assert.equal(await focused(), 'Bold')
      await page.keyboard.press('ArrowRight')
      assert.equal(await focused(), 'Italic')
      await page.keyboard.press('End')
      assert.equal(await focused(), 'Redo')
      await page.keyboard.press('ArrowRight')
      assert.equal(await focused(), 'Bold', 'the arrows wrap around')
      await page.keyboard.press('ArrowLeft')
      assert.equal(await focused(), 'Redo')
      await page.keyboard.press('Home')
      assert.equal(await focused(), 'Bold')
      await page.keyboard.press('ArrowRight')
      await page.keyboard.press('Tab')
      assert.ok(await page.evaluate(() => Boolean(document.activeElement?.closest('.nr-prose'))), 'Tab goes from the toolbar to the text')
      await page.keyboard.press('Shift+Tab')
      assert.equal(await focused(), 'Italic', 'coming back lands on the button last used')
      assert.deepEqual(await page.locator('.nr-toolbar button').evaluateAll((bs) => bs.filter((b) => (b as HTMLElement).tabIndex === 0).length), 1)
      assert.deepEqual(errors, [])
      await page.close()
    })

    test('Ctrl+K makes a link of the selection; Cancel and Escape put the cursor back where it was', async () => {
      const { page, errors } = await openDraft('Link keys')
      await page.locator('.nr-prose').click()
      await page.keyboard.type('Read the minutes of the meeting.')
      await select(page, 'minutes')
      const before = await selection(page)
      await page.keyboard.press('Control+k')
      const url = page.getByLabel('Link URL')
      await url.waitFor()
      assert.ok(await url.evaluate((el) => el === document.activeElement), 'the URL field has focus')
      await page.screenshot({ path: screenshotPath('editor-link-popover') })
      await page.keyboard.press('Escape')
      await focusInProse(page)
      assert.deepEqual(await selection(page), before, 'Escape: back to the same selection')
      assert.ok(await url.isHidden())

      await page.keyboard.press('Control+k')
      await url.waitFor()
      await page.getByRole('button', { name: 'Cancel' }).click()
      await focusInProse(page)
      assert.deepEqual(await selection(page), before, 'Cancel: back to the same selection')

      await page.keyboard.press('Control+k')
      await url.fill('https://example.org/minutes')
      await page.keyboard.press('Enter')
      await focusInProse(page)
      assert.deepEqual((await blocks(page))[0], {
        type: 'paragraph',
        content: [{ text: 'Read the ' }, { text: 'minutes', marks: [{ type: 'link', href: 'https://example.org/minutes' }] }, { text: ' of the meeting.' }],
      })
      assert.deepEqual(errors, [])
      await page.close()
    })
  })

  describe('tables', () => {
    test('Table inserts one with a header row; Tab moves between cells; the table tools add a row, set a caption, turn the header off', async () => {
      const { page, errors } = await openDraft('Tables')
      await page.locator('.nr-prose').click()
      await page.keyboard.type('Sailings:')
      await page.getByRole('button', { name: 'Table', exact: true }).click()
      for (const [i, text] of ['Route', 'First', 'Last', 'A–B', '06:00', '23:00'].entries()) {
        if (i > 0) await page.keyboard.press('Tab')
        await page.keyboard.type(text)
      }
      const table = (await blocks(page)).find((b) => b.type === 'table')
      assert.deepEqual(table, {
        type: 'table',
        header: true,
        rows: [
          [[{ text: 'Route' }], [{ text: 'First' }], [{ text: 'Last' }]],
          [[{ text: 'A–B' }], [{ text: '06:00' }], [{ text: '23:00' }]],
        ],
      })
      await page.getByRole('button', { name: 'Table', exact: true }).click()
      await page.getByLabel('Table caption').fill('Ferry times')
      await page.screenshot({ path: screenshotPath('editor-table-tools') })
      await page.keyboard.press('Enter')
      await page.getByRole('button', { name: 'Table', exact: true }).click()
      await page.getByRole('button', { name: 'Add row' }).click()
      await focusInProse(page)
      await page.keyboard.press('Tab')
      await page.keyboard.type('C–D')
      const after = (await blocks(page)).find((b) => b.type === 'table')
      assert.equal(after?.type === 'table' && after.caption, 'Ferry times')
      assert.deepEqual(after?.type === 'table' && after.rows.at(-1), [[{ text: 'C–D' }], [], []])
      await page.getByRole('button', { name: 'Table', exact: true }).click()
      await page.getByRole('button', { name: 'Header row on/off' }).click()
      const plain = (await blocks(page)).find((b) => b.type === 'table')
      assert.equal(plain?.type === 'table' && plain.header, undefined)
      assert.deepEqual(errors, [])
      await page.close()
    })
  })

  describe('paste from Word and Google Docs', () => {
    const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8')
    const bold = { type: 'bold' }
    const italic = { type: 'italic' }

    test('Word: title and headings become subheadings, the table stays a table with its header row, sup/sub survive, lists, no <o:p> residue', async () => {
      const { page, errors } = await openDraft('Paste Word')
      await paste(page, fixture('word-report.html'))
      const body = await blocks(page)
      assert.deepEqual(body, [
        { type: 'subheading', text: 'Harbour reopens after the storm' },
        {
          type: 'paragraph',
          content: [
            { text: 'The port authority said on Tuesday that ' },
            { text: 'every berth', marks: [bold] },
            { text: ' would reopen by noon, ' },
            { text: 'a day earlier than planned', marks: [italic] },
            { text: '. Water rose 2.4 m' },
            { text: '2', marks: [{ type: 'sup' }] },
            { text: ' over the quay on the 3' },
            { text: 'rd', marks: [{ type: 'sup' }] },
            { text: ' day, and CO' },
            { text: '2', marks: [{ type: 'sub' }] },
            { text: ' sensors stayed dry.' },
            { text: '[1]', marks: [{ type: 'sup' }] },
          ],
        },
        { type: 'subheading', text: 'What happens next' },
        { type: 'paragraph', content: [{ text: 'Ferries resume on this timetable:' }] },
        {
          type: 'table',
          header: true,
          rows: [
            [[{ text: 'Route', marks: [bold] }], [{ text: 'First sailing', marks: [bold] }]],
            [[{ text: 'Lisbon–Barreiro' }], [{ text: '06:00 ' }, { text: '(weekdays)', marks: [italic] }]],
            [[{ text: 'Lisbon–Seixal' }], [{ text: '06:30' }]],
          ],
        },
        { type: 'subheading', text: 'Who is affected' },
        {
          type: 'list',
          ordered: false,
          items: [[{ text: 'Commuters from the south bank' }], [{ text: 'Freight to the ' }, { text: 'container', marks: [bold] }, { text: ' terminal' }]],
        },
        { type: 'paragraph', content: [{ text: '“We are open for business,” the director said.' }] },
      ])
      // Word's picture is a file on the reporter's computer: the block keeps its alt text and asks for a URL
      const image = page.locator('.nr-atom--image')
      assert.equal(await image.count(), 1)
      assert.equal(await image.locator('input[data-attr="alt"]').inputValue(), 'Ferries moored at the quay at dawn')
      assert.equal(await image.locator('input[data-attr="src"]').inputValue(), '')
      assert.equal(await page.locator('.nr-prose').evaluate((el) => /o:p|mso-|MsoNormal/.test(el.innerHTML)), false)
      await page.screenshot({ path: screenshotPath('editor-paste-word'), fullPage: true })
      assert.deepEqual(errors, [])
      await page.close()
    })

    test('Word: a numbered list, a MsoHeading paragraph, non-breaking spaces', async () => {
      const { page, errors } = await openDraft('Paste Word list')
      await paste(page, fixture('word-numbered.html'))
      const body = await blocks(page)
      // Word's "mso-spacerun" no-break space: one space between the words, of either kind
      const last = body.at(-1)
      if (last?.type === 'paragraph') last.content[0]!.text = last.content[0]!.text.replace(/[\s\u00a0]+/gu, ' ')
      assert.deepEqual(body, [
        { type: 'subheading', text: 'Steps the council approved' },
        {
          type: 'list',
          ordered: true,
          items: [
            [{ text: 'Close the old ramp' }],
            [{ text: 'Build a 300 m' }, { text: '2', marks: [{ type: 'sup' }] }, { text: ' waiting hall' }],
            [{ text: 'Reopen in ' }, { text: 'spring', marks: [italic] }],
          ],
        },
        { type: 'paragraph', content: [{ text: "The Council's vote was unanimous." }] },
      ])
      assert.deepEqual(errors, [])
      await page.close()
    })

    test('Google Docs: the docs-internal-guid wrapper does not make everything bold; real bold and italic, headings, table, image, list, link kept', async () => {
      const { page, errors } = await openDraft('Paste Google Docs')
      await paste(page, fixture('gdocs-report.html'))
      assert.deepEqual(await blocks(page), [
        { type: 'subheading', text: 'Council approves the ferry terminal' },
        {
          type: 'paragraph',
          content: [
            { text: 'The council voted on Tuesday, ' },
            { text: 'nine to two', marks: [bold] },
            { text: ', to build the terminal ' },
            { text: 'before the summer', marks: [italic] },
            { text: '. It will cover 4,000 m' },
            { text: '2', marks: [{ type: 'sup' }] },
            { text: ' and cut NO' },
            { text: '2', marks: [{ type: 'sub' }] },
            { text: ' by a third.' },
          ],
        },
        { type: 'subheading', text: 'How they voted' },
        {
          type: 'table',
          header: true,
          rows: [
            [[{ text: 'Party', marks: [bold] }], [{ text: 'For', marks: [bold] }], [{ text: 'Against', marks: [bold] }]],
            [[{ text: 'Harbour Party' }], [{ text: '6' }], [{ text: '0' }]],
            [[{ text: 'Greens' }], [{ text: '3' }], [{ text: '2', marks: [italic] }]],
          ],
        },
        {
          type: 'image',
          src: 'https://lh7-rt.googleusercontent.com/docsz/AD_4nXcQ3x9harbourTerminalRender2026?key=Zt8pQw1',
          alt: "An architect's drawing of the new terminal",
        },
        { type: 'list', ordered: false, items: [[{ text: 'Work starts in ' }, { text: 'March', marks: [bold] }], [{ text: 'The old ramp closes in May' }]] },
        {
          type: 'paragraph',
          content: [{ text: 'Read the ' }, { text: 'minutes', marks: [{ type: 'link', href: 'https://example.org/council/minutes' }] }, { text: '.' }],
        },
      ])
      await page.screenshot({ path: screenshotPath('editor-paste-google-docs'), fullPage: true })
      assert.deepEqual(errors, [])
      await page.close()
    })

    test('Google Docs: plain paragraphs stay plain', async () => {
      const { page, errors } = await openDraft('Paste Google Docs plain')
      await paste(page, fixture('gdocs-plain.html'))
      assert.deepEqual(await blocks(page), [
        { type: 'paragraph', content: [{ text: 'Nothing in this paragraph is bold, though Google wraps it all in a b element.' }] },
        { type: 'paragraph', content: [{ text: 'Only ' }, { text: 'these words', marks: [bold, italic] }, { text: ' are bold and italic.' }] },
      ])
      assert.deepEqual(errors, [])
      await page.close()
    })
  })
})
