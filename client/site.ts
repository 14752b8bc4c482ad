/**
 * The public site's one script, loaded on every page as a deferred module. Reading needs none of
 * it. Each feature lives in its own module under client/site/ and attaches to elements marked
 * with data attributes; `onPageLoad` runs its setup on the first load and after every in-site
 * navigation, so features must be idempotent.
 */
import { onPageLoad } from './site/page.ts'

onPageLoad(() => {
  document.documentElement.classList.add('js')
})
