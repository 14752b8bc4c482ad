import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { browserSkipReason } from '../support/browser.ts'
import { useBrowserApp } from '../support/browser-app.ts'
import { staffSession, type TestSession } from '../support/staff.ts'

const skip = browserSkipReason()
if (skip) console.log(`# skipping the Russian editor browser test: ${skip}`)

describe("the article editor's scripts in the staff member's language (Russian)", { skip }, () => {
  const open = useBrowserApp({ before, after })
  let reporter: TestSession

  before(async () => {
    reporter = await staffSession(open.t, 'reporter', 'Мария Иванова')
    await open.t.database.db.updateTable('accounts').set({ interface_language: 'ru' }).where('id', '=', reporter.principal.id).execute()
  })

  test('the toolbar, the popovers, the related picker and autosave speak Russian', async () => {
    const { t, browser, base } = open
    const section = await t.database.db.selectFrom('sections').select('id').orderBy('id').executeTakeFirstOrThrow()
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/articles',
      headers: reporter.headers,
      payload: { headline: 'Черновик о выборах', sectionId: section.id, lead: '', body: [] },
    })
    assert.equal(res.statusCode, 201, res.body)
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-GB' })
    await context.addCookies([{ name: 'dl_session', value: reporter.cookie.split('=')[1]!, url: base }])
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${base}/newsroom/articles/${res.json().id}`)
    await page.waitForSelector('#article-form[data-ready=true] .nr-prose[contenteditable=true]')

    const toolbar = page.locator('.nr-toolbar')
    assert.equal(await toolbar.getAttribute('aria-label'), 'Оформление')
    const labels = await toolbar.locator('button').allTextContents()
    assert.ok(labels.includes('Полужирный') && labels.includes('Таблица') && labels.includes('Отменить'), labels.join(', '))
    assert.ok(!labels.some((l) => /^[A-Za-z ()]+$/.test(l)), `no English button: ${labels.join(', ')}`)
    assert.match((await page.locator('label[for="related-search"]').textContent()) ?? '', /Найти опубликованную статью/)
    assert.match((await page.locator('.nr-pins__none').textContent()) ?? '', /Ничего не закреплено/)

    // the link popover
    await page.locator('.nr-prose').click()
    await page.keyboard.type('Мэр заявил о переносе выборов')
    await toolbar.getByRole('button', { name: 'Ссылка', exact: true }).click()
    const popover = page.locator('.nr-popover:not([hidden])')
    assert.deepEqual(await popover.locator('button').allTextContents(), ['Применить', 'Убрать', 'Отмена'])
    await popover.getByRole('button', { name: 'Отмена' }).click()

    // autosave says so in Russian, the time from Intl
    await page.waitForFunction(() => /Черновик сохранён в \d\d:\d\d GMT/.test(document.getElementById('save-status')?.textContent ?? ''), undefined, {
      timeout: 15_000,
    })
    assert.deepEqual(errors, [])
    await context.close()
  })
})
