/**
 * Listen Live end to end: a real Icecast server fed by a real encoder (ffmpeg sending a tone as
 * MP3; the title set the way MP3 source clients set it), the app, and Chromium with autoplay
 * allowed. The reader presses Listen Live, hears the stream (the audio clock advances), sees the
 * title, moves to an article and back, and the audio never stops; the encoder stops and the
 * player says so, then recovers when the encoder returns.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { createTestApp, type TestApp } from '../support/app.ts'
import { browserSkipReason, launchBrowser, screenshotPath } from '../support/browser.ts'
import { closeTemplate } from '../support/databases.ts'
import { startHlsStream } from '../support/hls.ts'
import { icecastSkipReason, startIcecast, type IcecastServer } from '../support/icecast.ts'

const skip = browserSkipReason() ?? icecastSkipReason()
if (skip) console.log(`# skipping live radio browser tests: ${skip}`)

const MOUNT = '/live.mp3'
const SEED_HEADLINE = 'UN Security Council Debate on North Korea Rights Record Leaves China Worried'

/** The header player's audio clock, state and texts. */
function playerState(page: Page) {
  return page.evaluate(() => {
    const root = document.getElementById('live-player')!
    const audio = root.querySelector('audio')!
    return {
      time: audio.currentTime,
      paused: audio.paused,
      state: root.dataset.state,
      status: root.querySelector('[role="status"]')?.textContent ?? '',
      track: root.querySelector('.live-player__track')?.textContent ?? '',
      programme: root.querySelector('.live-player__programme')?.textContent ?? '',
      marked: audio.dataset.testMark === 'same-element',
      sameDocument: (window as unknown as { testMark?: string }).testMark === 'no-reload',
    }
  })
}

/** Waits until the audio clock has moved `seconds` past where it is now. */
async function clockAdvances(page: Page, seconds = 1): Promise<void> {
  const start = (await playerState(page)).time
  await page.waitForFunction(
    ([from, by]) => {
      const a = document.querySelector('#live-player audio') as HTMLAudioElement | null
      return !!a && !a.paused && a.currentTime > from + by
    },
    [start, seconds] as const,
    { timeout: 20_000, polling: 200 },
  )
}

