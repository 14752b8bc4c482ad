/**
 * A live blog's page: new updates arrive over server-sent events and wait behind a "N new
 * updates" button, so nothing moves under the reader's eyes until they ask; edits, pins and
 * deletions apply in place. Updates are kept in entry order (newest first) and each change is
 * applied once, by its change number, however many times it arrives (a reconnect catches up from
 * the last number seen). Without this script the page is complete as served.
 */
import { onPageLoad } from './page.ts'

interface EntryMessage {
  id: number
  seq: number
  deleted: boolean
  pinned?: boolean
  html?: string
  keyHtml?: string
}

let source: EventSource | undefined

function element(html: string): HTMLElement | null {
  const t = document.createElement('template')
  t.innerHTML = html
  return t.content.firstElementChild as HTMLElement | null
}

/** Puts an item in a newest-first list by its id. */
function placeById(list: Element, item: HTMLElement, attr: string): void {
  const id = Number(item.getAttribute(attr))
  const after = [...list.children].find((c) => Number(c.getAttribute(attr)) < id)
  list.insertBefore(item, after ?? null)
}

function setup(): void {
  source?.close()
  source = undefined
  const root = document.querySelector<HTMLElement>('[data-live-blog]')
  if (!root || root.dataset.ended === 'true') return
  const list = root.querySelector<HTMLElement>('[data-entries]')!
  const bar = root.querySelector<HTMLElement>('[data-new-bar]')!
  const button = root.querySelector<HTMLButtonElement>('[data-show-new]')!
  const keyNav = root.querySelector<HTMLElement>('.live-blog__key')!
  const keyList = root.querySelector<HTMLElement>('[data-key-events]')!
  // the edition's words and digits (data-words, data-locale from the server)
  const locale = root.dataset.locale || 'en'
  let words: { count?: Record<string, string>; fresh?: Record<string, string>; ended?: string; reload?: string } = {}
  try {
    words = JSON.parse(root.dataset.words ?? '{}') as typeof words
  } catch {
    /* English below */
  }
  const plural = (forms: Record<string, string> | undefined, n: number, english: string) => {
    const form = forms?.[new Intl.PluralRules(locale).select(n)] ?? forms?.other
    return form ? form.split('{n}').join(new Intl.NumberFormat(locale).format(n)) : english
  }
  const seen = new Map<number, number>()
  let last = Number(root.dataset.seq) || 0
  for (const li of list.querySelectorAll<HTMLElement>('[data-entry-id]')) seen.set(Number(li.dataset.entryId), Number(li.dataset.seq))

  const pending = () => list.querySelectorAll<HTMLElement>('[data-pending]')
  const updateBar = () => {
    const n = pending().length
    bar.hidden = n === 0
    button.textContent = plural(words.fresh, n, n === 1 ? '1 new update' : `${n} new updates`)
  }
  const reveal = () => {
    const items = [...pending()]
    for (const li of items) {
      li.hidden = false
      li.removeAttribute('data-pending')
    }
    root.querySelector('[data-empty]')?.remove()
    updateBar()
    const first = items.sort((a, b) => Number(b.dataset.entryId) - Number(a.dataset.entryId))[0]
    if (first) {
      first.tabIndex = -1
      first.focus({ preventScroll: true })
      first.scrollIntoView({ block: 'nearest' })
    }
  }
  button.addEventListener('click', reveal)
  // a key event or permalink to an update still waiting behind the button shows it
  keyList.addEventListener('click', (e) => {
    const a = (e.target as Element).closest('a')
    if (a && document.querySelector(a.getAttribute('href') ?? '')?.hasAttribute('data-pending')) reveal()
  })

  const counter = root.querySelector<HTMLElement>('[data-live-count]')
  const count = (delta: number) => {
    if (!counter) return
    const n = Math.max(0, Number(counter.dataset.total) + delta)
    counter.dataset.total = String(n)
    counter.textContent = plural(words.count, n, n === 1 ? '1 update' : `${n} updates`)
  }
  const apply = (m: EntryMessage) => {
    if (!Number.isSafeInteger(m.id) || !Number.isSafeInteger(m.seq)) return
    if ((seen.get(m.id) ?? 0) >= m.seq) return
    seen.set(m.id, m.seq)
    last = Math.max(last, m.seq)
    const existing = document.getElementById(`entry-${m.id}`)
    if (m.deleted && existing) count(-1)
    if (!m.deleted && !existing) count(1)
    keyList.querySelector(`[data-key-id="${m.id}"]`)?.remove()
    if (m.deleted) {
      existing?.remove()
    } else {
      const fresh = m.html ? element(m.html) : null
      if (!fresh) return
      if (existing) {
        // an edit or a pin: in place, as the reader left it (still waiting, or shown)
        if (existing.hasAttribute('data-pending')) {
          fresh.hidden = true
          fresh.setAttribute('data-pending', '')
        }
        existing.replaceWith(fresh)
      } else {
        fresh.hidden = true
        fresh.setAttribute('data-pending', '')
        placeById(list, fresh, 'data-entry-id')
      }
      const key = m.pinned && m.keyHtml ? element(m.keyHtml) : null
      if (key) placeById(keyList, key, 'data-key-id')
    }
    keyNav.hidden = keyList.children.length === 0
    updateBar()
  }

  const open = () => {
    source = new EventSource(`${root.dataset.events}?after=${last}`)
    source.addEventListener('entry', (e) => {
      try {
        apply(JSON.parse((e as MessageEvent<string>).data) as EntryMessage)
      } catch {
        /* a malformed event is ignored */
      }
    })
    source.addEventListener('ready', () => (root.dataset.liveConnected = 'true'))
    source.addEventListener('status', (e) => {
      const d = JSON.parse((e as MessageEvent<string>).data) as { ended: boolean }
      if (!d.ended) return
      root.dataset.ended = 'true'
      const status = root.querySelector('[data-live-status]')
      if (status) status.textContent = words.ended ?? 'Live coverage has ended.'
      root.querySelector('.live-badge')?.remove()
      source?.close()
    })
    source.addEventListener('reload', () => {
      bar.hidden = false
      button.textContent = words.reload ?? 'Many new updates: reload the page'
      button.onclick = () => location.reload()
      source?.close()
    })
    // reconnect from the last change seen (EventSource would repeat the first URL's catch-up)
    source.addEventListener('error', () => {
      if (source?.readyState !== EventSource.CLOSED || root.dataset.ended === 'true') return
      setTimeout(() => {
        if (root.isConnected) open()
      }, 3000)
    })
  }
  open()
  document.addEventListener('turbo:before-render', () => source?.close(), { once: true })
  root.dataset.liveReady = 'true'
}

onPageLoad(setup)
