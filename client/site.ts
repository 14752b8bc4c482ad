/**
 * The public site's one script, loaded on every page as a deferred module. Reading needs none of
 * it. Each feature lives in its own module under client/site/ and attaches to elements marked
 * with data attributes; `onPageLoad` runs its setup on the first load and after every in-site
 * navigation, so features must be idempotent.
 *
 * Turbo Drive makes in-site navigation swap the page body without a reload, keeping elements
 * marked data-turbo-permanent (the live player) and so the audio playing. Forms submit the
 * classic way (full page load), so server-rendered forms need no Turbo-specific answers; only
 * forms marked data-turbo="true" (the header's search, a GET) navigate through Turbo.
 */
import * as Turbo from '@hotwired/turbo'
import { setupLivePlayer } from './site/live-player.ts'
import { onPageLoad } from './site/page.ts'
import './site/short-url.ts'
// Counters before the view beacon: its setup must run first on each page (see counters.ts).
import './site/counters.ts'
import './site/view-beacon.ts'
import './site/discussion.ts'
import './site/live-blog.ts'
import './site/alerts.ts'

Turbo.config.forms.mode = 'optin'

onPageLoad(() => {
  document.documentElement.classList.add('js')
  setupLivePlayer()
})