describe('Listen Live with a real Icecast stream', { skip, timeout: 180_000 }, () => {
  let ice: IcecastServer
  let t: TestApp
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let base: string
  const problems: string[] = []

  before(async () => {
    ice = await startIcecast()
    await ice.startEncoder(MOUNT)
    await ice.setTitle(MOUNT, 'Tone Test 440')
    // Sunday 29 November 2026, noon in London: Lunchtime Live is on air.
    t = await createTestApp({
      build: { scheduler: false, live: { pollIntervalMs: 1000, statusTimeoutMs: 2000 } },
      clock: { now: () => new Date('2026-11-29T12:00:00Z') },
    })
    await t.app.live.stations.create(await t.app.live.stations.defaultEditionId(), {
      name: 'Dateline Radio',
      timeZone: 'Europe/London',
      streams: [`${ice.base}${MOUNT}`],
      statusUrl: ice.statusUrl,
      schedule: [{ show: 'Lunchtime Live', host: 'Ana Reyes', startDay: 'sun', startTime: '11:00', endDay: 'sun', endTime: '14:00' }],
    })
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const address = t.app.server.address()
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    browser = await launchBrowser(['--autoplay-policy=no-user-gesture-required'])
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    page = await context.newPage()
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
    page.on('console', (m) => {
      // While the encoder is away Icecast answers 404 for the mount: expected, and said on screen.
      if (m.type() === 'error' && !(/Failed to load resource/.test(m.text()) && m.location().url.startsWith(ice.base))) problems.push(`console: ${m.text()}`)
    })
  })
  after(async () => {
    await context?.close()
    await browser?.close()
    await t?.close()
    await ice?.stop()
    await closeTemplate()
  })

  test('press Listen Live: it plays, shows the title, and keeps playing across pages and the back button', async () => {
    await page.goto(base + '/')
    await page.evaluate(() => ((window as unknown as { testMark: string }).testMark = 'no-reload'))
    const listen = page.getByRole('button', { name: 'Listen live to Dateline Radio' })
    assert.ok(await listen.isVisible())
    // keyboard: a real button, reached and pressed without a mouse
    await listen.focus()
    await page.keyboard.press('Enter')
    await clockAdvances(page, 1)
    await page.getByText('Now playing: Tone Test 440').waitFor({ timeout: 15_000 })
    let s = await playerState(page)
    assert.equal(s.state, 'playing')
    assert.equal(s.status, 'Playing Dateline Radio live.')
    assert.equal(s.programme, 'On now: Lunchtime Live with Ana Reyes (11:00–14:00)')
    assert.ok(await page.getByRole('button', { name: 'Pause Dateline Radio' }).isVisible())
    assert.ok(await page.getByRole('slider', { name: 'Volume' }).isVisible())
    await page.evaluate(() => (document.querySelector('#live-player audio') as HTMLElement).setAttribute('data-test-mark', 'same-element'))
    await page.screenshot({ path: screenshotPath('live-playing-home') })

    // click through to an article: Turbo swaps the page, the player element (and its audio) stays
    const before = (await playerState(page)).time
    await page.getByRole('link', { name: SEED_HEADLINE }).first().click()
    await page.waitForURL(/\/20200805\//)
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), SEED_HEADLINE)
    s = await playerState(page)
    assert.ok(s.sameDocument, 'no full page load')
    assert.ok(s.marked, 'the same audio element')
    assert.equal(s.paused, false)
    assert.ok(s.time >= before, 'the clock did not restart')
    await clockAdvances(page, 1)
    // the page's own scripts still run after an in-site navigation: this visit is counted
    await page.waitForFunction(() => document.querySelector('[data-counters]')?.getAttribute('data-view-sent') === 'yes', undefined, { timeout: 10_000 })
    await page.screenshot({ path: screenshotPath('live-playing-article') })
    // deep in the article the controls are still on screen, over nothing the reader needs
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight))
    const pause = page.getByRole('button', { name: 'Pause Dateline Radio' })
    const box = (await pause.boundingBox())!
    const viewport = page.viewportSize()!
    assert.ok(box.y >= 0 && box.y + box.height <= viewport.height, `the pause button is on screen at the end of the article (y=${box.y})`)
    const footerBottom = await page.evaluate(() => document.querySelector('.site-footer')!.getBoundingClientRect().bottom)
    const barTop = await page.evaluate(() => document.getElementById('live-player')!.getBoundingClientRect().top)
    assert.ok(footerBottom <= barTop + 1, 'the bar does not cover the end of the page')
    await page.screenshot({ path: screenshotPath('live-playing-article-scrolled') })
    await page.evaluate(() => window.scrollTo(0, 0))

    // and back
    await page.goBack()
    await page.waitForURL(base + '/')
    s = await playerState(page)
    assert.ok(s.sameDocument && s.marked && !s.paused)
    await clockAdvances(page, 1)

    // searching from the header is browsing too
    await page.getByRole('searchbox', { name: 'Search Dateline' }).fill('Korea')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/search\?q=Korea/)
    s = await playerState(page)
    assert.ok(s.sameDocument && s.marked && !s.paused, 'the search results page did not stop the radio')
    await clockAdvances(page, 0.5)
    // on a phone the bar stays a bar: controls on screen, most of the screen left for reading
    await page.setViewportSize({ width: 390, height: 800 })
    const bar = (await page.locator('#live-player').boundingBox())!
    assert.ok(bar.y + bar.height <= 800 && bar.height <= 200, `player bar on a phone: ${JSON.stringify(bar)}`)
    assert.ok(await page.getByRole('button', { name: 'Pause Dateline Radio' }).isVisible())
    await page.screenshot({ path: screenshotPath('live-playing-phone') })
    await page.setViewportSize({ width: 1280, height: 900 })
    assert.deepEqual(problems, [])
  })

  test('the encoder stops: the player says so plainly and recovers when it returns', async () => {
    await ice.stopEncoder()
    await page.waitForFunction(() => document.getElementById('live-player')?.dataset.state === 'retrying', undefined, { timeout: 30_000, polling: 200 })
    let s = await playerState(page)
    assert.match(
      s.status,
      /^(Dateline Radio is off air right now\.|The stream stopped\.|The live stream is not available right now\.) Trying again in \d+ seconds?\.$/,
    )
    assert.equal(s.paused, true)
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.screenshot({ path: screenshotPath('live-off-air') })
    // the page still works while the stream is away
    await page.getByRole('link', { name: 'Europe', exact: true }).first().click()
    await page.waitForURL(/\/world\/europe\/$/)
    assert.equal((await playerState(page)).state, 'retrying')

    await ice.startEncoder(MOUNT)
    await ice.setTitle(MOUNT, 'Back On Air')
    await page.waitForFunction(() => document.getElementById('live-player')?.dataset.state === 'playing', undefined, { timeout: 45_000, polling: 200 })
    await clockAdvances(page, 1)
    await page.getByText('Now playing: Back On Air').waitFor({ timeout: 15_000 })
    s = await playerState(page)
    assert.equal(s.status, 'Playing Dateline Radio live.')
    assert.ok(s.sameDocument, 'recovered without a reload')
    await page.screenshot({ path: screenshotPath('live-recovered') })

    // pause stops the download; play reconnects to the live edge
    await page.getByRole('button', { name: 'Pause Dateline Radio' }).click()
    s = await playerState(page)
    assert.equal(s.state, 'paused')
    assert.match(s.status, /^Paused\./)
    await page.getByRole('button', { name: 'Listen live to Dateline Radio' }).click()
    await clockAdvances(page, 0.5)
    assert.deepEqual(problems, [])
  })

  test('the /live page’s own button works, also on a page the back button brings back', async () => {
    await page.getByRole('button', { name: 'Pause Dateline Radio' }).click()
    await page.locator('#live-player').getByRole('link', { name: 'Dateline Radio' }).click()
    await page.waitForURL(base + '/live')
    await page.getByRole('link', { name: 'World', exact: true }).first().click()
    await page.waitForURL(base + '/world/')
    await page.goBack()
    await page.waitForURL(base + '/live')
    assert.equal(await page.locator('audio[data-live-fallback]').count(), 0, 'one player: the page’s no-JavaScript player is gone')
    await page.getByRole('button', { name: 'Listen to Dateline Radio live' }).click()
    await clockAdvances(page, 0.5)
    assert.equal((await playerState(page)).state, 'playing')
    assert.deepEqual(problems, [])
  })

  test('without JavaScript: Listen Live is a link to /live, which has a native player', async () => {
    const plain = await browser.newContext({ javaScriptEnabled: false })
    const p = await plain.newPage()
    await p.goto(base + '/')
    await p.getByRole('link', { name: 'Listen Live' }).click()
    await p.waitForURL(base + '/live')
    assert.equal(await p.getByRole('heading', { level: 1 }).textContent(), 'Dateline Radio')
    assert.equal(await p.locator('audio[controls] source').getAttribute('src'), `${ice.base}${MOUNT}`)
    await p.screenshot({ path: screenshotPath('live-page-no-js'), fullPage: true })
    await plain.close()
  })

  test('an HLS station where the browser has no native HLS: hls.js is fetched only then, and plays within the CSP', async () => {
    const hls = await startHlsStream()
    const other = await browser.newContext()
    try {
      await t.app.live.stations.create(1, { name: 'Dateline Two', timeZone: 'UTC', position: 1, streams: [hls.url] })
      // Take native HLS away (Chromium has it now; many browsers do not).
      await other.addInitScript(() => {
        const original = HTMLMediaElement.prototype.canPlayType
        HTMLMediaElement.prototype.canPlayType = function (type: string) {
          return /mpegurl/i.test(type) ? '' : original.call(this, type)
        }
      })
      const p = await other.newPage()
      const scripts: string[] = []
      const errors: string[] = []
      p.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname))
      p.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
      p.on('pageerror', (e) => errors.push(e.message))
      const res = await p.goto(base + '/live/dateline-two')
      assert.match(res!.headers()['content-security-policy']!, new RegExp(`connect-src 'self' ${hls.origin.replace(/[.]/g, '\\.')}`))
      const before = scripts.length
      await p.getByRole('button', { name: 'Listen to Dateline Two live' }).click()
      await clockAdvances(p, 1)
      assert.equal((await playerState(p)).state, 'playing')
      assert.ok(
        scripts.slice(before).some((s) => /\/assets\/build\/chunk-/.test(s)),
        `hls.js loaded on demand: ${scripts.slice(before).join(', ')}`,
      )
      assert.ok(
        hls.requests.some((r) => r.endsWith('.ts')),
        'segments came from the stream origin',
      )
      assert.deepEqual(errors, [])
      await p.screenshot({ path: screenshotPath('live-hls-player') })
    } finally {
      await other.close()
      await hls.stop()
    }
  })
})
