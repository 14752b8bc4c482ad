import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { browserSkipReason } from '../support/browser.ts'
import { useBrowserApp } from '../support/browser-app.ts'

const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()
const skip = browserSkipReason() ?? (hasPdftotext ? undefined : 'pdftotext (Debian: poppler-utils) is not installed')
if (skip) console.log(`# skipping the print test: ${skip}`)

describe('printing an article', { skip }, () => {
  const open = useBrowserApp({ before, after })

  test('the seed article printed to PDF keeps headline, byline, time, body and address, and drops the site around it', async () => {
    const page = await open.browser.newPage()
    await page.goto(open.base + '/')
    await page.getByRole('link', { name: 'UN Security Council Debate on North Korea Rights Record Leaves China Worried' }).first().click()
    await page.waitForURL(/\/world\/asia-pacific\/20200805\//)
    const url = (await page.locator('link[rel="canonical"]').getAttribute('href'))!
    const screen = await page.locator('.article__toolbar').isVisible()
    assert.ok(screen, 'on screen the toolbar is shown (the print rules apply to print only)')
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dateline-print-'))
    const pdf = path.join(dir, 'article.pdf')
    await page.pdf({ path: pdf, format: 'A4' })
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
    await fs.rm(dir, { recursive: true, force: true })
    await page.close()

    for (const kept of [
      'UN Security Council Debate on North Korea Rights Record Leaves China Worried',
      'MOSCOW, December 24 (Sputnik)',
      '03:38 GMT 05.08.2020',
      'North Korea Denies Veracity of Report',
    ])
      assert.ok(text.includes(kept), `the printout has "${kept}":\n${text.slice(0, 1500)}`)
    // the address may wrap across lines on paper
    assert.ok(text.replace(/ /g, '').includes(url), `the printout ends with the article's address ${url}:\n${text.slice(-600)}`)
    for (const dropped of ['Get short URL', 'Share', 'Most read', 'Listen', 'Search', 'Community standards', 'Asia & Pacific', 'Related', 'Skip to'])
      assert.ok(!text.includes(dropped), `the printout leaves out "${dropped}":\n${text.slice(0, 3000)}`)
  })
})
