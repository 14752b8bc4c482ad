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

function setup(): void {
  const root = document.querySelector<HTMLElement>('[data-alerts]')
  if (!root) return
  const form = root.querySelector<HTMLFormElement>('[data-alerts-form]')!
  const status = root.querySelector<HTMLElement>('[data-alerts-status]')!
  const off = root.querySelector<HTMLButtonElement>('[data-alerts-off]')!
  const say = (t: string) => (status.textContent = t)
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) {
    say('This browser cannot receive alerts. Try a recent Chrome, Edge, Firefox or Safari, or follow our feeds.')
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
      say('Alerts are on in this browser. Change the sections and press Turn on alerts to update them.')
    }
  })

  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    try {
      const permission = await Notification.requestPermission()
      if (permission !== 'granted') return say('Your browser is blocking notifications from this site; allow them in its site settings to get alerts.')
      const reg = await navigator.serviceWorker.register('/push-sw.js', { scope: '/' })
      await navigator.serviceWorker.ready
      const sub =
        (await reg.pushManager.getSubscription()) ??
        (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(root.dataset.vapidKey ?? '') }))
      const sectionIds = [...form.querySelectorAll<HTMLInputElement>('input[name="section"]:checked')].map((i) => Number(i.value))
      const r = await post(root.dataset.subscribe ?? '/alerts/subscriptions', { ...sub.toJSON(), sectionIds })
      if (!r.ok) return say(((await r.json().catch(() => ({}))) as { error?: { message?: string } }).error?.message ?? 'Alerts could not be turned on.')
      off.hidden = false
      say(
        sectionIds.length
          ? `Alerts are on for ${sectionIds.length === 1 ? 'one section' : `${sectionIds.length} sections`}.`
          : 'Alerts are on for every section.',
      )
    } catch (err) {
      say(`Alerts could not be turned on: ${(err as Error).message}`)
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
    say('Alerts are off in this browser.')
  })
}

onPageLoad(setup)
