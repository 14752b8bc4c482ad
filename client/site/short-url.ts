/**
 * Get short URL and sharing. "Get short URL" is a link to a page showing the short link; with
 * JavaScript one click copies the link and says so in a live region, and the link is shown in a
 * read-only field. The browser's share sheet is offered where it exists. Share actions are counted.
 */
import { beacon } from './beacon.ts'
import { onPageLoad } from './page.ts'

const share = (articleId: string | undefined, kind: string) => {
  if (articleId) beacon('/api/counters/shares', { article: articleId, kind })
}

function announce(status: HTMLElement | null, text: string): void {
  if (!status) return
  // Cleared first, so the same message is announced again on a second click.
  status.textContent = ''
  window.setTimeout(() => (status.textContent = text), 50)
}

function setup(root: HTMLElement): void {
  if (root.dataset.ready) return
  root.dataset.ready = 'true'
  const articleId = root.dataset.articleId
  const link = root.querySelector<HTMLAnchorElement>('a[data-short-url]')
  const result = root.querySelector<HTMLElement>('[data-short-url-result]')
  const input = result?.querySelector('input')
  const status = root.querySelector<HTMLElement>('[data-short-url-status]')
  const shortUrl = link?.dataset.shortUrl

  if (link && shortUrl) {
    link.setAttribute('role', 'button')
    const copy = async (e: Event) => {
      e.preventDefault()
      if (result) result.hidden = false
      try {
        await navigator.clipboard.writeText(shortUrl)
        announce(status, root.dataset.copied || 'Short link copied')
        share(articleId, 'copy')
      } catch {
        input?.focus()
        input?.select()
        announce(status, root.dataset.copyHint || 'Press Ctrl+C (⌘C on a Mac) to copy the short link')
      }
    }
    link.addEventListener('click', copy)
    link.addEventListener('keydown', (e) => {
      if (e.key === ' ') void copy(e)
    })
    input?.addEventListener('focus', () => input.select())
  }

  const native = root.querySelector<HTMLButtonElement>('[data-share-native]')
  if (native?.parentElement && shortUrl && typeof navigator.share === 'function') {
    native.parentElement.hidden = false
    native.addEventListener('click', async () => {
      try {
        native.closest('details')?.removeAttribute('open')
        await navigator.share({ title: native.dataset.title ?? document.title, url: shortUrl })
        share(articleId, 'native')
      } catch {
        // the reader closed the share sheet
      }
    })
  }

  // Network links count themselves (they go through /share/…); e-mail opens the mail app directly.
  for (const a of root.querySelectorAll<HTMLAnchorElement>('a[data-share-kind]')) {
    a.addEventListener('click', () => share(articleId, a.dataset.shareKind ?? ''))
  }
}

onPageLoad(() => {
  for (const root of document.querySelectorAll<HTMLElement>('[data-share]')) setup(root)
})
