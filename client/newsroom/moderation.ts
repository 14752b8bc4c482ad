import { problem, t } from './i18n.ts'
/**
 * Keyboard moderation of a queue: j/k move between comments, a approves, r goes to the reject
 * form (pick a section, Enter rejects). Decisions are sent without a reload; the next comment
 * takes focus. Without this script the same forms work with a reload each.
 */
export function startModeration(queue: HTMLElement): void {
  const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? ''
  const status = document.querySelector<HTMLElement>('[data-mod-status]')
  const items = () => [...queue.querySelectorAll<HTMLElement>('[data-mod-item]')]
  let current = 0

  // the queue counts stay live: after each decision, and every 20 seconds (other moderators, new comments)
  const refreshCounts = async () => {
    const res = await fetch('/newsroom/moderation/counts', { credentials: 'same-origin', headers: { accept: 'application/json' } }).catch(() => undefined)
    if (!res?.ok) return
    const counts = (await res.json()) as Record<string, number>
    for (const el of document.querySelectorAll<HTMLElement>('[data-queue-count]')) {
      const n = counts[el.dataset.queueCount ?? '']
      if (Number.isSafeInteger(n) && el.textContent !== String(n)) el.textContent = String(n)
    }
  }
  const timer = window.setInterval(() => void refreshCounts(), 20_000)
  window.addEventListener('pagehide', () => window.clearInterval(timer), { once: true })

  const focusItem = (i: number) => {
    const list = items()
    if (list.length === 0) return
    current = Math.max(0, Math.min(i, list.length - 1))
    for (const [n, el] of list.entries()) el.classList.toggle('mod-item--current', n === current)
    list[current]!.focus()
    list[current]!.scrollIntoView({ block: 'nearest' })
  }

  const decide = async (form: HTMLFormElement) => {
    const item = form.closest<HTMLElement>('[data-mod-item]')
    if (!item) return
    const index = items().indexOf(item)
    const res = await fetch(form.action, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': csrf },
      body: new URLSearchParams(new FormData(form) as unknown as Record<string, string>),
    })
    const data = (await res.json().catch(() => ({}))) as { status?: string; error?: { message?: string } }
    if (!res.ok) {
      if (status) status.textContent = data.error?.message ? problem(data.error.message) : t('nr.client.modFailed')
      return
    }
    item.remove()
    void refreshCounts()
    if (status)
      status.textContent = t(data.status === 'approved' ? 'nr.client.modApproved' : data.status === 'rejected' ? 'nr.client.modRejected' : 'nr.client.modDone')
    if (items().length === 0) {
      const empty = document.createElement('p')
      empty.className = 'mod-empty'
      empty.textContent = t('nr.client.modEmpty')
      queue.after(empty)
    }
    focusItem(index)
  }

  queue.addEventListener('submit', (e) => {
    const form = e.target as HTMLFormElement
    if (!form.matches('[data-mod-approve], [data-mod-reject]')) return
    e.preventDefault()
    decide(form).catch(() => form.submit())
  })

  queue.addEventListener('focusin', (e) => {
    const item = (e.target as HTMLElement).closest<HTMLElement>('[data-mod-item]')
    if (item) current = items().indexOf(item)
  })

  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return
    const target = e.target as HTMLElement
    // Enter on the section choice rejects (a select does not submit its form by itself)
    if (e.key === 'Enter' && target instanceof HTMLSelectElement) {
      const form = target.closest<HTMLFormElement>('form[data-mod-reject]')
      if (form) {
        e.preventDefault()
        form.requestSubmit()
      }
      return
    }
    if (target.closest('input, textarea, select, [contenteditable]')) return
    const item = items()[current]
    switch (e.key) {
      case 'j':
        focusItem(current + 1)
        break
      case 'k':
        focusItem(current - 1)
        break
      case 'a': {
        const form = item?.querySelector<HTMLFormElement>('[data-mod-approve]')
        if (form) void decide(form).catch(() => form.submit())
        break
      }
      case 'r':
        item?.querySelector<HTMLSelectElement>('[data-mod-reject] select')?.focus()
        break
      default:
        return
    }
    e.preventDefault()
  })

  focusItem(0)
}
