/**
 * The Arabic edition in a real browser, at a desktop and a phone width: the page mirrors (the
 * headline and section label sit at the right, the logo at the right, the counters at the left end
 * of the toolbar), dates and counters are in Arabic-Indic digits, nothing scrolls sideways, axe
 * finds no violations; Listen Live plays a real Icecast stream in the mirrored page, and a reader's
 * Arabic comment with an English name in it is posted and shown, in its own direction.
 */
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { createTestApp, type TestApp } from '../support/app.ts'
import { browserSkipReason, launchBrowser, screenshotPath } from '../support/browser.ts'
import { closeTemplate } from '../support/databases.ts'
import { readerSession, setDiscussionSettings } from '../support/discussion.ts'
import { icecastSkipReason, startIcecast, type IcecastServer } from '../support/icecast.ts'
import { staffSession, type TestSession } from '../support/staff.ts'

const skip = browserSkipReason()
if (skip) console.log(`# skipping the right-to-left browser test: ${skip}`)
const noIcecast = icecastSkipReason()

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const SEED_PATH = '/world/asia-pacific/20200805/un-security-council-debate-on-north-korea-rights-record-leaves-china-worried'
const MOUNT = '/arabic.mp3'
const ARABIC_DIGITS = /[\u0660-\u0669]/
const LATIN_DIGITS = /[0-9]/

interface AxeViolation {
  id: string
  help: string
  nodes: { target: string[] }[]
}

/** axe-core's WCAG A/AA and best-practice rules on the page; the violations, described. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE)
  const { violations, passes } = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: AxeViolation[]; passes: unknown[] }> } }).axe
    const r = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
    return { violations: r.violations, passes: r.passes.length }
  })
  assert.ok(passes > 20, `axe ran ${passes} passing rules`)
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`)
}

interface LayoutFacts {
  lang: string
  dir: string
  viewport: number
  scrollWidth: number
  logo: Box
  header: Box
  article: Box
  headlineFirstLine: Box
  label: Box
  shortUrl: Box
  counters: Box
  time: string
  counts: string[]
  headlineDirection: string
}
interface Box {
  left: number
  right: number
  width: number
}

/**
 * Where the page's landmarks are, and what its times and counters say. (A script as text: the test
 * runner's transform would give named helpers inside a function a wrapper the page lacks.)
 */
function layoutFacts(page: Page): Promise<LayoutFacts> {
  return page.evaluate(`(() => {
    const box = (el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right, width: r.width } }
    // where an element's text is drawn (its box may span the column either way)
    const ink = (el) => { const range = document.createRange(); range.selectNodeContents(el); return box(range) }
    const h1 = document.querySelector('h1')
    const range = document.createRange()
    range.selectNodeContents(h1)
    const first = range.getClientRects()[0]
    return {
      lang: document.documentElement.lang,
      dir: document.documentElement.dir,
      viewport: document.documentElement.clientWidth,
      scrollWidth: document.documentElement.scrollWidth,
      logo: ink(document.querySelector('.logo')),
      header: box(document.querySelector('.site-header__inner')),
      article: box(document.querySelector('.article')),
      headlineFirstLine: { left: first.left, right: first.right, width: first.width },
      label: box(document.querySelector('.article__meta .section-label')),
      shortUrl: box(document.querySelector('.article__toolbar .share__button')),
      counters: box(document.querySelector('.counters')),
      time: document.querySelector('.article__meta time').textContent,
      counts: [...document.querySelectorAll('.counters .counter__n')].map((n) => n.textContent),
      headlineDirection: getComputedStyle(h1).direction,
    }
  })()`)
}

