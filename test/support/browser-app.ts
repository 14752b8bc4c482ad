import type { Browser } from 'playwright-core'
import { createTestApp, type TestApp } from './app.ts'
import { launchBrowser } from './browser.ts'
import { closeTemplate } from './databases.ts'

export interface BrowserApp {
  t: TestApp
  browser: Browser
  /** http://127.0.0.1:PORT of the listening test app */
  base: string
}

/**
 * Registers before/after hooks in the current suite: a test app listening on loopback and a
 * Chromium, closed afterwards. Returns the open pair (valid inside the suite's tests).
 */
export function useBrowserApp(hooks: { before: (fn: () => Promise<void>) => void; after: (fn: () => Promise<void>) => void }): BrowserApp {
  const open = {} as BrowserApp
  hooks.before(async () => {
    open.t = await createTestApp()
    await open.t.app.listen({ port: 0, host: '127.0.0.1' })
    const address = open.t.app.server.address()
    open.base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    open.browser = await launchBrowser()
  })
  hooks.after(async () => {
    await open.browser?.close()
    await open.t?.close()
    await closeTemplate()
  })
  return open
}
