/**
 * Breaking-news alerts, opted into on /alerts: registers the service worker (/push-sw.js),
 * asks the browser for permission, subscribes with the site's VAPID key and tells the site which
 * sections to send (or unsubscribes). Web Push needs a browser's push service, so this page is the
 * one place where a feature needs JavaScript; the page says so.
 */
import { onPageLoad } from './page.ts'

const keyBytes = (b64url: string) => {
  const s = atob(b64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (b64url.length % 4)) % 4))
  return Uint8Array.from(s, (c) => c.charCodeAt(0))
}

/** What the page says, in the edition's language (data-words, written by the server). */
const ENGLISH_WORDS = {
  unsupported: 'This browser cannot receive alerts. Try a recent Chrome, Edge, Firefox or Safari, or follow our feeds.',
  already: 'Alerts are on in this browser. Change the sections and press Turn on alerts to update them.',
  blocked: 'Your browser is blocking notifications from this site; allow them in its site settings to get alerts.',
  failed: 'Alerts could not be turned on.',
  failedWhy: 'Alerts could not be turned on: {reason}',
  onSections: { one: 'Alerts are on for one section.', other: 'Alerts are on for {n} sections.' } as Record<string, string>,
  onAll: 'Alerts are on for every section.',
  offDone: 'Alerts are off in this browser.',
}

function wordsOf(root: HTMLElement): typeof ENGLISH_WORDS {
  try {
    return { ...ENGLISH_WORDS, ...(JSON.parse(root.dataset.words ?? '{}') as Partial<typeof ENGLISH_WORDS>) }
  } catch {
    return ENGLISH_WORDS
  }
}

function setup(): void {
  const root = document.querySelector<HTMLElement>('[data-alerts]')
  if (!root) return
  const w = wordsOf(root)
  const locale = root.dataset.locale || 'en'
  const form = root.querySelector<HTMLFormElement>('[data-alerts-form]')!
  const status = root.querySelector<HTMLElement>('[data-alerts-status]')!
  const off = root.querySelector<HTMLButtonElement>('[data-alerts-off]')!
  const say = (t: string) => (status.textContent = t)
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) {
    say(w.unsupported)
    form.querySelector<HTMLButtonElement>('[data-alerts-on]')!.disabled = true
    return
  }
  const post = (url: string, body: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': root.dataset.csrf ?? '' },
      body: JSON.stringify(body),
    })

  void navigator.serviceWorker.getRegistration('/').then(async (reg) => {
    const sub = await reg?.pushManager.getSubscription()
    if (sub) {
      off.hidden = false
      say(w.already)
    }
  })

  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    try {
      const permission = await Notification.requestPermission()
      if (permission !== 'granted') return say(w.blocked)
      const reg = await navigator.serviceWorker.register('/push-sw.js', { scope: '/' })
      await navigator.serviceWorker.ready
      const sub =
        (await reg.pushManager.getSubscription()) ??
        (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(root.dataset.vapidKey ?? '') }))
      const sectionIds = [...form.querySelectorAll<HTMLInputElement>('input[name="section"]:checked')].map((i) => Number(i.value))
      const r = await post(root.dataset.subscribe ?? '/alerts/subscriptions', { ...sub.toJSON(), sectionIds })
      if (!r.ok) return say(((await r.json().catch(() => ({}))) as { error?: { message?: string } }).error?.message ?? w.failed)
      off.hidden = false
      const n = sectionIds.length
      const said = w.onSections[new Intl.PluralRules(locale).select(n)] ?? w.onSections.other ?? ''
      say(n ? said.split('{n}').join(new Intl.NumberFormat(locale).format(n)) : w.onAll)
    } catch (err) {
      say(w.failedWhy.split('{reason}').join((err as Error).message))
    }
  })

  off.addEventListener('click', async () => {
    const reg = await navigator.serviceWorker.getRegistration('/')
    const sub = await reg?.pushManager.getSubscription()
    if (sub) {
      await post(`${root.dataset.subscribe ?? '/alerts/subscriptions'}/delete`, { endpoint: sub.endpoint })
      await sub.unsubscribe()
    }
    off.hidden = true
    say(w.offDone)
  })
}

onPageLoad(setup)
