/**
 * Live counters: the numbers in the HTML are as of its render (a cached page may be old), so the
 * script asks the counters API at once, again shortly after this visit's view is counted, and then
 * every 20 seconds while the page is visible.
 */
import { onPageLoad } from './page.ts'
import { VIEW_SENT_EVENT } from './beacon.ts'
import { showCount } from './count-format.ts'

const POLL_MS = 20_000
let timers: number[] = []

interface Counts {
  comments: number
  views: number
}

function show(el: HTMLElement, counts: Counts): void {
  for (const name of ['comments', 'views'] as const) {
    const n = counts[name]
    if (!Number.isSafeInteger(n) || n < 0) continue
    const num = el.querySelector<HTMLElement>(`[data-count="${name}"]`)
    const lab = el.querySelector<HTMLElement>(`[data-count-label="${name}"]`)
    showCount(el, num, lab, n)
  }
  // The numbers are live now, no longer "as of" the render.
  el.querySelector('[data-counters-asof]')?.remove()
  el.dataset.live = 'true'
}

/** The counters on the current page, if any (in-site navigation replaces them). */
let current: { refresh(): Promise<void> } | undefined

// Listened for once, at load: the beacon may fire before this page's setup runs.
document.addEventListener(VIEW_SENT_EVENT, () => {
  // Counts are written in batches about a second apart: look twice.
  timers.push(
    window.setTimeout(() => void current?.refresh(), 1500),
    window.setTimeout(() => void current?.refresh(), 3500),
  )
})
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') void current?.refresh()
})

onPageLoad(() => {
  for (const t of timers) clearTimeout(t)
  timers = []
  current = undefined
  const el = document.querySelector<HTMLElement>('[data-counters]')
  const url = el?.dataset.counters
  if (!el || !url || !url.startsWith('/api/')) return

  const refresh = async () => {
    if (!el.isConnected || document.visibilityState !== 'visible') return
    try {
      const res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      if (res.ok) show(el, (await res.json()) as Counts)
    } catch {
      // offline or server busy: keep what is shown and try at the next tick
    }
  }
  current = { refresh }
  const poll = () => {
    if (!el.isConnected) return
    void refresh()
    timers.push(window.setTimeout(poll, POLL_MS))
  }
  poll()
})
