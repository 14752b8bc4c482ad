import { problem, t } from './i18n.ts'
/**
 * The live composer: posts without leaving the page (the text box empties and keeps the focus, so
 * the next update can be typed at once; Ctrl/Cmd+Enter posts), and keeps the list of updates in
 * step with the other editors posting, editing and pinning at the same time (server-sent events;
 * each changed row is fetched with its controls). Without it, the forms post and come back.
 */
export function startLiveComposer(root: HTMLElement): void {
  const csrf = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content ?? ''
  const list = root.querySelector<HTMLElement>('[data-entries]')
  const error = root.querySelector<HTMLElement>('#composer-error')
  const form = root.querySelector<HTMLFormElement>('[data-live-post]')
  const seen = new Map<number, number>()
  for (const li of list?.querySelectorAll<HTMLElement>('[data-entry-id]') ?? []) seen.set(Number(li.dataset.entryId), Number(li.dataset.seq))

  const showError = (text: string) => {
    if (!error) return
    error.textContent = text
    error.hidden = text === ''
  }

  async function refresh(id: number, seq: number, deleted: boolean) {
    if ((seen.get(id) ?? 0) >= seq) return
    seen.set(id, seq)
    const existing = document.getElementById(`nr-entry-${id}`)
    if (deleted) {
      existing?.remove()
      return
    }
    const r = await fetch(`/newsroom/live-entries/${id}/row`, { headers: { accept: 'text/html' } })
    if (!r.ok || !list) return
    const tpl = document.createElement('template')
    tpl.innerHTML = await r.text()
    const row = tpl.content.firstElementChild as HTMLElement | null
    if (!row) return
    const current = document.getElementById(`nr-entry-${id}`)
    // an editor in the middle of changing this row keeps their form
    if (current?.querySelector('details[open]')) return
    if (current) current.replaceWith(row)
    else list.insertBefore(row, [...list.children].find((c) => Number(c.getAttribute('data-entry-id')) < id) ?? null)
  }

  if (form) {
    const text = form.querySelector<HTMLTextAreaElement>('textarea[name="text"]')!
    const status = form.querySelector<HTMLElement>('[data-post-status]')
    text.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault()
        form.requestSubmit()
      }
    })
    form.addEventListener('submit', async (e) => {
      e.preventDefault()
      const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!
      button.disabled = true
      try {
        const body = new URLSearchParams(new FormData(form) as unknown as Record<string, string>)
        const r = await fetch(form.action, {
          method: 'POST',
          headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': csrf },
          body,
        })
        const d = (await r.json().catch(() => ({}))) as { id?: number; seq?: number; error?: { message?: string } }
        if (!r.ok) {
          showError(d.error?.message ? problem(d.error.message) : t('nr.client.liveNotPosted'))
          text.focus()
          return
        }
        showError('')
        form.reset()
        text.focus()
        if (status) status.textContent = t('nr.client.livePosted')
        if (d.id && d.seq) await refresh(d.id, d.seq, false)
      } catch {
        showError(t('nr.client.liveConnection'))
      } finally {
        button.disabled = false
      }
    })
  }

  root.addEventListener('submit', (e) => {
    const f = e.target as HTMLFormElement
    if (f.matches('[data-confirm]') && !confirm(f.dataset.confirm ?? t('nr.client.sure'))) e.preventDefault()
  })

  if (!list || !root.dataset.events) return
  const source = new EventSource(root.dataset.events)
  source.addEventListener('entry', (e) => {
    try {
      const d = JSON.parse((e as MessageEvent<string>).data) as { id: number; seq: number; deleted: boolean }
      void refresh(d.id, d.seq, d.deleted)
    } catch {
      /* ignored */
    }
  })
}
