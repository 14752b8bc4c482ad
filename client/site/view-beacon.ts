/**
 * Counts one view of the article on this page: a beacon once the page is actually seen (not while
 * prerendered or in a background tab). The server keeps one view per reader per article per window;
 * readers without JavaScript are counted by the <noscript> pixel instead.
 */
import { beacon, VIEW_SENT_EVENT } from './beacon.ts'
import { onPageLoad } from './page.ts'

function whenVisible(run: () => void): void {
  const doc = document as Document & { prerendering?: boolean }
  if (!doc.prerendering && document.visibilityState === 'visible') return run()
  const check = () => {
    if (doc.prerendering || document.visibilityState !== 'visible') return
    document.removeEventListener('visibilitychange', check)
    document.removeEventListener('prerenderingchange', check)
    run()
  }
  document.addEventListener('visibilitychange', check)
  document.addEventListener('prerenderingchange', check)
}

onPageLoad(() => {
  const el = document.querySelector<HTMLElement>('[data-counters][data-article-id]')
  if (!el || el.dataset.viewSent) return
  el.dataset.viewSent = 'pending'
  whenVisible(() => {
    if (!el.isConnected || el.dataset.viewSent === 'yes') return
    el.dataset.viewSent = 'yes'
    beacon('/api/counters/views', { article: el.dataset.articleId ?? '' })
    document.dispatchEvent(new CustomEvent(VIEW_SENT_EVENT, { detail: { articleId: el.dataset.articleId } }))
  })
})
