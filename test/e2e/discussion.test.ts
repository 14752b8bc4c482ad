import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, BrowserContext } from 'playwright-core'
import { createTestApp, type TestApp } from '../support/app.ts'
import { browserSkipReason, launchBrowser, screenshotPath } from '../support/browser.ts'
import { closeTemplate } from '../support/databases.ts'
import { readerSession } from '../support/discussion.ts'
import { staffSession, type TestSession } from '../support/staff.ts'

const skip = browserSkipReason()
if (skip) console.log(`# skipping the discussion browser test: ${skip}`)

const SEED_PATH = '/world/asia-pacific/20200805/un-security-council-debate-on-north-korea-rights-record-leaves-china-worried'

describe('discussion in a real browser', { skip }, () => {
  let t: TestApp
  let browser: Browser
  let base: string
  let ben: TestSession
  let moderator: TestSession

  const signedIn = async (s: TestSession, viewport = { width: 1100, height: 900 }): Promise<BrowserContext> => {
    const context = await browser.newContext({ viewport })
    await context.addCookies([{ name: 'dl_session', value: s.cookie.split('=')[1]!, url: base }])
    return context
  }

  before(async () => {
    t = await createTestApp()
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const address = t.app.server.address()
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    ben = await readerSession(t, 'Ben Reader')
    moderator = await staffSession(t, 'moderator', 'Mona Moderator')
    browser = await launchBrowser()
  })
  after(async () => {
    await browser?.close()
    await t?.close()
    await closeTemplate()
  })

  test('A posts and is held as a new commenter; a moderator approves with the keyboard; B sees it arrive live, reports it, and it is in the reported queue', async (tc) => {
    tc.after(async () => {
      for (const [i, ctx] of browser.contexts().entries())
        for (const [j, p] of ctx.pages().entries()) await p.screenshot({ path: screenshotPath(`discussion-last-${i}-${j}`), fullPage: true }).catch(() => {})
    })
    const errors: string[] = []

    // Reader A creates an account from the article and posts.
    const ctxA = await browser.newContext({ viewport: { width: 1100, height: 900 } })
    const pageA = await ctxA.newPage()
    pageA.on('pageerror', (e) => errors.push(`A: ${e.message}`))
    await pageA.goto(base + SEED_PATH)
    await pageA
      .getByRole('region', { name: /Discussion/ })
      .getByRole('link', { name: 'create an account' })
      .click()
    await pageA.getByLabel('E-mail').fill('ada@readers.test')
    await pageA.getByLabel('Display name').fill('Ada Reader')
    await pageA.getByLabel('Password').fill('a-long-enough-password')
    await pageA.getByRole('button', { name: 'Create account' }).click()
    // back on the article, now rendered for the signed-in reader
    await pageA.waitForURL(`${base}${SEED_PATH}#discussion`)
    await pageA.getByLabel('Your comment').fill('The Security Council vote matters more than the rhetoric.\nSee https://example.org/vote')
    await pageA.getByRole('button', { name: 'Post comment' }).click()
    const pending = pageA.locator('.discussion__pending .comment')
    await pending.waitFor()
    assert.match((await pending.textContent()) ?? '', /Awaiting moderation: only you can see this/)
    assert.equal(await pageA.getByLabel('Your comment').inputValue(), '')
    await pageA.screenshot({ path: screenshotPath('discussion-held'), fullPage: false })
    const commentId = Number(await pending.getAttribute('data-comment-id'))

    // Reader B has the article open (signed in, JavaScript on).
    const ctxB = await signedIn(ben)
    const pageB = await ctxB.newPage()
    pageB.on('pageerror', (e) => errors.push(`B: ${e.message}`))
    await pageB.goto(base + SEED_PATH)
    await pageB.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true))
    const discussionB = pageB.getByRole('region', { name: /Discussion/ })
    assert.equal(await discussionB.locator(`#c-${commentId}`).count(), 0)
    assert.match((await discussionB.locator('[data-comment-count]').textContent()) ?? '', /^0 comments$/)
    const end = Date.now() + 5000
    while (t.app.discussionHub.clientCount < 1 && Date.now() < end) await new Promise((r) => setTimeout(r, 50))

    // The moderator approves it from the queue with the keyboard.
    const ctxM = await signedIn(moderator, { width: 1280, height: 900 })
    const pageM = await ctxM.newPage()
    pageM.on('pageerror', (e) => errors.push(`M: ${e.message}`))
    await pageM.goto(`${base}/newsroom/moderation`)
    const item = pageM.locator(`[data-mod-item="${commentId}"]`)
    assert.match((await item.textContent()) ?? '', /Held by new-reader/)
    await pageM.screenshot({ path: screenshotPath('discussion-queue'), fullPage: false })
    await pageM.waitForFunction(() => document.activeElement?.hasAttribute('data-mod-item'))
    await pageM.keyboard.press('a')
    await item.waitFor({ state: 'detached' })
    assert.equal(await pageM.locator('[data-mod-status]').textContent(), 'Comment approved.')

    // B sees it appear without reloading, with the count.
    const arrived = discussionB.locator(`#c-${commentId}`)
    await arrived.waitFor()
    assert.match((await arrived.textContent()) ?? '', /The Security Council vote matters more than the rhetoric\./)
    assert.equal(await arrived.locator('a[href="https://example.org/vote"]').getAttribute('rel'), 'nofollow ugc noopener')
    assert.equal(await discussionB.locator('[data-comment-count]').textContent(), '1 comment')
    assert.equal(await pageB.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument), true)
    await pageB.screenshot({ path: screenshotPath('discussion-live'), fullPage: false })

    // B reports it as breaking section 1.
    await arrived.getByRole('link', { name: 'Report' }).click()
    await pageB.waitForURL(/\/report$/)
    await pageB.getByLabel('1. Be civil').check()
    await pageB.getByLabel(/Anything the moderators should know/).fill('Rude to other readers')
    await pageB.getByRole('button', { name: 'Send report' }).click()
    await pageB.getByText('Thank you. A moderator will look at this comment.').waitFor()

    // It is in the reported queue, with the report.
    await pageM.goto(`${base}/newsroom/moderation?queue=reported`)
    const reported = pageM.locator(`[data-mod-item="${commentId}"]`)
    assert.match((await reported.textContent()) ?? '', /Reported by Ben Reader for §1 Be civil: “Rude to other readers”/)
    await pageM.screenshot({ path: screenshotPath('discussion-reported'), fullPage: false })
    assert.deepEqual(errors, [])
    await Promise.all([ctxA.close(), ctxB.close(), ctxM.close()])
  })

  test('keyboard moderation: j/k move between comments, r goes to the reject form and asks for a standards section, Enter rejects', async (tc) => {
    tc.after(async () => {
      for (const [i, ctx] of browser.contexts().entries())
        for (const [j, p] of ctx.pages().entries())
          await p.screenshot({ path: screenshotPath(`discussion-keys-last-${i}-${j}`), fullPage: true }).catch(() => {})
    })
    const { seedArticleId } = await import('../support/discussion.ts')
    const articleId = await seedArticleId(t.database.db)
    // three new readers' first comments: all held
    const posted: number[] = []
    for (const [i, name] of ['Kit Keys', 'Lou Keys', 'Max Keys'].entries()) {
      const r = await readerSession(t, name)
      const res = await t.app.inject({
        method: 'POST',
        url: `/discussion/${articleId}/comments`,
        headers: { ...r.headers, accept: 'application/json', 'x-forwarded-for': `203.0.113.${i + 1}` },
        payload: { body: `Held for the keyboard, number ${i + 1}` },
      })
      assert.equal(res.json().status, 'pending', res.body)
      posted.push(res.json().id)
    }
    const errors: string[] = []
    const ctxM = await signedIn(moderator, { width: 1280, height: 900 })
    const pageM = await ctxM.newPage()
    pageM.on('pageerror', (e) => errors.push(e.message))
    await pageM.goto(`${base}/newsroom/moderation`)
    const order = (await pageM.locator('[data-mod-item]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-mod-item'))))).filter((id) =>
      posted.includes(id),
    )
    assert.deepEqual(order, posted, 'the pending queue lists the oldest first')
    const focused = () => pageM.evaluate(() => Number(document.activeElement?.closest('[data-mod-item]')?.getAttribute('data-mod-item') ?? 0))
    const current = () => pageM.locator('.mod-item--current').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-mod-item'))))
    const all = await pageM.locator('[data-mod-item]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-mod-item'))))
    await pageM.waitForFunction(() => document.activeElement?.hasAttribute('data-mod-item'))
    assert.equal(await focused(), all[0])
    assert.deepEqual(await current(), [all[0]])

    // j moves down, k back up; k at the top stays there
    const firstOurs = all.indexOf(posted[0]!)
    for (let i = 0; i < firstOurs; i++) await pageM.keyboard.press('j')
    assert.equal(await focused(), posted[0])
    await pageM.keyboard.press('j')
    assert.equal(await focused(), posted[1])
    assert.deepEqual(await current(), [posted[1]], 'one comment is marked current')
    await pageM.keyboard.press('j')
    assert.equal(await focused(), posted[2])
    await pageM.keyboard.press('k')
    assert.equal(await focused(), posted[1])
    for (let i = 0; i < all.length + 1; i++) await pageM.keyboard.press('k')
    assert.equal(await focused(), all[0])
    for (let i = 0; i < firstOurs + 1; i++) await pageM.keyboard.press('j')
    assert.equal(await focused(), posted[1])

    // r: focus goes to that comment's standards-section choice; Enter without a section rejects nothing
    await pageM.keyboard.press('r')
    const select = pageM.locator(`#m-${posted[1]}-section`)
    assert.equal(await pageM.evaluate(() => document.activeElement?.id), `m-${posted[1]}-section`)
    await pageM.keyboard.press('Tab')
    assert.equal(await pageM.evaluate(() => document.activeElement?.id), `m-${posted[1]}-reason`)
    await pageM.keyboard.type('Spam, says the keyboard')
    await pageM.keyboard.press('Enter')
    await new Promise((r) => setTimeout(r, 300))
    assert.equal(await pageM.locator(`[data-mod-item="${posted[1]}"]`).count(), 1, 'not rejected without a section')
    assert.equal(await select.evaluate((el) => (el as HTMLSelectElement).validity.valueMissing), true)
    assert.equal((await t.database.db.selectFrom('comments').select('status').where('id', '=', posted[1]!).executeTakeFirstOrThrow()).status, 'pending')

    // the browser sends the moderator back to the section choice; Enter there without one rejects nothing either
    assert.equal(await pageM.evaluate(() => document.activeElement?.id), `m-${posted[1]}-section`)
    await pageM.keyboard.press('Enter')
    await new Promise((r) => setTimeout(r, 300))
    assert.equal(await pageM.locator(`[data-mod-item="${posted[1]}"]`).count(), 1)
    // a section chosen with the arrow keys, Enter rejects: the comment leaves the queue and the next one takes focus
    await pageM.keyboard.press('ArrowDown')
    await pageM.keyboard.press('ArrowDown')
    assert.equal(await select.inputValue(), '2')
    await pageM.keyboard.press('Enter')
    await pageM.locator(`[data-mod-item="${posted[1]}"]`).waitFor({ state: 'detached' })
    assert.equal(await pageM.locator('[data-mod-status]').textContent(), 'Comment rejected.')
    assert.equal(await focused(), posted[2])
    const row = await t.database.db
      .selectFrom('comments')
      .select(['status', 'standards_section', 'moderation_reason'])
      .where('id', '=', posted[1]!)
      .executeTakeFirstOrThrow()
    assert.deepEqual(row, { status: 'rejected', standards_section: 2, moderation_reason: 'Spam, says the keyboard' })

    // k then a: the previous comment is approved; the rest stay
    await pageM.keyboard.press('k')
    assert.equal(await focused(), posted[0])
    await pageM.keyboard.press('a')
    await pageM.locator(`[data-mod-item="${posted[0]}"]`).waitFor({ state: 'detached' })
    assert.equal(await pageM.locator('[data-mod-status]').textContent(), 'Comment approved.')
    const statuses = await t.database.db.selectFrom('comments').select(['id', 'status']).where('id', 'in', posted).orderBy('id').execute()
    assert.deepEqual(
      statuses.map((r) => r.status),
      ['approved', 'rejected', 'pending'],
    )
    await pageM.screenshot({ path: screenshotPath('discussion-keys'), fullPage: false })
    assert.deepEqual(errors, [])
    await ctxM.close()
  })

  test('without JavaScript, a signed-in reader reads and posts with the plain form', async () => {
    const reader = await readerSession(t, 'Nora Noscript')
    await t.database.db.insertInto('discussion_readers').values({ account_id: reader.principal.id, approved_count: 5, updated_at: new Date() }).execute()
    const context = await browser.newContext({ javaScriptEnabled: false })
    await context.addCookies([{ name: 'dl_session', value: reader.cookie.split('=')[1]!, url: base }])
    const page = await context.newPage()
    await page.goto(base + SEED_PATH)
    await page.getByLabel('Your comment').fill('Posted without any script.')
    await page.getByRole('button', { name: 'Post comment' }).click()
    await page.waitForURL(/\?posted=approved#c-\d+$/)
    assert.ok(await page.getByText('Your comment is published.').isVisible())
    assert.ok(await page.locator('.comment__body', { hasText: 'Posted without any script.' }).isVisible())
    await page.getByLabel('Your comment').fill('')
    await page.getByRole('button', { name: 'Post comment' }).click()
    // the browser's own check stops an empty form; a too-long one gets the server's message
    assert.ok(page.url().includes('posted=approved'))
    await page.screenshot({ path: screenshotPath('discussion-noscript'), fullPage: false })
    await context.close()
  })

  test('on a phone, the discussion fits the screen', async () => {
    const context = await signedIn(ben, { width: 375, height: 740 })
    const page = await context.newPage()
    await page.goto(base + SEED_PATH + '#discussion')
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`)
    await page.screenshot({ path: screenshotPath('discussion-phone'), fullPage: false })
    await context.close()
  })
})
