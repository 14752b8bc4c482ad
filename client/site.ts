/**
 * The public site's one script, loaded on every page as a deferred module. Reading needs none of
 * it. Each feature lives in its own module under client/site/ and attaches to elements marked
 * with data attributes; `onPageLoad` runs its setup on the first load and after every in-site
 * navigation, so features must be idempotent.
 */
import { onPageLoad } from './site/page.ts'
import './site/short-url.ts'
// Counters before the view beacon: its setup must run first on each page (see counters.ts).
import './site/counters.ts'
import './site/view-beacon.ts'
import './site/discussion.ts'

onPageLoad(() => {
  document.documentElement.classList.add('js')
})
