import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { useBrowserApp } from '../support/browser-app.ts'
import { browserSkipReason, screenshotPath } from '../support/browser.ts'
import { staffSession } from '../support/staff.ts'

const skip = browserSkipReason()
if (skip) console.log(`# skipping the layout browser tests: ${skip}`)

const SEED = '/world/asia-pacific/20200805/un-security-council-debate-on-north-korea-rights-record-leaves-china-worried'

/** The reader's page as laid out at 1280 and 390 px: what issue 18 found rough, measured. */
describe('layout and typography in a real browser', { skip }, () => {
  const ba = useBrowserApp({ before, after })

  const open = async (width: number, path: string): Promise<Page> => {
    const page = await ba.browser.newPage({ viewport: { width, height: 900 } })
    await page.goto(ba.base + path)
    return page
  }

  test('article body lines hold 65–75 characters at 1280 px', async () => {
    const page = await open(1280, SEED)
    const perLine = await page.evaluate(() => {
      // characters of the body's measure: its width over the average advance of its own text
      const p = document.querySelector('.article__body p:not(.dateline)') as HTMLElement
      const range = document.createRange()
      range.selectNodeContents(p)
      const lines = [...range.getClientRects()]
      const width = p.getBoundingClientRect().width
      const chars = (p.textContent ?? '').length
      const total = lines.reduce((a, r) => a + r.width, 0)
      return Math.round(width / (total / chars))
    })
    assert.ok(perLine >= 65 && perLine <= 75, `${perLine} characters per line`)
    await page.close()
  })

  test('attributed quotes carry no highlighter band', async () => {
    const page = await open(1280, SEED)
    const look = await page
      .locator('.article__body q[data-speaker]')
      .first()
      .evaluate((el) => {
        const s = getComputedStyle(el)
        return { color: s.backgroundColor, image: s.backgroundImage, line: s.textDecorationLine, quote: getComputedStyle(el, '::before').content }
      })
    assert.deepEqual(look, { color: 'rgba(0, 0, 0, 0)', image: 'none', line: 'none', quote: look.quote })
    assert.notEqual(look.quote, 'none', 'the quotation marks stay')
    await page.close()
  })

  test('the related list styles linked and unlinked items alike', async () => {
    const page = await open(1280, SEED)
    const styles = await page.locator('.related li').evaluateAll((lis) =>
      lis.map((li) => {
        const text = (li.querySelector('a') ?? li) as HTMLElement
        const s = getComputedStyle(text)
        return `${s.fontSize} ${s.fontWeight} ${s.fontFamily}`
      }),
    )
    assert.ok(styles.length >= 2)
    assert.equal(new Set(styles).size, 1, styles.join(' | '))
    await page.close()
  })

  test('at 390 px the header takes at most 110 px before the content, and the section nav scrolls visibly', async () => {
    const page = await open(390, SEED)
    const top = await page.locator('main').evaluate((m) => m.getBoundingClientRect().top)
    assert.ok(top <= 110, `content starts at ${top} px`)
    const nav = await page.locator('.site-nav ul').evaluate((ul) => {
      const s = getComputedStyle(ul)
      return { overflow: s.overflowX, scrolls: ul.scrollWidth > ul.clientWidth, fade: getComputedStyle(ul.parentElement!, '::after').content }
    })
    assert.ok(nav.scrolls, 'more sections than fit')
    assert.ok(nav.overflow === 'auto' || nav.overflow === 'scroll', `overflow-x ${nav.overflow}`)
    assert.notEqual(nav.fade, 'none', 'a fade at the edge shows there is more')
    await page.screenshot({ path: screenshotPath('layout-article-390') })
    await page.close()
  })

  test('the footer reaches the bottom of a short page', async () => {
    const page = await open(1280, '/nothing-here/')
    const gap = await page.evaluate(() => window.innerHeight - document.querySelector('.site-footer')!.getBoundingClientRect().bottom)
    assert.ok(Math.abs(gap) < 2, `${gap} px below the footer`)
    await page.close()
  })

  test('one search box on the search page at 390 px', async () => {
    const page = await open(390, '/search?q=korea')
    const visible = await page
      .locator('input[type="search"]')
      .evaluateAll((inputs) => inputs.filter((i) => (i as HTMLElement).offsetParent !== null).map((i) => i.id))
    assert.deepEqual(visible, ['search-q'])
    await page.close()
  })

  test('the section page uses its width at 1280 px', async () => {
    const page = await open(1280, '/world/')
    const used = await page.evaluate(() => {
      const main = document.querySelector('main')!.getBoundingClientRect()
      const list = document.querySelector('.section-page')!.getBoundingClientRect()
      return list.width / Math.min(main.width, 72 * 16)
    })
    assert.ok(used > 0.9, `the section page fills ${Math.round(used * 100)}% of the page's width`)
    await page.close()
  })

  test('the discussion page has an h1 and the article page’s alignment', async () => {
    const articleId = (await ba.t.database.db.selectFrom('articles').select('id').where('slug', 'like', 'un-security-council%').executeTakeFirstOrThrow()).id
    const article = await open(1280, SEED)
    const articleLeft = await article.locator('.article__headline').evaluate((h) => h.getBoundingClientRect().left)
    await article.close()
    const page = await open(1280, `/discussion/${articleId}`)
    const h1 = page.getByRole('heading', { level: 1 })
    assert.equal(await h1.count(), 1)
    const left = await h1.evaluate((h) => h.getBoundingClientRect().left)
    assert.ok(Math.abs(left - articleLeft) < 2, `discussion h1 at ${left}, article headline at ${articleLeft}`)
    await page.close()
  })

  test('at 390 px the staff bar does not overlap Listen Live', async () => {
    const editor = await staffSession(ba.t, 'editor')
    const context = await ba.browser.newContext({ viewport: { width: 390, height: 900 } })
    await context.addCookies([{ name: 'dl_session', value: editor.cookie.split('=')[1]!, url: ba.base }])
    const page = await context.newPage()
    await page.goto(ba.base + SEED)
    const boxes = await page.evaluate(() =>
      ['.viewer', '.live-button, .live-player'].map((sel) => {
        const el = document.querySelector(sel)
        return el ? el.getBoundingClientRect().toJSON() : null
      }),
    )
    const [viewer, live] = boxes as ({ left: number; right: number; top: number; bottom: number } | null)[]
    assert.ok(viewer && live, 'both are on the page')
    const overlap = viewer.left < live.right && live.left < viewer.right && viewer.top < live.bottom && live.top < viewer.bottom
    assert.ok(!overlap, `viewer ${JSON.stringify(viewer)} and Listen Live ${JSON.stringify(live)} overlap`)
    await page.screenshot({ path: screenshotPath('layout-staff-390') })
    await context.close()
  })
})
