import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { normalizeCommentText } from '../../src/discussion/comment-text.ts'
import { createTestApp, type TestApp } from '../support/app.ts'
import { browserSkipReason, launchBrowser, screenshotPath } from '../support/browser.ts'
import { closeTemplate } from '../support/databases.ts'
import { readerSession, seedArticleId, setDiscussionSettings } from '../support/discussion.ts'
import { staffSession, type TestSession } from '../support/staff.ts'
import { XSS_VECTORS } from '../fixtures/xss-vectors.ts'

const skip = browserSkipReason()
if (skip) console.log(`# skipping the XSS browser test: ${skip}`)

const SEED_PATH = '/world/asia-pacific/20200805/un-security-council-debate-on-north-korea-rights-record-leaves-china-worried'

/** Everything in `scope` that is not what our templates make of comment text: p, br, and web links. */
async function markupProblems(page: Page, scope: string, bodySelector: string): Promise<string[]> {
  return page.evaluate(
    ({ scope, bodySelector }) => {
      const problems: string[] = []
      for (const el of document.querySelectorAll('*')) {
        for (const a of el.attributes) if (a.name.toLowerCase().startsWith('on')) problems.push(`${el.tagName} has ${a.name}`)
      }
      // ours: the bundles, the article's structured data and the newsroom scripts' words (JSON, not run)
      for (const s of document.querySelectorAll('script'))
        if (!s.getAttribute('src')?.startsWith('/assets/') && s.type !== 'application/ld+json' && !(s.type === 'application/json' && s.id === 'nr-messages'))
          problems.push(`a script that is not ours: ${s.outerHTML.slice(0, 80)}`)
      const root = document.querySelector(scope)
      if (!root) return [`${scope} is missing`]
      for (const tag of [
        'script',
        'img',
        'svg',
        'iframe',
        'object',
        'embed',
        'style',
        'link',
        'meta',
        'base',
        'video',
        'audio',
        'math',
        'template',
        'details',
        'marquee',
        'x',
      ])
        if (root.querySelector(tag)) problems.push(`a <${tag}> inside ${scope}`)
      for (const body of root.querySelectorAll(bodySelector)) {
        for (const el of body.querySelectorAll('*')) {
          if (!['P', 'BR', 'A'].includes(el.tagName)) problems.push(`<${el.tagName.toLowerCase()}> in a comment`)
          const allowed = el.tagName === 'A' ? ['href', 'rel'] : []
          for (const a of el.attributes) if (!allowed.includes(a.name)) problems.push(`${el.tagName} has attribute ${a.name}`)
          if (el instanceof HTMLAnchorElement) {
            if (el.rel !== 'nofollow ugc noopener') problems.push(`a link with rel="${el.rel}"`)
            if (!['http:', 'https:'].includes(new URL(el.href).protocol)) problems.push(`a link to ${el.href}`)
          }
        }
      }
      return problems
    },
    { scope, bodySelector },
  )
}

