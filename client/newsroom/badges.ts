import { plural } from './i18n.ts'

/** Fills the navigation's counts (unread notifications, stories waiting for review) and keeps them fresh. */
export function startBadges(badges: NodeListOf<HTMLElement>): void {
  const set = (name: string, n: number, label: string) => {
    for (const b of badges) {
      if (b.dataset.badge !== name) continue
      b.hidden = n === 0
      b.textContent = String(n)
      b.setAttribute('aria-label', label)
    }
  }
  const refresh = async () => {
    const res = await fetch('/api/admin/notifications?limit=0', { headers: { accept: 'application/json' } }).catch(() => undefined)
    if (!res?.ok) return
    const j = (await res.json()) as { unread: number; review: { review: number; changes: number } }
    set('notifications', j.unread, plural('nr.client.unread', j.unread))
    const waiting = j.review.review + j.review.changes
    set('review', waiting, plural('nr.client.waiting', waiting))
  }
  void refresh()
  const timer = window.setInterval(() => void refresh(), 30_000)
  window.addEventListener('pagehide', () => window.clearInterval(timer), { once: true })
}