describe('the Arabic edition in a real browser', { skip, timeout: 240_000 }, () => {
  let t: TestApp
  let ice: IcecastServer | undefined
  let browser: Browser
  let base: string
  let arabicPath = ''
  let reader: TestSession
  let editor: TestSession

  before(async () => {
    if (!noIcecast) {
      ice = await startIcecast()
      await ice.startEncoder(MOUNT)
      await ice.setTitle(MOUNT, 'نشرة الأخبار')
    }
    t = await createTestApp({ build: { scheduler: false, live: { pollIntervalMs: 1000, statusTimeoutMs: 2000 } } })
    const ar = await t.database.db.selectFrom('editions').select('id').where('code', '=', 'ar').executeTakeFirstOrThrow()
    if (ice)
      await t.app.live.stations.create(ar.id, { name: 'إذاعة ديتلاين', timeZone: 'Asia/Amman', streams: [`${ice.base}${MOUNT}`], statusUrl: ice.statusUrl })
    await setDiscussionSettings(t.database.db, { holdFirstComments: 0 })
    reader = await readerSession(t, 'سلمى Haddad')
    editor = await staffSession(t, 'editor', 'Eda Editor')
    // the seed story's Arabic translation, as the English page's hreflang names it
    const english = await t.app.inject({ url: SEED_PATH })
    const href = /<link rel="alternate" hreflang="ar" href="([^"]+)">/.exec(english.body)?.[1]
    assert.ok(href, 'the English seed page names its Arabic translation')
    arabicPath = new URL(href).pathname
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const address = t.app.server.address()
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    browser = await launchBrowser(['--autoplay-policy=no-user-gesture-required'])
  })
  after(async () => {
    await browser?.close()
    await t?.close()
    await ice?.stop()
    await closeTemplate()
  })

  for (const width of [1280, 390]) {
    test(`the article at ${width} px: mirrored, Arabic-Indic digits, no sideways scroll, no axe violations`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } })
      const page = await context.newPage()
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      await page.goto(base + arabicPath)
      // the live counts have arrived (the script rewrites the numbers in the page's digits)
      await page.waitForSelector('.counters[data-live="true"]')
      const f = await layoutFacts(page)
      assert.equal(f.lang, 'ar')
      assert.equal(f.dir, 'rtl')
      assert.equal(f.headlineDirection, 'rtl')
      assert.ok(f.scrollWidth <= f.viewport, `nothing scrolls sideways: ${f.scrollWidth} > ${f.viewport}`)
      // mirrored: text starts at the right edge of the column, the logo is at the right of the header
      assert.ok(Math.abs(f.headlineFirstLine.right - f.article.right) < 2, `the headline's right edge is the column's: ${JSON.stringify(f)}`)
      assert.ok(Math.abs(f.label.right - f.article.right) < 2, `the section label starts at the right: ${JSON.stringify(f)}`)
      assert.ok(f.label.left > f.article.left + f.article.width / 2, 'the short section label stays in the right half')
      assert.ok(
        f.logo.left > f.viewport / 2 && f.header.right - f.logo.right < 20,
        `the logo is at the right of the header: ${JSON.stringify([f.logo, f.header])}`,
      )
      // the toolbar: Get short URL at the start (right), the counters at the end (left)
      assert.ok(f.shortUrl.right > f.counters.right, `the counters are left of the short URL button: ${JSON.stringify(f)}`)
      // Arabic-Indic digits, no Latin ones, in the timestamp and the counters
      assert.match(f.time, ARABIC_DIGITS)
      assert.doesNotMatch(f.time, LATIN_DIGITS)
      assert.equal(f.counts.length, 2)
      for (const n of f.counts) {
        assert.match(n, ARABIC_DIGITS, `counter ${n}`)
        assert.doesNotMatch(n, LATIN_DIGITS, `counter ${n}`)
      }
      assert.deepEqual(await axeViolations(page), [])
      await page.screenshot({ path: screenshotPath(`editions-rtl-article-${width}`), fullPage: true })
      assert.deepEqual(errors, [])
      await context.close()
    })
  }

  test('Listen Live plays in the Arabic edition, and its bar spans the mirrored page', { skip: noIcecast }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await page.goto(base + arabicPath)
    const listen = page.locator('#live-player .live-button')
    await listen.waitFor()
    await listen.click()
    await page.waitForFunction(
      () => {
        const a = document.querySelector('#live-player audio') as HTMLAudioElement | null
        return !!a && !a.paused && a.currentTime > 1
      },
      undefined,
      { timeout: 30_000, polling: 200 },
    )
    const bar = await page.evaluate(() => {
      const r = document.getElementById('live-player')!.getBoundingClientRect()
      return {
        left: r.left,
        right: r.right,
        bottom: r.bottom,
        state: document.getElementById('live-player')!.dataset.state,
        width: document.documentElement.clientWidth,
      }
    })
    assert.equal(bar.state, 'playing')
    assert.ok(bar.left <= 1 && bar.right >= bar.width - 1, `the player bar spans the window: ${JSON.stringify(bar)}`)
    await page.screenshot({ path: screenshotPath('editions-rtl-player-1280') })
    await context.close()
  })

  for (const width of [1280, 390]) {
    test(`a reader posts an Arabic comment at ${width} px: it shows, in its own direction, the counter in Arabic-Indic digits`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } })
      await context.addCookies([{ name: 'dl_session', value: reader.cookie.split('=')[1]!, url: base }])
      const page = await context.newPage()
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      await page.goto(base + arabicPath)
      await page.waitForSelector('.counters[data-live="true"]')
      const before = Number(await page.locator('.counters [data-count="comments"]').getAttribute('data-n'))
      const text = `أتفق مع ما قاله Samantha Power في الجلسة (${width})`
      const box = page.locator('#discussion textarea[name="body"], .discussion textarea[name="body"]').first()
      await box.fill(text)
      assert.equal(await box.evaluate((el) => getComputedStyle(el).direction), 'rtl', 'the text box follows what is typed')
      await page.locator('.discussion .comment-form button[type="submit"]').first().click()
      const posted = page.locator('.comment', { hasText: text })
      await posted.waitFor()
      const shown = await posted.evaluate((li) => ({
        author: li.querySelector('.comment__author')?.textContent,
        authorTag: li.querySelector('.comment__author')?.tagName,
        direction: getComputedStyle(li.querySelector('.comment__body')!).direction,
        time: li.querySelector('time')?.textContent ?? '',
      }))
      assert.equal(shown.author, 'سلمى Haddad')
      assert.equal(shown.authorTag, 'BDI', 'the name is isolated from the text around it')
      assert.equal(shown.direction, 'rtl')
      const counter = page.locator('.counters [data-count="comments"]')
      await page.waitForFunction((n) => document.querySelector('.counters [data-count="comments"]')?.getAttribute('data-n') === String(n), before + 1)
      const digits = (await counter.textContent()) ?? ''
      assert.equal(digits, new Intl.NumberFormat('ar-u-nu-arab').format(before + 1))
      await posted.scrollIntoViewIfNeeded()
      await page.screenshot({ path: screenshotPath(`editions-rtl-discussion-${width}`), fullPage: false })
      assert.deepEqual(errors, [])
      await context.close()
    })
  }
  test('the newsroom editor: an Arabic article’s copy is typed right to left in the English newsroom, and follows the section chosen', async () => {
    const id = (
      await t.database.db
        .selectFrom('articles')
        .innerJoin('sections', 'sections.id', 'articles.section_id')
        .innerJoin('editions', 'editions.id', 'sections.edition_id')
        .select('articles.id')
        .where('editions.code', '=', 'ar')
        .executeTakeFirstOrThrow()
    ).id
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } })
    await context.addCookies([{ name: 'dl_session', value: editor.cookie.split('=')[1]!, url: base }])
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${base}/newsroom/articles/${id}`)
    await page.waitForSelector('#article-form[data-ready=true] .nr-prose[contenteditable=true]')
    const dir = (sel: string) =>
      page
        .locator(sel)
        .first()
        .evaluate((el) => [getComputedStyle(el).direction, el.closest('[lang]')?.getAttribute('lang') ?? ''])
    assert.deepEqual(await dir('#f-headline'), ['rtl', 'ar'])
    assert.deepEqual(await dir('#f-lead'), ['rtl', 'ar'])
    assert.deepEqual(await dir('.nr-prose'), ['rtl', 'ar'])
    assert.equal(await page.evaluate(() => document.documentElement.dir || 'ltr'), 'ltr', 'the newsroom itself stays English, left to right')
    await page.screenshot({ path: screenshotPath('editions-rtl-newsroom-editor-1280') })
    // moving the article to an English section turns the fields left to right
    const english = await page.locator('#f-sectionId option[data-lang="en-GB"]').first().getAttribute('value')
    await page.selectOption('#f-sectionId', english!)
    assert.deepEqual(await dir('#f-headline'), ['ltr', 'en-GB'])
    assert.deepEqual(await dir('.nr-prose'), ['ltr', 'en-GB'])
    assert.deepEqual(errors, [])
    await context.close()
  })
})