describe('an XSS corpus posted as comments stays text, in a real browser', { skip }, () => {
  let t: TestApp
  let browser: Browser
  let base: string
  let articleId: number
  let author: TestSession
  const posted = new Map<number, string>()

  const post = async (who: TestSession, text: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/discussion/${articleId}/comments`,
      headers: { ...who.headers, accept: 'application/json' },
      payload: { body: text },
    })
    assert.equal(res.statusCode, 201, `${text.slice(0, 40)}: ${res.body}`)
    return res.json() as { id: number; status: string }
  }

  before(async () => {
    t = await createTestApp()
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const address = t.app.server.address()
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    articleId = await seedArticleId(t.database.db)
    await setDiscussionSettings(t.database.db, {
      holdFirstComments: 0,
      maxLinks: 10,
      repeatWindowMinutes: 0,
      readerRate: { limit: 10_000, windowMinutes: 1 },
      ipRate: { limit: 10_000, windowMinutes: 1 },
    })
    author = await readerSession(t, '<img src=x onerror=window.__xss=1> Mallory')
    for (const v of XSS_VECTORS) posted.set((await post(author, v)).id, v)
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
    await t?.close()
    await closeTemplate()
  })

  const watch = async (page: Page) => {
    const alarms: string[] = []
    page.on('dialog', (d) => {
      alarms.push(`dialog: ${d.message()}`)
      void d.dismiss()
    })
    page.on('pageerror', (e) => alarms.push(`page error: ${e.message}`))
    page.on('console', (m) => m.type() === 'error' && alarms.push(`console: ${m.text()}`))
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) => ((window as unknown as { __csp: string[] }).__csp ??= []).push(e.violatedDirective)),
    )
    return alarms
  }

  test(`${XSS_VECTORS.length} payloads are stored as posted and shown as text on the article page; no script runs`, async () => {
    assert.ok(XSS_VECTORS.length >= 50)
    assert.equal(posted.size, XSS_VECTORS.length, 'every payload was posted as its own comment')
    const stored = await t.database.db.selectFrom('comments').select(['id', 'body', 'status']).where('article_id', '=', articleId).execute()
    assert.equal(stored.length, XSS_VECTORS.length, 'one stored row per payload posted')
    assert.deepEqual(
      stored.map((r) => r.id).sort((a, b) => a - b),
      [...posted.keys()].sort((a, b) => a - b),
    )
    assert.ok(stored.every((r) => r.status === 'approved'))
    for (const r of stored) assert.equal(r.body, normalizeCommentText(posted.get(r.id)!))

    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } })
    const page = await context.newPage()
    const alarms = await watch(page)
    await page.goto(base + SEED_PATH)
    // page through every comment with the script's "More comments"
    while (await page.locator('[data-more]').count()) {
      const before = await page.locator('[data-comment-list] > li').count()
      await page.locator('[data-more]').click()
      await page.waitForFunction((n) => document.querySelectorAll('[data-comment-list] > li').length > n, before)
    }
    assert.equal(await page.locator('[data-comment-list] > li').count(), XSS_VECTORS.length)
    // the text each reader sees is exactly what was posted
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[data-comment-list] > li')].map((li) => ({
        id: Number(li.dataset.commentId),
        text: li.querySelector('.comment__body')!.textContent,
        author: li.querySelector('.comment__author')!.textContent,
      })),
    )
    for (const s of shown) {
      assert.equal(s.text, normalizeCommentText(posted.get(s.id)!).replace(/\n/g, ''), `comment ${s.id}`)
      assert.equal(s.author, '<img src=x onerror=window.__xss=1> Mallory')
    }
    assert.deepEqual(await markupProblems(page, '#discussion', '.comment__body'), [])
    await page.waitForTimeout(300)
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined)
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []), [])
    assert.deepEqual(alarms, [])
    await page.screenshot({ path: screenshotPath('discussion-xss'), fullPage: false })

    // the same payloads arriving live, while the page is open
    const liveIds: number[] = []
    for (const v of XSS_VECTORS.slice(0, 10)) {
      const c = await post(author, `live ${v}`)
      posted.set(c.id, `live ${v}`)
      liveIds.push(c.id)
    }
    await page.waitForFunction((ids) => ids.every((id) => document.getElementById(`c-${id}`)), liveIds)
    assert.deepEqual(await markupProblems(page, '#discussion', '.comment__body'), [])
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined)
    assert.deepEqual(alarms, [])
    await context.close()
  })

  test('held payloads are text in the moderation queue too', async () => {
    await setDiscussionSettings(t.database.db, {
      holdFirstComments: 1,
      maxLinks: 10,
      repeatWindowMinutes: 0,
      readerRate: { limit: 10_000, windowMinutes: 1 },
      ipRate: { limit: 10_000, windowMinutes: 1 },
    })
    const newcomer = await readerSession(t, '"><script>window.__xss=1</script>')
    for (const v of XSS_VECTORS.slice(0, 30)) assert.equal((await post(newcomer, v)).status, 'pending')
    const moderator = await staffSession(t, 'moderator')
    const context = await browser.newContext()
    await context.addCookies([{ name: 'dl_session', value: moderator.cookie.split('=')[1]!, url: base }])
    const page = await context.newPage()
    const alarms = await watch(page)
    await page.goto(`${base}/newsroom/moderation`)
    assert.equal(await page.locator('[data-mod-item]').count(), 30)
    assert.deepEqual(await markupProblems(page, '.mod-queue', '.mod-item__text'), [])
    await page.waitForTimeout(300)
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined)
    assert.deepEqual(alarms, [])
    await context.close()
  })
})
